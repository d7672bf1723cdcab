// ValidatePolicy: parser issues plus catalog checks, on small documents and
// over the whole AWS managed-policy corpus (which AWS accepted: zero errors).
#include "iameval/validate.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "json/json_reader.h"
#include "json/json_writer.h"

namespace iameval {
namespace {

using ::testing::HasSubstr;

const Catalog& TheCatalog() {
  static const std::shared_ptr<const Catalog>* catalog = [] {
    auto c = Catalog::Default();
    if (!c.ok()) {
      ADD_FAILURE() << c.status();
      std::abort();
    }
    return new std::shared_ptr<const Catalog>(*c);
  }();
  return **catalog;
}

// Catalog findings only (the parser has its own tests).
std::vector<Finding> CatalogFindings(const std::vector<Finding>& all) {
  static const char* const kCodes[] = {"UNKNOWN_SERVICE",
                                       "UNKNOWN_ACTION",
                                       "PATTERN_MATCHES_NOTHING",
                                       "UNKNOWN_CONDITION_KEY",
                                       "CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS",
                                       "OPERATOR_TYPE_MISMATCH",
                                       "SET_OPERATOR_ON_SINGLE_VALUED_KEY",
                                       "RESOURCE_MATCHES_NO_TYPE"};
  std::vector<Finding> out;
  for (const Finding& f : all) {
    for (const char* c : kCodes) {
      if (f.code == c) out.push_back(f);
    }
  }
  return out;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::vector<std::string> lines;
  for (const Finding& f : findings) lines.push_back(f.ToString());
  return absl::StrJoin(lines, "\n");
}

// One statement around `action`, `resource` and an optional condition.
std::string Policy(absl::string_view action, absl::string_view resource,
                   absl::string_view condition = "") {
  return absl::StrCat(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":)",
      action, R"(,"Resource":)", resource,
      condition.empty() ? "" : absl::StrCat(R"(,"Condition":)", condition),
      "}]}");
}

struct ValidateCase {
  const char* name;
  std::string policy;
  // Expected catalog findings as "CODE@pointer", in order; empty: none.
  std::vector<std::string> expected;
  const char* message = "";  // a substring of the first finding's message
  Severity severity = Severity::kWarning;
};

class ValidateTable : public ::testing::TestWithParam<ValidateCase> {};

TEST_P(ValidateTable, ReportsTheExpectedFindings) {
  const ValidateCase& c = GetParam();
  std::vector<Finding> all =
      ValidatePolicy(c.policy, PolicyKind::kIdentity, TheCatalog());
  EXPECT_FALSE(HasErrors(all)) << Describe(all);
  std::vector<Finding> findings = CatalogFindings(all);
  std::vector<std::string> got;
  for (const Finding& f : findings) got.push_back(f.code + "@" + f.pointer);
  EXPECT_EQ(got, c.expected) << Describe(findings);
  if (!findings.empty()) {
    EXPECT_THAT(findings[0].message, HasSubstr(c.message));
    EXPECT_EQ(findings[0].severity, c.severity);
    EXPECT_GT(findings[0].line, 0);
    EXPECT_GT(findings[0].column, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ValidateTable,
    ::testing::Values(
        ValidateCase{
            .name = "Clean",
            .policy = Policy(
                R"(["s3:GetObject","s3:Get*Tagging"])",
                R"("arn:aws:s3:::bucket/*")",
                R"({"StringEquals":{"s3:ExistingObjectTag/team":"a","aws:SourceVpc":"vpc-1"}})"),
            .expected = {}},
        ValidateCase{.name = "UnknownService",
                     .policy = Policy(R"("s4:GetObject")", R"("*")"),
                     .expected = {"UNKNOWN_SERVICE@/Statement/0/Action"},
                     .message = "\"s4\" (catalog 0.21.202609261): the entry "
                                "matches no action; did you mean \"s3\""},
        ValidateCase{
            .name = "UnknownAction",
            .policy = Policy(R"(["s3:GetObject","s3:GetObjects"])", R"("*")"),
            .expected = {"UNKNOWN_ACTION@/Statement/0/Action/1"},
            .message = "did you mean \"s3:GetObject\""},
        ValidateCase{.name = "UnknownActionCaseDoesNotMatter",
                     .policy = Policy(R"("S3:GETOBJECT")", R"("*")"),
                     .expected = {}},
        ValidateCase{
            .name = "PatternMatchesNothing",
            .policy = Policy(R"(["s3:Get*","s3:Fetch*"])", R"("*")"),
            .expected = {"PATTERN_MATCHES_NOTHING@/Statement/0/Action/1"},
            .message = "s3:Fetch*"},
        ValidateCase{
            .name = "WildcardServicePattern",
            .policy = Policy(R"(["*:Describe*","nosuch*:Get*"])", R"("*")"),
            .expected = {"PATTERN_MATCHES_NOTHING@/Statement/0/Action/1"}},
        ValidateCase{
            .name = "NotActionTyposAreReported",
            .policy =
                R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":["iam:PasRole"],"Resource":"*","Condition":{"StringEquals":{"s3:prefix":"x"}}}})",
            .expected = {"UNKNOWN_ACTION@/Statement/NotAction/0"},
            .message = "iam:PassRole"},
        ValidateCase{
            .name = "UnknownConditionKey",
            .policy = Policy(
                R"("s3:GetObject")", R"("*")",
                R"({"StringEquals":{"s3:NoSuchKey":"x","aws:NoSuchKey":"y","AWS:SOURCEVPC":"vpc-1"}})"),
            .expected = {"UNKNOWN_CONDITION_KEY@/Statement/0/Condition/"
                         "StringEquals/s3:NoSuchKey",
                         "UNKNOWN_CONDITION_KEY@/Statement/0/Condition/"
                         "StringEquals/aws:NoSuchKey"},
            .message =
                "service \"s3\" defines no condition key \"s3:NoSuchKey\""},
        ValidateCase{
            .name = "UnknownConditionKeySuggestion",
            .policy = Policy(R"("s3:ListBucket")", R"("arn:aws:s3:::b")",
                             R"({"StringLike":{"s3:prefixes":"home/"}})"),
            .expected = {"UNKNOWN_CONDITION_KEY@/Statement/0/Condition/"
                         "StringLike/s3:prefixes"},
            .message = "did you mean \"s3:prefix\""},
        ValidateCase{
            .name = "IdentityProviderKeysAreNotJudged",
            .policy = Policy(
                R"("sts:AssumeRoleWithWebIdentity")", R"("*")",
                R"({"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:a:b"}})"),
            .expected = {}},
        ValidateCase{
            .name = "KeyNotSupportedByTheActions",
            .policy = Policy(R"(["s3:GetObject","s3:PutObject"])",
                             R"("arn:aws:s3:::b/*")",
                             R"({"StringLike":{"s3:prefix":"home/"}})"),
            .expected = {"CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS@/Statement/0/"
                         "Condition/StringLike/s3:prefix"},
            .message = "s3:GetObject, s3:PutObject"},
        ValidateCase{
            .name = "KeySupportedByOneAction",
            .policy = Policy(R"(["s3:GetObject","s3:ListBucket"])",
                             R"(["arn:aws:s3:::b","arn:aws:s3:::b/*"])",
                             R"({"StringLike":{"s3:prefix":"home/"}})"),
            .expected = {}},
        ValidateCase{
            .name = "ResourceTypeKeyAndTemplatedKey",
            .policy = Policy(
                R"("ec2:RunInstances")", R"("*")",
                R"({"StringEquals":{"ec2:InstanceType":"t3.micro","aws:RequestTag/team":"a","ec2:ResourceTag/env":"dev"}})"),
            .expected = {}},
        ValidateCase{
            .name = "NumericOnStringKey",
            .policy = Policy(R"("s3:ListBucket")", R"("arn:aws:s3:::b")",
                             R"({"NumericLessThan":{"s3:prefix":"5"}})"),
            .expected = {"OPERATOR_TYPE_MISMATCH@/Statement/0/Condition/"
                         "NumericLessThan/s3:prefix"},
            .message = "NumericLessThan compares Numeric values, but "
                       "\"s3:prefix\" is of type String"},
        ValidateCase{
            .name = "IpOnNonIpKey",
            .policy = Policy(R"("s3:GetObject")", R"("*")",
                             R"({"IpAddress":{"aws:SourceVpc":"10.0.0.0/8"}})"),
            .expected = {"OPERATOR_TYPE_MISMATCH@/Statement/0/Condition/"
                         "IpAddress/aws:SourceVpc"}},
        ValidateCase{
            .name = "StringOnIpKey",
            .policy = Policy(R"("s3:GetObject")", R"("*")",
                             R"({"StringEquals":{"aws:SourceIp":"10.0.0.1"}})"),
            .expected = {"OPERATOR_TYPE_MISMATCH@/Statement/0/Condition/"
                         "StringEquals/aws:SourceIp"}},
        ValidateCase{
            .name = "MultivaluedKeyUnqualified",
            .policy = Policy(R"("ec2:CreateTags")", R"("*")",
                             R"({"StringEquals":{"aws:TagKeys":"team"}})"),
            .expected = {"OPERATOR_TYPE_MISMATCH@/Statement/0/Condition/"
                         "StringEquals/aws:TagKeys"},
            .message = "multivalued"},
        ValidateCase{
            .name = "MultivaluedKeyQualified",
            .policy = Policy(
                R"("ec2:CreateTags")", R"("*")",
                R"({"ForAllValues:StringEquals":{"aws:TagKeys":["team"]},"Null":{"aws:TagKeys":"false"}})"),
            .expected = {}},
        ValidateCase{
            .name = "QualifierOnSingleValuedKey",
            .policy = Policy(
                R"("ec2:RunInstances")", R"("*")",
                R"({"ForAllValues:StringEquals":{"aws:RequestedRegion":["eu-west-1"]}})"),
            .expected =
                {"SET_OPERATOR_ON_SINGLE_VALUED_KEY@/Statement/0/Condition/"
                 "ForAllValues:StringEquals/aws:RequestedRegion"},
            .message = "also true when the key is absent",
            .severity = Severity::kSuggestion},
        ValidateCase{
            .name = "ArnOperatorOnArnKey",
            .policy = Policy(
                R"("sqs:SendMessage")", R"("*")",
                R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:t"},"Bool":{"aws:SecureTransport":"true"},"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}})"),
            .expected = {}},
        ValidateCase{
            .name = "ObjectActionOnBucketArn",
            .policy =
                Policy(R"(["s3:GetObject","s3:PutObject"])",
                       R"(["arn:aws:s3:::bucket/*","arn:aws:s3:::bucket"])"),
            .expected = {"RESOURCE_MATCHES_NO_TYPE@/Statement/0/Resource/1"},
            .message = "arn:${Partition}:s3:::${BucketName}/${ObjectName}"},
        ValidateCase{
            .name = "WrongService",
            .policy = Policy(R"("sqs:SendMessage")",
                             R"("arn:aws:sns:us-east-1:111122223333:topic")"),
            .expected = {"RESOURCE_MATCHES_NO_TYPE@/Statement/0/Resource"}},
        ValidateCase{
            .name = "StarOnlyAction",
            .policy = Policy(R"("s3:ListAllMyBuckets")",
                             R"("arn:aws:s3:::bucket")"),
            .expected = {"RESOURCE_MATCHES_NO_TYPE@/Statement/0/Resource"},
            .message = "support only \"Resource\": \"*\""},
        ValidateCase{
            .name = "PatternsAndVariablesFit",
            .policy = Policy(
                R"(["s3:GetObject","iam:PassRole","logs:PutLogEvents","lambda:InvokeFunction"])",
                R"(["arn:aws:s3:::b/${aws:username}/*","arn:aws:iam::*:role/app-*","arn:aws:logs:*:*:log-group:/aws/lambda/*:*","arn:aws:lambda:*:*:function:fn:*","arn:aws:s3:::*"])"),
            .expected = {}},
        ValidateCase{.name = "UnresolvedActionsSkipResourceChecks",
                     .policy = Policy(R"(["s3:GetObject","s3:GetObjectz"])",
                                      R"("arn:aws:sqs:us-east-1:1:q")"),
                     .expected = {"UNKNOWN_ACTION@/Statement/0/Action/1"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Validate, ParserIssuesComeFirstAndCatalogChecksStillRun) {
  const std::string policy =
      "{\n"
      "  \"Version\": \"2012-10-17\",\n"
      "  \"Statement\": [{\n"
      "    \"Effect\": \"allow\",\n"
      "    \"Action\": [\"s3:GetObject\",\n"
      "               \"s3:GetObjekt\"],\n"
      "    \"Resource\": \"*\"\n"
      "  }]\n"
      "}\n";
  std::vector<Finding> findings =
      ValidatePolicy(policy, PolicyKind::kIdentity, TheCatalog());
  ASSERT_EQ(findings.size(), 2u) << Describe(findings);
  EXPECT_EQ(findings[0].code, "INVALID_EFFECT");
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_TRUE(HasErrors(findings));
  const Finding& f = findings[1];
  EXPECT_EQ(f.code, "UNKNOWN_ACTION");
  EXPECT_EQ(f.pointer, "/Statement/0/Action/1");
  EXPECT_EQ(f.line, 6);
  EXPECT_EQ(f.column, 16);
  EXPECT_EQ(f.ToString(),
            "/Statement/0/Action/1 (line 6, column 16): warning: service "
            "\"s3\" has no action \"GetObjekt\"; did you mean "
            "\"s3:GetObject\", \"s3:PutObject\", \"s3:GetObjectAcl\"? "
            "[UNKNOWN_ACTION]");
}

TEST(Validate, ConditionKeyPositionsPointAtTheKey) {
  const std::string policy =
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\n"
      "\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\n"
      "\"Condition\":{\"NumericEquals\":{\n"
      "   \"s3:max~keys/x\":\"1\"}}}}";
  std::vector<Finding> findings = CatalogFindings(
      ValidatePolicy(policy, PolicyKind::kIdentity, TheCatalog()));
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].code, "UNKNOWN_CONDITION_KEY");
  EXPECT_EQ(findings[0].pointer,
            "/Statement/Condition/NumericEquals/s3:max~0keys~1x");
  EXPECT_EQ(findings[0].line, 4);
  EXPECT_EQ(findings[0].column, 4);
}

TEST(Validate, RejectedActionEntriesStopTheStatementChecks) {
  // The parser rejects the number; the remaining action set is partial, so
  // no resource or condition-key verdict is drawn from it.
  std::vector<Finding> findings = ValidatePolicy(
      Policy(R"(["s3:GetObject", 5])", R"("arn:aws:sqs:us-east-1:1:q")",
             R"({"StringLike":{"s3:prefix":"a"}})"),
      PolicyKind::kIdentity, TheCatalog());
  EXPECT_TRUE(HasErrors(findings));
  EXPECT_TRUE(CatalogFindings(findings).empty()) << Describe(findings);
}

TEST(Validate, UnreadableJsonGivesOnlyTheParserError) {
  std::vector<Finding> findings =
      ValidatePolicy("{\"Statement\": [", PolicyKind::kIdentity, TheCatalog());
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
}

// The whole managed-policy corpus: AWS accepted every document, so nothing
// may be an error. Warnings are counted by code and printed with examples;
// docs/validation.md records them.
TEST(ValidateCorpus, ManagedPoliciesHaveNoErrors) {
  const Catalog& catalog = TheCatalog();
  std::ifstream in(std::string(IAMEVAL_SOURCE_DIR) +
                   "/third_party/aws-managed-policies/managed_policies.jsonl");
  ASSERT_TRUE(in.good());
  std::map<std::string, int> counts;
  std::map<std::string, std::map<std::string, int>> severities;
  std::map<std::string, std::vector<std::string>> examples;
  std::map<std::string, int> policies_with;
  int policies = 0, errors = 0;
  std::string line;
  while (std::getline(in, line)) {
    json::JsonValue root;
    Issue error;
    ASSERT_TRUE(json::ReadJson(line, json::ReadOptions(), &root, &error));
    const std::string name = root.Find("name")->text;
    const std::string text = json::ToJson(*root.Find("document"));
    std::vector<Finding> findings =
        ValidatePolicy(text, PolicyKind::kIdentity, catalog);
    std::map<std::string, bool> seen;
    for (const Finding& f : findings) {
      if (f.severity == Severity::kError) {
        ++errors;
        ADD_FAILURE() << name << ": " << f.ToString();
      }
      ++counts[f.code];
      ++severities[f.code][SeverityName(f.severity)];
      if (!seen[f.code]) {
        seen[f.code] = true;
        ++policies_with[f.code];
      }
      if (examples[f.code].size() < 4) {
        examples[f.code].push_back(absl::StrCat(name, " ", f.ToString()));
      }
    }
    ++policies;
  }
  std::printf("[ validate ] %d managed policies, %d errors\n", policies,
              errors);
  std::printf("| code | severity | findings | policies |\n|---|---|---|---|\n");
  for (const auto& [code, n] : counts) {
    std::vector<std::string> sev;
    for (const auto& [s, k] : severities[code]) sev.push_back(s);
    std::printf("| %s | %s | %d | %d |\n", code.c_str(),
                absl::StrJoin(sev, ", ").c_str(), n, policies_with[code]);
  }
  for (const auto& [code, list] : examples) {
    std::printf("%s:\n", code.c_str());
    for (const std::string& e : list) std::printf("  %s\n", e.c_str());
  }
  EXPECT_GE(policies, 1500);
  EXPECT_EQ(errors, 0);
}

}  // namespace
}  // namespace iameval
