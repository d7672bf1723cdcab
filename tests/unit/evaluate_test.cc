// Evaluate() and its Trace. The layer rules themselves are pinned by the
// conformance corpus; these tests pin the explanation a caller gets.
#include "iameval/evaluate.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "iameval/compiled_policy.h"
#include "iameval/internal/compiled_condition.h"
#include "testing/status_matchers.h"

namespace iameval {

using internal::CompileCondition;
using internal::CompiledCondition;
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

// --- Reason codes ------------------------------------------------------------

constexpr char kUser[] = "arn:aws:iam::111122223333:user/alice";
constexpr char kSession[] =
    "arn:aws:sts::111122223333:assumed-role/deployer/build";
constexpr char kFederated[] = "arn:aws:sts::111122223333:federated-user/fed";
constexpr char kRoot[] = "arn:aws:iam::111122223333:root";
constexpr char kAnonymous[] = "anonymous";
constexpr char kQueue[] = "arn:aws:sqs:us-east-1:111122223333:q";
constexpr char kOtherQueue[] = "arn:aws:sqs:us-east-1:444455556666:q";
constexpr char kRole[] = "arn:aws:iam::111122223333:role/target";

std::string Policy(const char* effect, const char* action,
                   const char* principal = nullptr) {
  std::string p =
      absl::StrCat(R"({"Version":"2012-10-17","Statement":[{"Effect":")",
                   effect, R"(","Action":")", action, R"(")");
  if (principal != nullptr) absl::StrAppend(&p, R"(,"Principal":)", principal);
  // Trust policies have no Resource element.
  if (principal == nullptr || !absl::StartsWith(action, "sts:")) {
    absl::StrAppend(&p, R"(,"Resource":"*")");
  }
  return p + "}]}";
}

// One request that ends in a given reason code.
struct ReasonCase {
  bool exists = false;  // false: not an enumerator of Reason
  Outcome outcome = Outcome::kImplicitlyDenied;
  const char* principal = kUser;
  const char* action = "sqs:SendMessage";
  const char* resource = kQueue;
  std::string identity, boundary, session, scp, vpce, resource_policy;
};

ReasonCase Case(Outcome outcome) {
  ReasonCase c;
  c.exists = true;
  c.outcome = outcome;
  return c;
}

