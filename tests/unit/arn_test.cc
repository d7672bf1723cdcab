#include "iameval/arn.h"

#include <string>

#include "gtest/gtest.h"
#include "iameval/request.h"

namespace iameval {
namespace {

TEST(ArnView, SplitsAtFirstFiveColons) {
  auto arn = ArnView::Parse("arn:aws:sqs:us-east-1:111122223333:queue:extra");
  ASSERT_TRUE(arn.has_value());
  EXPECT_EQ(arn->partition, "aws");
  EXPECT_EQ(arn->service, "sqs");
  EXPECT_EQ(arn->region, "us-east-1");
  EXPECT_EQ(arn->account, "111122223333");
  EXPECT_EQ(arn->resource, "queue:extra");
  EXPECT_FALSE(ArnView::Parse("arn:aws:s3").has_value());
  EXPECT_FALSE(ArnView::Parse("nope:aws:s3:::b").has_value());
  EXPECT_TRUE(ArnView::Parse("arn:aws:s3:::bucket").has_value());
}

struct ResourceCase {
  const char* pattern;
  const char* resource;
  bool match;
};

class ResourcePatternTest : public ::testing::TestWithParam<ResourceCase> {};

// Ruling R7 and the E-RESOURCE examples
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
TEST_P(ResourcePatternTest, Matches) {
  const ResourceCase& c = GetParam();
  std::string error;
  auto glob = CompileResourcePattern(c.pattern, &error);
  ASSERT_TRUE(glob.has_value()) << error;
  EXPECT_EQ(glob->Matches(c.resource), c.match)
      << c.pattern << " vs " << c.resource;
}

INSTANTIATE_TEST_SUITE_P(
    R7, ResourcePatternTest,
    ::testing::Values(
        ResourceCase{"*", "arn:aws:s3:::anything", true},
        ResourceCase{"arn:aws:s3:::B/*/test/*",
                     "arn:aws:s3:::B/1/2/test/3/object.jpg", true},
        ResourceCase{"arn:aws:s3:::B/*/test/*",
                     "arn:aws:s3:::B//test/object.jpg", true},
        ResourceCase{"arn:aws:s3:::B/*/test/*", "arn:aws:s3:::B/1/test/", true},
        ResourceCase{"arn:aws:s3:::B/*/test/*",
                     "arn:aws:s3:::B/test/object.jpg", false},
        ResourceCase{"arn:aws:s3:::B/*/test/*",
                     "arn:aws:s3:::B/1-test/object.jpg", false},
        ResourceCase{"arn:aws:s3:::B/*/test/*", "arn:aws:s3:::B/1/2/test.jpg",
                     false},
        // A field-final star spills over colons.
        ResourceCase{"arn:aws:sqs:*", "arn:aws:sqs:us-east-1:111122223333:q",
                     true},
        ResourceCase{"arn:aws:dynamodb:*:table/prod-*",
                     "arn:aws:dynamodb:us-east-1:111122223333:table/prod-x",
                     true},
        ResourceCase{"arn:aws:dynamodb:*:table/prod-*",
                     "arn:aws:dynamodb:us-east-1:111122223333:table/dev-x",
                     false},
        // A non-final star and `?` stay inside their field.
        ResourceCase{"arn:aws:ec2:us-*-1:111122223333:instance/i-1",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
        ResourceCase{"arn:aws:ec2:u*1:instance/i-1",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-1", false},
        ResourceCase{"arn:aws:ec2:us-east-?:111122223333:instance/i-1",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
        // The resource part is a free glob: `*` crosses ':' and '/'.
        ResourceCase{
            "arn:aws:logs:us-east-1:111122223333:log-group:*",
            "arn:aws:logs:us-east-1:111122223333:log-group:a:log-stream:b",
            true},
        // Case-sensitive.
        ResourceCase{"arn:aws:iam::111122223333:user/Bob",
                     "arn:aws:iam::111122223333:user/bob", false},
        ResourceCase{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true},
        ResourceCase{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", false},
        // "*" request resource is matched only by "*".
        ResourceCase{"arn:aws:s3:::*", "*", false}));

TEST(ResourcePattern, RejectsWhatAwsRejects) {
  std::string error;
  EXPECT_FALSE(CompileResourcePattern("arn:aws:s*:::b", &error).has_value());
  EXPECT_NE(error.find("service"), std::string::npos);
  EXPECT_FALSE(CompileResourcePattern("arn:aws:S3:::b", &error).has_value());
  EXPECT_FALSE(CompileResourcePattern("bucket/*", &error).has_value());
  EXPECT_FALSE(CompileResourcePattern("arn:aws::::b", &error).has_value());
}

// --- The principal grammar ---------------------------------------------------

struct PrincipalArnCase {
  const char* text;
  PrincipalArnType type;
  const char* account;
  const char* entity;
  const char* path;
  const char* name;
  const char* session;
};

class PrincipalArnTest : public ::testing::TestWithParam<PrincipalArnCase> {};

TEST_P(PrincipalArnTest, Classifies) {
  const PrincipalArnCase& c = GetParam();
  std::optional<PrincipalArn> arn = PrincipalArn::Parse(c.text);
  ASSERT_TRUE(arn.has_value()) << c.text;
  EXPECT_EQ(arn->type, c.type) << c.text;
  EXPECT_EQ(arn->partition, "aws") << c.text;
  EXPECT_EQ(arn->account, c.account) << c.text;
  EXPECT_EQ(arn->entity, c.entity) << c.text;
  EXPECT_EQ(arn->path, c.path) << c.text;
  EXPECT_EQ(arn->name, c.name) << c.text;
  EXPECT_EQ(arn->session, c.session) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, PrincipalArnTest,
    ::testing::Values(
        PrincipalArnCase{"arn:aws:iam::111122223333:root",
                         PrincipalArnType::kRoot, "111122223333", "root", "",
                         "", ""},
        PrincipalArnCase{"arn:aws:iam::111122223333:user/Bob",
                         PrincipalArnType::kUser, "111122223333", "user", "/",
                         "Bob", ""},
        PrincipalArnCase{"arn:aws:iam::111122223333:user/dev/ops/Bob",
                         PrincipalArnType::kUser, "111122223333", "user",
                         "/dev/ops/", "Bob", ""},
        PrincipalArnCase{"arn:aws:iam::111122223333:role/aws-service-role/x/R",
                         PrincipalArnType::kRole, "111122223333", "role",
                         "/aws-service-role/x/", "R", ""},
        // A policy may name "role/" alone; callers decide (the name is "").
        PrincipalArnCase{"arn:aws:iam::111122223333:role/",
                         PrincipalArnType::kRole, "111122223333", "role", "/",
                         "", ""},
        // The session name keeps its slashes; the role has no path here.
        PrincipalArnCase{"arn:aws:sts::111122223333:assumed-role/R/s/1",
                         PrincipalArnType::kAssumedRole, "111122223333",
                         "assumed-role", "", "R", "s/1"},
        PrincipalArnCase{"arn:aws:sts::111122223333:assumed-role/R",
                         PrincipalArnType::kAssumedRole, "111122223333",
                         "assumed-role", "", "R", ""},
        PrincipalArnCase{"arn:aws:sts::111122223333:federated-user/Ann",
                         PrincipalArnType::kFederatedUser, "111122223333",
                         "federated-user", "", "Ann", ""},
        PrincipalArnCase{"arn:aws:iam::111122223333:group/g",
                         PrincipalArnType::kOtherIam, "111122223333", "group",
                         "/", "g", ""},
        PrincipalArnCase{"arn:aws:iam::111122223333:saml-provider/Okta",
                         PrincipalArnType::kOtherIam, "111122223333",
                         "saml-provider", "/", "Okta", ""},
        PrincipalArnCase{"arn:aws:iam::aws:policy/ReadOnlyAccess",
                         PrincipalArnType::kOtherIam, "aws", "policy", "/",
                         "ReadOnlyAccess", ""},
        // A user in the STS namespace, a role without '/': not principals.
        PrincipalArnCase{"arn:aws:sts::111122223333:user/Bob",
                         PrincipalArnType::kOther, "111122223333", "user", "",
                         "", ""},
        PrincipalArnCase{"arn:aws:iam::111122223333:role",
                         PrincipalArnType::kOtherIam, "111122223333", "role",
                         "", "", ""},
        PrincipalArnCase{"arn:aws:s3:::bucket/key", PrincipalArnType::kOther,
                         "", "bucket", "", "", ""}));

TEST(PrincipalArn, NotAnArn) {
  EXPECT_FALSE(PrincipalArn::Parse("111122223333").has_value());
  EXPECT_FALSE(PrincipalArn::Parse("*").has_value());
  EXPECT_FALSE(PrincipalArn::Parse("lambda.amazonaws.com").has_value());
  EXPECT_FALSE(PrincipalArn::Parse("arn:aws:iam::111122223333").has_value());
  EXPECT_FALSE(PrincipalArn::Parse("").has_value());
}

struct PolicyPrincipalCase {
  PrincipalType type;
  const char* text;
  // nullptr: accepted; otherwise a fragment of the error.
  const char* error;
};

class PolicyPrincipalTest
    : public ::testing::TestWithParam<PolicyPrincipalCase> {};

TEST_P(PolicyPrincipalTest, AcceptsOrRejects) {
  const PolicyPrincipalCase& c = GetParam();
  std::string error;
  const bool ok = CheckPolicyPrincipal(c.type, c.text, &error);
  if (c.error == nullptr) {
    EXPECT_TRUE(ok) << c.text << ": " << error;
  } else {
    EXPECT_FALSE(ok) << c.text;
    EXPECT_NE(error.find(c.error), std::string::npos)
        << c.text << ": " << error;
  }
}

constexpr PrincipalType kAwsKey = PrincipalType::kAws;

INSTANTIATE_TEST_SUITE_P(
    Forms, PolicyPrincipalTest,
    ::testing::Values(
        // AWS: everyone, accounts, IAM and STS principals, unique ids.
        PolicyPrincipalCase{kAwsKey, "*", nullptr},
        PolicyPrincipalCase{kAwsKey, "111122223333", nullptr},
        PolicyPrincipalCase{kAwsKey, "arn:aws:iam::111122223333:root", nullptr},
        PolicyPrincipalCase{kAwsKey, "arn:aws:iam::111122223333:user/a/Bob",
                            nullptr},
        PolicyPrincipalCase{kAwsKey, "arn:aws:iam::111122223333:role/R",
                            nullptr},
        PolicyPrincipalCase{
            kAwsKey, "arn:aws:sts::111122223333:assumed-role/R/s", nullptr},
        PolicyPrincipalCase{
            kAwsKey, "arn:aws:sts::111122223333:federated-user/Ann", nullptr},
        PolicyPrincipalCase{kAwsKey, "arn:aws-cn:iam::111122223333:user/Bob",
                            nullptr},
        PolicyPrincipalCase{kAwsKey, "AIDAJQABLZS4A3QDU576Q", nullptr},
        // Malformed AWS principals.
        PolicyPrincipalCase{kAwsKey, "", "empty principal"},
        PolicyPrincipalCase{kAwsKey, "11112222333", "not an account id"},
        PolicyPrincipalCase{kAwsKey, "aida-short", "not an account id"},
        PolicyPrincipalCase{kAwsKey, "arn:aws:iam::111122223333:user/*",
                            "no partial wildcards"},
        PolicyPrincipalCase{kAwsKey, "arn:aws:iam::1111:user/Bob",
                            "not a valid principal ARN"},
        PolicyPrincipalCase{kAwsKey, "arn:aws:iam:111122223333:user/Bob",
                            "not a valid principal ARN"},
        PolicyPrincipalCase{kAwsKey, "arn:aws:iam::111122223333:group/g",
                            "cannot be a principal"},
        PolicyPrincipalCase{kAwsKey, "arn:aws:sts::111122223333:assumed-role/R",
                            "cannot be a principal"},
        PolicyPrincipalCase{kAwsKey,
                            "arn:aws:sts::111122223333:assumed-role//s",
                            "cannot be a principal"},
        PolicyPrincipalCase{kAwsKey,
                            "arn:aws:sts::111122223333:federated-user/",
                            "cannot be a principal"},
        PolicyPrincipalCase{kAwsKey, "arn:aws:s3:::bucket",
                            "not a valid principal ARN"},
        // Service principals: one service, no wildcards.
        PolicyPrincipalCase{PrincipalType::kService, "lambda.amazonaws.com",
                            nullptr},
        PolicyPrincipalCase{PrincipalType::kService, "*", "one service"},
        PolicyPrincipalCase{PrincipalType::kService, "*.amazonaws.com",
                            "no wildcards"},
        PolicyPrincipalCase{PrincipalType::kService, "", "empty principal"},
        // Federated SAML and OIDC providers.
        PolicyPrincipalCase{PrincipalType::kFederated,
                            "arn:aws:iam::111122223333:saml-provider/Okta",
                            nullptr},
        PolicyPrincipalCase{PrincipalType::kFederated,
                            "arn:aws:iam::111122223333:oidc-provider/"
                            "token.actions.githubusercontent.com",
                            nullptr},
        PolicyPrincipalCase{PrincipalType::kFederated,
                            "cognito-identity.amazonaws.com", nullptr},
        PolicyPrincipalCase{PrincipalType::kFederated, "*", "no wildcards"},
        // Canonical users.
        PolicyPrincipalCase{PrincipalType::kCanonicalUser,
                            "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d"
                            "5218e7cd47ef2be",
                            nullptr},
        PolicyPrincipalCase{PrincipalType::kCanonicalUser, "*",
                            "no wildcards"}));

// A caller request building accepts can be named in a policy: the two sides
// read principals by one grammar.
TEST(PrincipalGrammar, CallersArePolicyPrincipals) {
  for (const char* text : {
           "arn:aws:iam::111122223333:root",
           "arn:aws:iam::111122223333:user/Bob",
           "arn:aws:iam::111122223333:user/a/b/Bob",
           "arn:aws:iam::111122223333:role/R",
           "arn:aws:iam::111122223333:role/aws-service-role/x/R",
           "arn:aws:sts::111122223333:assumed-role/R/s",
           "arn:aws:sts::111122223333:federated-user/Ann",
       }) {
    absl::StatusOr<Principal> caller = Principal::FromString(text);
    ASSERT_TRUE(caller.ok()) << text << ": " << caller.status();
    std::string error;
    EXPECT_TRUE(CheckPolicyPrincipal(PrincipalType::kAws, text, &error))
        << text << ": " << error;
  }
  for (const char* text : {
           "arn:aws:iam::111122223333:group/g",
           "arn:aws:iam::111122223333:role/",
           "arn:aws:iam::111122223333:user/",
           "arn:aws:sts::111122223333:assumed-role/R",
           "arn:aws:sts::111122223333:federated-user/",
       }) {
    EXPECT_FALSE(Principal::FromString(text).ok()) << text;
  }
}

TEST(SplitArnComponents, CountsComponents) {
  std::array<absl::string_view, 6> parts;
  EXPECT_EQ(SplitArnComponents("123456789012", &parts), 1);
  EXPECT_EQ(SplitArnComponents("arn:aws:iam::1:user/a:b", &parts), 6);
  EXPECT_EQ(parts[5], "user/a:b");
}

}  // namespace
}  // namespace iameval
