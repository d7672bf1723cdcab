// LintPolicy: for every implemented check, a policy that produces it (code,
// finding type, first location's path and span) and a near miss that must
// not; the registry against Access Analyzer's list of codes.
#include "iameval/lint.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "json/json_reader.h"
#include "json/json_writer.h"
#include "lint/lint_internal.h"

namespace iameval {
namespace {

const Catalog* TheCatalog() {
  static const std::shared_ptr<const Catalog>* catalog = [] {
    auto c = Catalog::Default();
    if (!c.ok()) {
      ADD_FAILURE() << c.status();
      std::abort();
    }
    return new std::shared_ptr<const Catalog>(*c);
  }();
  return catalog->get();
}

std::vector<LintFinding> Lint(absl::string_view text, PolicyKind kind) {
  LintOptions options;
  options.catalog = TheCatalog();
  return LintPolicy(text, kind, options);
}

std::string Describe(const std::vector<LintFinding>& findings) {
  std::vector<std::string> lines;
  for (const LintFinding& f : findings) {
    const LintLocation& l = f.locations.front();
    lines.push_back(absl::StrCat(f.code, " ", LintFindingTypeName(f.type), " ",
                                 l.path, " ", l.start.line, ":", l.start.column,
                                 "-", l.end.line, ":", l.end.column, " ",
                                 f.message));
  }
  return absl::StrJoin(lines, "\n");
}

// Line and column of a byte offset, computed here rather than by the
// library's LineIndex so that the test checks it.
void LineColumn(absl::string_view text, size_t offset, int* line, int* column) {
  *line = 1;
  *column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++*line;
      *column = 1;
    } else {
      ++*column;
    }
  }
}

struct Case {
  const char* name;
  PolicyKind kind;
  const char* policy;     // produces `code`
  const char* near_miss;  // must not produce `code`
  const char* code;
  LintFindingType type;
  const char* path;
  // The span is where `element` first occurs after `after` in `policy`.
  const char* after;
  const char* element;
};

using T = LintFindingType;
constexpr PolicyKind kId = PolicyKind::kIdentity;
constexpr PolicyKind kTrust = PolicyKind::kTrust;
constexpr PolicyKind kRes = PolicyKind::kResource;
constexpr PolicyKind kScp = PolicyKind::kScp;
constexpr PolicyKind kRcp = PolicyKind::kRcp;

