// Security properties of the engine, checked on generated scenarios: a
// mutation that can only take access away (a Deny added, an Allow removed,
// a guardrail layer added) must never turn a denied request into Allowed,
// and a decision must not depend on the order of statements or policies.
//
// Each property runs IAMEVAL_PROP_COUNT (default 100,000) scenarios from a
// fixed seed (IAMEVAL_PROP_SEED). A violation prints the scenario before and
// after the mutation, as scenario-format lines, and the run stops after 5.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "iameval/evaluate.h"
#include "testing/scenario_generator.h"

namespace iameval::testing {
namespace {

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 10);
}

bool IsCallerWithPolicies(PrincipalKind k) {
  return k == PrincipalKind::kUser || k == PrincipalKind::kRoleSession ||
         k == PrincipalKind::kFederatedUser;
}

bool IsAwsIdentity(PrincipalKind k) {
  return IsCallerWithPolicies(k) || k == PrincipalKind::kRoot;
}

// Every policy of the scenario, whatever its layer.
std::vector<GeneratedPolicy*> AllPolicies(GeneratedScenario* s) {
  std::vector<GeneratedPolicy*> out;
  for (auto* layer : {&s->identity, &s->boundary, &s->session, &s->resource,
                      &s->vpc_endpoint}) {
    for (GeneratedPolicy& p : *layer) out.push_back(&p);
  }
  for (auto* levels : {&s->scp_levels, &s->rcp_levels}) {
    for (auto& level : *levels) {
      for (GeneratedPolicy& p : level) out.push_back(&p);
    }
  }
  return out;
}

bool IsAllowStatement(const std::string& json) {
  return absl::StrContains(json, "\"Effect\":\"Allow\"");
}

// Mutates a copy of the scenario; returns false when the mutation does not
// apply to it (the scenario is then skipped and not counted).
using Mutation = std::function<bool(ScenarioGenerator&, GeneratedScenario*)>;
// Whether the property holds between the two outcomes.
using Holds = std::function<bool(Outcome before, Outcome after)>;

struct PropertyOptions {
  std::vector<PrincipalKind> kinds;  // callers to draw (empty: any)
  bool expect_changes = true;        // the mutation must change some outcomes
};

void CheckProperty(const char* name, const Mutation& mutate, const Holds& holds,
                   const PropertyOptions& options = {}) {
  const uint64_t seed = EnvOr("IAMEVAL_PROP_SEED", 7);
  const uint64_t count = EnvOr("IAMEVAL_PROP_COUNT", 100000);
  // Parsing and compiling dominate the cost, so each (before, after) pair of
  // policy sets is checked under a few independently drawn request contexts,
  // each one a scenario of its own.
  constexpr int kContextsPerPair = 3;
  ScenarioGenerator gen(seed);
  gen.set_principal_kinds(options.kinds);
  PolicyCache cache;
  uint64_t checked = 0, skipped = 0, changed = 0;
  int failures = 0;
  while (checked < count && failures < 5) {
    GeneratedScenario before = gen.Next();
    GeneratedScenario after = before;
    if (!mutate(gen, &after)) {
      ++skipped;
      continue;
    }
    cache.clear();  // policies the mutation left alone compile once
    BuiltScenario b, a;
    absl::Status status = BuildScenario(before, false, &b, &cache);
    ASSERT_TRUE(status.ok()) << status << "\n" << before.ToScenarioJson();
    status = BuildScenario(after, false, &a, &cache);
    ASSERT_TRUE(status.ok()) << status << "\n" << after.ToScenarioJson();
    for (int variant = 0;
         variant < kContextsPerPair && checked < count && failures < 5;
         ++variant, ++checked) {
      if (variant > 0) {
        // Mutations never touch the request, so both sides share it.
        gen.RerollContext(&before);
        after.context = before.context;
        absl::StatusOr<Request> request = BuildRequest(before.ToRequestSpec());
        ASSERT_TRUE(request.ok()) << request.status();
        b.request = *request;
        a.request = *std::move(request);
      }
      before.id = after.id = checked;
      const Outcome ob = Evaluate(b.bundle, b.request).outcome;
      const Outcome oa = Evaluate(a.bundle, a.request).outcome;
      if (oa != ob) ++changed;
      if (!holds(ob, oa)) {
        ++failures;
        ADD_FAILURE() << name << " violated (seed " << seed << ", scenario "
                      << checked << "): " << OutcomeName(ob) << " -> "
                      << OutcomeName(oa)
                      << "\nbefore: " << before.ToScenarioJson()
                      << "\nafter:  " << after.ToScenarioJson();
      }
    }
  }
  std::cout << name << ": " << checked << " scenarios (" << skipped
            << " policy sets skipped), outcome changed in " << changed << "\n";
  // A mutation that never changes anything would make the property vacuous.
  if (options.expect_changes && failures == 0 && checked >= 10000) {
    EXPECT_GT(changed, checked / 200) << name << ": mutations are ineffective";
  }
}

// Never Allowed unless it was, and an explicit deny stays explicit.
bool NeverWidens(Outcome before, Outcome after) {
  if (after == Outcome::kAllowed && before != Outcome::kAllowed) return false;
  if (before == Outcome::kExplicitlyDenied &&
      after != Outcome::kExplicitlyDenied) {
    return false;
  }
  return true;
}

