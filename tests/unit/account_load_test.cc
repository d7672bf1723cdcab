// Loading account snapshots, the organization file and resources files
// (include/iameval/account/model.h): the tests/fixtures/accounts/org3
// organization (management, dev and prod accounts), both policy-document
// encodings, AWS managed policies from the snapshot and from the vendored
// list, shared compiled policies, principal and resource resolution, and
// located errors.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/account.h"
#include "iameval/evaluate.h"
#include "testing/account_fixture.h"
#include "testing/status_matchers.h"

namespace iameval {
namespace {

using ::iameval::testing::IsOk;
using ::iameval::testing::StatusIs;
using ::testing::HasSubstr;

const std::string kDir = ::iameval::testing::Org3Dir();
constexpr char kMgmt[] = "111111111111";
constexpr char kDev[] = "222222222222";
constexpr char kProd[] = "333333333333";
constexpr char kAdmin[] = "arn:aws:iam::aws:policy/AdministratorAccess";

std::shared_ptr<const AccountModel> Org3() {
  return ::iameval::testing::Org3Model();
}

TEST(AccountLoad, LoadsTheOrganizationFixture) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->users().size(), 9u);
  EXPECT_EQ(model->roles().size(), 12u);
  EXPECT_EQ(model->groups().size(), 2u);
  EXPECT_EQ(model->snapshot_accounts(),
            (std::vector<std::string>{kMgmt, kDev, kProd}));
  EXPECT_EQ(model->management_account(), kMgmt);
  for (const Issue& w : model->warnings()) ADD_FAILURE() << w.ToString();

  const Organization* org = model->organization();
  ASSERT_NE(org, nullptr);
  EXPECT_EQ(org->id, "o-exampleorg1");
  EXPECT_EQ(org->OrgPath(kDev),
            "o-exampleorg1/r-ab12/ou-ab12-workload/ou-ab12-dev00001/");
  EXPECT_EQ(org->OrgPath(kMgmt), "o-exampleorg1/r-ab12/");
  // root, Workloads, Dev, the account.
  ASSERT_EQ(model->ScpLevels(kDev).size(), 4u);
  EXPECT_EQ(model->ScpLevels(kDev)[0].size(), 2u);  // FullAWSAccess + DenyLeave
  ASSERT_EQ(model->ScpLevels(kProd).size(), 4u);
  EXPECT_EQ(model->ScpLevels(kProd)[2].size(), 2u);  // Prod: + ProdGuardrails
  // RCP levels are never empty: RCPFullAWSAccess where nothing is attached.
  ASSERT_EQ(model->RcpLevels(kProd).size(), 4u);
  for (const auto& level : model->RcpLevels(kProd)) EXPECT_FALSE(level.empty());
  EXPECT_EQ(model->RcpLevels(kProd)[0][0]->id(), "EnforceOrgIdentities");
  EXPECT_EQ(model->RcpLevels(kProd)[3][0]->id(), "RCPFullAWSAccess");
}

TEST(AccountLoad, EntitiesComeWithTheirPolicies) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  const IamUser* dave = model->FindUser(kDev, "dave");
  ASSERT_NE(dave, nullptr);
  // Own inline, then the Developers group's inline and managed policy.
  ASSERT_EQ(dave->identity_documents.size(), 3u);
  EXPECT_EQ(dave->identity_documents[0]->id,
            "arn:aws:iam::222222222222:user/dave#CrossAccountDeploy");
  EXPECT_EQ(dave->identity_documents[1]->id,
            "arn:aws:iam::222222222222:group/Developers#DeveloperAccess");
  EXPECT_EQ(dave->identity_documents[2]->id,
            "arn:aws:iam::222222222222:policy/AssumeAnalyst");
  EXPECT_EQ(dave->tags.size(), 1u);

  const IamUser* bob = model->FindUser("arn:aws:iam::222222222222:user/bob");
  ASSERT_NE(bob, nullptr);
  ASSERT_NE(bob->boundary, nullptr);
  EXPECT_EQ(bob->boundary->arn, "arn:aws:iam::222222222222:policy/DevBoundary");
  const ManagedPolicy* bob_policy =
      model->FindManagedPolicy("arn:aws:iam::222222222222:policy/BobPolicy");
  ASSERT_NE(bob_policy, nullptr);
  EXPECT_EQ(bob_policy->default_version, "v2");
  EXPECT_EQ(bob_policy->other_versions, std::vector<std::string>{"v1"});
  EXPECT_EQ(bob_policy->document->parsed.statements.size(), 2u);

  // A user with a path, found by ARN and by name.
  EXPECT_NE(
      model->FindUser("arn:aws:iam::222222222222:user/automation/ci-deployer"),
      nullptr);
  EXPECT_NE(model->FindUser(kDev, "ci-deployer"), nullptr);
  // Roles: by ARN with or without the path, names case-insensitively.
  const IamRole* slr = model->FindRole(
      "arn:aws:iam::222222222222:role/AWSServiceRoleForSupport");
  ASSERT_NE(slr, nullptr);
  EXPECT_TRUE(slr->service_linked);
  const IamRole* sso = model->FindRole(
      kMgmt, "awsreservedsso_administratoraccess_0123456789abcdef");
  ASSERT_NE(sso, nullptr);
  EXPECT_TRUE(sso->sso);
  EXPECT_FALSE(sso->service_linked);
  const IamRole* app =
      model->FindRole("arn:aws:iam::333333333333:role/AppRole");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(
      app->instance_profiles,
      std::vector<std::string>{
          "arn:aws:iam::333333333333:instance-profile/AppInstanceProfile"});
}

