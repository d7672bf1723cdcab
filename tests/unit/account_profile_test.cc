// The account commands under a session profile (include/iameval/account/
// profile.h): each escalation technique found (and blocked by a boundary,
// with the layer named), and a property test on a generated account that
// cross-checks who-can, what-can and escalations against Can, the engine's
// single decision.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "fixtures/accounts/large_account_generator.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/account.h"
#include "iameval/catalog.h"

namespace iameval {
namespace {

constexpr char kAcct[] = "555555555555";
constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

std::string Arn(absl::string_view kind, absl::string_view name) {
  return absl::StrCat("arn:aws:iam::", kAcct, ":", kind, "/", name);
}

std::string Doc(absl::string_view statements) {
  return absl::StrCat(R"({"Version":"2012-10-17","Statement":[)", statements,
                      "]}");
}

const char kAdminStatement[] =
    R"({"Effect":"Allow","Action":"*","Resource":"*"})";

std::string Inline(absl::string_view name, absl::string_view doc) {
  return absl::StrCat(R"({"PolicyName":")", name, R"(","PolicyDocument":)", doc,
                      "}");
}

// A snapshot with an attacker user (in group "devs", with the customer
// managed policy AttackerPolicy attached) and an attacker role, both holding
// `statements`; an admin user, an "admins" group, admin roles a service or
// the account may assume. `boundary`: both attackers get a boundary that
// allows only s3:*.
std::string TechniqueSnapshot(absl::string_view statements, bool boundary) {
  const std::string attacker_doc = Doc(statements);
  const std::string boundary_ref =
      boundary
          ? absl::StrCat(
                R"(,"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":")",
                "arn:aws:iam::", kAcct, R"(:policy/S3Only"})")
          : "";
  auto user = [&](absl::string_view name, absl::string_view inline_policies,
                  absl::string_view groups, absl::string_view managed,
                  absl::string_view extra) {
    return absl::StrCat(R"({"Path":"/","UserName":")", name,
                        R"(","UserId":"AIDA)", name, R"(","Arn":")",
                        Arn("user", name), R"(","UserPolicyList":[)",
                        inline_policies, R"(],"GroupList":[)", groups,
                        R"(],"AttachedManagedPolicies":[)", managed,
                        R"(],"Tags":[])", extra, "}");
  };
  auto role = [&](absl::string_view name, absl::string_view trust,
                  absl::string_view inline_policies, absl::string_view extra) {
    return absl::StrCat(
        R"({"Path":"/","RoleName":")", name, R"(","RoleId":"AROA)", name,
        R"(","Arn":")", Arn("role", name), R"(","AssumeRolePolicyDocument":)",
        trust, R"(,"InstanceProfileList":[],"RolePolicyList":[)",
        inline_policies, R"(],"AttachedManagedPolicies":[],"Tags":[])", extra,
        "}");
  };
  auto managed = [&](absl::string_view name, absl::string_view doc,
                     bool second_version) {
    std::string versions =
        absl::StrCat(R"({"Document":)", doc,
                     R"(,"VersionId":"v2","IsDefaultVersion":true})");
    if (second_version) {
      absl::StrAppend(&versions, R"(,{"Document":)", Doc(kAdminStatement),
                      R"(,"VersionId":"v1","IsDefaultVersion":false})");
    }
    return absl::StrCat(
        R"({"PolicyName":")", name, R"(","PolicyId":"ANPA)", name,
        R"(","Arn":"arn:aws:iam::)", kAcct, ":policy/", name,
        R"(","Path":"/","DefaultVersionId":"v2","PolicyVersionList":[)",
        versions, "]}");
  };
  const std::string account_trust =
      Doc(absl::StrCat(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)",
                       kAcct, R"(:root"},"Action":"sts:AssumeRole"})"));
  const std::string service_trust = Doc(
      R"({"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ec2.amazonaws.com","glue.amazonaws.com","cloudformation.amazonaws.com","codebuild.amazonaws.com","ecs-tasks.amazonaws.com","sagemaker.amazonaws.com"]},"Action":"sts:AssumeRole"})");
  const std::string nobody_trust = Doc(
      R"({"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"})");
  const std::string admin_inline = Inline("Admin", Doc(kAdminStatement));

  std::vector<std::string> users = {
      user("attacker", Inline("Attack", attacker_doc), R"("devs")",
           absl::StrCat(
               R"({"PolicyName":"AttackerPolicy","PolicyArn":"arn:aws:iam::)",
               kAcct, R"(:policy/AttackerPolicy"})"),
           boundary_ref),
      user("admin-user", admin_inline, "", "", ""),
  };
  std::vector<std::string> roles = {
      role("AttackerRole", account_trust, Inline("Attack", attacker_doc),
           boundary_ref),
      role("ServiceAdmin", service_trust, admin_inline, ""),
      role("AssumableAdmin", account_trust, admin_inline, ""),
      role("LockedAdmin", nobody_trust, admin_inline, ""),
  };
  std::vector<std::string> groups = {
      absl::StrCat(
          R"({"Path":"/","GroupName":"devs","GroupId":"AGPADEVS","Arn":")",
          Arn("group", "devs"),
          R"(","GroupPolicyList":[],"AttachedManagedPolicies":[]})"),
      absl::StrCat(
          R"({"Path":"/","GroupName":"admins","GroupId":"AGPAADMINS","Arn":")",
          Arn("group", "admins"), R"(","GroupPolicyList":[)", admin_inline,
          R"(],"AttachedManagedPolicies":[]})"),
  };
  std::vector<std::string> policies = {
      managed(
          "AttackerPolicy",
          Doc(R"({"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"})"),
          true),
      managed("S3Only",
              Doc(R"({"Effect":"Allow","Action":"s3:*","Resource":"*"})"),
              false),
  };
  return absl::StrCat(R"({"UserDetailList":[)", absl::StrJoin(users, ","),
                      R"(],"GroupDetailList":[)", absl::StrJoin(groups, ","),
                      R"(],"RoleDetailList":[)", absl::StrJoin(roles, ","),
                      R"(],"Policies":[)", absl::StrJoin(policies, ","), "]}");
}

