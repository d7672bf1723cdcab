// Benchmark helpers: the vendored managed policies and generated policy sets.
#ifndef IAMEVAL_BENCH_BENCH_UTIL_H_
#define IAMEVAL_BENCH_BENCH_UTIL_H_

#include <string>
#include <vector>

#include "iameval/compiled_policy.h"
#include "iameval/request.h"

namespace iameval::bench {

struct ManagedPolicy {
  std::string name;
  std::string json;  // the policy document
};

// All policies of third_party/aws-managed-policies, in file order.
const std::vector<ManagedPolicy>& ManagedPolicies();
// One managed policy's document by name; aborts if absent.
const std::string& ManagedPolicyJson(const std::string& name);
// Compiles or aborts (benchmarks check their inputs before timing).
PolicyRef MustCompile(const std::string& json, PolicyKind kind,
                      const std::string& id);
Request MustRequest(
    const std::string& principal, const std::string& action,
    const std::string& resource,
    std::vector<std::pair<std::string, std::string>> context = {});
// A synthetic identity policy of `statements` statements spread over many
// services (W4): statement i grants svcN:Action... on its own ARNs.
std::string SyntheticPolicy(int statements);

}  // namespace iameval::bench

#endif  // IAMEVAL_BENCH_BENCH_UTIL_H_
