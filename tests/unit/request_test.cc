#include "iameval/request.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "testing/request_dump.h"
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
  EXPECT_FALSE(Principal::FromString("arn:aws:iam::111122223333:role/").ok());
  EXPECT_FALSE(
      Principal::FromString("arn:aws:iam::111122223333:group/Dev").ok());
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

// R19: a role ARN as the caller is a session of that role.
TEST(Principal, RoleArnIsASessionOfUnknownName) {
  auto p = Principal::FromString(
      "arn:aws:iam::111122223333:role/ops/prod-data-readonly");
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->kind, PrincipalKind::kRoleSession);
  EXPECT_TRUE(p->session_unknown);
  EXPECT_EQ(p->issuer_arn,
            "arn:aws:iam::111122223333:role/ops/prod-data-readonly");
  EXPECT_EQ(p->role_name_folded, "prod-data-readonly");
  EXPECT_FALSE(p->service_linked_role);
  auto slr = Principal::FromString(
      "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/R");
  ASSERT_THAT(slr, IsOk());
  EXPECT_TRUE(slr->service_linked_role);
}

TEST(Principal, RoleArnWithSessionName) {
  auto p = Principal::FromString("arn:aws:iam::111122223333:role/ops/Reader",
                                 "", "alice");
  ASSERT_THAT(p, IsOk());
  EXPECT_FALSE(p->session_unknown);
  EXPECT_EQ(p->arn, "arn:aws:sts::111122223333:assumed-role/Reader/alice");
  EXPECT_EQ(p->issuer_arn, "arn:aws:iam::111122223333:role/ops/Reader");
  EXPECT_EQ(p->name, "alice");
  // A session name needs a role; names with separators are not names.
  EXPECT_FALSE(
      Principal::FromString("arn:aws:iam::111122223333:user/u", "", "alice")
          .ok());
  EXPECT_FALSE(
      Principal::FromString("arn:aws:iam::111122223333:role/R", "", "a/b")
          .ok());
  EXPECT_FALSE(Principal::FromString("arn:aws:iam::111122223333:role/R",
                                     "arn:aws:iam::111122223333:role/Other")
                   .ok());
}

TEST(BuildRequest, RoleCallerKeys) {
  Request r = Build("arn:aws:iam::111122223333:role/ops/Reader", "s3:GetObject",
                    "arn:aws:s3:::b/k");
  EXPECT_EQ(Value(r, "aws:PrincipalArn"),
            "arn:aws:iam::111122223333:role/ops/Reader");
  EXPECT_EQ(Value(r, "aws:PrincipalType"), "AssumedRole");
  const ContextEntry* userid = r.context.Find("aws:userid");
  ASSERT_NE(userid, nullptr);
  EXPECT_TRUE(userid->unknown);
}

// R19: with no session issuer, aws:PrincipalArn naming the same role gives
// the role's path; naming another role it is ignored.
TEST(BuildRequest, IssuerFromPrincipalArnContext) {
  auto build = [](const char* principal_arn) {
    RequestSpec spec;
    spec.principal = "arn:aws:sts::111122223333:assumed-role/elb/s1";
    spec.action = "ec2:DescribeInstances";
    spec.resource = "*";
    spec.context.Set("aws:PrincipalArn", principal_arn);
    return BuildRequest(std::move(spec));
  };
  auto same = build(
      "arn:aws:iam::111122223333:role/aws-service-role/elb.amazonaws.com/ELB");
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->principal.issuer_arn,
            "arn:aws:iam::111122223333:role/aws-service-role/elb.amazonaws.com/"
            "ELB");
  EXPECT_TRUE(same->principal.service_linked_role);
  auto other = build("arn:aws:iam::111122223333:role/aws-service-role/x/Other");
  ASSERT_THAT(other, IsOk());
  EXPECT_EQ(other->principal.issuer_arn, "arn:aws:iam::111122223333:role/elb");
  EXPECT_FALSE(other->principal.service_linked_role);
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