const Case
    kCases[] =
        {
            {"PassRoleStarResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Action": ["iam:GetRole", "iam:PassRole"],
  "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Action": ["iam:GetRole", "iam:PassRole"],
  "Resource": "arn:aws:iam::123456789012:role/app-*"}]})",
             "PASS_ROLE_WITH_STAR_IN_RESOURCE", T::kSecurityWarning,
             "/Statement/0/Action/1", "", R"("iam:PassRole")"},
            {"PassRoleStarResourceWithPassedToService", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:Pass*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:Pass*", "Resource": "*",
  "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]})",
             "PASS_ROLE_WITH_STAR_IN_RESOURCE", T::kSecurityWarning,
             "/Statement/0/Action", "", R"("iam:Pass*")"},
            {"PassRoleStarActionAndResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "*", "Resource": "*"}]})",
             "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", T::kSecurityWarning,
             "/Statement/0/Action", "\"Action\"", R"("*")"},
            {"PassRoleNotResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:PassRole",
  "NotResource": "arn:aws:iam::123456789012:role/admin"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject",
  "NotResource": "arn:aws:s3:::secret/*"}]})",
             "PASS_ROLE_WITH_NOT_RESOURCE", T::kSecurityWarning,
             "/Statement/0/Action", "", R"("iam:PassRole")"},
            {"PassRoleStarActionNotResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "*",
  "NotResource": "arn:aws:iam::123456789012:role/admin"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:*",
  "NotResource": "arn:aws:iam::123456789012:role/admin"}]})",
             "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
             T::kSecurityWarning, "/Statement/0/Action", "\"Action\"",
             R"("*")"},
            {"PassRoleNotActionNotResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": "s3:*",
  "NotResource": "arn:aws:s3:::secret"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": "iam:*",
  "NotResource": "arn:aws:s3:::secret"}]})",
             "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", T::kSecurityWarning,
             "/Statement/0/NotAction", "", R"("s3:*")"},
            {"PassRoleStarResourceNotAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": ["s3:*", "ec2:*"], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": ["s3:*", "iam:PassRole"], "Resource": "*"}]})",
             "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
             T::kSecurityWarning, "/Statement/0/NotAction", "",
             R"(["s3:*", "ec2:*"])"},
            {"AllowWithNotAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*"}]})",
             "IAMEVAL_ALLOW_WITH_NOT_ACTION", T::kSecurityWarning,
             "/Statement/0/NotAction", "", R"(["iam:*"])"},
            {"AllowWithNotResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject",
  "NotResource": "arn:aws:s3:::secret/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:GetObject",
  "NotResource": "arn:aws:s3:::secret/*"}]})",
             "IAMEVAL_ALLOW_WITH_NOT_RESOURCE", T::kSecurityWarning,
             "/Statement/0/NotResource", "", R"("arn:aws:s3:::secret/*")"},
            {"TrustToEveryone", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}}}]})",
             "IAMEVAL_PUBLIC_PRINCIPAL", T::kSecurityWarning,
             "/Statement/0/Principal/AWS", "\"AWS\"", R"("*")"},
            {"BucketToEveryone", kRes,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
  "Resource": "arn:aws:s3:::site/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]})",
             "IAMEVAL_PUBLIC_PRINCIPAL", T::kSecurityWarning,
             "/Statement/0/Principal", "\"Principal\"", R"("*")"},
            {"GitHubWithoutSub", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
  "Action": "sts:AssumeRoleWithWebIdentity",
  "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
  "Action": "sts:AssumeRoleWithWebIdentity",
  "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
    "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}}]})",
             "MISSING_GITHUB_REPO_CONDITION_KEY", T::kSecurityWarning,
             "/Statement/0/Principal/Federated", "",
             R"("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")"},
            {"GitHubSubWildcard", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
  "Action": "sts:AssumeRoleWithWebIdentity",
  "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
  "Action": "sts:AssumeRoleWithWebIdentity",
  "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}}]})",
             "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", T::kWarning,
             "/Statement/0/Condition/StringLike/"
             "token.actions.githubusercontent.com:sub",
             "", R"("repo:acme/*")"},
            {"OidcWithoutCondition", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123"},
  "Action": "sts:AssumeRoleWithWebIdentity"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123"},
  "Action": "sts:AssumeRoleWithWebIdentity",
  "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub": "system:serviceaccount:app:web"}}}]})",
             "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", T::kSecurityWarning,
             "/Statement/0/Principal/Federated", "",
             R"("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123")"},
            {"FiveDigitAccount", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "sqs:SendMessage",
  "Resource": ["arn:aws:sqs:us-east-1:123456789012:a", "arn:aws:sqs:us-east-1:12345:b"]}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "sqs:SendMessage",
  "Resource": ["arn:aws:sqs:us-east-1:123456789012:a", "arn:aws:sqs:us-east-1:123456789012:b"]}]})",
             "INVALID_ARN_ACCOUNT", T::kError, "/Statement/0/Resource/1", "",
             R"("arn:aws:sqs:us-east-1:12345:b")"},
            {"SwappedRegionAndAccount", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "sqs:SendMessage",
  "Resource": "arn:aws:sqs:123456789012:us-east-1:queue"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "sqs:SendMessage",
  "Resource": "arn:aws:sqs:us-east-1:123456789012:queue"}]})",
             "INVALID_ARN_REGION", T::kError, "/Statement/0/Resource", "",
             R"("arn:aws:sqs:123456789012:us-east-1:queue")"},
            {"UnknownRegion", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "sqs:SendMessage",
  "Resource": "arn:aws:sqs:us-east-7:123456789012:queue"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "sqs:SendMessage",
  "Resource": "arn:aws:sqs:us-*:123456789012:queue"}]})",
             "INVALID_ARN_REGION", T::kError, "/Statement/0/Resource", "",
             R"("arn:aws:sqs:us-east-7:123456789012:queue")"},
            {"MissingPartition", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject",
  "Resource": "arn::s3:::bucket/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject",
  "Resource": "arn:aws:s3:::bucket/*"}]})",
             "MISSING_ARN_FIELD", T::kError, "/Statement/0/Resource", "",
             R"("arn::s3:::bucket/*")"},
            {"UnknownPartition", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject",
  "Resource": "arn:amazon:s3:::bucket/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject",
  "Resource": "arn:aws-cn:s3:::bucket/*"}]})",
             "INVALID_PARTITION", T::kError, "/Statement/0/Resource", "",
             R"("arn:amazon:s3:::bucket/*")"},
            {"RequestedRegion", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "*", "Resource": "*",
  "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-west-9"]}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "*", "Resource": "*",
  "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-west-3"]}}}]})",
             "INVALID_REGION", T::kError,
             "/Statement/0/Condition/StringNotEquals/aws:RequestedRegion/1", "",
             R"("eu-west-9")"},
            {"ListBucketOnObjects", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:ListBucket",
  "Resource": "arn:aws:s3:::reports/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:ListBucket",
  "Resource": "arn:aws:s3:::reports"}]})",
             "IAMEVAL_RESOURCE_TYPE_MISMATCH", T::kWarning,
             "/Statement/0/Resource", "", R"("arn:aws:s3:::reports/*")"},
            {"RedundantAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": "*"}]})",
             "REDUNDANT_ACTION", T::kSuggestion, "/Statement/0/Action/1", "",
             R"("s3:GetObject")"},
            {"RedundantActionDuplicateInOtherCase", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:GetObject", "s3:getobject"], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObject?"], "Resource": "*"}]})",
             "REDUNDANT_ACTION", T::kSuggestion, "/Statement/0/Action/1", "",
             R"("s3:getobject")"},
            {"RedundantResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject",
  "Resource": ["arn:aws:s3:::b/logs/*", "arn:aws:s3:::b/*"]}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject",
  "Resource": ["arn:aws:s3:::b/logs/*", "arn:aws:s3:::c/*"]}]})",
             "REDUNDANT_RESOURCE", T::kSuggestion, "/Statement/0/Resource/0",
             "", R"("arn:aws:s3:::b/logs/*")"},
            {"WildcardWithoutLike", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
  "Condition": {"StringEquals": {"s3:prefix": ["home/", "home/*"]}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
  "Condition": {"StringLike": {"s3:prefix": ["home/", "home/*"]}}}]})",
             "WILDCARD_WITHOUT_LIKE_OPERATOR", T::kWarning,
             "/Statement/0/Condition/StringEquals/s3:prefix/1", "",
             R"("home/*")"},
            {"MultipleBoolean", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:*", "Resource": "*",
  "Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:*", "Resource": "*",
  "Condition": {"Bool": {"aws:SecureTransport": ["false"]}}}]})",
             "INVALID_CONDITION_MULTIPLE_BOOLEAN", T::kError,
             "/Statement/0/Condition/Bool/aws:SecureTransport",
             "\"aws:SecureTransport\"", R"(["true", "false"])"},
            {"RedundantNumericValues", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"NumericLessThan": {"s3:max-keys": ["10", "20"]}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"NumericEquals": {"s3:max-keys": ["10", "20"]}}}]})",
             "REDUNDANT_CONDITION_VALUE_NUM", T::kSuggestion,
             "/Statement/0/Condition/NumericLessThan/s3:max-keys",
             "\"s3:max-keys\"", R"(["10", "20"])"},
            {"MissingTagKey", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
  "Condition": {"StringEquals": {"aws:RequestTag/": "prod"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
  "Condition": {"StringEquals": {"aws:RequestTag/env": "prod"}}}]})",
             "MISSING_TAG_KEY_IN_CONDITION", T::kError,
             "/Statement/0/Condition/StringEquals/aws:RequestTag~1",
             "\"aws:RequestTag/\"", R"("prod")"},
            {"VpcFormat", kRes,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
  "Condition": {"StringNotEquals": {"aws:SourceVpc": "vcp-1a2b3c4d"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
  "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}]})",
             "INVALID_VPC_FORMAT", T::kError,
             "/Statement/0/Condition/StringNotEquals/aws:SourceVpc", "",
             R"("vcp-1a2b3c4d")"},
            {"VpceFormat", kRes,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
  "Condition": {"StringNotEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d", "vpc-1a2b3c4d"]}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
  "Condition": {"StringNotEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-0011"]}}}]})",
             "INVALID_VPCE_FORMAT", T::kError,
             "/Statement/0/Condition/StringNotEquals/aws:SourceVpce/1", "",
             R"("vpc-1a2b3c4d")"},
            {"PrivateIp", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.1.0.0/16"}}}]})",
             "PRIVATE_IP_ADDRESS", T::kError,
             "/Statement/0/Condition/IpAddress/aws:SourceIp", "",
             R"("10.1.0.0/16")"},
            {"PrivateNotIp", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "192.168.1.0/24"]}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "192.0.2.0/24"]}}}]})",
             "PRIVATE_NOT_IP_ADDRESS", T::kError,
             "/Statement/0/Condition/NotIpAddress/aws:SourceIp/1", "",
             R"("192.168.1.0/24")"},
            {"PrivateIpSubset", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}}]})",
             "PRIVATE_IP_ADDRESS_SUBSET", T::kSuggestion,
             "/Statement/0/Condition/IpAddress/aws:SourceIp", "",
             R"("0.0.0.0/0")"},
            {"ImproveIpRange", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.7/24"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.7/32"}}}]})",
             "IMPROVE_IP_RANGE", T::kSuggestion,
             "/Statement/0/Condition/IpAddress/aws:SourceIp", "",
             R"("198.51.100.7/24")"},
            {"ForAnyValueAudience", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"Federated": "accounts.google.com"},
  "Action": "sts:AssumeRoleWithWebIdentity",
  "Condition": {"ForAnyValue:StringEquals": {"accounts.google.com:aud": "app.example.com"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"Federated": "accounts.google.com"},
  "Action": "sts:AssumeRoleWithWebIdentity",
  "Condition": {"StringEquals": {"accounts.google.com:aud": "app.example.com"}}}]})",
             "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE", T::kSecurityWarning,
             "/Statement/0/Condition/ForAnyValue:StringEquals/"
             "accounts.google.com:aud",
             "\"accounts.google.com:aud\"", R"("app.example.com")"},
            {"EmptySid", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})",
             "EMPTY_SID_VALUE", T::kSuggestion, "/Statement/0/Sid", "",
             R"("")"},
            {"WildcardInService", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3*:Get*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]})",
             "WILDCARD_IN_SERVICE_NAME", T::kSuggestion, "/Statement/0/Action",
             "", R"("s3*:Get*")"},
            {"VariableInAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:${aws:username}", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]})",
             "VARIABLE_UNSUPPORTED_IN_ELEMENT", T::kError,
             "/Statement/0/Action", "", R"("s3:${aws:username}")"},
            {"VariableInOldVersion", kId,
             R"({"Version": "2008-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]})",
             "VARIABLE_UNSUPPORTED_IN_VERSION", T::kError,
             "/Statement/0/Resource", "",
             R"("arn:aws:s3:::b/${aws:username}/*")"},
            {"EmptyVariable", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${}/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]})",
             "EMPTY_VARIABLE", T::kError, "/Statement/0/Resource", "",
             R"("arn:aws:s3:::b/${}/*")"},
            {"MissingBrace", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]})",
             "MISSING_BRACE_IN_VARIABLE", T::kError, "/Statement/0/Resource",
             "", R"("arn:aws:s3:::b/${aws:username/*")"},
            {"SpaceInVariable", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws: username}/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username, 'nobody'}/*"}]})",
             "UNSUPPORTED_SPACE_IN_VARIABLE", T::kError,
             "/Statement/0/Resource", "",
             R"("arn:aws:s3:::b/${aws: username}/*")"},
            {"NullIfExists", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:*", "Resource": "*",
  "Condition": {"NullIfExists": {"aws:TagKeys": "true"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:*", "Resource": "*",
  "Condition": {"Null": {"aws:TagKeys": "true"}}}]})",
             "NULL_WITH_IF_EXISTS", T::kError,
             "/Statement/0/Condition/NullIfExists", "\"NullIfExists\"",
             R"({"aws:TagKeys": "true"})"},
            {"MismatchedActionForPrincipal", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/corp"},
  "Action": "sts:AssumeRoleWithWebIdentity"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/corp"},
  "Action": "sts:AssumeRoleWithSAML"}]})",
             "MISMATCHED_ACTION_FOR_PRINCIPAL", T::kError,
             "/Statement/0/Action", "", R"("sts:AssumeRoleWithWebIdentity")"},
            {"UnsupportedActionForConditionKey", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:PutObject", "s3:ListBucket"], "Resource": "*",
  "Condition": {"StringEquals": {"s3:x-amz-acl": "private"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:PutObject", "s3:PutObjectAcl"], "Resource": "*",
  "Condition": {"StringEquals": {"s3:x-amz-acl": "private"}}}]})",
             "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", T::kError,
             "/Statement/0/Action/1", "", R"("s3:ListBucket")"},
            {"CreateSlrStarResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*",
  "Condition": {"StringEquals": {"iam:AWSServiceName": "autoscaling.amazonaws.com"}}}]})",
             "CREATE_SLR_WITH_STAR_IN_RESOURCE", T::kWarning,
             "/Statement/0/Action", "", R"("iam:CreateServiceLinkedRole")"},
            {"CreateSlrNotResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:GetObject", "iam:Create*"],
  "NotResource": "arn:aws:iam::123456789012:role/admin"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:GetObject", "iam:CreateRole"],
  "NotResource": "arn:aws:iam::123456789012:role/admin"}]})",
             "CREATE_SLR_WITH_NOT_RESOURCE", T::kWarning,
             "/Statement/0/Action/1", "", R"("iam:Create*")"},
            {"PrincipalKey", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"Services": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})",
             "INVALID_PRINCIPAL_KEY", T::kError,
             "/Statement/0/Principal/Services", "", R"("ec2.amazonaws.com")"},
            {"TrustWildcardPrincipal", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci-*"}, "Action": "sts:AssumeRole"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci-runner"}, "Action": "sts:AssumeRole"}]})",
             "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", T::kError,
             "/Statement/0/Principal/AWS", "",
             R"("arn:aws:iam::123456789012:role/ci-*")"},
            {"ResourceWildcardPrincipal", kRes,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::*:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", T::kError,
             "/Statement/0/Principal/AWS", "", R"("arn:aws:iam::*:root")"},
            {"ServicePrincipalFormat", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", "EC2.amazonaws"]}, "Action": "sts:AssumeRole"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com.cn"]}, "Action": "sts:AssumeRole"}]})",
             "INVALID_SERVICE_PRINCIPAL_FORMAT", T::kError,
             "/Statement/0/Principal/Service/1", "", R"("EC2.amazonaws")"},
            {"RolesAnywhereActions", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"},
  "Action": ["sts:AssumeRole", "sts:TagSession"]}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"},
  "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}]})",
             "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", T::kError,
             "/Statement/0/Principal/Service", "",
             R"("rolesanywhere.amazonaws.com")"},
            {"RcpNotAction", kRcp,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})",
             "RCP_SYNTAX_ERROR_NOTACTION", T::kError, "/Statement/0/NotAction",
             "", R"("s3:GetObject")"},
            {"ScpPrincipal", kScp,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]})",
             "SCP_SYNTAX_ERROR_PRINCIPAL", T::kError, "/Statement/0/Principal",
             "", R"("*")"},
            // Grammar and catalog findings under Access Analyzer's codes.
            {"SlrStarActionAndResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})",
             "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", T::kWarning,
             "/Statement/0/Action", R"("Action")", R"("*")"},
            {"SlrStarActionNotResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::b"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::b"}]})",
             "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", T::kWarning,
             "/Statement/0/Action", R"("Action")", R"("*")"},
            {"SlrNotActionNotResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::b"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::b"}]})",
             "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", T::kWarning,
             "/Statement/0/NotAction", "", R"("s3:*")"},
            {"SlrStarResourceNotAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:*", "iam:CreateServiceLinkedRole"], "Resource": "*"}]})",
             "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", T::kWarning,
             "/Statement/0/NotAction", "", R"("s3:*")"},
            {"DataTypeMismatch", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": ["Allow"], "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "DATA_TYPE_MISMATCH", T::kError, "/Statement/0/Effect", "",
             R"(["Allow"])"},
            {"DuplicateKeysCase", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a", "aws:principaltag/team": "b"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a", "aws:PrincipalTag/unit": "b"}}}]})",
             "DUPLICATE_KEYS_WITH_DIFFERENT_CASE", T::kError,
             "/Statement/0/Condition/StringEquals/aws:principaltag~1team", "",
             R"("b")"},
            {"EmptyArrayCondition", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": []}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["a"]}}}]})",
             "EMPTY_ARRAY_CONDITION", T::kSuggestion,
             "/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team", "",
             R"([])"},
            {"EmptyArrayForAll", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}}]})", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}}]})",
             "EMPTY_ARRAY_CONDITION_FORALLVALUES", T::kSuggestion,
             "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys", "",
             R"([])"},
            {"EmptyArrayForAny", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": []}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}}]})",
             "EMPTY_ARRAY_CONDITION_FORANYVALUE", T::kSuggestion,
             "/Statement/0/Condition/ForAnyValue:StringEquals/aws:TagKeys", "",
             R"([])"},
            {"EmptyArrayIfExists", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:PrincipalTag/team": []}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:PrincipalTag/team": ["a"]}}}]})",
             "EMPTY_ARRAY_CONDITION_IFEXISTS", T::kSuggestion,
             "/Statement/0/Condition/StringEqualsIfExists/"
             "aws:PrincipalTag~1team",
             "", R"([])"},
            {"EmptyArrayPrincipal", kRes,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "EMPTY_ARRAY_PRINCIPAL", T::kSuggestion,
             "/Statement/0/Principal/AWS", "", R"([])"},
            {"EmptyArrayResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*"]}]})",
             "EMPTY_ARRAY_RESOURCE", T::kSuggestion, "/Statement/0/Resource",
             "", R"([])"},
            {"EmptyObjectCondition", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})",
             "EMPTY_OBJECT_CONDITION", T::kSuggestion, "/Statement/0/Condition",
             "", R"({})"},
            {"EmptyObjectPrincipal", kRes,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "EMPTY_OBJECT_PRINCIPAL", T::kSuggestion, "/Statement/0/Principal",
             "", R"({})"},
            {"FederatedNotSupported", kRes,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "FEDERATED_PRINCIPAL_NOT_SUPPORTED", T::kError,
             "/Statement/0/Principal/Federated", "",
             R"("cognito-identity.amazonaws.com")"},
            {"ForAllValuesSingleValued", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": ["o-abc123def4"]}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-abc123def4"]}}}]})",
             "FORALLVALUES_WITH_SINGLE_VALUED_KEY", T::kSecurityWarning,
             "/Statement/0/Condition/ForAllValues:StringEquals/"
             "aws:PrincipalOrgID",
             "", R"(["o-abc123def4"])"},
            {"ForAnyValueSingleValued", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalOrgID": ["o-abc123def4"]}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}}}]})",
             "IAMEVAL_FORANYVALUE_WITH_SINGLE_VALUED_KEY", T::kSuggestion,
             "/Statement/0/Condition/ForAnyValue:StringEquals/"
             "aws:PrincipalOrgID",
             "", R"(["o-abc123def4"])"},
            {"KeyNotSupportedByActions", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "home/"}}}]})", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "home/"}}}]})",
             "IAMEVAL_CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS", T::kWarning,
             "/Statement/0/Condition/StringEquals/s3:prefix", "", R"("home/")"},
            {"DateWithoutZone", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}]})",
             "IAMEVAL_DATE_WITHOUT_ZONE", T::kWarning,
             "/Statement/0/Condition/DateLessThan/aws:CurrentTime", "",
             R"("2030-01-01T00:00:00")"},
            {"EmptyNotActionArray", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": [], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["s3:GetObject"], "Resource": "*"}]})",
             "IAMEVAL_EMPTY_ARRAY", T::kSuggestion, "/Statement/0/NotAction",
             "", R"([])"},
            {"EmptyStatement", kId,
             R"({"Version": "2012-10-17", "Statement": []})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "IAMEVAL_EMPTY_STATEMENT", T::kWarning, "/Statement", "", R"([])"},
            {"WildcardInArnService", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3*:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b*/*"}]})",
             "IAMEVAL_INVALID_RESOURCE", T::kError, "/Statement/0/Resource", "",
             R"("arn:aws:s3*:::b/*")"},
            {"BadVariableKey", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:user$name}/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]})",
             "IAMEVAL_INVALID_VARIABLE", T::kError, "/Statement/0/Resource", "",
             R"("arn:aws:s3:::b/${aws:user$name}/*")"},
            {"NotAnObject", kId, R"(["Version"])",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "IAMEVAL_NOT_AN_OBJECT", T::kError, "", "", R"(["Version"])"},
            {"PatternMatchesNothing", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Fetch*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]})",
             "IAMEVAL_PATTERN_MATCHES_NOTHING", T::kWarning,
             "/Statement/0/Action", "", R"("s3:Fetch*")"},
            {"ResourceMatchesNoType", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]})",
             "IAMEVAL_RESOURCE_MATCHES_NO_TYPE", T::kWarning,
             "/Statement/0/Resource", "",
             R"("arn:aws:sqs:us-east-1:123456789012:q")"},
            {"UnsupportedCharacter", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/€/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/ete/*"}]})",
             "IAMEVAL_UNSUPPORTED_CHARACTER", T::kWarning, "", "",
             R"({"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/€/*"}]})"},
            {"VariableInArnPrefix", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]})",
             "IAMEVAL_VARIABLE_IN_ARN_PREFIX", T::kWarning,
             "/Statement/0/Resource", "",
             R"("arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q")"},
            {"UnknownAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})",
             "INVALID_ACTION", T::kError, "/Statement/0/Action", "",
             R"("s3:GetObjekt")"},
            {"ArnPrefix", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "INVALID_ARN_PREFIX", T::kError, "/Statement/0/Resource", "",
             R"("s3:::b/*")"},
            {"ConditionDataType", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "10"}}}]})",
             "INVALID_CONDITION_DATA_TYPE", T::kError,
             "/Statement/0/Condition/NumericLessThan/s3:max-keys", "",
             R"("ten")"},
            {"ConditionKeyFormat", kId, R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws PrincipalTag": "x"}}}]})", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/x": "x"}}}]})",
             "INVALID_CONDITION_KEY_FORMAT", T::kError,
             "/Statement/0/Condition/StringEquals/aws PrincipalTag", "",
             R"("x")"},
            {"ConditionOperator", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqualz": {"aws:PrincipalTag/x": "x"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/x": "x"}}}]})",
             "INVALID_CONDITION_OPERATOR", T::kError,
             "/Statement/0/Condition/StringEqualz", "",
             R"({"aws:PrincipalTag/x": "x"})"},
            {"Effect", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "INVALID_EFFECT", T::kError, "/Statement/0/Effect", "",
             R"("allow")"},
            {"GlobalConditionKey", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTeam": "x"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "x"}}}]})",
             "INVALID_GLOBAL_CONDITION_KEY", T::kError,
             "/Statement/0/Condition/StringEquals/aws:PrincipalTeam", "",
             R"("x")"},
            {"PrincipalFormat", kRes,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "arn:aws:iam::123456789012:root", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "INVALID_PRINCIPAL_FORMAT", T::kError, "/Statement/0/Principal",
             "", R"("arn:aws:iam::123456789012:root")"},
            {"UnknownService", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})",
             "INVALID_SERVICE", T::kError, "/Statement/0/Action", "",
             R"("s4:GetObject")"},
            {"ServiceConditionKey", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"s3:prefixx": "a"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "a"}}}]})",
             "INVALID_SERVICE_CONDITION_KEY", T::kError,
             "/Statement/0/Condition/StringEquals/s3:prefixx", "", R"("a")"},
            {"Version", kId,
             R"({"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "INVALID_VERSION", T::kError, "/Version", "", R"("2012-10-18")"},
            {"JsonSyntax", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "JSON_SYNTAX_ERROR", T::kError, "/Statement/0", "}]", ""},
            {"MissingAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})",
             "MISSING_ACTION", T::kError, "/Statement/0", "",
             R"({"Effect": "Allow", "Resource": "*"})"},
            {"MissingEffect", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "MISSING_EFFECT", T::kError, "/Statement/0", "",
             R"({"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})"},
            {"MissingPrincipal", kRes,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "MISSING_PRINCIPAL", T::kError, "/Statement/0", "",
             R"({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})"},
            {"MissingQuote", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username, nobody}/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username, 'nobody'}/*"}]})",
             "MISSING_QUOTE_IN_VARIABLE", T::kError, "/Statement/0/Resource",
             "", R"("arn:aws:s3:::b/${aws:username, nobody}/*")"},
            {"MissingResource", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})",
             "MISSING_RESOURCE", T::kError, "/Statement/0", "",
             R"({"Effect": "Allow", "Action": "s3:GetObject"})"},
            {"MissingStatement", kId, R"({"Version": "2012-10-17"})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "MISSING_STATEMENT", T::kError, "", "",
             R"({"Version": "2012-10-17"})"},
            {"MissingVersion", kId,
             R"({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "MISSING_VERSION", T::kWarning, "", "",
             R"({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})"},
            {"NullWithQualifier", kId, R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAllValues:Null": {"aws:TagKeys": "true"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Null": {"aws:TagKeys": "true"}}}]})",
             "NULL_WITH_QUALIFIER", T::kSuggestion,
             "/Statement/0/Condition/ForAllValues:Null", "",
             R"({"aws:TagKeys": "true"})"},
            {"PrivateNotIpSubset", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]})",
             "PRIVATE_NOT_IP_ADDRESS_SUBSET", T::kSuggestion,
             "/Statement/0/Condition/NotIpAddress/aws:SourceIp", "",
             R"("0.0.0.0/0")"},
            {"RcpAllow", kRcp,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})",
             "RCP_SYNTAX_ERROR_ALLOW", T::kError, "/Statement/0", "",
             R"({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"})"},
            {"RcpPrincipal", kRcp,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})",
             "RCP_SYNTAX_ERROR_PRINCIPAL", T::kError, "/Statement/0", "",
             R"({"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "*"})"},
            {"TrustNotPrincipal", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]})",
             "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", T::kError,
             "/Statement/0/NotPrincipal", "",
             R"({"AWS": "arn:aws:iam::123456789012:root"})"},
            {"TrustResource", kTrust,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]})",
             "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", T::kError,
             "/Statement/0/Resource", "", R"("*")"},
            {"ScpActionWildcard", kScp,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*Object", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:Get*", "Resource": "*"}]})",
             "SCP_SYNTAX_ERROR_ACTION_WILDCARD", T::kError,
             "/Statement/0/Action", "", R"("s3:*Object")"},
            {"SidsRecommended", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "UNIQUE_SIDS_RECOMMENDED", T::kWarning, "/Statement/1/Sid",
             R"(}, {)", R"("A")"},
            {"SidsRequired", kScp,
             R"({"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "B", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]})",
             "UNIQUE_SIDS_REQUIRED", T::kError, "/Statement/1/Sid", R"(}, {)",
             R"("A")"},
            {"ElementCombination", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})",
             "UNSUPPORTED_ELEMENT_COMBINATION", T::kError, "/Statement/0", "",
             R"({"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"})"},
            {"UnsupportedPrincipal", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "UNSUPPORTED_PRINCIPAL", T::kError, "/Statement/0/Principal", "",
             R"("*")"},
            {"UnsupportedSid", kId,
             R"({"Version": "2012-10-17", "Statement": [{"Sid": "read-all", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})", R"({"Version": "2012-10-17", "Statement": [{"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "UNSUPPORTED_SID", T::kError, "/Statement/0/Sid", "",
             R"("read-all")"},

            {"UnknownElement", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Actoin": "s3:GetObject", "Action": "s3:GetObject", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})",
             "INVALID_POLICY_ELEMENT", T::kError, "/Statement/0/Actoin",
             "\"Actoin\"", R"("s3:GetObject")"},
            {"EmptyActionArray", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": [], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]})",
             "EMPTY_ARRAY_ACTION", T::kSuggestion, "/Statement/0/Action", "",
             "[]"},
            {"AllowWithNotPrincipal", kRes,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "ALLOW_WITH_NOT_PRINCIPAL", T::kSecurityWarning,
             "/Statement/0/NotPrincipal", "",
             R"({"AWS": "arn:aws:iam::123456789012:root"})"},
            {"OperatorTypeMismatch", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:*", "Resource": "*",
  "Condition": {"StringEquals": {"aws:SecureTransport": "false"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Deny", "Action": "s3:*", "Resource": "*",
  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})",
             "TYPE_MISMATCH", T::kWarning,
             "/Statement/0/Condition/StringEquals/aws:SecureTransport",
             "\"aws:SecureTransport\"", R"("false")"},
            {"ServiceCase", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::b/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})",
             "INVALID_ARN_SERVICE_CASE", T::kError, "/Statement/0/Resource", "",
             R"("arn:aws:S3:::b/*")"},
            // The grants family (grants.cc): each code with a literal, a
            // wildcard and a NotAction trigger, and near misses that are a
            // narrower resource, another access level, and the same grant
            // denied by the policy itself.
            {"AdminEquivalentStar", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]})",
             "IAMEVAL_ADMIN_EQUIVALENT", T::kSecurityWarning,
             "/Statement/0/Action", "\"Action\"", R"("*")"},
            {"AdminEquivalentServiceWildcard", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:GetObject", "*:*"], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "*:*", "Resource": "arn:aws:s3:::b"}]})",
             "IAMEVAL_ADMIN_EQUIVALENT", T::kSecurityWarning,
             "/Statement/0/Action", "", R"(["s3:GetObject", "*:*"])"},
            {"AdminEquivalentNotActionExcludingNothing", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": "nosuchservice:Thing", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": "s3:GetObject", "Resource": "*"}]})",
             "IAMEVAL_ADMIN_EQUIVALENT", T::kSecurityWarning,
             "/Statement/0/NotAction", "", R"("nosuchservice:Thing")"},
            {"AdminEquivalentDespiteConditionalDeny", kId,
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Effect": "Deny", "Action": "iam:*", "Resource": "*",
   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]})",
             "IAMEVAL_ADMIN_EQUIVALENT", T::kSecurityWarning,
             "/Statement/0/Action", "\"Action\"", R"("*")"},
            {"PermissionsManagement", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["iam:GetRole", "iam:PutRolePolicy"],
  "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["iam:GetRole", "iam:PutRolePolicy"],
  "Resource": "arn:aws:iam::123456789012:role/app"}]})",
             "IAMEVAL_PERMISSIONS_MANAGEMENT", T::kWarning,
             "/Statement/0/Action/1", "", R"("iam:PutRolePolicy")"},
            {"PermissionsManagementWildcard", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:Put*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}]})",
             "IAMEVAL_PERMISSIONS_MANAGEMENT", T::kWarning,
             "/Statement/0/Action", "", R"("iam:Put*")"},
            {"PermissionsManagementNotAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": ["s3:*", "ec2:*"], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "NotAction": ["s3:*", "ec2:*"], "Resource": "*"},
  {"Effect": "Deny", "NotAction": ["s3:*", "ec2:*"], "Resource": "*"}]})",
             "IAMEVAL_PERMISSIONS_MANAGEMENT", T::kWarning,
             "/Statement/0/NotAction", "", R"(["s3:*", "ec2:*"])"},
            {"PermissionsManagementDeniedElsewhereOnly", kId,
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*"},
  {"Effect": "Deny", "Action": "iam:PutRolePolicy",
   "Resource": "arn:aws:iam::123456789012:role/admin"}]})",
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*"},
  {"Effect": "Deny", "Action": "iam:Put*", "Resource": "*"}]})",
             "IAMEVAL_PERMISSIONS_MANAGEMENT", T::kWarning,
             "/Statement/0/Action", "", R"("iam:PutRolePolicy")"},
            {"DataExfiltration", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
  "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
  "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}]})",
             "IAMEVAL_DATA_EXFILTRATION", T::kWarning, "/Statement/0/Action/1",
             "", R"("s3:GetObject")"},
            {"DataExfiltrationWildcard", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "ssm:GetParam*", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "ssm:Describe*", "Resource": "*"}]})",
             "IAMEVAL_DATA_EXFILTRATION", T::kWarning, "/Statement/0/Action",
             "", R"("ssm:GetParam*")"},
            {"DataExfiltrationNotAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": ["s3:*", "ssm:*"], "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": ["s3:*", "ssm:*", "secretsmanager:*"],
  "Resource": "*"}]})",
             "IAMEVAL_DATA_EXFILTRATION", T::kWarning, "/Statement/0/NotAction",
             "", R"(["s3:*", "ssm:*"])"},
            {"DataExfiltrationDenied", kId,
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"},
  {"Effect": "Deny", "Action": "secretsmanager:GetSecretValue",
   "Resource": "arn:aws:secretsmanager:*:*:secret:prod/*"}]})",
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"},
  {"Effect": "Deny", "Action": "secretsmanager:*", "Resource": ["*"]}]})",
             "IAMEVAL_DATA_EXFILTRATION", T::kWarning, "/Statement/0/Action",
             "", R"("secretsmanager:GetSecretValue")"},
            {"CredentialsExposure", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": "iam:CreateAccessKey",
  "Resource": "arn:aws:iam::123456789012:user/${aws:username}"}]})",
             "IAMEVAL_CREDENTIALS_EXPOSURE", T::kWarning, "/Statement/0/Action",
             "", R"("iam:CreateAccessKey")"},
            {"CredentialsExposureWildcard", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["ecr:Describe*", "ecr:Get*"],
  "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "Action": ["ecr:Describe*", "ecr:List*"],
  "Resource": "*"}]})",
             "IAMEVAL_CREDENTIALS_EXPOSURE", T::kWarning,
             "/Statement/0/Action/1", "", R"("ecr:Get*")"},
            {"CredentialsExposureNotAction", kId,
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": ["*:Get*", "*:Create*"],
  "Resource": "*"}]})",
             R"({"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow", "NotAction": ["*:Get*", "*:Create*", "*:Reset*"],
  "Resource": "*"}]})",
             "IAMEVAL_CREDENTIALS_EXPOSURE", T::kWarning,
             "/Statement/0/NotAction", "", R"(["*:Get*", "*:Create*"])"},
            {"CredentialsExposureDenied", kId,
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*"},
  {"Effect": "Deny", "Action": "sts:GetSessionToken", "Resource": "*",
   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]})",
             R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*"},
  {"Effect": "Deny", "Action": "sts:*", "Resource": "*"}]})",
             "IAMEVAL_CREDENTIALS_EXPOSURE", T::kWarning, "/Statement/0/Action",
             "", R"("sts:GetSessionToken")"},
};

class LintCaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(LintCaseTest, ProducesCodeAtElement) {
  const Case& c = GetParam();
  const std::string text = c.policy;
  std::vector<LintFinding> findings = Lint(text, c.kind);
  const LintFinding* hit = nullptr;
  for (const LintFinding& f : findings) {
    if (f.code == c.code) {
      hit = &f;
      break;
    }
  }
  ASSERT_NE(hit, nullptr) << "no " << c.code << " in:\n" << Describe(findings);
  EXPECT_EQ(hit->type, c.type) << Describe(findings);
  ASSERT_FALSE(hit->locations.empty());
  const LintLocation& loc = hit->locations.front();
  EXPECT_EQ(loc.path, c.path) << Describe(findings);
  const size_t after = text.find(c.after);
  ASSERT_NE(after, std::string::npos);
  const size_t start = text.find(c.element, after);
  ASSERT_NE(start, std::string::npos) << c.element;
  const size_t end = start + std::string(c.element).size();
  EXPECT_EQ(loc.start.offset, start) << Describe(findings);
  EXPECT_EQ(loc.end.offset, end) << Describe(findings);
  int line, column;
  LineColumn(text, start, &line, &column);
  EXPECT_EQ(loc.start.line, line);
  EXPECT_EQ(loc.start.column, column);
  LineColumn(text, end, &line, &column);
  EXPECT_EQ(loc.end.line, line);
  EXPECT_EQ(loc.end.column, column);
  // The registry knows the code, with the same type.
  const LintCheckInfo* info = FindLintCheck(c.code);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->type, c.type);
}

TEST_P(LintCaseTest, NearMissDoesNotProduceCode) {
  const Case& c = GetParam();
  std::vector<LintFinding> findings = Lint(c.near_miss, c.kind);
  for (const LintFinding& f : findings) {
    EXPECT_NE(f.code, c.code) << Describe(findings);
  }
}

INSTANTIATE_TEST_SUITE_P(Checks, LintCaseTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

// Every check of the registry has a case above, but those whose trigger
// needs more than one document: the size quotas and hard limits
// (LintLimitsTest) and the rules file's (LintRulesTest); IAMEVAL_UNMAPPED
// must never occur (the corpus test checks).
TEST(LintRegistryTest, EveryCheckHasACase) {
  const std::set<std::string> elsewhere = {
      "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
      "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
      "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
      "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
      "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
      "IAMEVAL_DOCUMENT_TOO_LARGE",
      "IAMEVAL_TOO_MANY_STATEMENTS",
      "IAMEVAL_SID_NAMING",
      "IAMEVAL_RULE_PATTERN_FAILED",
      "IAMEVAL_UNMAPPED"};
  std::set<std::string> cased;
  for (const Case& c : kCases) cased.insert(c.code);
  for (const LintCheckInfo& info : LintChecks()) {
    EXPECT_TRUE(cased.count(info.code) > 0 || elsewhere.count(info.code) > 0)
        << info.code << " has no positive/near-miss case";
  }
}

// The size quotas (per policy type) and the hard limits.
TEST(LintLimitsTest, SizeQuotasAndLimits) {
  auto big = [](size_t resources) {
    std::string r;
    for (size_t i = 0; i < resources; ++i) {
      absl::StrAppend(&r, i == 0 ? "" : ", ", "\"arn:aws:s3:::bucket-", i,
                      "/*\"");
    }
    return absl::StrCat(
        R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", )",
        R"("Principal": "*", "Action": "s3:GetObject", "Resource": [)", r,
        "]}]}");
  };
  const std::string text = big(1200);  // ~32 KB: above every quota
  struct Want {
    PolicyKind kind;
    const char* code;
    LintFindingType type;
  };
  const Want want[] = {
      // Resource policy quotas are per service; the parser knows the VPC
      // endpoint policy's.
      {PolicyKind::kVpcEndpoint, "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
       T::kWarning},
      {PolicyKind::kRcp, "POLICY_SIZE_EXCEEDS_RCP_QUOTA", T::kError},
  };
  for (const Want& w : want) {
    std::vector<LintFinding> findings = Lint(text, w.kind);
    bool found = false;
    for (const LintFinding& f : findings) {
      if (f.code != w.code) continue;
      found = true;
      EXPECT_EQ(f.type, w.type);
      EXPECT_EQ(f.locations[0].path, "");
      EXPECT_EQ(f.locations[0].start.offset, 0u);
      EXPECT_EQ(f.locations[0].end.offset, text.size());
    }
    EXPECT_TRUE(found) << w.code << "\n" << Describe(findings);
    // Near miss: a small document.
    for (const LintFinding& f : Lint(big(3), w.kind)) EXPECT_NE(f.code, w.code);
  }
  const std::string identity = absl::StrCat(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", )",
      R"("Action": "s3:GetObject", "Resource": [)",
      [] {
        std::string r;
        for (int i = 0; i < 400; ++i) {
          absl::StrAppend(&r, i == 0 ? "" : ", ", "\"arn:aws:s3:::bucket-", i,
                          "/*\"");
        }
        return r;
      }(),
      "]}]}");
  const Want more[] = {
      {PolicyKind::kIdentity, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
       T::kWarning},
      {PolicyKind::kScp, "POLICY_SIZE_EXCEEDS_SCP_QUOTA", T::kError},
  };
  for (const Want& w : more) {
    std::string doc = identity;
    if (w.kind == PolicyKind::kScp) {
      doc = absl::StrReplaceAll(identity, {{"\"Allow\"", "\"Deny\""}});
    }
    std::vector<LintFinding> findings = Lint(doc, w.kind);
    bool found = false;
    for (const LintFinding& f : findings) found |= f.code == w.code;
    EXPECT_TRUE(found) << w.code << "\n" << Describe(findings);
  }
  const std::string trust = absl::StrCat(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", )",
      R"("Principal": {"AWS": [)",
      [] {
        std::string r;
        for (int i = 0; i < 60; ++i) {
          absl::StrAppend(&r, i == 0 ? "" : ", ",
                          "\"arn:aws:iam::123456789012:role/r", i, "\"");
        }
        return r;
      }(),
      R"(]}, "Action": "sts:AssumeRole"}]})");
  bool found = false;
  for (const LintFinding& f : Lint(trust, PolicyKind::kTrust)) {
    found |= f.code == "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA";
  }
  EXPECT_TRUE(found);

  // Hard limits of the parser options.
  LintOptions options;
  options.parse.max_statements = 1;
  const std::string two = R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "s3:*", "Resource": "*"},
    {"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]})";
  found = false;
  for (const LintFinding& f : LintPolicy(two, kId, options)) {
    found |= f.code == "IAMEVAL_TOO_MANY_STATEMENTS" &&
             f.type == LintFindingType::kError;
  }
  EXPECT_TRUE(found);
  options = LintOptions();
  options.parse.max_document_bytes = 20;
  found = false;
  for (const LintFinding& f : LintPolicy(two, kId, options)) {
    found |= f.code == "IAMEVAL_DOCUMENT_TOO_LARGE" &&
             f.type == LintFindingType::kError;
  }
  EXPECT_TRUE(found);
}

TEST(LintTest, SwappedFieldsAlsoNameTheAccount) {
  std::vector<LintFinding> findings = Lint(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:123456789012:us-east-1:q"}]})",
      kId);
  std::string all = Describe(findings);
  EXPECT_THAT(all, ::testing::HasSubstr("INVALID_ARN_REGION"));
  EXPECT_THAT(all, ::testing::HasSubstr("swapped"));
  EXPECT_THAT(all, ::testing::HasSubstr("INVALID_ARN_ACCOUNT"));
}

TEST(LintTest, JsonSyntaxErrorIsLocated) {
  const std::string text = "{\"Version\": \"2012-10-17\",\n \"Statement\": [}";
  std::vector<LintFinding> findings = Lint(text, kId);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].code, "JSON_SYNTAX_ERROR");
  EXPECT_EQ(findings[0].type, LintFindingType::kError);
  EXPECT_EQ(findings[0].locations[0].start.line, 2);
}

TEST(LintTest, WorksWithoutCatalog) {
  std::vector<LintFinding> findings = LintPolicy(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["s3:Get*", "s3:GetObjekt"], "Resource": "*"}]})",
      kId, {});
  // The grammar and the text checks still run; the catalog's do not.
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].code, "REDUNDANT_ACTION");
}

TEST(LintTest, SortedByPosition) {
  std::vector<LintFinding> findings = Lint(
      R"({"Statement": [{"Effect": "Allow", "Action": ["s3:*", "s3:GetObject"],
  "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]}]})",
      kId);
  ASSERT_GE(findings.size(), 3u) << Describe(findings);
  EXPECT_EQ(findings[0].code, "MISSING_VERSION");
  for (size_t i = 1; i < findings.size(); ++i) {
    EXPECT_LE(findings[i - 1].locations[0].start.offset,
              findings[i].locations[0].start.offset);
  }
}

// The registry against Access Analyzer's own list (a copy of
// ../shared/data/access-analyzer-checks.tsv, from the IAM User Guide's
// "Access Analyzer policy check reference"): every code that is not ours
// is theirs, with their finding type; ours are prefixed.
TEST(LintRegistryTest, CodesAndTypesMatchAccessAnalyzer) {
  std::ifstream in(IAMEVAL_SOURCE_DIR
                   "/tests/fixtures/lint/access-analyzer-checks.tsv");
  ASSERT_TRUE(in) << "missing tsv";
  std::map<std::string, std::string> aa;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    ASSERT_GE(cols.size(), 3u) << line;
    aa[cols[0]] = cols[2];
  }
  ASSERT_GT(aa.size(), 140u);
  std::string previous;
  for (const LintCheckInfo& c : LintChecks()) {
    const std::string code = c.code;
    EXPECT_LT(previous, code) << "registry not sorted or duplicated";
    previous = code;
    EXPECT_FALSE(std::string(c.help).empty()) << code;
    if (code.rfind("IAMEVAL_", 0) == 0) {
      EXPECT_EQ(aa.count(code), 0u) << code;
      continue;
    }
    auto it = aa.find(code);
    ASSERT_NE(it, aa.end()) << code << " is no Access Analyzer code";
    EXPECT_EQ(it->second, LintFindingTypeName(c.type)) << code;
  }
}

TEST(LintGlobTest, CoversOnlyWhenCertain) {
  using lint_internal::GlobCovers;
  EXPECT_TRUE(GlobCovers("s3:Get*", "s3:GetObject", true));
  EXPECT_TRUE(GlobCovers("s3:Get*", "s3:getobject*", true));
  EXPECT_TRUE(GlobCovers("*", "s3:Get?bject", true));
  EXPECT_TRUE(GlobCovers("s3:*Object", "s3:Get*Object", true));
  EXPECT_TRUE(GlobCovers("s3:Get?", "s3:Get?", true));
  EXPECT_FALSE(GlobCovers("s3:Get?", "s3:Get*", true));  // ? is one char
  EXPECT_FALSE(GlobCovers("s3:GetObject", "s3:Get*", true));
  EXPECT_FALSE(GlobCovers("s3:Get*", "s3:*", true));
  EXPECT_FALSE(GlobCovers("a", "A", false));
  EXPECT_TRUE(GlobCovers("a*b*c", "aXbYbZc", false));
  EXPECT_FALSE(GlobCovers("a*b*c", "aXbYbZ", false));
  EXPECT_TRUE(GlobCovers("", "", false));
  EXPECT_FALSE(GlobCovers("", "x", false));
}

TEST(LintRegistryTest, FindingTypeNamesRoundTrip) {
  for (LintFindingType t :
       {LintFindingType::kError, LintFindingType::kSecurityWarning,
        LintFindingType::kWarning, LintFindingType::kSuggestion}) {
    EXPECT_EQ(ParseLintFindingType(LintFindingTypeName(t)), t);
  }
  EXPECT_EQ(ParseLintFindingType("security_warning"),
            LintFindingType::kSecurityWarning);
  EXPECT_FALSE(ParseLintFindingType("GENERAL_WARNING").has_value());
}

// The AWS CLI's documented `validate-policy` example (awscli/examples/
// accessanalyzer/validate-policy.rst): a Cognito trust policy with an empty
// Sid, sts:AssumeRole for a federated principal and sts:TagSession under a
// Cognito condition key. Access Analyzer answers with three findings; the
// spans below are its output (lines 1-based, columns 0-based there, 1-based
// here, offsets 0-based). One difference is AWS's, not ours: its last span
// ends at offset 464, two bytes past the value "us-west-2_EXAMPLE" of its own
// document (the example's value was evidently shortened after the output was
// recorded), so that end is checked against the value.
TEST(LintTest, ReproducesTheAwsCliValidatePolicyExample) {
  const std::string text =
      "{\n"
      "    \"Version\": \"2012-10-17\",\n"
      "    \"Statement\": [\n"
      "        {\n"
      "            \"Sid\": \"\",\n"
      "            \"Effect\": \"Allow\",\n"
      "            \"Principal\": {\n"
      "                \"Federated\": \"cognito-identity.amazonaws.com\"\n"
      "            },\n"
      "            \"Action\": [\n"
      "                \"sts:AssumeRole\",\n"
      "                \"sts:TagSession\"\n"
      "            ],\n"
      "            \"Condition\": {\n"
      "                \"StringEquals\": {\n"
      "                    \"cognito-identity.amazonaws.com:aud\": "
      "\"us-west-2_EXAMPLE\"\n"
      "                }\n"
      "            }\n"
      "        }\n"
      "    ]\n"
      "}\n";
  std::vector<LintFinding> findings = Lint(text, kTrust);
  ASSERT_EQ(findings.size(), 3u) << Describe(findings);
  struct Want {
    const char* code;
    LintFindingType type;
    std::vector<std::tuple<std::string, int, int, int, int, int, int>> spans;
  };
  const Want want[] = {
      {"EMPTY_SID_VALUE",
       T::kSuggestion,
       {{"/Statement/0/Sid", 5, 19, 79, 5, 21, 81}}},
      {"MISMATCHED_ACTION_FOR_PRINCIPAL",
       T::kError,
       {{"/Statement/0/Action/0", 11, 16, 258, 11, 32, 274},
        {"/Statement/0/Principal/Federated", 8, 29, 170, 8, 61, 202}}},
      {"UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
       T::kError,
       {{"/Statement/0/Action/1", 12, 16, 292, 12, 32, 308},
        {"/Statement/0/Condition/StringEquals/"
         "cognito-identity.amazonaws.com:aud",
         16, 58, 443, 16, 79 - 2, 464 - 2}}},
  };
  for (size_t i = 0; i < 3; ++i) {
    const LintFinding& f = findings[i];
    EXPECT_EQ(f.code, want[i].code);
    EXPECT_EQ(f.type, want[i].type) << f.code;
    ASSERT_EQ(f.locations.size(), want[i].spans.size()) << f.code;
    for (size_t j = 0; j < f.locations.size(); ++j) {
      const LintLocation& l = f.locations[j];
      const auto& [path, sl, sc, so, el, ec, eo] = want[i].spans[j];
      EXPECT_EQ(l.path, path);
      EXPECT_EQ(l.start.line, sl) << path;
      EXPECT_EQ(l.start.column - 1, sc) << path;
      EXPECT_EQ(l.start.offset, static_cast<uint32_t>(so)) << path;
      EXPECT_EQ(l.end.line, el) << path;
      EXPECT_EQ(l.end.column - 1, ec) << path;
      EXPECT_EQ(l.end.offset, static_cast<uint32_t>(eo)) << path;
    }
  }
}

// Rules: suppressions and Sid naming.
constexpr char kSidPolicy[] = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "prod-data-readonly", "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"},
  {"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}]})";

std::shared_ptr<const LintRules> Rules(absl::string_view text) {
  absl::StatusOr<std::shared_ptr<const LintRules>> rules =
      LintRules::Parse(text);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return rules.ok() ? *rules : nullptr;
}

std::vector<LintFinding> LintWith(const LintRules& rules,
                                  absl::string_view file) {
  LintOptions options;
  options.catalog = TheCatalog();
  options.rules = &rules;
  options.file = std::string(file);
  return LintPolicy(kSidPolicy, kId, options);
}

TEST(LintRulesTest, SidNamingConvention) {
  auto rules =
      Rules(R"({"naming": {"sid": "(prod|dev|stage)-[a-z]+-[a-z]+"}})");
  ASSERT_NE(rules, nullptr);
  std::vector<LintFinding> findings = LintWith(*rules, "p.json");
  const LintFinding* naming = nullptr;
  for (const LintFinding& f : findings) {
    if (f.code == "IAMEVAL_SID_NAMING") {
      EXPECT_EQ(naming, nullptr) << "only ReadAll breaks the convention";
      naming = &f;
    }
  }
  ASSERT_NE(naming, nullptr) << Describe(findings);
  EXPECT_EQ(naming->type, LintFindingType::kWarning);
  EXPECT_EQ(naming->locations[0].path, "/Statement/1/Sid");
  const std::string text = kSidPolicy;
  EXPECT_EQ(naming->locations[0].start.offset, text.find("\"ReadAll\""));
  // Sorted with the other findings.
  for (size_t i = 1; i < findings.size(); ++i) {
    EXPECT_LE(findings[i - 1].locations[0].start.offset,
              findings[i].locations[0].start.offset);
  }
}

TEST(LintRulesTest, SuppressionByCodeFileAndPointer) {
  auto rules = Rules(R"({"suppressions": [
    {"code": "REDUNDANT_ACTION", "file": "legacy/*.json",
     "pointer": "/Statement/0", "reason": "kept for the 2019 audit"}]})");
  ASSERT_NE(rules, nullptr);
  auto redundant = [](const std::vector<LintFinding>& findings) {
    for (const LintFinding& f : findings) {
      if (f.code == "REDUNDANT_ACTION") return f;
    }
    ADD_FAILURE() << "no REDUNDANT_ACTION";
    return LintFinding();
  };
  LintFinding hit = redundant(LintWith(*rules, "legacy/old.json"));
  EXPECT_TRUE(hit.suppressed);
  EXPECT_EQ(hit.suppression_reason, "kept for the 2019 audit");
  // Another file: not suppressed.
  EXPECT_FALSE(redundant(LintWith(*rules, "current/new.json")).suppressed);
  // Another pointer: not suppressed.
  auto other = Rules(R"({"suppressions": [{"code": "REDUNDANT_ACTION",
    "pointer": "/Statement/1", "reason": "r"}]})");
  EXPECT_FALSE(redundant(LintWith(*other, "legacy/old.json")).suppressed);
  // "/Statement/1" must not match "/Statement/10...": token boundaries.
  auto prefix = Rules(R"({"suppressions": [{"code": "*",
    "pointer": "/Statement/0/Act", "reason": "r"}]})");
  EXPECT_FALSE(redundant(LintWith(*prefix, "x.json")).suppressed);
}

TEST(LintRulesTest, ErrorsNameTheMember) {
  struct Bad {
    const char* text;
    const char* message;
  };
  const Bad kBad[] = {
      {R"({"naming": {"sid": "([a-z"}})", "/naming/sid"},
      {R"({"naming": {"role": "x"}})", "unknown member \"role\""},
      {R"({"suppressions": [{"code": "REDUNDANT_ACTION"}]})", "reason"},
      {R"({"suppressions": [{"code": "NO_SUCH_CODE", "reason": "r"}]})",
       "NO_SUCH_CODE"},
      {R"({"suppressions": [{"code": "*", "pointer": "Statement", "reason": "r"}]})",
       "starts with"},
      {R"({"supressions": []})", "unknown member"},
      {R"([1, 2])", "object"},
      {R"({"naming": )", "line 1"},
  };
  for (const Bad& b : kBad) {
    absl::StatusOr<std::shared_ptr<const LintRules>> rules =
        LintRules::Parse(b.text);
    ASSERT_FALSE(rules.ok()) << b.text;
    EXPECT_THAT(std::string(rules.status().message()),
                ::testing::HasSubstr(b.message))
        << b.text;
  }
}

TEST(LintRulesTest, ExplodingPatternIsAFindingNotACrash) {
  // Nested quantifiers: exponential backtracking on a long run of a's that
  // does not end in b; Boost.Regex gives up at its complexity bound.
  auto rules = Rules(R"({"naming": {"sid": "(a+)+b"}})");
  ASSERT_NE(rules, nullptr);
  const std::string policy = absl::StrCat(
      R"({"Version": "2012-10-17", "Statement": [{"Sid": ")",
      std::string(64, 'a'),
      R"(", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})");
  LintOptions options;
  options.rules = rules.get();
  std::vector<LintFinding> findings = LintPolicy(policy, kId, options);
  bool failed = false;
  for (const LintFinding& f : findings) {
    if (f.code == "IAMEVAL_RULE_PATTERN_FAILED") {
      failed = true;
      EXPECT_EQ(f.type, LintFindingType::kError);
      EXPECT_EQ(f.locations[0].path, "/Statement/0/Sid");
    }
  }
  EXPECT_TRUE(failed) << Describe(findings);
}

// The whole managed-policy corpus: AWS accepted every document, so lint
// must find no ERROR the grammar, the text or a curated table decides. The
// codes judged against the service reference (class S of Access Analyzer's
// list: an action, service or condition key the catalog snapshot does not
// list, an action that does not support a key) are ERRORs in Access
// Analyzer too, which calls "not functional" an error even where AWS
// accepts the document; here they also depend on the snapshot (retired
// services, unpublished actions; docs/validation.md counts them), so they
// are counted, printed, and bounded rather than forbidden. Every finding's
// span must lie inside the document.
TEST(LintCorpus, ManagedPoliciesHaveNoErrors) {
  std::ifstream in(std::string(IAMEVAL_SOURCE_DIR) +
                   "/third_party/aws-managed-policies/managed_policies.jsonl");
  ASSERT_TRUE(in.good());
  // The catalog codes: class S (service reference) in Access Analyzer's
  // list, and the validator's unknown global keys.
  std::set<std::string> kSnapshot = {"INVALID_GLOBAL_CONDITION_KEY"};
  {
    std::ifstream tsv(IAMEVAL_SOURCE_DIR
                      "/tests/fixtures/lint/access-analyzer-checks.tsv");
    std::string row;
    while (std::getline(tsv, row)) {
      std::vector<std::string> cols = absl::StrSplit(row, '\t');
      if (cols.size() >= 4 && cols[3] == "S") kSnapshot.insert(cols[0]);
    }
    ASSERT_GT(kSnapshot.size(), 10u);
  }
  std::map<std::string, int> counts;
  int policies = 0, errors = 0, snapshot_errors = 0;
  std::string line;
  LintOptions options;
  options.catalog = TheCatalog();
  options.parse.check_size_quotas = false;  // AWS's own documents
  while (std::getline(in, line)) {
    json::JsonValue root;
    Issue error;
    ASSERT_TRUE(json::ReadJson(line, json::ReadOptions(), &root, &error));
    const std::string name = root.Find("name")->text;
    const std::string text = json::ToJson(*root.Find("document"));
    for (const LintFinding& f :
         LintPolicy(text, PolicyKind::kIdentity, options)) {
      ++counts[absl::StrCat(LintFindingTypeName(f.type), " ", f.code)];
      ASSERT_NE(FindLintCheck(f.code), nullptr) << f.code;
      for (const LintLocation& l : f.locations) {
        ASSERT_LE(l.start.offset, l.end.offset) << name << " " << f.code;
        ASSERT_LE(l.end.offset, text.size()) << name << " " << f.code;
      }
      EXPECT_NE(f.code, "IAMEVAL_UNMAPPED") << name << ": " << f.message;
      if (f.type != LintFindingType::kError) continue;
      if (kSnapshot.count(f.code) > 0) {
        ++snapshot_errors;
        continue;
      }
      ++errors;
      ADD_FAILURE() << name << ": " << Describe({f});
    }
    ++policies;
  }
  std::printf(
      "[ lint ] %d managed policies, %d errors, %d catalog-snapshot "
      "errors\n",
      policies, errors, snapshot_errors);
  for (const auto& [code, n] : counts) {
    std::printf("  %-60s %d\n", code.c_str(), n);
  }
  EXPECT_GE(policies, 1500);
  EXPECT_EQ(errors, 0);
  // validate counted 95 unknown prefixes, 53 unknown actions and 6 unknown
  // keys on this snapshot, and UNSUPPORTED_ACTION_FOR_CONDITION_KEY adds
  // its own (printed above); a jump means a check or a mapping went wrong.
  EXPECT_LE(snapshot_errors, 200);
}

}  // namespace
}  // namespace iameval