TEST(AccountLoad, UrlEncodedAndObjectDocumentsBothParse) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  // prod.json carries URL-encoded trust, inline and managed documents.
  const IamRole* reader =
      model->FindRole("arn:aws:iam::333333333333:role/DataReader");
  ASSERT_NE(reader, nullptr);
  ASSERT_NE(reader->trust, nullptr);
  EXPECT_EQ(reader->trust->kind, PolicyKind::kTrust);
  ASSERT_EQ(reader->inline_policies.size(), 1u);
  EXPECT_EQ(reader->inline_policies[0].document->parsed.statements.size(), 3u);
  const IamUser* pat = model->FindUser(kProd, "pat");
  ASSERT_NE(pat, nullptr);
  EXPECT_EQ(pat->identity_documents[0]->parsed.statements[0].actions,
            (std::vector<std::string>{"iam:CreateAccessKey",
                                      "iam:UpdateLoginProfile"}));
}

TEST(AccountLoad, AwsManagedPoliciesAreCompiledOnceAndShared) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  // AdministratorAccess is carried by prod.json (URL-encoded); the other two
  // snapshots only reference it.
  const ManagedPolicy* admin = model->FindManagedPolicy(kAdmin);
  ASSERT_NE(admin, nullptr);
  EXPECT_TRUE(admin->aws_managed);
  EXPECT_TRUE(absl::EndsWith(admin->source, "prod.json")) << admin->source;
  // SecurityAudit and the others come from the vendored list.
  const ManagedPolicy* audit =
      model->FindManagedPolicy("arn:aws:iam::aws:policy/SecurityAudit");
  ASSERT_NE(audit, nullptr);
  EXPECT_TRUE(absl::EndsWith(audit->source, "managed_policies.jsonl"))
      << audit->source;
  EXPECT_NE(model->FindManagedPolicy(
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"),
            nullptr);
  // One compiled object shared by every principal that attaches it.
  const IamUser* mgmt_admin = model->FindUser(kMgmt, "mgmt-admin");
  const IamUser* ci = model->FindUser(kDev, "ci-deployer");
  const IamRole* cfn =
      model->FindRole("arn:aws:iam::333333333333:role/CfnExecRole");
  ASSERT_TRUE(mgmt_admin && ci && cfn);
  EXPECT_EQ(mgmt_admin->identity[0].get(), ci->identity[0].get());
  EXPECT_EQ(ci->identity[0].get(), cfn->identity[0].get());
  EXPECT_EQ(mgmt_admin->identity[0].get(), admin->document->compiled.get());
  // Distinct documents: far fewer than attachments.
  EXPECT_LT(model->compiled_policy_count(), 40u);
}

TEST(AccountLoad, ResourcesFile) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  const ModelResource* bucket = model->FindResource("arn:aws:s3:::prod-data");
  ASSERT_NE(bucket, nullptr);
  EXPECT_EQ(bucket->account, kProd);
  ASSERT_NE(bucket->policy, nullptr);
  // An object is governed by its bucket's policy.
  EXPECT_EQ(model->FindResource("arn:aws:s3:::prod-data/a/b.csv"), bucket);
  EXPECT_EQ(model->FindResource("arn:aws:s3:::prod-datax/a"), nullptr);
  const ModelResource* key = model->FindResource(
      "arn:aws:kms:us-east-1:333333333333:key/"
      "1234abcd-12ab-34cd-56ef-1234567890ab");
  ASSERT_NE(key, nullptr);
  ASSERT_NE(key->policy, nullptr);  // from policyFile
  EXPECT_EQ(key->tags.size(), 1u);
  EXPECT_EQ(key->account, kProd);
}

