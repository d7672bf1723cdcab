// Review and FindEscalations over tests/fixtures/accounts/org3
// (include/iameval/account/review.h, escalation.h).
#include <map>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/account.h"
#include "iameval/catalog.h"
#include "json/json_reader.h"
#include "testing/account_fixture.h"

namespace iameval {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kDir = ::iameval::testing::Org3Dir();
const std::string kDev = "arn:aws:iam::222222222222:";
const std::string kProd = "arn:aws:iam::333333333333:";
const std::string kMgmt = "arn:aws:iam::111111111111:";

std::shared_ptr<const AccountModel> Org3() {
  return ::iameval::testing::Org3Model();
}

bool ValidJson(const std::string& text) {
  json::JsonValue v;
  Issue issue;
  bool ok = json::ReadJson(text, json::ReadOptions(), &v, &issue);
  if (!ok) ADD_FAILURE() << issue.ToString();
  return ok;
}

std::map<std::string, PrincipalReview> ByPrincipal(const ReviewResult& r) {
  std::map<std::string, PrincipalReview> out;
  for (const PrincipalReview& p : r.principals) out[p.principal] = p;
  return out;
}

TEST(AccountReview, Flags) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  ReviewResult review = Review(*model);
  EXPECT_FALSE(review.catalog_used);
  ASSERT_EQ(review.principals.size(), 21u);
  auto p = ByPrincipal(review);

  const PrincipalReview& mgmt_admin = p[kMgmt + "user/mgmt-admin"];
  EXPECT_TRUE(mgmt_admin.admin);
  EXPECT_EQ(mgmt_admin.admin_detail, "*");
  EXPECT_TRUE(mgmt_admin.no_mfa_enforcement);
  EXPECT_EQ(mgmt_admin.active_access_keys, 1);
  // The management account's people sign in through Identity Center
  // (AWSReservedSSO_* roles), so its IAM users are flagged.
  EXPECT_THAT(mgmt_admin.flags,
              ElementsAre("admin", "permissions-management", "no-mfa",
                          "access-keys", "iam-user-with-identity-center"));

  // ci-deployer: one active key out of two.
  EXPECT_EQ(p[kDev + "user/automation/ci-deployer"].active_access_keys, 1);
  // No accessKeys field: unknown, not zero.
  EXPECT_FALSE(p[kDev + "user/dave"].active_access_keys.has_value());

  // erin and auditor have a Deny on aws:MultiFactorAuthPresent.
  EXPECT_FALSE(p[kDev + "user/erin"].no_mfa_enforcement);
  EXPECT_FALSE(p[kMgmt + "user/auditor"].no_mfa_enforcement);
  EXPECT_TRUE(p[kDev + "user/dave"].no_mfa_enforcement);

  // Roles assumable from elsewhere.
  const PrincipalReview& vendor = p[kProd + "role/VendorAudit"];
  EXPECT_TRUE(vendor.assumable_from_outside_account);
  EXPECT_TRUE(vendor.assumable_from_outside_org);
  EXPECT_THAT(vendor.external_trust,
              ElementsAre("arn:aws:iam::999999999999:root"));
  EXPECT_THAT(vendor.flags, ElementsAre("outside-org-trust"));
  const PrincipalReview& deploy = p[kProd + "role/DeployRole"];
  EXPECT_TRUE(deploy.assumable_from_outside_account);
  EXPECT_FALSE(deploy.assumable_from_outside_org);
  EXPECT_THAT(deploy.external_trust, ElementsAre(kDev + "user/dave"));
  // DeployRole can pass CfnExecRole (admin) to CloudFormation.
  EXPECT_THAT(deploy.flags, ElementsAre("cross-account-trust", "escalation"));
  EXPECT_THAT(
      p[kDev + "role/OrganizationAccountAccessRole"].flags,
      ElementsAre("admin", "cross-account-trust", "permissions-management"));
  // Assumed by a service only: not external.
  EXPECT_TRUE(p[kDev + "role/LambdaAdmin"].external_trust.empty());
  EXPECT_THAT(p[kDev + "role/Analyst"].flags, ::testing::IsEmpty());

