#include "iameval/scenario.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "iameval/evaluate.h"

namespace iameval {
namespace {

TEST(Scenario, ParsesTheDocumentedExample) {
  ParsedScenario p = ParseScenario(R"({"id":"carlos","request":{
    "principal":"arn:aws:iam::111122223333:user/carlos","action":"s3:GetObject",
    "resource":"arn:aws:s3:::carlos-bucket/report.txt",
    "context":{"aws:SourceIp":"203.0.113.7","aws:TagKeys":["team","env"]}},
    "identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Action":"s3:GetObject","Resource":"arn:aws:s3:::carlos-bucket/*"}]}],
    "expect":"Allowed"})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.id, "carlos");
  EXPECT_EQ(p.scenario.expect, Outcome::kAllowed);
  EXPECT_TRUE(p.scenario.request.context.Find("aws:TagKeys")->is_list);
  EXPECT_EQ(Evaluate(p.scenario.bundle, p.scenario.request).outcome,
            Outcome::kAllowed);
}

TEST(Scenario, PolicyErrorsPointAtFieldAndColumn) {
  const std::string line =
      R"({"id":"broken","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"aws:x":"y"}}}]}]})";
  ParsedScenario p = ParseScenario(line);
  ASSERT_FALSE(p.status.ok());
  EXPECT_EQ(p.id, "broken");
  std::string msg(p.status.message());
  EXPECT_TRUE(absl::StartsWith(
      msg, "identityPolicies/0/Statement/0/Condition/StringEqualz: "))
      << msg;
  // The column is that of "StringEqualz" in the line.
  size_t col = line.find("\"StringEqualz\"") + 1;
  EXPECT_TRUE(
      absl::StrContains(msg, "(line 1, column " + std::to_string(col) + ")"))
      << msg;
}

TEST(Scenario, ReportsBadFields) {
  struct Case {
    const char* json;
    const char* want;
  } cases[] = {
      {"not json", "invalid JSON"},
      {R"({"request":{}})", "id"},
      {R"({"id":"x"})", "request"},
      {R"({"id":"x","request":{"action":"s3:GetObject","resource":"*"}})",
       "request/principal"},
      {R"({"id":"x","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*","context":{"k:k":{}}}})",
       "request/context/k:k"},
      {R"({"id":"x","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"scps":[[]]})",
       "scps/0"},
      {R"({"id":"x","request":{"principal":{"type":"Anonymous"},"action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Statement":[]}]})",
       "anonymous"},
      {R"({"id":"x","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"expect":"Allow"})",
       "expect"},
  };
  for (const Case& c : cases) {
    ParsedScenario p = ParseScenario(c.json);
    EXPECT_FALSE(p.status.ok()) << c.json;
    EXPECT_TRUE(absl::StrContains(p.status.message(), c.want))
        << c.json << " -> " << p.status.message();
  }
}

TEST(Scenario, SharedBundleLinesCarryOnlyTheRequest) {
  ParsedScenario base = ParseScenario(
      R"({"id":"b","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},
    "identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}]})");
  ASSERT_TRUE(base.status.ok());
  ScenarioOptions options;
  options.shared_bundle = &base.scenario.bundle;
  ParsedScenario p = ParseScenario(
      R"({"id":"r1","request":{"principal":"arn:aws:iam::111122223333:user/b","action":"s3:PutObject","resource":"arn:aws:s3:::x/y"}})",
      options);
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(Evaluate(p.scenario.bundle, p.scenario.request).allowed());
}

TEST(Scenario, TrustPolicyKindFollowsTheAction) {
  // A trust policy has no Resource: accepted for sts:AssumeRole on a role.
  ParsedScenario p = ParseScenario(
      R"({"id":"t","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"sts:AssumeRole","resource":"arn:aws:iam::111122223333:role/R"},
    "resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/a"},"Action":"sts:AssumeRole"}]}})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(Evaluate(p.scenario.bundle, p.scenario.request).allowed());
}

}  // namespace
}  // namespace iameval