// Explanations warn about these guesses; they must be set exactly when the
// request did not say.
TEST(BuildRequest, RecordsWhatItGuessed) {
  RequestSpec spec;
  spec.principal = "arn:aws:sts::111122223333:assumed-role/R/s";
  spec.action = "s3:GetObject";
  spec.resource = "arn:aws:s3:::b/k";
  absl::StatusOr<Request> r = BuildRequest(spec);
  ASSERT_THAT(r, IsOk());
  EXPECT_TRUE(r->principal.role_path_unknown);
  EXPECT_TRUE(r->resource_account_inferred);
  spec.session_issuer = "arn:aws:iam::111122223333:role/R";
  spec.resource_account = "111122223333";
  r = BuildRequest(spec);
  ASSERT_THAT(r, IsOk());
  EXPECT_FALSE(r->principal.role_path_unknown);
  EXPECT_FALSE(r->resource_account_inferred);
  spec.session_issuer = "";
  spec.resource_account = "";
  spec.resource = "arn:aws:sqs:us-east-1:444455556666:q";
  spec.context.Set("aws:PrincipalArn", "arn:aws:iam::111122223333:role/R");
  r = BuildRequest(spec);
  ASSERT_THAT(r, IsOk());
  EXPECT_FALSE(r->principal.role_path_unknown);
  EXPECT_FALSE(r->resource_account_inferred);
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

// RequestBuilder must build exactly what BuildRequest builds, whatever the
// previous request in the same builder was: keys of earlier requests never
// leak, derived keys follow the new principal, given keys win over derived
// ones, and the typed readings follow the new text.
struct BuilderInput {
  const char* principal;
  const char* issuer;
  const char* action;
  const char* resource;
  const char* resource_account;
  std::vector<std::pair<const char*, std::vector<const char*>>> context;
  bool list = false;  // the first context key is given as a list
};

absl::StatusOr<Request> ViaBuildRequest(const BuilderInput& in) {
  RequestSpec spec;
  spec.principal = in.principal;
  spec.session_issuer = in.issuer;
  spec.action = in.action;
  spec.resource = in.resource;
  spec.resource_account = in.resource_account;
  for (size_t i = 0; i < in.context.size(); ++i) {
    const auto& [key, values] = in.context[i];
    if (i == 0 && in.list) {
      spec.context.SetList(
          key, std::vector<std::string>(values.begin(), values.end()));
    } else {
      spec.context.Set(key, values[0]);
    }
  }
  return BuildRequest(std::move(spec));
}

absl::Status ViaBuilder(const BuilderInput& in, RequestBuilder* b) {
  b->Start();
  for (size_t i = 0; i < in.context.size(); ++i) {
    const auto& [key, values] = in.context[i];
    if (i == 0 && in.list) {
      std::vector<absl::string_view> views(values.begin(), values.end());
      EXPECT_TRUE(b->AddContextList(key, views));
    } else {
      EXPECT_TRUE(b->AddContext(key, values[0]));
    }
  }
  return b->Finish({in.principal, in.issuer, in.action, in.resource,
                    in.resource_account,
                    /*session_name=*/""});
}

TEST(RequestBuilder, EqualsBuildRequestAcrossASequence) {
  const std::vector<BuilderInput> inputs = {
      {"arn:aws:iam::111122223333:user/alice",
       "",
       "s3:GetObject",
       "arn:aws:s3:::b/k",
       "",
       {{"aws:SourceIp", {"203.0.113.7"}}}},
      // Same principal, new keys: the old aws:SourceIp must go.
      {"arn:aws:iam::111122223333:user/alice",
       "",
       "S3:PutObject",
       "arn:aws:s3:::b/k",
       "444455556666",
       {{"aws:TagKeys", {"a", "b"}}},
       true},
      // Another kind of principal: aws:username must go, aws:userid appear.
      {"arn:aws:sts::111122223333:federated-user/bob",
       "",
       "sqs:SendMessage",
       "arn:aws:sqs:us-east-1:444455556666:q",
       "",
       {}},
      // A given key overrides the derived one; the typed readings change.
      {"arn:aws:sts::111122223333:assumed-role/R/s",
       "",
       "kms:Decrypt",
       "*",
       "",
       {{"aws:PrincipalType", {"42"}}, {"aws:EpochTime", {"1700000000"}}}},
      {"arn:aws:sts::111122223333:assumed-role/R/s",
       "arn:aws:iam::111122223333:role/path/R",
       "kms:Decrypt",
       "*",
       "",
       {{"aws:EpochTime", {"true"}}}},
      // R19: the issuer comes from this request's aws:PrincipalArn ...
      {"arn:aws:sts::111122223333:assumed-role/R/s",
       "",
       "kms:Decrypt",
       "*",
       "",
       {{"aws:PrincipalArn",
         {"arn:aws:iam::111122223333:role/aws-service-role/"
          "x.amazonaws.com/R"}}}},
      // ... and not from the previous request's.
      {"arn:aws:sts::111122223333:assumed-role/R/s",
       "",
       "kms:Decrypt",
       "*",
       "",
       {}},
      // A role ARN as the caller: aws:userid unknown, then gone again.
      {"arn:aws:iam::111122223333:role/path/R",
       "",
       "s3:GetObject",
       "*",
       "",
       {}},
      // aws:PrincipalArn given: the role's ARN is known; the next request
      // of the same (cached) principal without it derives it again.
      {"arn:aws:sts::111122223333:assumed-role/R/s",
       "",
       "s3:GetObject",
       "arn:aws:s3:::b/k",
       "",
       {{"aws:PrincipalArn", {"arn:aws:iam::111122223333:role/p/R"}}}},
      {"arn:aws:sts::111122223333:assumed-role/R/s",
       "",
       "s3:GetObject",
       "arn:aws:s3:::b/k",
       "",
       {}},
      {"arn:aws:iam::111122223333:root",
       "",
       "iam:ListUsers",
       "*",
       "",
       {{"aws:TagKeys", {}}},
       true},
      {"arn:aws:iam::111122223333:user/alice",
       "",
       "s3:GetObject",
       "arn:aws:s3:::b/k",
       "",
       {{"aws:SourceIp", {"203.0.113.7"}}}},
  };
  RequestBuilder builder;
  for (size_t i = 0; i < inputs.size(); ++i) {
    absl::StatusOr<Request> want = ViaBuildRequest(inputs[i]);
    ASSERT_THAT(want, IsOk());
    ASSERT_THAT(ViaBuilder(inputs[i], &builder), IsOk()) << i;
    EXPECT_EQ(::iameval::testing::DumpRequest(builder.request()),
              ::iameval::testing::DumpRequest(*want))
        << "input " << i;
  }
}

TEST(RequestBuilder, ErrorsAreBuildRequestsAndTheBuilderRecovers) {
  const std::vector<BuilderInput> bad = {
      {"arn:aws:iam::111122223333:group/R", "", "s3:GetObject", "*", "", {}},
      {"arn:aws:iam::111122223333:user/a", "", "s3:*", "*", "", {}},
      {"arn:aws:iam::111122223333:user/a",
       "",
       "s3:GetObject",
       "bucket",
       "",
       {}},
      {"arn:aws:iam::111122223333:user/a", "", "s3:GetObject", "*", "12", {}},
      {"arn:aws:sts::111122223333:assumed-role/R/s",
       "arn:aws:iam::111122223333:role/Other",
       "s3:GetObject",
       "*",
       "",
       {}},
  };
  const BuilderInput good = {
      "arn:aws:iam::111122223333:user/a", "", "s3:GetObject", "*", "", {}};
  RequestBuilder builder;
  for (const BuilderInput& in : bad) {
    absl::StatusOr<Request> want = ViaBuildRequest(in);
    ASSERT_FALSE(want.ok()) << in.principal;
    absl::Status got = ViaBuilder(in, &builder);
    EXPECT_EQ(got, want.status());
    ASSERT_THAT(ViaBuilder(good, &builder), IsOk());
    EXPECT_EQ(::iameval::testing::DumpRequest(builder.request()),
              ::iameval::testing::DumpRequest(*ViaBuildRequest(good)));
  }
}

TEST(RequestBuilder, SeesDuplicateKeysCaseInsensitively) {
  RequestBuilder builder;
  builder.Start();
  EXPECT_TRUE(builder.AddContext("aws:SourceIp", "203.0.113.7"));
  const absl::string_view list[] = {"x"};
  EXPECT_FALSE(builder.AddContext("AWS:SOURCEIP", "198.51.100.1"));
  EXPECT_FALSE(builder.AddContextList("aws:sourceip", list));
  EXPECT_TRUE(builder.AddContext("aws:SourceVpc", "vpc-1"));
  ASSERT_THAT(builder.Finish({"arn:aws:iam::111122223333:user/a", "",
                              "s3:GetObject", "*", "", /*session_name=*/""}),
              IsOk());
  // The first value stayed.
  EXPECT_EQ(Value(builder.request(), "aws:SourceIp"), "203.0.113.7");
  builder.Start();
  // Keys of the previous request are not "set" for the next one.
  EXPECT_TRUE(builder.AddContext("aws:SourceIp", "198.51.100.1"));
}

// MergeFrom must leave exactly what the account code's merge did before it
// (SetEntry over SortedEntries, skipping keys with no value that are not
// lists): same keys, spellings, values, list flags and unknown marks.
void OldMerge(const RequestContext& from, RequestContext* into) {
  for (const ContextEntry* e : from.SortedEntries()) {
    if (e->is_list || !e->values.empty()) into->SetEntry(*e);
  }
}

std::string DumpContext(const RequestContext& c) {
  std::string out;
  for (const ContextEntry* e : c.SortedEntries()) {
    out += e->key + (e->is_list ? " list" : "") +
           (e->unknown ? " unknown" : "") + ":";
    for (const ContextValue& v : e->values) out += " [" + v.text + "]";
    out += "\n";
  }
  return out;
}

void Fill(std::mt19937* rng, RequestContext* c) {
  static const std::vector<std::string> kKeys = {"aws:MultiFactorAuthPresent",
                                                 "AWS:multifactorauthpresent",
                                                 "aws:CurrentTime",
                                                 "aws:PrincipalTag/Team",
                                                 "aws:principaltag/team",
                                                 "s3:prefix",
                                                 "S3:Prefix",
                                                 "saml:aud",
                                                 "aws:username"};
  static const std::vector<std::string> kValues = {
      "true", "", "10.0.0.1", "2026-01-01T00:00:00Z", "7", "a*b"};
  const int n = static_cast<int>((*rng)() % 7);
  for (int i = 0; i < n; ++i) {
    const std::string& key = kKeys[(*rng)() % kKeys.size()];
    switch ((*rng)() % 5) {
      case 0:
      case 1:
        c->Set(key, kValues[(*rng)() % kValues.size()]);
        break;
      case 2: {
        std::vector<std::string> values((*rng)() % 3);
        for (std::string& v : values) v = kValues[(*rng)() % kValues.size()];
        c->SetList(key, std::move(values));
        break;
      }
      case 3:
        c->SetIfAbsent(key, kValues[(*rng)() % kValues.size()]);
        break;
      case 4:
        c->Erase(key);
        break;
    }
  }
}

TEST(RequestContext, MergeFromMatchesSetEntryOverSortedEntries) {
  std::mt19937 rng(13);
  int differing_inputs = 0;
  for (int round = 0; round < 2000; ++round) {
    RequestContext from;
    RequestContext base;
    Fill(&rng, &from);
    Fill(&rng, &base);
    RequestContext old_into = base;
    RequestContext new_into = base;
    OldMerge(from, &old_into);
    new_into.MergeFrom(from);
    ASSERT_EQ(DumpContext(new_into), DumpContext(old_into))
        << "round " << round;
    differing_inputs += DumpContext(base) != DumpContext(old_into);
  }
  // The rounds exercise merges that change something.
  EXPECT_GT(differing_inputs, 1000);
}

TEST(RequestContext, MergeFromSkipsUnknownOnlyKeysAndKeepsLists) {
  RequestContext from;
  from.SetUnknownIfAbsent("aws:userid", "aws:userid");
  from.SetList("Aws:TagKeys", {});
  from.Set("aws:SourceIp", "10.0.0.1");
  RequestContext into;
  into.Set("AWS:SOURCEIP", "192.0.2.1");
  into.MergeFrom(from);
  EXPECT_EQ(into.Find("aws:userid"), nullptr);
  ASSERT_NE(into.Find("aws:tagkeys"), nullptr);
  EXPECT_TRUE(into.Find("aws:tagkeys")->is_list);
  ASSERT_NE(into.Find("aws:sourceip"), nullptr);
  EXPECT_EQ(into.Find("aws:sourceip")->key, "aws:SourceIp");
  EXPECT_EQ(into.Find("aws:sourceip")->values.at(0).text, "10.0.0.1");
}

}  // namespace
}  // namespace iameval