  // Services (no catalog: levels unknown).
  std::set<std::string> dave_services;
  for (const ServiceAccess& s : p[kDev + "user/dave"].services) {
    dave_services.insert(s.service);
    EXPECT_THAT(s.access_levels, ElementsAre("unknown"));
  }
  EXPECT_EQ(dave_services,
            (std::set<std::string>{"iam", "lambda", "logs", "s3", "sts"}));
  // KeyAdmin holds kms behind MFA; the review assumes an MFA session.
  ASSERT_EQ(p[kProd + "role/KeyAdmin"].services.size(), 1u);
  EXPECT_EQ(p[kProd + "role/KeyAdmin"].services[0].service, "kms");
  EXPECT_TRUE(p[kDev + "user/bob"].has_boundary);

  std::string md = ReviewToMarkdown(review);
  EXPECT_THAT(md, HasSubstr("## Account 222222222222"));
  EXPECT_THAT(md,
              HasSubstr("| arn:aws:iam::111111111111:user/mgmt-admin | user | "
                        "* (unknown) | admin, permissions-management, no-mfa, "
                        "access-keys, iam-user-with-identity-center |"));
  std::string csv = ReviewToCsv(review);
  std::vector<std::string> lines = absl::StrSplit(csv, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 22u);
  EXPECT_EQ(
      lines[0],
      "account,principal,type,services,access_levels,admin,external_trust,"
      "outside_account,outside_org,no_mfa,active_access_keys,boundary,flags");
  bool vendor_line = false;
  for (const std::string& line : lines) {
    if (absl::StartsWith(line,
                         "333333333333,arn:aws:iam::333333333333:role/"
                         "VendorAudit,role,a4b;")) {
      vendor_line = true;
      EXPECT_TRUE(absl::EndsWith(line,
                                 ",,arn:aws:iam::999999999999:root,true,"
                                 "true,,,false,outside-org-trust"))
          << line;
    }
  }
  EXPECT_TRUE(vendor_line);
  EXPECT_THAT(lines, Contains("222222222222,arn:aws:iam::222222222222:user/bob,"
                              "user,s3,s3=unknown,,,false,false,true,,true,"
                              "no-mfa;boundary;iam-user-with-identity-center"));
}

TEST(AccountReview, AccessLevelsFromTheCatalog) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  if (!catalog.ok()) GTEST_SKIP() << catalog.status();
  ReviewOptions options;
  options.catalog = catalog->get();
  ReviewResult review = Review(*model, options);
  EXPECT_TRUE(review.catalog_used);
  auto p = ByPrincipal(review);
  std::map<std::string, std::vector<std::string>> levels;
  for (const ServiceAccess& s : p[kProd + "role/DataReader"].services) {
    levels[s.service] = s.access_levels;
  }
  EXPECT_THAT(levels["s3"], ElementsAre("List", "Read"));
  ASSERT_EQ(p[kMgmt + "user/mgmt-admin"].services.size(), 1u);
  EXPECT_EQ(p[kMgmt + "user/mgmt-admin"].services[0].service, "*");
}

// --- escalation
// ------------------------------------------------------------------

std::string Techniques(const EscalationPath& p) {
  std::string out;
  for (const EscalationStep& s : p.steps) {
    if (!out.empty()) out += " > ";
    out += s.technique;
  }
  return out;
}

