// Queries over the tests/fixtures/accounts/org3 organization
// (include/iameval/account/query.h): Can, WhoCan on a bucket and a KMS key,
// WhatCan for a developer, the role-assumption graph, and the renderers.
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/account.h"
#include "iameval/catalog.h"
#include "json/json_reader.h"
#include "testing/account_fixture.h"
#include "testing/status_matchers.h"

namespace iameval {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

const std::string kDir = ::iameval::testing::Org3Dir();
constexpr char kBucketObject[] = "arn:aws:s3:::prod-data/reports/q1.csv";
constexpr char kKey[] =
    "arn:aws:kms:us-east-1:333333333333:key/"
    "1234abcd-12ab-34cd-56ef-1234567890ab";

std::shared_ptr<const AccountModel> Org3() {
  return ::iameval::testing::Org3Model();
}

Caller Who(const std::string& principal) {
  Caller c;
  c.principal = principal;
  return c;
}

std::set<std::string> Principals(const std::vector<WhoCanEntry>& entries) {
  std::set<std::string> out;
  for (const WhoCanEntry& e : entries) out.insert(e.principal);
  return out;
}

bool ValidJson(const std::string& text) {
  json::JsonValue v;
  Issue issue;
  bool ok = json::ReadJson(text, json::ReadOptions(), &v, &issue);
  if (!ok) ADD_FAILURE() << issue.ToString() << "\n" << text;
  return ok;
}

TEST(AccountCan, DecisionsWithTraces) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  struct Case {
    const char* principal;
    const char* action;
    const char* resource;
    Outcome outcome;
    Layer layer;
  } cases[] = {
      // Cross-account: the bucket policy names the Analyst role.
      {"arn:aws:iam::222222222222:role/Analyst", "s3:GetObject", kBucketObject,
       Outcome::kAllowed, Layer::kResource},
      // dave has no grant in the bucket policy.
      {"arn:aws:iam::222222222222:user/dave", "s3:GetObject", kBucketObject,
       Outcome::kImplicitlyDenied, Layer::kResource},
      {"arn:aws:iam::222222222222:user/dave", "sts:AssumeRole",
       "arn:aws:iam::333333333333:role/DeployRole", Outcome::kAllowed,
       Layer::kResource},
      // The prod SCP forbids long-term credentials, even for an admin.
      {"arn:aws:iam::333333333333:user/prod-admin", "iam:CreateAccessKey",
       "arn:aws:iam::333333333333:user/pat", Outcome::kExplicitlyDenied,
       Layer::kScp},
      // The management account is not governed by SCPs.
      {"arn:aws:iam::111111111111:user/mgmt-admin",
       "organizations:LeaveOrganization", "*", Outcome::kAllowed,
       Layer::kIdentity},
      {"arn:aws:iam::222222222222:user/automation/ci-deployer",
       "organizations:LeaveOrganization", "*", Outcome::kExplicitlyDenied,
       Layer::kScp},
      // bob's boundary has no iam.
      {"bob", "iam:CreatePolicyVersion",
       "arn:aws:iam::222222222222:policy/BobPolicy", Outcome::kImplicitlyDenied,
       Layer::kBoundary},
      // The key policy names AppRole directly.
      {"AppRole", "kms:Decrypt", kKey, Outcome::kAllowed, Layer::kResource},
      // KeyAdmin needs MFA.
      {"KeyAdmin", "kms:Decrypt", kKey, Outcome::kImplicitlyDenied,
       Layer::kIdentity},
      // The root user of prod, on a key whose policy grants the account.
      {"333333333333", "kms:Decrypt", kKey, Outcome::kAllowed,
       Layer::kResource},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.principal) + " " + c.action);
    ASSERT_OK_AND_ASSIGN(CanResult r,
                         Can(*model, Who(c.principal), c.action, c.resource));
    EXPECT_EQ(r.decision.outcome, c.outcome) << CanResultToText(r);
    EXPECT_EQ(r.decision.layer, c.layer) << CanResultToText(r);
    EXPECT_TRUE(ValidJson(CanResultToJson(r)));
  }
  RequestContext mfa;
  mfa.Set("aws:MultiFactorAuthPresent", "true");
  ASSERT_OK_AND_ASSIGN(CanResult r,
                       Can(*model, Who("KeyAdmin"), "kms:Decrypt", kKey, mfa));
  EXPECT_TRUE(r.decision.allowed());
  EXPECT_THAT(CanResultToText(r),
              HasSubstr("principal: arn:aws:iam::333333333333:role/KeyAdmin"));
}