std::shared_ptr<const AccountModel> Load(const std::string& snapshot) {
  AccountModelBuilder builder;
  absl::Status s = builder.AddSnapshot(snapshot, "technique.json");
  EXPECT_TRUE(s.ok()) << s;
  absl::StatusOr<std::shared_ptr<const AccountModel>> m = builder.Build();
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *m : nullptr;
}

QueryOptions Human() {
  QueryOptions q;
  q.profile = HumanSessionProfile(kNow);
  return q;
}

struct TechniqueCase {
  const char* technique;
  const char* actions;   // JSON array of the actions the attacker holds
  const char* attacker;  // "user" or "role"
  const char* target;    // principal reached (ARN suffix)
};

class EscalationTechnique : public ::testing::TestWithParam<TechniqueCase> {};

// The attacker's only grants are the technique's actions: the path exists,
// uses the technique, reaches an administrator, and every request of its
// first step passes Can.
TEST_P(EscalationTechnique, FoundAndBlockedByBoundary) {
  const TechniqueCase& c = GetParam();
  const std::string statement = absl::StrCat(R"({"Effect":"Allow","Action":)",
                                             c.actions, R"(,"Resource":"*"})");
  const std::string attacker = std::string(c.attacker) == "user"
                                   ? Arn("user", "attacker")
                                   : Arn("role", "AttackerRole");
  {
    auto model = Load(TechniqueSnapshot(statement, false));
    ASSERT_NE(model, nullptr);
    EscalationOptions options;
    options.query = Human();
    EscalationResult r = FindEscalations(*model, options);
    const EscalationPath* found = nullptr;
    for (const EscalationPath& p : r.paths) {
      if (p.principal != attacker) continue;
      for (const EscalationStep& s : p.steps) {
        if (s.technique == c.technique) found = &p;
      }
    }
    ASSERT_NE(found, nullptr) << c.technique << "\n" << EscalationsToText(r);
    EXPECT_TRUE(found->target_admin);
    EXPECT_TRUE(absl::EndsWith(found->target, c.target)) << found->target;
    Caller caller;
    caller.principal = attacker;
    for (const EscalationRequest& req : found->steps[0].requests) {
      RequestContext ctx = ProfilePrincipalContext(options.query.profile);
      if (req.action == "iam:PassRole") {
        ctx.Set("iam:PassedToService", "lambda.amazonaws.com");
      }
      absl::StatusOr<CanResult> can =
          Can(*model, caller, req.action, req.resource, ctx);
      ASSERT_TRUE(can.ok()) << can.status();
      EXPECT_TRUE(can->decision.allowed()) << req.action << " " << req.resource;
    }
  }
  {
    // A boundary allowing only s3:* blocks it, and says so.
    auto model = Load(TechniqueSnapshot(statement, true));
    ASSERT_NE(model, nullptr);
    EscalationOptions options;
    options.query = Human();
    EscalationResult r = FindEscalations(*model, options);
    for (const EscalationPath& p : r.paths) {
      EXPECT_NE(p.principal, attacker) << EscalationsToText(r);
    }
    if (std::string(c.technique) == "assume-role") return;  // not a probe
    bool blocked = false;
    for (const BlockedEscalation& b : r.blocked) {
      if (b.principal == attacker && b.technique == c.technique) {
        blocked = true;
        EXPECT_EQ(b.blocked_by, "permissions boundary");
      }
    }
    EXPECT_TRUE(blocked) << EscalationsToText(r);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Techniques, EscalationTechnique,
    ::testing::Values(
        TechniqueCase{"create-policy-version", R"(["iam:CreatePolicyVersion"])",
                      "user", ":user/attacker"},
        TechniqueCase{"set-default-policy-version",
                      R"(["iam:SetDefaultPolicyVersion"])", "user",
                      ":user/attacker"},
        TechniqueCase{"attach-user-policy", R"(["iam:AttachUserPolicy"])",
                      "user", ":user/attacker"},
        TechniqueCase{"put-user-policy", R"(["iam:PutUserPolicy"])", "user",
                      ":user/attacker"},
        TechniqueCase{"attach-group-policy", R"(["iam:AttachGroupPolicy"])",
                      "user", ":user/attacker"},
        TechniqueCase{"put-group-policy", R"(["iam:PutGroupPolicy"])", "user",
                      ":user/attacker"},
        TechniqueCase{"attach-role-policy", R"(["iam:AttachRolePolicy"])",
                      "role", ":role/AttackerRole"},
        TechniqueCase{"put-role-policy", R"(["iam:PutRolePolicy"])", "role",
                      ":role/AttackerRole"},
        TechniqueCase{"create-access-key", R"(["iam:CreateAccessKey"])", "user",
                      ":user/admin-user"},
        TechniqueCase{"create-login-profile", R"(["iam:CreateLoginProfile"])",
                      "user", ":user/admin-user"},
        TechniqueCase{"update-login-profile", R"(["iam:UpdateLoginProfile"])",
                      "user", ":user/admin-user"},
        TechniqueCase{"update-assume-role-policy",
                      R"(["iam:UpdateAssumeRolePolicy"])", "user",
                      ":role/LockedAdmin"},
        TechniqueCase{"add-user-to-group", R"(["iam:AddUserToGroup"])", "user",
                      ":user/attacker"},
        TechniqueCase{
            "passrole-lambda",
            R"(["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"])",
            "user", ":role/ServiceAdmin"},
        TechniqueCase{"passrole-ec2", R"(["iam:PassRole","ec2:RunInstances"])",
                      "user", ":role/ServiceAdmin"},
        TechniqueCase{"assume-role", R"(["sts:AssumeRole"])", "user",
                      ":role/AssumableAdmin"}),
    [](const ::testing::TestParamInfo<TechniqueCase>& info) {
      std::string name;
      for (char ch : std::string(info.param.technique)) {
        name += ch == '-' ? '_' : ch;
      }
      return name;
    });

// A principal that holds a technique's action only on its own user is no
// blocked technique on others (issue 13).
TEST(EscalationBlocked, OnlyWhatOwnPoliciesAllow) {
  auto model = Load(TechniqueSnapshot(
      absl::StrCat(
          R"({"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":")",
          Arn("user", "${aws:username}"), R"("},)",
          R"({"Effect":"Deny","NotAction":"iam:GetUser","Resource":"*",)",
          R"("Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}})"),
      false));
  ASSERT_NE(model, nullptr);
  for (bool strict : {false, true}) {
    EscalationOptions options;
    if (!strict) options.query = Human();
    EscalationResult r = FindEscalations(*model, options);
    for (const BlockedEscalation& b : r.blocked) {
      EXPECT_NE(b.resource, Arn("user", "admin-user")) << EscalationsToText(r);
    }
    EXPECT_TRUE(r.paths.empty()) << EscalationsToText(r);
  }
}