TEST(SecurityPropertiesTest, AddingADenyStatementNeverAllows) {
  CheckProperty(
      "add Deny",
      [](ScenarioGenerator& gen, GeneratedScenario* s) {
        // Targets: any existing policy, or a new identity or resource
        // policy holding only the Deny.
        std::vector<GeneratedPolicy*> targets = AllPolicies(s);
        const size_t existing = targets.size();
        const bool new_identity = IsCallerWithPolicies(s->principal_kind());
        const bool new_resource = s->resource.empty();
        const size_t choices = existing + new_identity + new_resource;
        if (choices == 0) return false;
        size_t pick = gen.Uniform(choices);
        GeneratedPolicy* target;
        if (pick < existing) {
          target = targets[pick];
        } else if (new_identity && pick == existing) {
          s->identity.push_back({PolicyKind::kIdentity, "2012-10-17", {}});
          target = &s->identity.back();
        } else {
          s->resource.push_back({s->resource_policy_kind(), "2012-10-17", {}});
          target = &s->resource.back();
        }
        std::string deny = gen.RandomStatement(target->kind, *s, Effect::kDeny);
        auto& st = target->statements;
        st.insert(st.begin() + gen.Uniform(st.size() + 1), std::move(deny));
        return true;
      },
      // Stronger than "never Allowed": a Deny can only add an explicit deny.
      [](Outcome before, Outcome after) {
        return after == before || after == Outcome::kExplicitlyDenied;
      });
}

TEST(SecurityPropertiesTest, RemovingAnAllowStatementNeverAllows) {
  CheckProperty(
      "remove Allow",
      [](ScenarioGenerator& gen, GeneratedScenario* s) {
        std::vector<std::pair<GeneratedPolicy*, size_t>> allows;
        for (GeneratedPolicy* p : AllPolicies(s)) {
          for (size_t i = 0; i < p->statements.size(); ++i) {
            if (IsAllowStatement(p->statements[i])) allows.push_back({p, i});
          }
        }
        if (allows.empty()) return false;
        auto [policy, index] = allows[gen.Uniform(allows.size())];
        policy->statements.erase(policy->statements.begin() + index);
        return true;
      },
      NeverWidens);
}

TEST(SecurityPropertiesTest, AddingAnScpLevelNeverWidens) {
  CheckProperty(
      "add SCP level",
      [](ScenarioGenerator& gen, GeneratedScenario* s) {
        // An anonymous caller cannot be given SCPs (input error, R13);
        // service and SAML/OIDC callers ignore them.
        if (!IsAwsIdentity(s->principal_kind())) return false;
        auto& levels = s->scp_levels;
        levels.insert(levels.begin() + gen.Uniform(levels.size() + 1),
                      gen.RandomLevel(PolicyKind::kScp, *s));
        return true;
      },
      NeverWidens,
      {.kinds = {PrincipalKind::kUser, PrincipalKind::kRoleSession,
                 PrincipalKind::kFederatedUser, PrincipalKind::kRoot}});
}

TEST(SecurityPropertiesTest, AddingAnRcpLevelNeverWidens) {
  CheckProperty(
      "add RCP level",
      [](ScenarioGenerator& gen, GeneratedScenario* s) {
        auto& levels = s->rcp_levels;
        levels.insert(levels.begin() + gen.Uniform(levels.size() + 1),
                      gen.RandomLevel(PolicyKind::kRcp, *s));
        return true;
      },
      NeverWidens);
}

TEST(SecurityPropertiesTest, AddingABoundaryNeverWidens) {
  CheckProperty(
      "add boundary",
      [](ScenarioGenerator& gen, GeneratedScenario* s) {
        // Boundaries attach to users and roles (and cap a federated user
        // through its IAM user); with none before, the layer passed, so a
        // new one can only take away (R3, R5, R15).
        if (!IsCallerWithPolicies(s->principal_kind())) return false;
        s->boundary.push_back(gen.RandomPolicy(PolicyKind::kBoundary, *s));
        return true;
      },
      NeverWidens,
      {.kinds = {PrincipalKind::kUser, PrincipalKind::kRoleSession,
                 PrincipalKind::kFederatedUser}});
}

TEST(SecurityPropertiesTest, AddingASessionPolicyNeverWidens) {
  CheckProperty(
      "add session policy",
      [](ScenarioGenerator& gen, GeneratedScenario* s) {
        // Only a role session without one: its session layer passes (R2), so
        // a session policy can only narrow it. Excluded on purpose:
        // - a GetFederationToken session without a session policy gets
        //   nothing from its identity policies (R2), so giving it one can
        //   legitimately widen access;
        // - a session that already has session policies: they form one set
        //   (any may allow), so another member can widen the set.
        if (s->principal_kind() != PrincipalKind::kRoleSession ||
            !s->session.empty()) {
          return false;
        }
        s->session.push_back(gen.RandomPolicy(PolicyKind::kSession, *s));
        return true;
      },
      NeverWidens, {.kinds = {PrincipalKind::kRoleSession}});
}

TEST(SecurityPropertiesTest, DecisionDoesNotDependOnOrder) {
  CheckProperty(
      "shuffle",
      [](ScenarioGenerator& gen, GeneratedScenario* s) {
        for (GeneratedPolicy* p : AllPolicies(s)) {
          std::shuffle(p->statements.begin(), p->statements.end(), gen.rng());
        }
        for (auto* layer : {&s->identity, &s->boundary, &s->session,
                            &s->resource, &s->vpc_endpoint}) {
          std::shuffle(layer->begin(), layer->end(), gen.rng());
        }
        // Every SCP/RCP level must allow and any may deny, so the order of
        // the levels cannot matter either.
        for (auto* levels : {&s->scp_levels, &s->rcp_levels}) {
          for (auto& level : *levels) {
            std::shuffle(level.begin(), level.end(), gen.rng());
          }
          std::shuffle(levels->begin(), levels->end(), gen.rng());
        }
        return true;
      },
      [](Outcome before, Outcome after) { return before == after; },
      {.kinds = {}, .expect_changes = false});
}

}  // namespace
}  // namespace iameval::testing
