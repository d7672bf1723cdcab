// File: tests/testing/scenario_generator.h
// -----------------------------------------------------------------------------
// A seeded generator of random authorization scenarios over a deliberately
// small vocabulary (two accounts, a handful of actions, ARNs, principals and
// condition keys), so that random policies hit the request often enough to
// exercise every rule: wildcards, NotAction/NotResource, every principal
// form, NotPrincipal, condition operators with IfExists and set qualifiers,
// missing and multi-valued keys, policy variables, boundaries, session
// policies, SCP and RCP levels, VPC endpoint policies, trust policies and
// KMS keys.
//
// Policies are emitted as JSON text so that both the engine and the
// reference evaluator go through the real parser; every generated policy is
// grammatical for its kind. Scenarios print as one line of the scenario
// format (scenario.h) so a failure can be replayed with `iameval batch`.
//
// Thread safety: a generator is not thread-safe; use one per thread.
#ifndef IAMEVAL_TESTS_TESTING_SCENARIO_GENERATOR_H_
#define IAMEVAL_TESTS_TESTING_SCENARIO_GENERATOR_H_

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "iameval/policy.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"
#include "testing/reference_evaluator.h"

namespace iameval::testing {

struct GeneratedPolicy {
  PolicyKind kind = PolicyKind::kIdentity;
  std::string version = "2012-10-17";   // "" leaves the element out
  std::vector<std::string> statements;  // each a JSON object
  std::string ToJson() const;
};

struct GeneratedContextKey {
  std::string key;
  std::vector<std::string> values;
  bool is_list = false;
};

struct GeneratedScenario {
  uint64_t id = 0;
  std::vector<GeneratedPolicy> identity;
  std::vector<GeneratedPolicy> boundary;
  std::vector<GeneratedPolicy> session;  // at most one (scenario format)
  std::vector<std::vector<GeneratedPolicy>> scp_levels;
  std::vector<std::vector<GeneratedPolicy>> rcp_levels;
  std::vector<GeneratedPolicy> resource;  // at most one (scenario format)
  std::vector<GeneratedPolicy> vpc_endpoint;
  std::string management_account;
  bool aws_managed_key = false;

  // The request.
  std::string principal;  // ARN or service name
  bool anonymous = false;
  std::string web_identity_provider;
  std::string session_issuer;
  std::string action;
  std::string resource_arn;
  std::string resource_account;
  std::vector<GeneratedContextKey> context;

  PrincipalKind principal_kind() const;
  // kTrust for sts:AssumeRole* on a role ARN (as the scenario reader does).
  PolicyKind resource_policy_kind() const;
  RequestSpec ToRequestSpec() const;
  // One line of the scenario format (scenario.h).
  std::string ToScenarioJson() const;
};

// The scenario parsed once and prepared for both implementations.
struct BuiltScenario {
  PolicyBundle bundle;
  ReferenceBundle reference;
  Request request;
};

// Compiled policies by JSON text, so that a mutated scenario recompiles only
// the policies that changed.
using PolicyCache = absl::flat_hash_map<std::string, PolicyRef>;

// Parses every policy (errors are generator bugs), compiles it for the
// engine and, when `with_reference`, keeps the AST for the reference.
// Checks PolicyBundle::Validate too. `cache` (engine-only builds) may be
// null.
absl::Status BuildScenario(const GeneratedScenario& scenario,
                           bool with_reference, BuiltScenario* out,
                           PolicyCache* cache = nullptr);

class ScenarioGenerator {
 public:
  explicit ScenarioGenerator(uint64_t seed) : rng_(seed) {}

  GeneratedScenario Next();
  // Restricts the callers Next() draws to these kinds (empty: any).
  void set_principal_kinds(std::vector<PrincipalKind> kinds) {
    principal_kinds_ = std::move(kinds);
  }
  // Draws a new request context for `s` (everything else unchanged).
  void RerollContext(GeneratedScenario* s) {
    s->context.clear();
    ChooseContext(s);
  }

  // Building blocks, also used by the property tests to mutate scenarios.
  // `effect` forces the statement's effect (RCP statements are always Deny).
  std::string RandomStatement(PolicyKind kind, const GeneratedScenario& s,
                              std::optional<Effect> effect = std::nullopt);
  GeneratedPolicy RandomPolicy(PolicyKind kind, const GeneratedScenario& s);
  // One SCP or RCP level (never empty, R1).
  std::vector<GeneratedPolicy> RandomLevel(PolicyKind kind,
                                           const GeneratedScenario& s);

  std::mt19937_64& rng() { return rng_; }
  size_t Uniform(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }
  bool Chance(double p) {
    return std::uniform_real_distribution<double>(0, 1)(rng_) < p;
  }

 private:
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Uniform(v.size())];
  }
  std::string StringList(const std::vector<std::string>& items);
  std::vector<std::string> Some(const std::vector<std::string>& pool,
                                size_t max);
  std::string PrincipalElement(PolicyKind kind, const GeneratedScenario& s);
  std::string NotPrincipalElement(const GeneratedScenario& s);
  std::string Condition();
  void ChooseRequest(GeneratedScenario* s);
  void ChooseContext(GeneratedScenario* s);

  std::mt19937_64 rng_;
  std::vector<PrincipalKind> principal_kinds_;
};

}  // namespace iameval::testing

#endif  // IAMEVAL_TESTS_TESTING_SCENARIO_GENERATOR_H_