TEST(AccountResolve, DerivesPrincipalResourceAndOrganizationKeys) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  Caller dave;
  dave.principal = "arn:aws:iam::222222222222:user/dave";
  ASSERT_OK_AND_ASSIGN(
      Resolution r, Resolve(*model, dave, "s3:GetObject",
                            "arn:aws:s3:::prod-data/q1.csv", RequestContext()));
  const RequestContext& c = r.request.context;
  auto value = [&](const char* key) -> std::string {
    const ContextEntry* e = c.Find(key);
    return e == nullptr || e->values.empty() ? "<absent>" : e->values[0].text;
  };
  EXPECT_EQ(value("aws:PrincipalTag/team"), "payments");
  EXPECT_EQ(value("aws:PrincipalOrgID"), "o-exampleorg1");
  EXPECT_EQ(value("aws:PrincipalOrgPaths"),
            "o-exampleorg1/r-ab12/ou-ab12-workload/ou-ab12-dev00001/");
  EXPECT_TRUE(c.Find("aws:PrincipalOrgPaths")->is_list);
  EXPECT_EQ(value("aws:ResourceTag/classification"), "confidential");
  EXPECT_EQ(value("aws:ResourceOrgID"), "o-exampleorg1");
  EXPECT_EQ(value("aws:ResourceOrgPaths"),
            "o-exampleorg1/r-ab12/ou-ab12-workload/ou-ab12-prod0001/");
  EXPECT_EQ(value("aws:ResourceAccount"), kProd);
  EXPECT_EQ(value("aws:username"), "dave");
  EXPECT_EQ(value("aws:userid"), "AIDADAVEEXAMPLE");
  EXPECT_EQ(value("aws:PrincipalIsAWSService"), "false");
  EXPECT_EQ(r.request.resource_account, kProd);
  // Layers: SCPs of dev, RCPs of prod, the bucket policy.
  EXPECT_EQ(r.bundle.scp_levels.size(), 4u);
  EXPECT_EQ(r.bundle.rcp_levels.size(), 4u);
  ASSERT_EQ(r.bundle.resource.size(), 1u);
  EXPECT_EQ(r.bundle.resource[0]->id(), "arn:aws:s3:::prod-data#policy");
  EXPECT_EQ(r.bundle.management_account, kMgmt);
  EXPECT_THAT(r.bundle.Validate(r.request.principal), IsOk());

  // A caller-given value overrides a derived one.
  RequestContext ctx;
  ctx.Set("aws:PrincipalTag/team", "other");
  ASSERT_OK_AND_ASSIGN(Resolution r2,
                       Resolve(*model, dave, "s3:GetObject",
                               "arn:aws:s3:::prod-data/q1.csv", ctx));
  EXPECT_EQ(r2.request.context.Find("aws:PrincipalTag/team")->values[0].text,
            "other");
}

TEST(AccountResolve, RoleSessionsTrustPoliciesAndSessionOptions) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  Caller c;
  c.principal = "DataReader";  // a unique name
  c.session_name = "nightly";
  c.session_tags = {{"team", "etl"}};
  c.source_identity = "alice@example.com";
  ASSERT_OK_AND_ASSIGN(ResolvedCaller rc, ResolveCaller(*model, c));
  EXPECT_EQ(rc.principal.kind, PrincipalKind::kRoleSession);
  EXPECT_EQ(rc.principal.arn,
            "arn:aws:sts::333333333333:assumed-role/DataReader/nightly");
  EXPECT_EQ(rc.entity_arn, "arn:aws:iam::333333333333:role/DataReader");
  // Session tags override the role's tags.
  EXPECT_EQ(rc.context.Find("aws:PrincipalTag/team")->values[0].text, "etl");
  EXPECT_EQ(rc.context.Find("aws:SourceIdentity")->values[0].text,
            "alice@example.com");
  EXPECT_EQ(rc.context.Find("aws:userid")->values[0].text,
            "AROADATAREADEXAMPLE:nightly");

  // sts:AssumeRole on a role: the trust policy is the resource policy and
  // the role's tags are resource tags.
  Caller admin;
  admin.principal = "arn:aws:iam::333333333333:user/prod-admin";
  ASSERT_OK_AND_ASSIGN(
      Resolution r, Resolve(*model, admin, "sts:AssumeRole",
                            "arn:aws:iam::333333333333:role/DataReader", {}));
  ASSERT_EQ(r.bundle.resource.size(), 1u);
  EXPECT_EQ(r.bundle.resource[0]->id(),
            "arn:aws:iam::333333333333:role/DataReader#trust");
  EXPECT_EQ(r.request.context.Find("aws:ResourceTag/team")->values[0].text,
            "analytics");

  // A session policy narrows a role session.
  Caller narrowed;
  narrowed.principal = "arn:aws:iam::333333333333:role/DataReader";
  narrowed.session_policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]})";
  ASSERT_OK_AND_ASSIGN(Resolution n, Resolve(*model, narrowed, "s3:GetObject",
                                             "arn:aws:s3:::prod-data/x", {}));
  ASSERT_EQ(n.bundle.session.size(), 1u);
  Decision d = Evaluate(n.bundle, n.request);
  EXPECT_EQ(d.outcome, Outcome::kImplicitlyDenied);
  EXPECT_EQ(d.layer, Layer::kSession);

  // The root user of an account by its id; service-linked roles keep the
  // fact (SCPs do not apply to them).
  Caller root;
  root.principal = kProd;
  ASSERT_OK_AND_ASSIGN(ResolvedCaller rr, ResolveCaller(*model, root));
  EXPECT_EQ(rr.principal.kind, PrincipalKind::kRoot);
  EXPECT_EQ(rr.principal.arn, "arn:aws:iam::333333333333:root");
  Caller slr;
  slr.principal =
      "arn:aws:iam::222222222222:role/aws-service-role/"
      "support.amazonaws.com/AWSServiceRoleForSupport";
  ASSERT_OK_AND_ASSIGN(Resolution sr,
                       Resolve(*model, slr, "s3:ListAllMyBuckets", "*", {}));
  EXPECT_TRUE(sr.request.principal.service_linked_role);

  // Federated users need the IAM user that called GetFederationToken.
  Caller fed;
  fed.principal = "arn:aws:sts::222222222222:federated-user/dave-console";
  EXPECT_THAT(ResolveCaller(*model, fed),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("GetFederationToken")));
  fed.federation_issuer = "arn:aws:iam::222222222222:user/dave";
  fed.session_policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]})";
  ASSERT_OK_AND_ASSIGN(Resolution fr,
                       Resolve(*model, fed, "logs:PutLogEvents", "*", {}));
  EXPECT_EQ(fr.request.principal.kind, PrincipalKind::kFederatedUser);
  EXPECT_TRUE(Evaluate(fr.bundle, fr.request).allowed());

  // Misuse is reported.
  Caller unknown;
  unknown.principal = "nobody";
  EXPECT_THAT(ResolveCaller(*model, unknown),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nobody")));
  Caller ambiguous;
  ambiguous.principal = "OrganizationAccountAccessRole";
  EXPECT_THAT(ResolveCaller(*model, ambiguous),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("several principals")));
  Caller user_session;
  user_session.principal = "arn:aws:iam::222222222222:user/dave";
  user_session.session_policy = R"({"Version":"2012-10-17","Statement":[]})";
  EXPECT_THAT(ResolveCaller(*model, user_session),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("session policy")));
}