// An exhaustive switch: a reason code added to the enum without a case here
// does not compile, whatever the warning flags of the build.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch"
ReasonCase CaseFor(Reason r) {
  const std::string allow = Policy("Allow", "sqs:SendMessage");
  const std::string allow_other = Policy("Allow", "sqs:ReceiveMessage");
  ReasonCase c;
  switch (r) {
    case Reason::kExplicitDeny:
      c = Case(Outcome::kExplicitlyDenied);
      c.identity = Policy("Deny", "sqs:*");
      return c;
    case Reason::kScpNoAllow:
      c = Case(Outcome::kImplicitlyDenied);
      c.identity = allow;
      c.scp = allow_other;
      return c;
    case Reason::kVpcEndpointNoAllow:
      c = Case(Outcome::kImplicitlyDenied);
      c.identity = allow;
      c.vpce = Policy("Allow", "sqs:ReceiveMessage", R"("*")");
      return c;
    case Reason::kNoIdentityAllow:
      c = Case(Outcome::kImplicitlyDenied);
      c.identity = allow_other;
      return c;
    case Reason::kBoundaryNoAllow:
      c = Case(Outcome::kImplicitlyDenied);
      c.identity = allow;
      c.boundary = allow_other;
      return c;
    case Reason::kSessionNoAllow:
      c = Case(Outcome::kImplicitlyDenied);
      c.principal = kSession;
      c.identity = allow;
      c.session = allow_other;
      return c;
    case Reason::kFederatedNoSessionPolicy:
      c = Case(Outcome::kImplicitlyDenied);
      c.principal = kFederated;
      c.identity = allow;
      return c;
    case Reason::kResourcePolicyRequired:
      c = Case(Outcome::kImplicitlyDenied);
      c.action = "sts:AssumeRole";
      c.resource = kRole;
      c.identity = Policy("Allow", "sts:AssumeRole");
      return c;
    case Reason::kCrossAccountNoResourceGrant:
      c = Case(Outcome::kImplicitlyDenied);
      c.resource = kOtherQueue;
      c.identity = allow;
      return c;
    case Reason::kCrossAccountNoIdentityAllow:
      c = Case(Outcome::kImplicitlyDenied);
      c.resource = kOtherQueue;
      c.resource_policy =
          Policy("Allow", "sqs:SendMessage",
                 R"({"AWS":"arn:aws:iam::111122223333:user/alice"})");
      return c;
    case Reason::kResourceGrantNeedsIdentityAllow:
      c = Case(Outcome::kImplicitlyDenied);
      c.resource_policy =
          Policy("Allow", "sqs:SendMessage", R"({"AWS":"111122223333"})");
      return c;
    case Reason::kRootCannotAssumeRole:
      c = Case(Outcome::kImplicitlyDenied);
      c.principal = kRoot;
      c.action = "sts:AssumeRole";
      c.resource = kRole;
      c.resource_policy = Policy("Allow", "sts:AssumeRole", R"("*")");
      return c;
    case Reason::kNoResourceGrant:
      c = Case(Outcome::kImplicitlyDenied);
      c.principal = kAnonymous;
      return c;
    case Reason::kFederatedUserCannotCallSts:
      c = Case(Outcome::kImplicitlyDenied);
      c.principal = kFederated;
      c.action = "sts:AssumeRole";
      c.resource = kRole;
      c.identity = Policy("Allow", "sts:AssumeRole");
      c.session = Policy("Allow", "sts:AssumeRole");
      c.resource_policy = Policy("Allow", "sts:AssumeRole", R"("*")");
      return c;
    case Reason::kRoleSessionCannotCall:
      c = Case(Outcome::kImplicitlyDenied);
      c.principal = "arn:aws:sts::111122223333:assumed-role/app/s";
      c.action = "sts:GetSessionToken";
      c.resource = "*";
      c.identity = Policy("Allow", "sts:*");
      return c;
    case Reason::kAwsManagedPolicyProtected:
      c = Case(Outcome::kImplicitlyDenied);
      c.action = "iam:CreatePolicyVersion";
      c.resource = "arn:aws:iam::aws:policy/ReadOnlyAccess";
      c.identity = Policy("Allow", "iam:*");
      return c;
    case Reason::kIdentityCenterRoleProtected:
      c = Case(Outcome::kImplicitlyDenied);
      c.action = "iam:AttachRolePolicy";
      c.resource =
          "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/"
          "AWSReservedSSO_Admin_0123456789abcdef";
      c.identity = Policy("Allow", "iam:*");
      return c;
    case Reason::kServiceLinkedRoleProtected:
      c = Case(Outcome::kImplicitlyDenied);
      c.action = "iam:UpdateAssumeRolePolicy";
      c.resource =
          "arn:aws:iam::111122223333:role/aws-service-role/"
          "support.amazonaws.com/AWSServiceRoleForSupport";
      c.identity = Policy("Allow", "iam:*");
      return c;
    case Reason::kReservedKmsAliasProtected:
      c = Case(Outcome::kImplicitlyDenied);
      c.action = "kms:DeleteAlias";
      c.resource = "arn:aws:kms:us-east-1:111122223333:alias/aws/s3";
      c.identity = Policy("Allow", "kms:*");
      return c;
    case Reason::kAllowedNoPermissionNeeded:
      c = Case(Outcome::kAllowed);
      c.action = "sts:GetCallerIdentity";
      c.resource = "*";
      c.identity = Policy("Deny", "sts:*");
      return c;
    case Reason::kAllowedByIdentity:
      c = Case(Outcome::kAllowed);
      c.identity = allow;
      return c;
    case Reason::kAllowedByResource:
      c = Case(Outcome::kAllowed);
      c.principal = kAnonymous;
      c.resource_policy = Policy("Allow", "sqs:SendMessage", R"("*")");
      return c;
    case Reason::kAllowedRoot:
      c = Case(Outcome::kAllowed);
      c.principal = kRoot;
      return c;
    case Reason::kAllowedCrossAccount:
      c = Case(Outcome::kAllowed);
      c.resource = kOtherQueue;
      c.identity = allow;
      c.resource_policy =
          Policy("Allow", "sqs:SendMessage", R"({"AWS":"111122223333"})");
      return c;
  }
  return c;
}
#pragma GCC diagnostic pop