// --- property test ----------------------------------------------------------

std::vector<std::string> ModelPrincipals(const AccountModel& m) {
  std::vector<std::string> out;
  for (const IamUser& u : m.users()) out.push_back(u.arn);
  for (const IamRole& r : m.roles()) out.push_back(r.arn);
  return out;
}

// Allowed principals seen by CheckWhoCan, so the property test can insist it
// compared something.
int g_allowed_seen = 0;
int g_conditional_seen = 0;

void CheckWhoCan(const AccountModel& m, const QueryOptions& q,
                 const std::string& action, const std::string& resource) {
  SCOPED_TRACE(absl::StrCat(action, " on ", resource));
  absl::StatusOr<WhoCanResult> who = WhoCan(m, action, resource, q);
  ASSERT_TRUE(who.ok()) << who.status();
  std::set<std::string> listed;
  for (const WhoCanEntry& e : who->allowed) listed.insert(e.principal);
  const RequestContext ctx = ProfilePrincipalContext(q.profile);
  std::set<std::string> engine;
  for (const std::string& p : ModelPrincipals(m)) {
    Caller c;
    c.principal = p;
    absl::StatusOr<CanResult> can = Can(m, c, action, resource, ctx);
    ASSERT_TRUE(can.ok()) << can.status();
    if (can->decision.allowed()) engine.insert(p);
  }
  EXPECT_EQ(listed, engine);
  g_allowed_seen += static_cast<int>(engine.size());
  g_conditional_seen += static_cast<int>(who->conditional.size());
  // Needs-context entries: denied as asked, allowed with their keys.
  for (const WhoCanEntry& e : who->conditional) {
    Caller c;
    c.principal = e.principal;
    RequestContext with = ctx;
    for (const std::string& kv : e.needs) {
      std::vector<std::string> parts =
          absl::StrSplit(kv, absl::MaxSplits('=', 1));
      with.Set(parts[0], parts.size() > 1 ? parts[1] : "");
    }
    absl::StatusOr<CanResult> can = Can(m, c, action, resource, with);
    ASSERT_TRUE(can.ok());
    EXPECT_TRUE(can->decision.allowed()) << e.principal;
    EXPECT_FALSE(engine.count(e.principal)) << e.principal;
  }
}