TEST(AccountWhoCan, Bucket) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  ASSERT_OK_AND_ASSIGN(WhoCanResult r,
                       WhoCan(*model, "s3:GetObject", kBucketObject));
  EXPECT_EQ(r.principals_evaluated, 21u);
  EXPECT_EQ(r.resource_account, "333333333333");
  EXPECT_THAT(
      Principals(r.allowed),
      UnorderedElementsAre(
          "arn:aws:iam::222222222222:role/Analyst",
          "arn:aws:iam::333333333333:role/AppRole",
          "arn:aws:iam::333333333333:role/CfnExecRole",
          "arn:aws:iam::333333333333:role/DataReader",
          "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole",
          "arn:aws:iam::333333333333:user/prod-admin"));
  EXPECT_TRUE(r.conditional.empty()) << WhoCanToText(r);
  const WhoCanEntry& analyst = r.allowed[0];
  ASSERT_EQ(analyst.principal, "arn:aws:iam::222222222222:role/Analyst");
  EXPECT_EQ(analyst.type, "role");
  EXPECT_EQ(analyst.evaluated_as,
            "arn:aws:sts::222222222222:assumed-role/Analyst/iameval");
  EXPECT_EQ(analyst.decision.reason, Reason::kAllowedCrossAccount);
  std::set<std::string> grants;
  for (const StatementRef& s : analyst.granting) {
    grants.insert(s.policy + "#" + s.sid);
    // Statement lines are lines of the file the policy is written in.
    if (s.sid == "AnalystRead") {
      EXPECT_EQ(s.line, 12);  // resources.json
    }
    if (s.sid == "ReadProdData") {
      EXPECT_EQ(s.line, 251);  // dev.json
    }
  }
  EXPECT_THAT(
      grants,
      UnorderedElementsAre(
          "arn:aws:s3:::prod-data#policy#AnalystRead",
          "arn:aws:iam::222222222222:role/Analyst#ReadProdData#ReadProdData"));
  // The TLS-only Deny tested a key the request did not carry.
  EXPECT_THAT(analyst.condition_keys, ElementsAre("aws:SecureTransport"));
  EXPECT_TRUE(ValidJson(WhoCanToJson(r)));
  EXPECT_THAT(WhoCanToText(r), HasSubstr("6 of 21 principals"));

  // Over plain HTTP the bucket policy denies everyone.
  QueryOptions http;
  http.context.Set("aws:SecureTransport", "false");
  ASSERT_OK_AND_ASSIGN(WhoCanResult none,
                       WhoCan(*model, "s3:GetObject", kBucketObject, http));
  EXPECT_TRUE(none.allowed.empty()) << WhoCanToText(none);
}

TEST(AccountWhoCan, KmsKey) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  ASSERT_OK_AND_ASSIGN(WhoCanResult r, WhoCan(*model, "kms:Decrypt", kKey));
  EXPECT_THAT(
      Principals(r.allowed),
      UnorderedElementsAre(
          "arn:aws:iam::333333333333:role/AppRole",
          "arn:aws:iam::333333333333:role/CfnExecRole",
          "arn:aws:iam::333333333333:role/DataReader",
          "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole",
          "arn:aws:iam::333333333333:user/prod-admin"));
  // KeyAdmin is allowed only with MFA.
  ASSERT_EQ(r.conditional.size(), 1u) << WhoCanToText(r);
  EXPECT_EQ(r.conditional[0].principal,
            "arn:aws:iam::333333333333:role/KeyAdmin");
  EXPECT_THAT(r.conditional[0].condition_keys,
              ElementsAre("aws:MultiFactorAuthPresent"));

  QueryOptions mfa;
  mfa.context.Set("aws:MultiFactorAuthPresent", "true");
  mfa.include_root = true;
  ASSERT_OK_AND_ASSIGN(WhoCanResult with_mfa,
                       WhoCan(*model, "kms:Decrypt", kKey, mfa));
  std::set<std::string> allowed = Principals(with_mfa.allowed);
  EXPECT_TRUE(allowed.count("arn:aws:iam::333333333333:role/KeyAdmin"));
  // Roots: prod's through the key policy's account grant; not the others.
  EXPECT_TRUE(allowed.count("arn:aws:iam::333333333333:root"));
  EXPECT_FALSE(allowed.count("arn:aws:iam::222222222222:root"));
  EXPECT_EQ(with_mfa.principals_evaluated, 24u);

  EXPECT_THAT(WhoCan(*model, "kms:Decrypt*", kKey),
              ::iameval::testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("without wildcards")));
}