Decision Decide(const ReasonCase& c, Trace* trace) {
  PolicyBundle b;
  auto add = [](const std::string& json, PolicyKind kind,
                std::vector<PolicyRef>* out) {
    if (!json.empty()) out->push_back(Compile(json.c_str(), kind, "p"));
  };
  const bool trust = absl::StartsWith(c.action, "sts:");
  add(c.identity, PolicyKind::kIdentity, &b.identity);
  add(c.boundary, PolicyKind::kBoundary, &b.boundary);
  add(c.session, PolicyKind::kSession, &b.session);
  add(c.vpce, PolicyKind::kVpcEndpoint, &b.vpc_endpoint);
  add(c.resource_policy, trust ? PolicyKind::kTrust : PolicyKind::kResource,
      &b.resource);
  if (!c.scp.empty()) {
    b.scp_levels.emplace_back();
    add(c.scp, PolicyKind::kScp, &b.scp_levels.back());
  }
  RequestSpec spec;
  if (c.principal == kAnonymous) {
    spec.anonymous = true;
  } else {
    spec.principal = c.principal;
  }
  spec.action = c.action;
  spec.resource = c.resource;
  absl::StatusOr<Request> r = BuildRequest(std::move(spec));
  EXPECT_THAT(r, IsOk());
  EXPECT_THAT(b.Validate(r->principal), IsOk());
  return Evaluate(b, *r, trace);
}

// Every reason code is produced, by a request for which its text is true;
// the traced and the fast path agree on it.
TEST(ReasonCodes, EachIsReachable) {
  int count = 0;
  std::set<std::string> names;
  for (int v = 0; v <= 255; ++v) {
    const Reason r = static_cast<Reason>(v);
    const ReasonCase c = CaseFor(r);
    if (!c.exists) continue;
    ++count;
    SCOPED_TRACE(ReasonName(r));
    EXPECT_TRUE(names.insert(ReasonName(r)).second) << "duplicate name";
    EXPECT_STRNE(ReasonText(r), "");
    Trace trace;
    Decision d = Decide(c, &trace);
    EXPECT_EQ(ReasonName(d.reason), std::string(ReasonName(r)));
    EXPECT_EQ(d.outcome, c.outcome);
    Decision fast = Decide(c, nullptr);
    EXPECT_EQ(fast.reason, d.reason);
    EXPECT_EQ(fast.outcome, d.outcome);
  }
  // The enum is dense from 0: a case per enumerator was found.
  EXPECT_EQ(count, static_cast<int>(Reason::kAllowedNoPermissionNeeded) + 1);
}

// The resource policy allows the caller and the identity side does not:
// the explanation must not say "no resource policy grants it" right above
// the matching Allow.
TEST(ReasonCodes, CrossAccountResourceAllowWithoutIdentityAllow) {
  ReasonCase c = CaseFor(Reason::kCrossAccountNoIdentityAllow);
  Trace trace;
  Decision d = Decide(c, &trace);
  EXPECT_EQ(d.reason, Reason::kCrossAccountNoIdentityAllow);
  EXPECT_EQ(d.layer, Layer::kIdentity);
  EXPECT_EQ(std::string(ReasonText(d.reason)).find("no resource policy"),
            std::string::npos);
  ASSERT_EQ(trace.matched.size(), 1u);
  EXPECT_EQ(trace.matched[0].layer, Layer::kResource);
  EXPECT_EQ(trace.matched[0].effect, Effect::kAllow);
}

// A same-account grant capped by the boundary fails on the boundary, not on
// the identity policies it does not need (R3 a).
TEST(ReasonCodes, CappedRoleGrantNamesTheBoundary) {
  ReasonCase c = Case(Outcome::kImplicitlyDenied);
  c.principal = kSession;
  c.resource_policy =
      Policy("Allow", "sqs:SendMessage",
             R"({"AWS":"arn:aws:iam::111122223333:role/deployer"})");
  c.boundary = Policy("Allow", "sqs:ReceiveMessage");
  Decision d = Decide(c, nullptr);
  EXPECT_EQ(d.reason, Reason::kBoundaryNoAllow);
  c.boundary = Policy("Allow", "sqs:SendMessage");
  EXPECT_EQ(Decide(c, nullptr).reason, Reason::kAllowedByResource);
}