// --- located errors
// ------------------------------------------------------------

struct ErrorCase {
  const char* name;
  const char* json;
  std::vector<const char*> want;  // substrings of the message
};

class SnapshotErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SnapshotErrors, NameFilePointerAndPosition) {
  const ErrorCase& c = GetParam();
  AccountModelBuilder builder;
  absl::Status s = builder.AddSnapshot(c.json, "snap.json");
  if (s.ok()) s = builder.Build().status();
  ASSERT_FALSE(s.ok());
  for (const char* w : c.want) {
    EXPECT_THAT(std::string(s.message()), HasSubstr(w));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Account, SnapshotErrors,
    ::testing::Values(
        ErrorCase{
            .name = "BadJson",
            .json = "{\n  \"UserDetailList\": [,]\n}",
            .want = {"snap.json:2:", ": error: invalid JSON", "[JSON_SYNTAX]"}},
        ErrorCase{.name = "NotASnapshot",
                  .json = R"({"Users": []})",
                  .want = {"snap.json:1:1: error: ",
                           "get-account-authorization-details", "(/)"}},
        ErrorCase{
            .name = "PolicyErrorInObjectDocument",
            .json = "{\"UserDetailList\": [{\"Arn\": "
                    "\"arn:aws:iam::222222222222:user/a\",\n"
                    "  \"UserPolicyList\": [{\"PolicyName\": \"p\", "
                    "\"PolicyDocument\": {\"Version\": \"2012-10-17\",\n"
                    "    \"Statement\": [{\"Effect\": \"Allw\", \"Action\": "
                    "\"*\", \"Resource\": \"*\"}]}}]}]}",
            .want = {"snap.json:3:30: error: Effect must be",
                     "[INVALID_EFFECT] (/UserDetailList/0/UserPolicyList/0/"
                     "PolicyDocument/Statement/0/Effect)"}},
        // The document's first line is a line of the file: the column
        // there is the file's column.
        ErrorCase{
            .name = "PolicyErrorOnObjectDocumentsFirstLine",
            .json = "{\"UserDetailList\": [{\"Arn\": "
                    "\"arn:aws:iam::222222222222:user/a\",\n"
                    "  \"UserPolicyList\": [{\"PolicyName\": \"p\", "
                    "\"PolicyDocument\": {\"Version\": \"2012-10-17\", "
                    "\"Statement\": {\"Effect\": \"Allw\", \"Action\": "
                    "\"*\", \"Resource\": \"*\"}}}]}]}",
            .want = {"snap.json:2:110: error: Effect must be",
                     "[INVALID_EFFECT] (/UserDetailList/0/UserPolicyList/0/"
                     "PolicyDocument/Statement/Effect)"}},
        ErrorCase{
            .name = "PolicyErrorInUrlEncodedDocument",
            .json = "{\"RoleDetailList\": [{\"Arn\": "
                    "\"arn:aws:iam::222222222222:role/r\",\n"
                    "  \"AssumeRolePolicyDocument\": "
                    "\"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A"
                    "%5B%7B%22Effect%22%3A%22Allw%22%7D%5D%7D\"}]}",
            .want = {"snap.json:2:31: error: Effect must be",
                     "(in the decoded document at /Statement/0/Effect, line 1, "
                     "column 48) [INVALID_EFFECT] "
                     "(/RoleDetailList/0/AssumeRolePolicyDocument)\n"}},
        ErrorCase{
            .name = "BadPercentEscape",
            .json =
                R"({"RoleDetailList": [{"Arn": "arn:aws:iam::222222222222:role/r", "AssumeRolePolicyDocument": "%7G"}]})",
            .want = {"/RoleDetailList/0/AssumeRolePolicyDocument",
                     "bad %-escape"}},
        ErrorCase{
            .name = "WrongArn",
            .json =
                R"({"UserDetailList": [{"Arn": "arn:aws:iam::222222222222:role/a"}]})",
            .want = {"snap.json:1:29: error: ", "not an IAM user ARN",
                     "[INVALID_ARN] (/UserDetailList/0/Arn)"}},
        ErrorCase{
            .name = "MissingManagedPolicy",
            .json =
                R"({"UserDetailList": [{"Arn": "arn:aws:iam::222222222222:user/a", "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::222222222222:policy/Gone"}]}]})",
            .want = {"snap.json:1:107: error: ",
                     "policy/Gone is not in the snapshot's Policies",
                     "[MISSING_POLICY] (/UserDetailList/0/"
                     "AttachedManagedPolicies/0/PolicyArn)"}},
        ErrorCase{
            .name = "MissingGroup",
            .json =
                R"({"UserDetailList": [{"Arn": "arn:aws:iam::222222222222:user/a", "GroupList": ["Ops"]}]})",
            .want = {"/UserDetailList/0/GroupList/0", "group \"Ops\""}},
        ErrorCase{
            .name = "NoDefaultVersion",
            .json =
                R"({"Policies": [{"Arn": "arn:aws:iam::222222222222:policy/p", "DefaultVersionId": "v9", "PolicyVersionList": [{"VersionId": "v1", "Document": {"Statement": []}}]}]})",
            .want = {"/Policies/0/PolicyVersionList", "v9"}},
        ErrorCase{
            .name = "AccessKeyStatus",
            .json =
                R"({"UserDetailList": [{"Arn": "arn:aws:iam::222222222222:user/a", "accessKeys": [{"Status": "On"}]}]})",
            .want = {"/UserDetailList/0/accessKeys/0/Status"}}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

TEST(AccountLoad, OrganizationErrors) {
  struct Case {
    const char* json;
    const char* want;
  } cases[] = {
      {R"({"organizationId": "o-x", "managementAccountId": "111111111111", "root": {"id": "r-1", "scps": ["FullAWSAccess"], "accounts": [{"id": "111111111111"}]}})",
       "org.json:1:128: error: no SCP attached"},
      {R"({"organizationId": "o-x", "managementAccountId": "111111111111", "root": {"id": "r-1", "scps": ["Nope"], "accounts": [{"id": "111111111111", "scps": ["FullAWSAccess"]}]}})",
       "org.json:1:97: error: no policy named \"Nope\""},
      {R"({"organizationId": "o-x", "managementAccountId": "111111111111", "root": {"id": "r-1", "accounts": [{"id": "1111"}]}})",
       "/root/accounts/0/id"},
      {R"({"organizationId": "o-x", "managementAccountId": "999999999999", "root": {"id": "r-1", "accounts": [{"id": "111111111111"}]}})",
       "is not in the tree"},
      {R"({"organizationId": "o-x", "managementAccountId": "111111111111", "root": {"id": "r-1", "acounts": []}})",
       "org.json:1:88: error: unknown field \"acounts\""},
      {R"({"organizationId": "o-x", "managementAccountId": "111111111111", "policies": {"P": {"type": "RCP", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}}}, "root": {"id": "r-1", "accounts": [{"id": "111111111111"}]}})",
       "/policies/P/document/Statement/0"},
      {R"({"organizationId": "o-x", "managementAccountId": "111111111111", "policies": {"P": {"type": "RCP", "file": "missing.json"}}, "root": {"id": "r-1"}})",
       "/policies/P/file"},
      {R"({"organizationId": "o-x", "managementAccountId": "111111111111", "policies": {"P": {"type": "SCP", "document": {"Statement": []}}}, "root": {"id": "r-1", "scps": ["FullAWSAccess"], "rcps": ["P"], "accounts": [{"id": "111111111111", "scps": ["FullAWSAccess"]}]}})",
       "\"P\" is an SCP, listed under \"rcps\""},
  };
  for (const Case& c : cases) {
    AccountModelBuilder builder;
    absl::Status s =
        builder.SetOrganization(c.json, "org.json", "/nonexistent");
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.want)) << c.json;
  }
}

TEST(AccountLoad, ResourcesErrors) {
  struct Case {
    const char* json;
    const char* want;
  } cases[] = {
      {R"({"resources": [{"arn": "arn:aws:s3:::b"}]})",
       "res.json:1:16: error: \"account\" is required"},
      {R"({"resources": [{"arn": "arn:aws:s3:::b", "account": "1"}]})",
       "/resources/0/account"},
      {R"({"resources": [{"arn": "bucket"}]})", "/resources/0/arn"},
      {R"([{"arn": "arn:aws:sqs:us-east-1:111111111111:q"}, {"arn": "arn:aws:sqs:us-east-1:111111111111:q"}])",
       "res.json:1:59: error: \"arn:aws:sqs:us-east-1:111111111111:q\" "
       "is already listed at res.json:1:2 (/0) [DUPLICATE_RESOURCE] (/1/arn)"},
      {R"({"resources": [{"arn": "arn:aws:sqs:us-east-1:111111111111:q", "policy": {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}}]})",
       "/resources/0/policy/Statement/0"},
      {R"({"resources": [{"arn": "arn:aws:sqs:us-east-1:111111111111:q", "tags": [{"Value": "x"}]}]})",
       "/resources/0/tags/0"},
  };
  for (const Case& c : cases) {
    AccountModelBuilder builder;
    absl::Status s = builder.AddResources(c.json, "res.json", "/nonexistent");
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.want)) << c.json;
  }
}

