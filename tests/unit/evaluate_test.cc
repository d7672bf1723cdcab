// Evaluate() and its Trace. The layer rules themselves are pinned by the
// conformance corpus; these tests pin the explanation a caller gets.
#include "iameval/evaluate.h"

#include "gtest/gtest.h"
#include "iameval/compiled_policy.h"
#include "testing/status_matchers.h"

namespace iameval {
namespace {

using ::iameval::testing::IsOk;

PolicyRef Compile(const char* json, PolicyKind kind, const char* id) {
  CompileOptions o;
  o.policy_id = id;
  auto p = ParseAndCompile(json, kind, o);
  EXPECT_THAT(p, IsOk());
  return p.ok() ? *p : nullptr;
}

Request Make(const char* principal, const char* action, const char* resource) {
  RequestSpec spec;
  spec.principal = principal;
  spec.action = action;
  spec.resource = resource;
  return *BuildRequest(std::move(spec));
}

class EvaluateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bundle_.identity.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"*"},
      {"Sid":"NeedsMfa","Effect":"Allow","Action":"s3:PutObject","Resource":"*",
       "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}},
      {"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]})",
                                       PolicyKind::kIdentity, "dev.json"));
    bundle_.scp_levels.push_back({Compile(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
        PolicyKind::kScp, "FullAWSAccess")});
  }
  PolicyBundle bundle_;
};

TEST_F(EvaluateTest, AllowedTraceListsTheMatchedStatement) {
  Trace trace;
  Decision d = Evaluate(bundle_,
                        Make("arn:aws:iam::111122223333:user/a", "s3:GetObject",
                             "arn:aws:s3:::b/k"),
                        &trace);
  EXPECT_EQ(d.outcome, Outcome::kAllowed);
  EXPECT_EQ(d.layer, Layer::kIdentity);
  bool read = false;
  for (const MatchedStatement& m : trace.matched) {
    if (m.policy_id == "dev.json" && m.sid == "Read") {
      read = true;
      EXPECT_EQ(m.statement_index, 0);
      EXPECT_EQ(m.effect, Effect::kAllow);
      EXPECT_GT(m.line, 0);
    }
  }
  EXPECT_TRUE(read);
  EXPECT_TRUE(trace.missing_keys.empty());
  ASSERT_FALSE(trace.layers.empty());
  EXPECT_EQ(trace.layers[0].layer, Layer::kScp);
  EXPECT_EQ(trace.layers[0].verdict, Verdict::kAllow);
}

TEST_F(EvaluateTest, MissingKeyIsReported) {
  Trace trace;
  Decision d = Evaluate(bundle_,
                        Make("arn:aws:iam::111122223333:user/a", "s3:PutObject",
                             "arn:aws:s3:::b/k"),
                        &trace);
  EXPECT_EQ(d.outcome, Outcome::kImplicitlyDenied);
  EXPECT_EQ(d.reason, Reason::kNoIdentityAllow);
  ASSERT_EQ(trace.missing_keys.size(), 1u);
  EXPECT_EQ(trace.missing_keys[0], "aws:MultiFactorAuthPresent");
}

TEST_F(EvaluateTest, ExplicitDenyNamesTheLayerAndStatement) {
  Trace trace;
  Decision d = Evaluate(bundle_,
                        Make("arn:aws:iam::111122223333:user/a",
                             "s3:DeleteObject", "arn:aws:s3:::b/k"),
                        &trace);
  EXPECT_EQ(d.outcome, Outcome::kExplicitlyDenied);
  EXPECT_EQ(d.layer, Layer::kIdentity);
  bool deny = false;
  for (const MatchedStatement& m : trace.matched) {
    deny |= m.sid == "NoDelete" && m.effect == Effect::kDeny;
  }
  EXPECT_TRUE(deny);
}

TEST_F(EvaluateTest, ScpLevelWithoutAllowNamesTheLevel) {
  bundle_.scp_levels.push_back({Compile(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]})",
      PolicyKind::kScp, "ec2-only")});
  Decision d = Evaluate(bundle_, Make("arn:aws:iam::111122223333:user/a",
                                      "s3:GetObject", "arn:aws:s3:::b/k"));
  EXPECT_EQ(d.outcome, Outcome::kImplicitlyDenied);
  EXPECT_EQ(d.layer, Layer::kScp);
  EXPECT_EQ(d.level, 1);
}

TEST_F(EvaluateTest, IndeterminateDenyIsExplained) {
  bundle_.identity.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"OfficeOnly","Effect":"Deny","Action":"*","Resource":"*",
       "Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]})",
                                     PolicyKind::kIdentity, "office.json"));
  RequestSpec spec;
  spec.principal = "arn:aws:iam::111122223333:user/a";
  spec.action = "s3:GetObject";
  spec.resource = "arn:aws:s3:::b/k";
  spec.context.Set("aws:SourceIp", "not-an-ip");
  Trace trace;
  Decision d = Evaluate(bundle_, *BuildRequest(std::move(spec)), &trace);
  EXPECT_EQ(d.outcome, Outcome::kExplicitlyDenied);
  ASSERT_EQ(trace.indeterminate.size(), 1u);
  EXPECT_EQ(trace.indeterminate[0].key, "aws:SourceIp");
  bool flagged = false;
  for (const MatchedStatement& m : trace.matched) flagged |= m.indeterminate;
  EXPECT_TRUE(flagged);
}

