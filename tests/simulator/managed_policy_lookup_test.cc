// ManagedPolicyDocument (iameval/managed_policies.h), the lookup behind
// AWS managed policy ARNs on the command line: every vendored policy
// resolves by ARN and by name to its own document, misses suggest the
// nearest ARNs, and the lazy first load is safe from many threads.
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "iameval/managed_policies.h"
#include "iameval/parser.h"
#include "json/json_reader.h"

namespace iameval {
namespace {

TEST(ManagedPolicyLookup, RecognisesManagedPolicyArns) {
  EXPECT_TRUE(IsAwsManagedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
  EXPECT_TRUE(IsAwsManagedPolicyArn(
      "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"));
  EXPECT_FALSE(IsAwsManagedPolicyArn("arn:aws:iam::aws:policy/"));
  EXPECT_FALSE(IsAwsManagedPolicyArn("arn:aws:iam::aws:policy/service-role/"));
  EXPECT_FALSE(
      IsAwsManagedPolicyArn("arn:aws:iam::111122223333:policy/ReadOnlyAccess"));
  EXPECT_FALSE(IsAwsManagedPolicyArn("examples/policies/developer.json"));
  EXPECT_FALSE(IsAwsManagedPolicyArn("-"));
}

TEST(ManagedPolicyLookup, EveryVendoredPolicyResolvesByArnAndName) {
  std::ifstream in(std::string(IAMEVAL_SOURCE_DIR) +
                   "/third_party/aws-managed-policies/managed_policies.jsonl");
  ASSERT_TRUE(in.good());
  std::string line;
  int count = 0;
  while (std::getline(in, line)) {
    json::JsonValue root;
    Issue error;
    ASSERT_TRUE(json::ReadJson(line, json::ReadOptions(), &root, &error));
    const std::string arn = root.Find("arn")->text;
    const std::string name = root.Find("name")->text;
    absl::StatusOr<std::string> by_arn = ManagedPolicyDocument(arn);
    ASSERT_TRUE(by_arn.ok()) << arn << ": " << by_arn.status();
    absl::StatusOr<std::string> by_name = ManagedPolicyDocument(name);
    ASSERT_TRUE(by_name.ok()) << name << ": " << by_name.status();
    EXPECT_EQ(*by_arn, *by_name);
    // The document's own bytes, not another line's.
    const json::JsonValue* doc = root.Find("document");
    EXPECT_EQ(*by_arn, line.substr(doc->offset, doc->end - doc->offset)) << arn;
    EXPECT_TRUE(ParsePolicy(*by_arn, PolicyKind::kIdentity).ok()) << arn;
    ++count;
  }
  EXPECT_EQ(count, 1594);
}

TEST(ManagedPolicyLookup, MissesSuggestTheNearestArns) {
  absl::StatusOr<std::string> doc =
      ManagedPolicyDocument("arn:aws:iam::aws:policy/ViewOnlyAccess");
  ASSERT_FALSE(doc.ok());
  EXPECT_TRUE(absl::IsNotFound(doc.status()));
  // The same name under its real path is the only suggestion.
  EXPECT_TRUE(absl::EndsWith(
      doc.status().message(),
      "did you mean \"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess\"?"))
      << doc.status();

  doc = ManagedPolicyDocument("ReadOnlyAcess");
  ASSERT_FALSE(doc.ok());
  EXPECT_TRUE(absl::StrContains(doc.status().message(),
                                "\"arn:aws:iam::aws:policy/ReadOnlyAccess\""))
      << doc.status();

  // ARNs are case-sensitive, as in IAM.
  EXPECT_FALSE(
      ManagedPolicyDocument("arn:aws:iam::aws:policy/readonlyaccess").ok());
  doc = ManagedPolicyDocument(
      "arn:aws:iam::aws:policy/Zzzzzzzzzzzzzzzzzzzzzzzzz");
  ASSERT_FALSE(doc.ok());
  EXPECT_FALSE(absl::StrContains(doc.status().message(), "did you mean"));
}

// Each test runs in its own process under ctest, so this is the first use:
// the threads race to load the list.
TEST(ManagedPolicyLookup, FirstUseFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&results, i] {
      absl::StatusOr<std::string> doc = ManagedPolicyDocument(
          i % 2 == 0 ? "arn:aws:iam::aws:policy/ReadOnlyAccess"
                     : "ReadOnlyAccess");
      results[i] = doc.ok() ? *doc : std::string(doc.status().message());
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& r : results) EXPECT_EQ(r, results[0]);
  EXPECT_TRUE(absl::StartsWith(results[0], "{\"Version\":\"2012-10-17\""));
}

}  // namespace
}  // namespace iameval