// One load reports every error of its inputs, each located, and does not
// repeat a failed policy as "missing" where it is attached.
TEST(AccountLoad, ReportsAllErrorsOfASnapshot) {
  AccountModelBuilder builder;
  absl::Status s = builder.AddSnapshot(
      "{\"Policies\": [{\"Arn\": \"arn:aws:iam::222222222222:policy/P\",\n"
      " \"DefaultVersionId\": \"v1\", \"PolicyVersionList\": [{\"VersionId\": "
      "\"v1\", \"IsDefaultVersion\": true,\n"
      "  \"Document\": {\"Version\": \"2012-10-17\", \"Statement\": "
      "[{\"Effect\": \"Alow\", \"Action\": \"*\", \"Resource\": \"*\"}]}}]}],\n"
      " \"UserDetailList\": [\n"
      "  {\"Arn\": \"arn:aws:iam::222222222222:role/not-a-user\"},\n"
      "  {\"Arn\": \"arn:aws:iam::222222222222:user/b\", "
      "\"AttachedManagedPolicies\": [{\"PolicyArn\": "
      "\"arn:aws:iam::222222222222:policy/P\"}],\n"
      "   \"UserPolicyList\": [{\"PolicyName\": \"a\", \"PolicyDocument\": "
      "{\"Statement\": {\"Effect\": \"Allow\"}}},\n"
      "     {\"PolicyName\": \"b\"}]}]}",
      "snap.json");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  const std::vector<Issue>& issues = builder.issues();
  std::vector<std::string> got;
  for (const Issue& i : issues) {
    got.push_back(absl::StrCat(i.line, " ", i.code, " ", i.pointer));
  }
  EXPECT_THAT(got,
              ::testing::ElementsAre(
                  "3 INVALID_EFFECT "
                  "/Policies/0/PolicyVersionList/0/Document/Statement/0/Effect",
                  "5 INVALID_ARN /UserDetailList/0/Arn",
                  "7 MISSING_ACTION "
                  "/UserDetailList/1/UserPolicyList/0/PolicyDocument/Statement",
                  "7 MISSING_RESOURCE "
                  "/UserDetailList/1/UserPolicyList/0/PolicyDocument/Statement",
                  "8 MISSING_FIELD /UserDetailList/1/UserPolicyList/1"));
  for (const Issue& i : issues) {
    EXPECT_EQ(i.file, "snap.json");
    EXPECT_GT(i.column, 0);
  }
  // The status lists them all, one a line.
  EXPECT_EQ(std::count(s.message().begin(), s.message().end(), '\n'), 4);
  EXPECT_THAT(std::string(s.message()), HasSubstr("snap.json:5:"));
  // Build fails with the same errors: policy/P failed to load, so its
  // attachment is not reported again as missing.
  absl::Status built = builder.Build().status();
  EXPECT_THAT(built,
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_EQ(builder.issues().size(), 5);
  EXPECT_THAT(std::string(built.message()),
              ::testing::Not(HasSubstr("MISSING_POLICY")));
}

TEST(AccountLoad, ReportsAllErrorsOfOrganizationAndResources) {
  AccountModelBuilder builder;
  absl::Status org = builder.SetOrganization(
      R"({"organizationId": "o-x", "managementAccountId": "111111111111",
  "policies": {"P": {"type": "SCP", "document": {"Statement": [{"Effect": "Allow"}]}}},
  "root": {"id": "r-1", "scps": ["FullAWSAccess"], "accounts": [
    {"id": "1111", "scps": ["FullAWSAccess"]},
    {"id": "111111111111", "scps": ["Nope"]}]}})",
      "org.json", "/nonexistent");
  EXPECT_THAT(org, StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  absl::Status res = builder.AddResources(R"({"resources": [
  {"arn": "arn:aws:s3:::b"},
  {"arn": "arn:aws:s3:::c", "account": "111111111111", "tags": 3}]})",
                                          "res.json", "/nonexistent");
  EXPECT_THAT(res, StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  std::vector<std::string> got;
  for (const Issue& i : builder.issues()) {
    got.push_back(
        absl::StrCat(i.file, ":", i.line, " ", i.code, " ", i.pointer));
  }
  EXPECT_THAT(got, ::testing::ElementsAre(
                       "org.json:2 MISSING_ACTION /policies/P/document/"
                       "Statement/0",
                       "org.json:2 MISSING_RESOURCE /policies/P/document/"
                       "Statement/0",
                       "org.json:4 INVALID_ACCOUNT_ID /root/accounts/0/id",
                       "org.json:5 UNKNOWN_POLICY /root/accounts/1/scps/0",
                       "res.json:2 INVALID_ACCOUNT_INPUT /resources/0",
                       "res.json:3 INVALID_ACCOUNT_INPUT /resources/1/tags"));
  // The organization's message has its own errors only.
  EXPECT_THAT(std::string(org.message()),
              ::testing::Not(HasSubstr("res.json")));
  EXPECT_FALSE(builder.Build().ok());
}