// A trust policy naming the user directly needs only its boundary (R5):
// a failing boundary is the reason, not the missing identity policy.
TEST(ReasonCodes, TrustNamingTheUserNamesTheBoundary) {
  ReasonCase c = Case(Outcome::kImplicitlyDenied);
  c.action = "sts:AssumeRole";
  c.resource = kRole;
  c.resource_policy =
      Policy("Allow", "sts:AssumeRole",
             R"({"AWS":"arn:aws:iam::111122223333:user/alice"})");
  c.boundary = Policy("Allow", "sqs:SendMessage");
  EXPECT_EQ(Decide(c, nullptr).reason, Reason::kBoundaryNoAllow);
  c.resource_policy =
      Policy("Allow", "sts:AssumeRole", R"({"AWS":"111122223333"})");
  EXPECT_EQ(Decide(c, nullptr).reason,
            Reason::kResourceGrantNeedsIdentityAllow);
}

// --- Trace: variables, near misses, warnings ---------------------------------

Request MakeWith(const char* principal, const char* resource,
                 std::vector<std::pair<const char*, const char*>> context,
                 const char* issuer = "") {
  RequestSpec spec;
  spec.principal = principal;
  spec.session_issuer = issuer;
  spec.action = "s3:GetObject";
  spec.resource = resource;
  for (const auto& [k, v] : context) spec.context.Set(k, v);
  absl::StatusOr<Request> r = BuildRequest(std::move(spec));
  EXPECT_THAT(r, IsOk());
  return *r;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(TraceVariables, UnresolvedConditionVariableIsMissingContext) {
  PolicyBundle b;
  b.identity.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":
       {"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]})",
                               PolicyKind::kIdentity, "tags.json"));
  Trace trace;
  Request r =
      MakeWith(kUser, "arn:aws:s3:::b/k", {{"aws:ResourceTag/team", "blue"}});
  EXPECT_FALSE(Evaluate(b, r, &trace).allowed());
  EXPECT_EQ(trace.missing_keys,
            std::vector<std::string>{"aws:PrincipalTag/team"});
  // Given, it is no longer missing (and the statement applies).
  r = MakeWith(
      kUser, "arn:aws:s3:::b/k",
      {{"aws:ResourceTag/team", "blue"}, {"aws:PrincipalTag/team", "blue"}});
  EXPECT_TRUE(Evaluate(b, r, &trace).allowed());
  EXPECT_TRUE(trace.missing_keys.empty());
}

TEST(TraceVariables, UnresolvedResourceVariablesAreMissingContext) {
  for (const char* element : {"Resource", "NotResource"}) {
    SCOPED_TRACE(element);
    PolicyBundle b;
    const std::string json = absl::StrCat(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)",
        R"("Action":"s3:GetObject",")", element,
        R"(":"arn:aws:s3:::b/${aws:PrincipalTag/Dept}/*"}]})");
    b.identity.push_back(
        Compile(json.c_str(), PolicyKind::kIdentity, "vars.json"));
    Trace trace;
    Evaluate(b, MakeWith(kUser, "arn:aws:s3:::b/x/k", {}), &trace);
    // As written in the policy, not folded.
    EXPECT_TRUE(Contains(trace.missing_keys, "aws:PrincipalTag/Dept"));
    Evaluate(
        b,
        MakeWith(kUser, "arn:aws:s3:::b/x/k", {{"aws:PrincipalTag/Dept", "x"}}),
        &trace);
    EXPECT_TRUE(trace.missing_keys.empty());
  }
}

// A resource-policy statement for someone else: its variable's key cannot
// change this caller's decision, so it is not missing context.
TEST(TraceVariables, OnlyForStatementsThatCanNameTheCaller) {
  PolicyBundle b;
  b.resource.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/bob"},
       "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/a}/*"},
      {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},
       "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/b}/*"}]})",
                               PolicyKind::kResource, "bucket.json"));
  Trace trace;
  Evaluate(b, MakeWith(kUser, "arn:aws:s3:::b/x/k", {}), &trace);
  EXPECT_EQ(trace.missing_keys, std::vector<std::string>{"aws:PrincipalTag/b"});
}

