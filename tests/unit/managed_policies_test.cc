// Every vendored AWS managed policy (third_party/aws-managed-policies) parses
// and compiles with zero errors: AWS accepted all of them.
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "iameval/compiled_policy.h"
#include "iameval/parser.h"
#include "json/json_reader.h"
#include "json/json_writer.h"

namespace iameval {
namespace {

TEST(ManagedPolicies, AllParseAndCompile) {
  std::ifstream in(std::string(IAMEVAL_SOURCE_DIR) +
                   "/third_party/aws-managed-policies/managed_policies.jsonl");
  ASSERT_TRUE(in.good());
  std::string line;
  int count = 0;
  int warnings = 0;
  while (std::getline(in, line)) {
    json::JsonValue root;
    Issue error;
    ASSERT_TRUE(json::ReadJson(line, json::ReadOptions(), &root, &error))
        << error.ToString();
    const json::JsonValue* name = root.Find("name");
    const json::JsonValue* doc = root.Find("document");
    ASSERT_NE(name, nullptr);
    ASSERT_NE(doc, nullptr);
    std::string text = json::ToJson(*doc);
    ParseResult r = ParsePolicy(text, PolicyKind::kIdentity);
    EXPECT_TRUE(r.ok()) << name->text << ": " << JoinErrors(r.issues);
    for (const Issue& i : r.issues)
      warnings += i.severity == Severity::kWarning;
    if (r.ok()) {
      CompileOptions options;
      options.policy_id = name->text;
      auto compiled = CompilePolicy(r.policy, options);
      EXPECT_TRUE(compiled.ok()) << name->text << ": " << compiled.status();
    }
    ++count;
  }
  EXPECT_GE(count, 1500);
  RecordProperty("policies", count);
  RecordProperty("warnings", warnings);
}

}  // namespace
}  // namespace iameval