TEST(AccountLoad, LoadAccountModelReadsEveryFile) {
  const std::string dir = ::testing::TempDir();
  const std::string snap = dir + "/all-errors-snap.json";
  const std::string res = dir + "/all-errors-res.json";
  {
    std::ofstream(snap) << R"({"UserDetailList": [{"Arn": "x"}]})";
    std::ofstream(res) << R"([{"arn": "y"}])";
  }
  AccountFiles files;
  files.snapshots = {snap};
  files.resources = {res};
  std::vector<Issue> issues;
  absl::StatusOr<std::shared_ptr<const AccountModel>> model =
      LoadAccountModel(files, {}, &issues);
  EXPECT_THAT(model.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("all-errors-res.json:1:")));
  ASSERT_EQ(issues.size(), 2);
  EXPECT_EQ(issues[0].file, snap);
  EXPECT_EQ(issues[1].file, res);
}

TEST(AccountLoad, PagesMergeAndDuplicatesAreIgnored) {
  AccountModelBuilder builder;
  ASSERT_THAT(builder.AddSnapshot(R"([
    {"UserDetailList": [{"Arn": "arn:aws:iam::222222222222:user/a", "GroupList": ["g"]}],
     "IsTruncated": true, "Marker": "m"},
    {"GroupDetailList": [{"Arn": "arn:aws:iam::222222222222:group/g",
       "GroupPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}}]}],
     "UserDetailList": [{"Arn": "arn:aws:iam::222222222222:user/a"}]}
  ])",
                                  "pages.json"),
              IsOk());
  ASSERT_OK_AND_ASSIGN(auto model, builder.Build());
  ASSERT_EQ(model->users().size(), 1u);
  EXPECT_EQ(model->users()[0].identity.size(), 1u);  // the group's policy
  EXPECT_EQ(model->users()[0].name, "a");            // from the ARN
  bool truncated = false, duplicate = false;
  for (const Issue& w : model->warnings()) {
    EXPECT_EQ(w.severity, Severity::kWarning);
    EXPECT_EQ(w.file, "pages.json");
    if (w.code == "TRUNCATED_SNAPSHOT") {
      truncated = true;
      EXPECT_THAT(w.message, HasSubstr("IsTruncated"));
      EXPECT_EQ(w.pointer, "/0");
      EXPECT_EQ(w.line, 2);
    } else if (w.code == "DUPLICATE_ENTITY") {
      duplicate = true;
      EXPECT_THAT(w.message, HasSubstr("already loaded"));
      EXPECT_EQ(w.pointer, "/1/UserDetailList/0");
      EXPECT_GT(w.line, 2);
    }
  }
  EXPECT_TRUE(truncated);
  EXPECT_TRUE(duplicate);
}

