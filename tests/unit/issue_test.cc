// Issue's formats: ToString, the compiler line and the JSON object.
#include "iameval/issue.h"

#include <string>

#include "gtest/gtest.h"
#include "issue_internal.h"
#include "json/json_writer.h"

namespace iameval {
namespace {

Issue Located() {
  Issue i;
  i.severity = Severity::kWarning;
  i.code = "UNKNOWN_ACTION";
  i.message = "service \"s3\" has no action";
  i.pointer = "/Statement/0/Action";
  i.line = 6;
  i.column = 16;
  return i;
}

TEST(IssueTest, ToStringLabelsAllButErrors) {
  Issue i = Located();
  EXPECT_EQ(i.ToString(),
            "/Statement/0/Action (line 6, column 16): warning: service "
            "\"s3\" has no action [UNKNOWN_ACTION]");
  i.severity = Severity::kError;
  i.file = "p.json";
  i.line = 0;
  EXPECT_EQ(i.ToString(),
            "p.json: /Statement/0/Action: service \"s3\" has no action "
            "[UNKNOWN_ACTION]");
}

TEST(IssueTest, CompilerLine) {
  Issue i = Located();
  EXPECT_EQ(FormatIssue("dir/p.json", i),
            "dir/p.json:6:16: warning: service \"s3\" has no action "
            "[UNKNOWN_ACTION] (/Statement/0/Action)");
  i.severity = Severity::kSuggestion;
  i.line = 0;
  i.code.clear();
  i.pointer.clear();
  EXPECT_EQ(FormatIssue("p.json", i),
            "p.json: suggestion: service \"s3\" has no action");
  EXPECT_EQ(LocatedLine("f", 1, 2, "SECURITY_WARNING", "m", "C", ""),
            "f:1:2: SECURITY_WARNING: m [C]");
}

TEST(IssueTest, Json) {
  std::string out;
  json::JsonWriter w(&out);
  WriteIssueJson("a\"b.json", Located(), &w);
  EXPECT_EQ(out, R"({"file": "a\"b.json", "code": "UNKNOWN_ACTION", )"
                 R"("severity": "warning", "message": "service \"s3\" has no )"
                 R"(action", "pointer": "/Statement/0/Action", "line": 6, )"
                 R"("column": 16})");
}

}  // namespace
}  // namespace iameval