TEST(AccountWhatCan, Developer) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  ASSERT_OK_AND_ASSIGN(WhatCanResult r, WhatCan(*model, Who("dave"), "*"));
  EXPECT_FALSE(r.catalog_used);
  std::vector<std::string> pairs;
  for (const WhatCanEntry& e : r.actions) {
    EXPECT_TRUE(e.decision.allowed());
    EXPECT_EQ(e.access_level, "unknown");
    EXPECT_FALSE(e.granting.empty());
    pairs.push_back(e.action + " " + e.resource);
  }
  EXPECT_THAT(
      pairs,
      ElementsAre(
          "iam:PassRole arn:aws:iam::222222222222:role/Lambda*",
          "lambda:CreateFunction arn:aws:lambda:*:222222222222:function:*",
          "lambda:GetFunction arn:aws:lambda:*:222222222222:function:*",
          "lambda:InvokeFunction arn:aws:lambda:*:222222222222:function:*",
          "sts:AssumeRole arn:aws:iam::222222222222:role/Analyst",
          "sts:AssumeRole arn:aws:iam::333333333333:role/DeployRole"));
  std::vector<std::string> patterns;
  for (const WhatCanPattern& p : r.patterns) patterns.push_back(p.pattern);
  EXPECT_THAT(patterns, ElementsAre("s3:*", "logs:*"));
  EXPECT_TRUE(ValidJson(WhatCanToJson(r)));
  EXPECT_THAT(WhatCanToText(r), HasSubstr("patterns not evaluated"));

  // On one resource, including denials.
  WhatCanOptions options;
  options.include_denied = true;
  ASSERT_OK_AND_ASSIGN(
      WhatCanResult one,
      WhatCan(*model, Who("dave"), "arn:aws:iam::222222222222:role/LambdaAdmin",
              options));
  std::map<std::string, bool> decisions;
  for (const WhatCanEntry& e : one.actions)
    decisions[e.action] = e.decision.allowed();
  EXPECT_TRUE(decisions["iam:PassRole"]);
  EXPECT_FALSE(decisions["sts:AssumeRole"]);  // no trust for dave
  EXPECT_FALSE(decisions["lambda:GetFunction"]);

  // bob: BobPolicy names iam actions, the boundary takes them away.
  ASSERT_OK_AND_ASSIGN(WhatCanResult bob, WhatCan(*model, Who("bob"), "*"));
  ASSERT_EQ(bob.actions.size(), 1u);
  EXPECT_EQ(bob.actions[0].action, "s3:GetObject");
}

TEST(AccountWhatCan, ExpandsPatternsWithTheCatalog) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  if (!catalog.ok()) GTEST_SKIP() << catalog.status();
  WhatCanOptions options;
  options.catalog = catalog->get();
  ASSERT_OK_AND_ASSIGN(WhatCanResult r,
                       WhatCan(*model, Who("dave"), "*", options));
  EXPECT_TRUE(r.catalog_used);
  EXPECT_TRUE(r.patterns.empty());
  bool get_object = false, put_log = false;
  for (const WhatCanEntry& e : r.actions) {
    EXPECT_NE(e.access_level, "unknown") << e.action;
    if (e.action == "s3:GetObject" &&
        e.resource == "arn:aws:s3:::dev-scratch/*") {
      get_object = true;
      EXPECT_EQ(e.from_pattern, "s3:*");
      EXPECT_EQ(e.access_level, "Read");
    }
    put_log |= e.action == "logs:PutLogEvents";
  }
  EXPECT_TRUE(get_object);
  EXPECT_TRUE(put_log);
}