TEST(AccountLoad, MissingAttachmentsCanBeWarnings) {
  LoadOptions options;
  options.missing_policy_is_error = false;
  AccountModelBuilder builder(options);
  ASSERT_THAT(
      builder.AddSnapshot(
          R"({"UserDetailList": [{"Arn": "arn:aws:iam::222222222222:user/a", "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::222222222222:policy/Gone"}]}]})",
          "s.json"),
      IsOk());
  ASSERT_OK_AND_ASSIGN(auto model, builder.Build());
  ASSERT_EQ(model->warnings().size(), 1u);
  const Issue& w = model->warnings()[0];
  EXPECT_THAT(w.message, HasSubstr("the attachment is ignored"));
  // Located as the error would be: file, line, column of the PolicyArn
  // value, pointer and code.
  EXPECT_EQ(w.severity, Severity::kWarning);
  EXPECT_EQ(w.code, "MISSING_POLICY");
  EXPECT_EQ(w.file, "s.json");
  EXPECT_EQ(w.line, 1);
  EXPECT_EQ(w.column, 107);
  EXPECT_EQ(w.pointer, "/UserDetailList/0/AttachedManagedPolicies/0/PolicyArn");
}

TEST(AccountLoad, MissingGroupAndOrganizationWarningsAreLocated) {
  LoadOptions options;
  options.missing_policy_is_error = false;
  AccountModelBuilder builder(options);
  ASSERT_THAT(
      builder.AddSnapshot("{\"UserDetailList\": [\n"
                          "  {\"Arn\": \"arn:aws:iam::222222222222:user/a\",\n"
                          "   \"GroupList\": [\"gone\"]}]}",
                          "g.json"),
      IsOk());
  ASSERT_THAT(
      builder.SetOrganization(
          R"({"organizationId": "o-x", "managementAccountId": "333333333333", "root": {"id": "r-1", "scps": ["FullAWSAccess"], "accounts": [{"id": "333333333333", "scps": ["FullAWSAccess"]}]}})",
          "org.json", "."),
      IsOk());
  ASSERT_OK_AND_ASSIGN(auto model, builder.Build());
  ASSERT_EQ(model->warnings().size(), 2u);
  const Issue& group = model->warnings()[0];
  EXPECT_EQ(group.severity, Severity::kWarning);
  EXPECT_EQ(group.code, "MISSING_GROUP");
  EXPECT_EQ(group.file, "g.json");
  EXPECT_EQ(group.line, 3);
  EXPECT_EQ(group.column, 18);
  EXPECT_EQ(group.pointer, "/UserDetailList/0/GroupList/0");
  EXPECT_THAT(group.message, HasSubstr("its policies are ignored"));
  const Issue& org = model->warnings()[1];
  EXPECT_EQ(org.code, "ACCOUNT_NOT_IN_ORGANIZATION");
  EXPECT_EQ(org.file, "org.json");
  EXPECT_THAT(org.message, HasSubstr("222222222222"));
}