TEST(AccountEscalation, PathsFoundAndBlocked) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  EscalationResult r = FindEscalations(*model);
  std::map<std::pair<std::string, std::string>, const EscalationPath*> paths;
  for (const EscalationPath& p : r.paths) paths[{p.principal, p.target}] = &p;

  // dave passes LambdaAdmin to a function he creates and invokes.
  auto* lambda = paths[{kDev + "user/dave", kDev + "role/LambdaAdmin"}];
  ASSERT_NE(lambda, nullptr) << EscalationsToText(r);
  EXPECT_TRUE(lambda->target_admin);
  EXPECT_EQ(Techniques(*lambda), "passrole-lambda");
  ASSERT_EQ(lambda->steps[0].requests.size(), 3u);
  EXPECT_EQ(lambda->steps[0].requests[0].action, "iam:PassRole");
  EXPECT_EQ(lambda->steps[0].requests[0].granting[0].sid, "PassLambdaRoles");

  // Two steps across accounts: dave -> DeployRole -> CfnExecRole (admin).
  auto* cfn = paths[{kDev + "user/dave", kProd + "role/CfnExecRole"}];
  ASSERT_NE(cfn, nullptr) << EscalationsToText(r);
  EXPECT_TRUE(cfn->target_admin);
  EXPECT_EQ(Techniques(*cfn), "assume-role > passrole-cloudformation");

  // carol mints an access key for the admin user.
  auto* key =
      paths[{kDev + "user/carol", kDev + "user/automation/ci-deployer"}];
  ASSERT_NE(key, nullptr) << EscalationsToText(r);
  EXPECT_TRUE(key->target_admin);
  EXPECT_EQ(Techniques(*key), "create-access-key");

  // Nobody starts from an administrator; bob and pat have no path.
  for (const EscalationPath& p : r.paths) {
    EXPECT_NE(p.principal, kDev + "user/bob");
    EXPECT_NE(p.principal, kProd + "user/pat");
    EXPECT_NE(p.principal, kMgmt + "user/mgmt-admin");
    EXPECT_NE(p.principal, kDev + "user/automation/ci-deployer");
  }

  // ... because a boundary and an SCP stop them.
  std::map<std::string, Layer> blocked;
  for (const BlockedEscalation& b : r.blocked) {
    blocked[b.principal + " " + b.technique] = b.decision.layer;
  }
  EXPECT_EQ(blocked[kDev + "user/bob create-policy-version"], Layer::kBoundary);
  EXPECT_EQ(blocked[kDev + "user/bob set-default-policy-version"],
            Layer::kBoundary);
  EXPECT_EQ(blocked[kProd + "user/pat create-access-key"], Layer::kScp);
  EXPECT_EQ(blocked[kProd + "user/pat update-login-profile"], Layer::kScp);

  EXPECT_TRUE(ValidJson(EscalationsToJson(r)));
  EXPECT_THAT(EscalationsToText(r), HasSubstr("blocked ("));
}

TEST(AccountEscalation, WithoutTheBoundaryBobEscalates) {
  // The same bob without his boundary: rewriting his own policy works.
  AccountModelBuilder builder;
  ASSERT_TRUE(builder
                  .AddSnapshot(R"({
    "UserDetailList": [{"Arn": "arn:aws:iam::222222222222:user/bob",
      "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::222222222222:policy/BobPolicy"}]},
      {"Arn": "arn:aws:iam::222222222222:user/eve", "UserPolicyList": [{"PolicyName": "self",
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": ["iam:PutUserPolicy", "iam:AddUserToGroup"], "Resource": "*"}]}}]}],
    "GroupDetailList": [{"Arn": "arn:aws:iam::222222222222:group/Ops",
      "GroupPolicyList": [{"PolicyName": "ops", "PolicyDocument": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}}]}],
    "Policies": [{"Arn": "arn:aws:iam::222222222222:policy/BobPolicy", "DefaultVersionId": "v2",
      "PolicyVersionList": [{"VersionId": "v2", "IsDefaultVersion": true, "Document": {
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "iam:CreatePolicyVersion", "Resource": "arn:aws:iam::222222222222:policy/BobPolicy"}]}}]}]
  })",
                               "s.json")
                  .ok());
  auto model = builder.Build();
  ASSERT_TRUE(model.ok()) << model.status();
  EscalationResult r = FindEscalations(**model);
  std::set<std::string> found;
  for (const EscalationPath& p : r.paths) {
    found.insert(p.principal + " " + Techniques(p) +
                 (p.target_admin ? " admin" : ""));
  }
  EXPECT_THAT(found, Contains(kDev + "user/bob create-policy-version admin"));
  EXPECT_THAT(found, Contains(kDev + "user/eve put-user-policy admin"));
  EXPECT_TRUE(r.blocked.empty());
}

}  // namespace
}  // namespace iameval