TEST(AccountAssumePaths, GraphClosureAndRenderers) {
  auto model = Org3();
  ASSERT_NE(model, nullptr);
  AssumeGraph g = AssumePaths(*model);
  std::set<std::string> edges;
  for (const AssumeEdge& e : g.edges) {
    edges.insert(e.from + " -> " + e.to);
    EXPECT_FALSE(e.trust_statements.empty()) << e.from << " -> " << e.to;
  }
  const std::string dev = "arn:aws:iam::222222222222:";
  const std::string prod = "arn:aws:iam::333333333333:";
  const std::string mgmt = "arn:aws:iam::111111111111:";
  for (const std::string& want : {
           mgmt + "user/mgmt-admin -> " + dev +
               "role/OrganizationAccountAccessRole",
           mgmt + "user/mgmt-admin -> " + prod +
               "role/OrganizationAccountAccessRole",
           dev + "user/dave -> " + dev + "role/Analyst",
           dev + "user/dave -> " + prod + "role/DeployRole",
           prod + "user/prod-admin -> " + prod + "role/DataReader",
           std::string("arn:aws:iam::999999999999:root -> ") + prod +
               "role/VendorAudit",
           "lambda.amazonaws.com -> " + dev + "role/LambdaAdmin",
           "ec2.amazonaws.com -> " + prod + "role/AppRole",
           mgmt + "saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE -> " +
               mgmt +
               "role/aws-reserved/sso.amazonaws.com/"
               "AWSReservedSSO_AdministratorAccess_0123456789abcdef",
       }) {
    EXPECT_TRUE(edges.count(want)) << want;
  }
  // erin's identity allows it, but her MFA guard denies without MFA: under
  // the (default, strict) profile the edge is kept, labelled with what it
  // needs, and left out of the closure.
  bool erin_needs_mfa = false;
  for (const AssumeEdge& e : g.edges) {
    if (e.from == dev + "user/erin" && e.to == dev + "role/Analyst") {
      erin_needs_mfa = e.needs == std::vector<std::string>{
                                      "aws:MultiFactorAuthPresent=true"};
    }
  }
  EXPECT_TRUE(erin_needs_mfa);
  for (const AssumeReach& r : g.closure) {
    EXPECT_FALSE(r.from == dev + "user/erin") << r.to;
  }
  for (const std::string& absent : {
           // The trust names dave only.
           dev + "user/automation/ci-deployer -> " + prod + "role/DeployRole",
           // Trust of dev's OrganizationAccountAccessRole is the management
           // account.
           dev + "user/automation/ci-deployer -> " + dev +
               "role/OrganizationAccountAccessRole",
           dev + "user/carol -> " + dev + "role/Analyst",
       }) {
    EXPECT_FALSE(edges.count(absent)) << absent;
  }
  for (const AssumeEdge& e : g.edges) {
    if (e.to == prod + "role/DeployRole") {
      EXPECT_TRUE(e.cross_account);
      EXPECT_FALSE(e.outside_organization);
      ASSERT_EQ(e.identity_statements.size(), 1u);
      EXPECT_EQ(e.identity_statements[0].sid, "AssumeProdDeploy");
      EXPECT_EQ(e.from_kind, "user");
    }
    if (e.to == prod + "role/VendorAudit") {
      EXPECT_EQ(e.from_kind, "external-account");
      EXPECT_TRUE(e.outside_organization);
      EXPECT_TRUE(e.identity_statements.empty());
    }
    if (e.from == "lambda.amazonaws.com") {
      EXPECT_EQ(e.from_kind, "service");
      EXPECT_FALSE(e.cross_account);
    }
  }
  // Transitive: mgmt-admin reaches dev's Analyst through the account-access
  // role.
  bool chained = false;
  for (const AssumeReach& r : g.closure) {
    if (r.from == mgmt + "user/mgmt-admin" && r.to == dev + "role/Analyst") {
      chained = true;
      EXPECT_THAT(r.path,
                  ElementsAre(mgmt + "user/mgmt-admin",
                              dev + "role/OrganizationAccountAccessRole",
                              dev + "role/Analyst"));
    }
  }
  EXPECT_TRUE(chained);
  EXPECT_TRUE(ValidJson(AssumeGraphToJson(g)));
  std::string dot = AssumeGraphToDot(g);
  EXPECT_TRUE(absl::StartsWith(dot, "digraph assume_paths {"));
  EXPECT_THAT(dot, HasSubstr("\"arn:aws:iam::222222222222:user/dave\" -> "
                             "\"arn:aws:iam::333333333333:role/DeployRole\" "
                             "[style=dashed]"));
  EXPECT_THAT(dot, HasSubstr("[style=dashed, color=red]"));  // VendorAudit
  EXPECT_THAT(AssumeGraphToText(g), HasSubstr("reachable (transitive):"));

  // With MFA in the context erin's guard lets her through.
  AssumePathsOptions mfa;
  mfa.query.context.Set("aws:MultiFactorAuthPresent", "true");
  AssumeGraph g2 = AssumePaths(*model, mfa);
  bool erin = false;
  for (const AssumeEdge& e : g2.edges) {
    erin |= e.from == dev + "user/erin" && e.to == dev + "role/Analyst";
  }
  EXPECT_TRUE(erin);
}

}  // namespace
}  // namespace iameval