TEST(AccountProperty, GeneratedAccountAgreesWithCan) {
  testing::LargeAccountParams params;
  params.users = 150;
  params.roles = 60;
  params.policies = 40;
  params.groups = 4;
  params.buckets = 60;
  testing::LargeAccount account = testing::GenerateLargeAccount(params);
  AccountModelBuilder builder;
  ASSERT_TRUE(builder.AddSnapshot(account.snapshot, "gen.json").ok());
  ASSERT_TRUE(builder.AddResources(account.resources, "gen-res.json", "").ok());
  absl::StatusOr<std::shared_ptr<const AccountModel>> model = builder.Build();
  ASSERT_TRUE(model.ok()) << model.status();
  const AccountModel& m = **model;

  for (const QueryOptions& q : {Human(), QueryOptions()}) {
    for (int k : {0, 1, 10, 17, 20, 59}) {
      CheckWhoCan(m, q, "s3:GetObject",
                  absl::StrCat(testing::LargeBucketArn(k), "/data.csv"));
    }
    for (int r : {0, 1, 7}) {
      CheckWhoCan(m, q, "sts:AssumeRole", testing::LargeRoleArn(params, r));
    }
  }

  EXPECT_GT(g_allowed_seen, 0);

  // what-can: every allowed pair passes Can.
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  const QueryOptions q = Human();
  const RequestContext ctx = ProfilePrincipalContext(q.profile);
  int pairs = 0;
  for (int i : {0, 1, 7, 13, 50, 101}) {
    Caller c;
    c.principal = testing::LargeUserArn(params, i);
    WhatCanOptions options;
    options.query = q;
    if (catalog.ok()) options.catalog = catalog->get();
    absl::StatusOr<WhatCanResult> w = WhatCan(m, c, "*", options);
    ASSERT_TRUE(w.ok()) << w.status();
    for (const WhatCanEntry& e : w->actions) {
      if (!e.decision.allowed()) continue;
      ++pairs;
      absl::StatusOr<CanResult> can = Can(m, c, e.action, e.resource, ctx);
      ASSERT_TRUE(can.ok());
      EXPECT_TRUE(can->decision.allowed())
          << c.principal << " " << e.action << " " << e.resource;
    }
  }
  EXPECT_GT(pairs, 0);

  // escalations: every step by the principal itself passes Can.
  EscalationOptions eo;
  eo.query = q;
  EscalationResult esc = FindEscalations(m, eo);
  for (const EscalationPath& p : esc.paths) {
    for (const EscalationStep& s : p.steps) {
      if (s.technique != "assume-role") break;  // later steps act as others
      Caller c;
      c.principal = s.from;
      for (const EscalationRequest& req : s.requests) {
        absl::StatusOr<CanResult> can =
            Can(m, c, req.action, req.resource, ctx);
        ASSERT_TRUE(can.ok());
        EXPECT_TRUE(can->decision.allowed()) << s.from << " " << req.action;
      }
    }
  }
}

