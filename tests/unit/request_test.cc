#include "iameval/request.h"

#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace iameval {
namespace {

using ::iameval::testing::IsOk;

Request Build(const char* principal, const char* action, const char* resource,
              const char* resource_account = "") {
  RequestSpec spec;
  spec.principal = principal;
  spec.action = action;
  spec.resource = resource;
  spec.resource_account = resource_account;
  auto r = BuildRequest(std::move(spec));
  EXPECT_THAT(r, IsOk());
  return r.ok() ? *std::move(r) : Request();
}

std::string Value(const Request& r, const char* key) {
  const ContextEntry* e = r.context.Find(key);
  return e == nullptr ? "<absent>" : e->values[0].text;
}

TEST(Principal, ParsesEveryKind) {
  struct Case {
    const char* text;
    PrincipalKind kind;
  } cases[] = {
      {"arn:aws:iam::111122223333:user/a/b/carol", PrincipalKind::kUser},
      {"arn:aws:sts::111122223333:assumed-role/Dev/s1",
       PrincipalKind::kRoleSession},
      {"arn:aws:sts::111122223333:federated-user/bob",
       PrincipalKind::kFederatedUser},
      {"arn:aws:iam::111122223333:root", PrincipalKind::kRoot},
      {"lambda.amazonaws.com", PrincipalKind::kService},
  };
  for (const Case& c : cases) {
    auto p = Principal::FromString(c.text);
    ASSERT_THAT(p, IsOk()) << c.text;
    EXPECT_EQ(p->kind, c.kind) << c.text;
  }
  auto user = Principal::FromString("arn:aws:iam::111122223333:user/a/b/carol");
  EXPECT_EQ(user->name, "carol");
  auto session =
      Principal::FromString("arn:aws:sts::111122223333:assumed-role/Dev/s1");
  EXPECT_EQ(session->role_name_folded, "dev");
  EXPECT_EQ(session->issuer_arn, "arn:aws:iam::111122223333:role/Dev");
}

TEST(Principal, RejectsWhatIsNotACaller) {
  EXPECT_FALSE(
      Principal::FromString("arn:aws:iam::111122223333:role/Dev").ok());
  EXPECT_FALSE(Principal::FromString("arn:aws:iam::1:user/x").ok());
  EXPECT_FALSE(Principal::FromString("*").ok());
  EXPECT_FALSE(
      Principal::FromString("arn:aws:sts::111122223333:assumed-role/Dev").ok());
  // The session issuer must be the session's own role.
  EXPECT_FALSE(
      Principal::FromString("arn:aws:sts::111122223333:assumed-role/Dev/s",
                            "arn:aws:iam::111122223333:role/Other")
          .ok());
}

TEST(Principal, ServiceLinkedRoleFromIssuerPath) {
  auto p = Principal::FromString(
      "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForX/s",
      "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/"
      "AWSServiceRoleForX");
  ASSERT_THAT(p, IsOk());
  EXPECT_TRUE(p->service_linked_role);
}

TEST(BuildRequest, DerivesPrincipalKeysButNeverRequestFacts) {
  Request r = Build("arn:aws:iam::111122223333:user/carol", "s3:GetObject",
                    "arn:aws:s3:::b/k");
  EXPECT_EQ(Value(r, "aws:PrincipalArn"),
            "arn:aws:iam::111122223333:user/carol");
  EXPECT_EQ(Value(r, "AWS:principalaccount"), "111122223333");
  EXPECT_EQ(Value(r, "aws:PrincipalType"), "User");
  EXPECT_EQ(Value(r, "aws:username"), "carol");
  EXPECT_EQ(Value(r, "aws:ResourceAccount"), "111122223333");
  EXPECT_EQ(Value(r, "aws:SourceIp"), "<absent>");
  EXPECT_EQ(Value(r, "aws:SecureTransport"), "<absent>");
  EXPECT_EQ(Value(r, "aws:MultiFactorAuthPresent"), "<absent>");
  EXPECT_EQ(Value(r, "aws:CurrentTime"), "<absent>");
  EXPECT_EQ(r.action_folded, "s3:getobject");
}

TEST(BuildRequest, RoleSessionKeys) {
  Request r = Build("arn:aws:sts::111122223333:assumed-role/Dev/s1",
                    "sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:q");
  EXPECT_EQ(Value(r, "aws:PrincipalArn"), "arn:aws:iam::111122223333:role/Dev");
  EXPECT_EQ(Value(r, "aws:PrincipalType"), "AssumedRole");
  EXPECT_EQ(Value(r, "aws:username"), "<absent>");
  EXPECT_EQ(r.resource_account, "444455556666");
}

TEST(BuildRequest, GivenValuesWin) {
  RequestSpec spec;
  spec.principal = "arn:aws:iam::111122223333:user/carol";
  spec.action = "s3:GetObject";
  spec.resource = "arn:aws:s3:::b/k";
  spec.context.Set("aws:username", "someone-else");
  auto r = BuildRequest(std::move(spec));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(Value(*r, "aws:username"), "someone-else");
}

TEST(BuildRequest, ValidatesInput) {
  RequestSpec spec;
  spec.principal = "arn:aws:iam::111122223333:user/carol";
  spec.action = "s3:Get*";
  spec.resource = "*";
  EXPECT_FALSE(BuildRequest(spec).ok());
  spec.action = "GetObject";
  EXPECT_FALSE(BuildRequest(spec).ok());
  spec.action = "s3:GetObject";
  spec.resource = "bucket";
  EXPECT_FALSE(BuildRequest(spec).ok());
  spec.resource = "*";
  spec.resource_account = "12";
  EXPECT_FALSE(BuildRequest(spec).ok());
}

TEST(RequestContext, TypedAndCaseInsensitive) {
  RequestContext c;
  c.Set("aws:SourceIp", "203.0.113.7");
  c.SetList("aws:TagKeys", {"a", "b"});
  const ContextEntry* ip = c.Find("AWS:SOURCEIP");
  ASSERT_NE(ip, nullptr);
  EXPECT_TRUE(ip->values[0].ip.has_value());
  EXPECT_FALSE(ip->values[0].number.has_value());
  const ContextEntry* tags = c.Find("aws:tagkeys");
  ASSERT_NE(tags, nullptr);
  EXPECT_TRUE(tags->is_list);
  EXPECT_EQ(tags->values.size(), 2u);
}

}  // namespace
}  // namespace iameval