TEST(TraceNearMisses, ConditionNamesOperatorKeyAndValues) {
  PolicyBundle b;
  b.identity.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Vpc","Effect":"Allow","Action":"s3:GetObject","Resource":"*",
       "Condition":{"StringEquals":{"aws:SourceVpc":["vpc-1","vpc-2"]},
                    "Bool":{"aws:SecureTransport":"true"}}},
      {"Sid":"Other","Effect":"Allow","Action":"s3:GetObject",
       "Resource":"arn:aws:s3:::elsewhere/*"}]})",
                               PolicyKind::kIdentity, "vpc.json"));
  Trace trace;
  Evaluate(
      b, MakeWith(kUser, "arn:aws:s3:::b/k", {{"aws:SecureTransport", "true"}}),
      &trace);
  // "Other" did not match the resource: not a near miss.
  ASSERT_EQ(trace.near_misses.size(), 1u);
  const NearMiss& m = trace.near_misses[0];
  EXPECT_EQ(m.sid, "Vpc");
  EXPECT_EQ(m.layer, Layer::kIdentity);
  EXPECT_EQ(m.element, FailedElement::kCondition);
  // Only the condition that failed; the one that held is not listed.
  ASSERT_EQ(m.conditions.size(), 1u);
  EXPECT_EQ(m.conditions[0].op, "StringEquals");
  EXPECT_EQ(m.conditions[0].key, "aws:SourceVpc");
  EXPECT_EQ(m.conditions[0].policy_values,
            (std::vector<std::string>{"vpc-1", "vpc-2"}));
  EXPECT_FALSE(m.conditions[0].present);

  Evaluate(b,
           MakeWith(kUser, "arn:aws:s3:::b/k",
                    {{"aws:SourceVpc", "vpc-9"}, {"aws:SecureTransport", "x"}}),
           &trace);
  ASSERT_EQ(trace.near_misses.size(), 1u);
  ASSERT_EQ(trace.near_misses[0].conditions.size(), 2u);
  const FailedCondition& vpc = trace.near_misses[0].conditions[0];
  EXPECT_TRUE(vpc.present);
  EXPECT_EQ(vpc.request_values, std::vector<std::string>{"vpc-9"});
  EXPECT_FALSE(vpc.indeterminate);
  EXPECT_TRUE(trace.near_misses[0].conditions[1].indeterminate);
}

TEST(TraceNearMisses, PrincipalAndNotPrincipal) {
  PolicyBundle b;
  b.resource.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Bob","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/bob"},
       "Action":"s3:GetObject","Resource":"*"},
      {"Sid":"AllButAlice","Effect":"Deny","NotPrincipal":{"AWS":
        ["arn:aws:iam::111122223333:user/alice","111122223333"]},
       "Action":"s3:GetObject","Resource":"*"}]})",
                               PolicyKind::kResource, "bucket.json"));
  Trace trace;
  Evaluate(b, MakeWith(kUser, "arn:aws:s3:::b/k", {}), &trace);
  ASSERT_EQ(trace.near_misses.size(), 2u);
  EXPECT_EQ(trace.near_misses[0].sid, "Bob");
  EXPECT_EQ(trace.near_misses[0].element, FailedElement::kPrincipal);
  EXPECT_EQ(trace.near_misses[1].sid, "AllButAlice");
  EXPECT_EQ(trace.near_misses[1].element, FailedElement::kNotPrincipal);
  EXPECT_TRUE(trace.near_misses[1].conditions.empty());
}

// A Deny whose condition is Indeterminate applies (R10): no near miss.
TEST(TraceNearMisses, IndeterminateDenyIsNotANearMiss) {
  PolicyBundle b;
  b.identity.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Deny","Action":"s3:GetObject","Resource":"*",
       "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]})",
                               PolicyKind::kIdentity, "ip.json"));
  Trace trace;
  Decision d = Evaluate(
      b, MakeWith(kUser, "arn:aws:s3:::b/k", {{"aws:SourceIp", "abc"}}),
      &trace);
  EXPECT_EQ(d.outcome, Outcome::kExplicitlyDenied);
  EXPECT_TRUE(trace.near_misses.empty());
}

TEST(TraceWarnings, InferredResourceAccountWithAResourcePolicy) {
  PolicyBundle b;
  b.resource.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},
       "Action":"s3:GetObject","Resource":"*"}]})",
                               PolicyKind::kResource, "bucket.json"));
  Trace trace;
  Evaluate(b, MakeWith(kUser, "arn:aws:s3:::b/k", {}), &trace);
  ASSERT_EQ(trace.warnings.size(), 1u);
  EXPECT_NE(trace.warnings[0].find("names no account"), std::string::npos);
  EXPECT_NE(trace.warnings[0].find("111122223333"), std::string::npos);

  // The account given: no guess.
  RequestSpec spec;
  spec.principal = kUser;
  spec.action = "s3:GetObject";
  spec.resource = "arn:aws:s3:::b/k";
  spec.resource_account = "111122223333";
  Evaluate(b, *BuildRequest(std::move(spec)), &trace);
  EXPECT_TRUE(trace.warnings.empty());
  // An ARN with its account: no guess.
  Evaluate(b, MakeWith(kUser, kQueue, {}), &trace);
  EXPECT_TRUE(trace.warnings.empty());
  // No resource policy: the owner does not matter.
  Evaluate(PolicyBundle(), MakeWith(kUser, "arn:aws:s3:::b/k", {}), &trace);
  EXPECT_TRUE(trace.warnings.empty());
}