// The issue-13 fixture and org3 under both profiles: who-can agrees with Can
// (including principals that need context), and assume-paths keeps the
// edges that need context, labelled.
TEST(AccountProperty, FixturesAgreeWithCan) {
  const std::string dir =
      std::string(IAMEVAL_SOURCE_DIR) + "/tests/fixtures/accounts/issue13/";
  AccountFiles files;
  files.snapshots = {dir + "account.json"};
  files.resources = {dir + "resources.json"};
  absl::StatusOr<std::shared_ptr<const AccountModel>> model =
      LoadAccountModel(files);
  ASSERT_TRUE(model.ok()) << model.status();
  const int conditional_before = g_conditional_seen;
  for (const QueryOptions& q : {Human(), QueryOptions()}) {
    CheckWhoCan(**model, q, "sts:AssumeRole",
                "arn:aws:iam::444444444444:role/target");
    CheckWhoCan(**model, q, "iam:AttachUserPolicy",
                "arn:aws:iam::444444444444:user/alice");
    CheckWhoCan(**model, q, "kms:Decrypt",
                "arn:aws:kms:us-east-1:444444444444:key/"
                "11111111-2222-3333-4444-555555555555");
  }
  // bob (ExternalId) twice; alice (MFA) under the strict profile.
  EXPECT_EQ(g_conditional_seen - conditional_before, 3);

  AssumePathsOptions strict;
  AssumeGraph g = AssumePaths(**model, strict);
  int labelled = 0;
  for (const AssumeEdge& e : g.edges) {
    if (absl::StrContains(e.to, "AWSReservedSSO_")) {
      EXPECT_THAT(e.needs, ::testing::ElementsAre(absl::StrCat(
                               "SAML:aud=", kAwsSignInSamlAudience)));
      ++labelled;
    }
  }
  EXPECT_EQ(labelled, 1);
  for (const AssumeReach& r : g.closure) {
    EXPECT_FALSE(absl::StrContains(r.to, "AWSReservedSSO_")) << r.from;
  }
}

// Review on the issue-13 fixture: the flags a reviewer acts on, services
// riskiest first, RoleLastUsed, Identity Center users, JSON.
TEST(AccountReview, FlagsAndRisk) {
  const std::string dir =
      std::string(IAMEVAL_SOURCE_DIR) + "/tests/fixtures/accounts/issue13/";
  AccountFiles files;
  files.snapshots = {dir + "account.json"};
  files.resources = {dir + "resources.json"};
  absl::StatusOr<std::shared_ptr<const AccountModel>> model =
      LoadAccountModel(files);
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  if (!catalog.ok()) GTEST_SKIP() << catalog.status();
  ReviewOptions options;
  options.query = Human();
  options.assume_mfa = false;
  options.catalog = catalog->get();
  options.now_unix_seconds = kNow;
  ReviewResult r = Review(**model, options);
  EXPECT_TRUE(r.identity_center);
  auto find = [&](absl::string_view suffix) -> const PrincipalReview* {
    for (const PrincipalReview& p : r.principals) {
      if (absl::EndsWith(p.principal, suffix)) return &p;
    }
    return nullptr;
  };
  const PrincipalReview* alice = find(":user/alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_THAT(alice->flags,
              ::testing::IsSupersetOf({"permissions-management", "escalation",
                                       "iam-user-with-identity-center"}));
  const PrincipalReview* key_admin = find(":role/KeyAdmin");
  ASSERT_NE(key_admin, nullptr);
  ASSERT_EQ(key_admin->services.size(), 1u);
  EXPECT_EQ(key_admin->services[0].service, "kms");
  // Riskiest first.
  EXPECT_EQ(key_admin->services[0].access_levels.front(),
            "Permissions management");
  EXPECT_EQ(key_admin->services[0].access_levels.back(), "Read");
  // No RoleLastUsed in the fixture: unknown, so never flagged unused.
  EXPECT_FALSE(key_admin->last_used_known);
  EXPECT_FALSE(key_admin->unused);
  const std::string json = ReviewToJson(r);
  EXPECT_THAT(json, ::testing::HasSubstr("\"identityCenter\": true"));
  EXPECT_THAT(json, ::testing::HasSubstr("\"escalation\""));
}