TEST_F(EvaluateTest, TraceAndFastPathAgree) {
  for (const char* action : {"s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                             "ec2:RunInstances"}) {
    Request r = Make("arn:aws:iam::111122223333:user/a", action, "*");
    Trace trace;
    EXPECT_EQ(Evaluate(bundle_, r).outcome,
              Evaluate(bundle_, r, &trace).outcome)
        << action;
  }
}

TEST(CompiledPolicy, OutlivesItsSource) {
  PolicyRef p;
  {
    std::string json = R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]})";
    p = Compile(json.c_str(), PolicyKind::kIdentity, "p");
    json.assign(json.size(), 'x');
  }
  PolicyBundle b;
  b.identity.push_back(p);
  EXPECT_TRUE(Evaluate(b, Make("arn:aws:iam::111122223333:user/a",
                               "s3:GetObject", "arn:aws:s3:::b/k"))
                  .allowed());
}

TEST(CompiledPolicy, IndexVisitsOnlyMatchingStatements) {
  auto p = Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":["s3:GetObject","s3:Get*"],"Resource":"*"},
      {"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"},
      {"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
      {"Effect":"Allow","Action":"*","Resource":"*"}]})",
                   PolicyKind::kIdentity, "p");
  std::vector<int> visited;
  p->ForEachActionMatch("s3:getobject", "s3", [&](const CompiledStatement& s) {
    visited.push_back(s.index);
    return true;
  });
  std::sort(visited.begin(), visited.end());
  EXPECT_EQ(visited, (std::vector<int>{0, 2, 3}));
}

// R21: the fixed rule wins, and the trace still shows what the policies said
// (the Deny the rule overrides).
TEST(EvaluateFixedRules, TraceShowsOverriddenDeny) {
  PolicyBundle b;
  b.identity.push_back(Compile(
      R"({"Version":"2012-10-17","Statement":[{"Sid":"NoSts","Effect":"Deny","Action":"sts:*","Resource":"*"}]})",
      PolicyKind::kIdentity, "deny.json"));
  Request r = Make("arn:aws:iam::111122223333:user/a", "sts:GetCallerIdentity",
                   "*");
  Trace trace;
  Decision d = Evaluate(b, r, &trace);
  EXPECT_EQ(d.outcome, Outcome::kAllowed);
  EXPECT_EQ(d.reason, Reason::kAllowedNoPermissionNeeded);
  ASSERT_EQ(trace.matched.size(), 1u);
  EXPECT_EQ(trace.matched[0].sid, "NoSts");
  EXPECT_EQ(Evaluate(b, r).reason, Reason::kAllowedNoPermissionNeeded);
}

// R19: a Deny naming one session of the caller's role, while the caller's
// session name is unknown, applies and the trace says why.
TEST(EvaluateRoleCaller, UnknownSessionDenyIsIndeterminate) {
  PolicyBundle b;
  b.identity.push_back(Compile(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})",
      PolicyKind::kIdentity, "allow.json"));
  b.resource.push_back(Compile(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/Reader/mallory"},"Action":"s3:*","Resource":"*"}]})",
      PolicyKind::kResource, "bucket.json"));
  RequestSpec spec;
  spec.principal = "arn:aws:iam::111122223333:role/ops/Reader";
  spec.action = "s3:GetObject";
  spec.resource = "arn:aws:s3:::b/k";
  spec.resource_account = "111122223333";
  Request r = *BuildRequest(spec);
  Trace trace;
  Decision d = Evaluate(b, r, &trace);
  EXPECT_EQ(d.outcome, Outcome::kExplicitlyDenied);
  ASSERT_FALSE(trace.indeterminate.empty());
  EXPECT_EQ(trace.indeterminate[0].op, "Principal");
  EXPECT_NE(trace.indeterminate[0].why.find("session name is unknown"),
            std::string::npos);
  // Named, the session is not mallory: allowed.
  spec.session_name = "alice";
  EXPECT_EQ(Evaluate(b, *BuildRequest(spec)).outcome, Outcome::kAllowed);
}

// R20: the trace names the NotResource that could not be decided.
TEST(EvaluateNotResource, UnresolvedVariableIsExplained) {
  PolicyBundle b;
  b.identity.push_back(Compile(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::${aws:PrincipalTag/home}/*"}]})",
      PolicyKind::kIdentity, "p.json"));
  Request r = Make("arn:aws:iam::111122223333:user/a", "s3:GetObject",
                   "arn:aws:s3:::b/k");
  Trace trace;
  EXPECT_EQ(Evaluate(b, r, &trace).outcome, Outcome::kExplicitlyDenied);
  ASSERT_EQ(trace.indeterminate.size(), 1u);
  EXPECT_EQ(trace.indeterminate[0].op, "NotResource");
  EXPECT_EQ(trace.matched.size(), 2u);
  EXPECT_TRUE(trace.matched[1].indeterminate);
}

}  // namespace
}  // namespace iameval