TEST(AccountLoad, DataDirectoryOverrides) {
  const char* snapshot =
      R"({"UserDetailList": [{"Arn": "arn:aws:iam::222222222222:user/a", "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]}]})";
  {
    LoadOptions options;
    options.data_dir = "/nonexistent/iameval-data";
    AccountModelBuilder builder(options);
    ASSERT_THAT(builder.AddSnapshot(snapshot, "s.json"), IsOk());
    EXPECT_THAT(builder.Build(), StatusIs(absl::StatusCode::kNotFound,
                                          HasSubstr("IAMEVAL_DATA_DIR")));
  }
  {
    const char* old = std::getenv("IAMEVAL_DATA_DIR");
    std::string saved = old ? old : "";
    setenv("IAMEVAL_DATA_DIR", "/nonexistent/iameval-data", 1);
    EXPECT_EQ(AccountDataDir(), "/nonexistent/iameval-data");
    AccountModelBuilder builder;
    ASSERT_THAT(builder.AddSnapshot(snapshot, "s.json"), IsOk());
    absl::Status s = builder.Build().status();
    if (old) {
      setenv("IAMEVAL_DATA_DIR", saved.c_str(), 1);
    } else {
      unsetenv("IAMEVAL_DATA_DIR");
    }
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound,
                            HasSubstr("/nonexistent/iameval-data")));
  }
  {
    AccountModelBuilder builder;  // the compiled-in default
    ASSERT_THAT(builder.AddSnapshot(snapshot, "s.json"), IsOk());
    ASSERT_OK_AND_ASSIGN(auto model, builder.Build());
    EXPECT_NE(
        model->FindManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess"),
        nullptr);
  }
}

}  // namespace
}  // namespace iameval