TEST(AccountReview, RoleLastUsed) {
  std::string snapshot = TechniqueSnapshot(kAdminStatement, false);
  // AssumableAdmin last used 2025-06-01 (214 days before kNow); ServiceAdmin
  // never ({}); LockedAdmin yesterday.
  auto mark = [&](absl::string_view role, absl::string_view last_used) {
    const std::string anchor = absl::StrCat(R"("RoleName":")", role, R"(")");
    size_t at = snapshot.find(anchor);
    ASSERT_NE(at, std::string::npos);
    snapshot.insert(at, absl::StrCat(R"("RoleLastUsed":)", last_used, ","));
  };
  mark("AssumableAdmin", R"({"LastUsedDate":"2025-06-01T00:00:00+00:00"})");
  mark("ServiceAdmin", "{}");
  mark("LockedAdmin", R"({"LastUsedDate":"2025-12-31T00:00:00Z"})");
  auto model = Load(snapshot);
  ASSERT_NE(model, nullptr);
  ReviewOptions options;
  options.query = Human();
  options.include_escalations = false;
  options.now_unix_seconds = kNow;
  std::map<std::string, bool> unused;
  for (const PrincipalReview& p : Review(*model, options).principals) {
    unused[p.principal] = p.unused;
  }
  EXPECT_TRUE(unused[Arn("role", "AssumableAdmin")]);
  EXPECT_TRUE(unused[Arn("role", "ServiceAdmin")]);
  EXPECT_FALSE(unused[Arn("role", "LockedAdmin")]);
  EXPECT_FALSE(unused[Arn("role", "AttackerRole")]);  // no RoleLastUsed
  options.unused_days = 365;
  for (const PrincipalReview& p : Review(*model, options).principals) {
    if (p.principal == Arn("role", "AssumableAdmin")) {
      EXPECT_FALSE(p.unused);
    }
  }
}

// An AWS managed policy newer than the vendored list: an error by default;
// with missing_policy_is_error false the principal loads as incomplete and
// who-can and review say so rather than reporting it less privileged.
TEST(AccountLoad, MissingPolicyMakesPrincipalIncomplete) {
  std::string snapshot = TechniqueSnapshot(kAdminStatement, false);
  const size_t user = snapshot.find(Arn("user", "attacker"));
  ASSERT_NE(user, std::string::npos);
  const std::string anchor = R"("AttachedManagedPolicies":[)";
  const size_t at = snapshot.find(anchor, user);
  ASSERT_NE(at, std::string::npos);
  snapshot.insert(
      at + anchor.size(),
      R"({"PolicyName":"BrandNew2099","PolicyArn":"arn:aws:iam::aws:policy/BrandNew2099"},)");
  {
    AccountModelBuilder builder;
    ASSERT_TRUE(builder.AddSnapshot(snapshot, "new.json").ok());
    absl::StatusOr<std::shared_ptr<const AccountModel>> m = builder.Build();
    ASSERT_FALSE(m.ok());
    EXPECT_THAT(m.status().message(), ::testing::HasSubstr("BrandNew2099"));
  }
  LoadOptions lenient;
  lenient.missing_policy_is_error = false;
  AccountModelBuilder builder(lenient);
  ASSERT_TRUE(builder.AddSnapshot(snapshot, "new.json").ok());
  absl::StatusOr<std::shared_ptr<const AccountModel>> m = builder.Build();
  ASSERT_TRUE(m.ok()) << m.status();
  absl::StatusOr<WhoCanResult> who =
      WhoCan(**m, "s3:DeleteBucket", "arn:aws:s3:::some-bucket", Human());
  ASSERT_TRUE(who.ok());
  ASSERT_EQ(who->incomplete.size(), 1u);
  EXPECT_EQ(who->incomplete[0].principal, Arn("user", "attacker"));
  EXPECT_THAT(who->incomplete[0].missing,
              ::testing::ElementsAre("arn:aws:iam::aws:policy/BrandNew2099"));
  EXPECT_THAT(WhoCanToText(*who), ::testing::HasSubstr("incomplete"));
  ReviewOptions options;
  options.query = Human();
  options.include_escalations = false;
  for (const PrincipalReview& p : Review(**m, options).principals) {
    const bool flagged = std::find(p.flags.begin(), p.flags.end(),
                                   "incomplete") != p.flags.end();
    EXPECT_EQ(flagged, p.principal == Arn("user", "attacker")) << p.principal;
  }
}