TEST(TraceWarnings, RolePathTestedWithoutSessionIssuer) {
  PolicyBundle b;
  b.identity.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":
       {"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/ops/*"}}}]})",
                               PolicyKind::kIdentity, "path.json"));
  const char* session = "arn:aws:sts::111122223333:assumed-role/admin/s";
  Trace trace;
  EXPECT_FALSE(
      Evaluate(b, MakeWith(session, "arn:aws:s3:::b/k", {}), &trace).allowed());
  ASSERT_EQ(trace.warnings.size(), 1u);
  EXPECT_NE(trace.warnings[0].find("role path"), std::string::npos);
  EXPECT_NE(trace.warnings[0].find("path.json statement 0"), std::string::npos);

  // The issuer gives the path: no guess, and the statement applies.
  EXPECT_TRUE(Evaluate(b,
                       MakeWith(session, "arn:aws:s3:::b/k", {},
                                "arn:aws:iam::111122223333:role/ops/admin"),
                       &trace)
                  .allowed());
  EXPECT_TRUE(trace.warnings.empty());
  // A pathless issuer given explicitly is a fact, not a guess.
  Evaluate(b,
           MakeWith(session, "arn:aws:s3:::b/k", {},
                    "arn:aws:iam::111122223333:role/admin"),
           &trace);
  EXPECT_TRUE(trace.warnings.empty());
  // aws:PrincipalArn given in the request: no guess either.
  Evaluate(
      b,
      MakeWith(session, "arn:aws:s3:::b/k",
               {{"aws:PrincipalArn", "arn:aws:iam::111122223333:role/admin"}}),
      &trace);
  EXPECT_TRUE(trace.warnings.empty());
}

TEST(TraceWarnings, PatternWithoutPathIsNoGuess) {
  PolicyBundle b;
  b.identity.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":
       {"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}}]})",
                               PolicyKind::kIdentity, "nopath.json"));
  Trace trace;
  EXPECT_TRUE(Evaluate(b,
                       MakeWith("arn:aws:sts::111122223333:assumed-role/a/s",
                                "arn:aws:s3:::b/k", {}),
                       &trace)
                  .allowed());
  EXPECT_TRUE(trace.warnings.empty());
}

// The written values ride along in the condition's key string; the keys
// must read back unchanged.
TEST(CompiledConditionText, KeysAndWrittenValuesReadBack) {
  CompiledCondition c;
  std::string error;
  // More than fits: no values kept, the keys still right.
  ASSERT_TRUE(CompileCondition("StringEquals", "S3:Prefix",
                               {std::string(70000, 'x')}, true, &c, &error))
      << error;
  EXPECT_EQ(c.key(), "S3:Prefix");
  EXPECT_EQ(c.key_folded(), "s3:prefix");
  EXPECT_TRUE(c.WrittenValues().empty());
  ASSERT_TRUE(CompileCondition("StringLike", "aws:PrincipalTag/Team",
                               {"a*", "", "${aws:username}"}, true, &c, &error))
      << error;
  EXPECT_EQ(c.key(), "aws:PrincipalTag/Team");
  EXPECT_EQ(c.key_folded(), "aws:principaltag/team");
  EXPECT_EQ(c.WrittenValues(),
            (std::vector<std::string>{"a*", "", "${aws:username}"}));
}

// R21: the fixed rule wins, and the trace still shows what the policies said
// (the Deny the rule overrides).
TEST(EvaluateFixedRules, TraceShowsOverriddenDeny) {
  PolicyBundle b;
  b.identity.push_back(Compile(
      R"({"Version":"2012-10-17","Statement":[{"Sid":"NoSts","Effect":"Deny","Action":"sts:*","Resource":"*"}]})",
      PolicyKind::kIdentity, "deny.json"));
  Request r =
      Make("arn:aws:iam::111122223333:user/a", "sts:GetCallerIdentity", "*");
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