// review --diff: a new principal, a principal whose grants grew, flags
// gained; an unchanged principal is not listed.
TEST(AccountReview, DiffBetweenQuarters) {
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  if (!catalog.ok()) GTEST_SKIP() << catalog.status();
  const std::string old_snapshot = TechniqueSnapshot(
      R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})", false);
  std::string new_snapshot = TechniqueSnapshot(
      R"({"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"})",
      false);
  const std::string anchor = R"({"UserDetailList":[)";
  ASSERT_EQ(new_snapshot.rfind(anchor, 0), 0u);
  new_snapshot.insert(
      anchor.size(),
      absl::StrCat(
          R"({"Path":"/","UserName":"newcomer","UserId":"AIDANEW","Arn":")",
          Arn("user", "newcomer"),
          R"(","UserPolicyList":[],"GroupList":[],"AttachedManagedPolicies":[],"Tags":[]},)"));
  auto old_model = Load(old_snapshot);
  auto new_model = Load(new_snapshot);
  ASSERT_NE(old_model, nullptr);
  ASSERT_NE(new_model, nullptr);
  ReviewOptions options;
  options.query = Human();
  options.catalog = catalog->get();
  options.include_escalations = false;
  ReviewDiff diff =
      DiffReviews(Review(*old_model, options), Review(*new_model, options));
  ASSERT_EQ(diff.added.size(), 1u);
  EXPECT_EQ(diff.added[0].principal, Arn("user", "newcomer"));
  EXPECT_TRUE(diff.removed.empty());
  std::map<std::string, PrincipalChange> changed;
  for (const PrincipalChange& c : diff.changed) changed[c.principal] = c;
  ASSERT_TRUE(changed.count(Arn("user", "attacker")));
  EXPECT_THAT(changed[Arn("user", "attacker")].grants_added,
              ::testing::ElementsAre("s3=Write"));
  EXPECT_FALSE(changed.count(Arn("user", "admin-user")));
  // The other way round: removed, and the grant lost.
  ReviewDiff back =
      DiffReviews(Review(*new_model, options), Review(*old_model, options));
  EXPECT_THAT(back.removed, ::testing::ElementsAre(Arn("user", "newcomer")));
  EXPECT_THAT(ReviewDiffToJson(back), ::testing::HasSubstr("s3=Write"));
}

// The issue-13 fixture: the profile is what decides, and is stated.
TEST(SessionProfile, StatesWhatItAssumes) {
  SessionProfile human = HumanSessionProfile(kNow);
  EXPECT_THAT(SessionProfileToText(human),
              ::testing::HasSubstr("aws:MultiFactorAuthPresent=true"));
  EXPECT_THAT(SessionProfileToText(human),
              ::testing::HasSubstr("aws:CurrentTime=2026-01-01T00:00:00Z"));
  EXPECT_THAT(
      SessionProfileToText(human),
      ::testing::HasSubstr("SAML:aud=https://signin.aws.amazon.com/saml"));
  human.given.Set("aws:MultiFactorAuthPresent", "false");
  // A given key replaces the assumed one and is reported as given.
  EXPECT_THAT(SessionProfileToJson(human),
              ::testing::Not(::testing::HasSubstr(
                  "\"assumed\": {\"aws:MultiFactorAuthPresent\"")));
  EXPECT_EQ(ProfilePrincipalContext(human)
                .Find("aws:MultiFactorAuthPresent")
                ->values[0]
                .text,
            "false");
  EXPECT_EQ(SessionProfileToText(StrictSessionProfile()),
            "profile: strict (nothing assumed)");
  EXPECT_EQ(ProfilePrincipalContext(StrictSessionProfile()).size(), 0u);
  EXPECT_EQ(ProfileSamlContext(HumanSessionProfile(kNow))
                .Find("SAML:aud")
                ->values[0]
                .text,
            kAwsSignInSamlAudience);
}

}  // namespace
}  // namespace iameval
