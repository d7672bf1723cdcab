// File: iameval/scenario.h
// -----------------------------------------------------------------------------
// Scenarios: self-contained requests in JSON (one per line in `iameval batch`,
// see docs/formats.md): the request plus every policy that governs it,
// parsed into a PolicyBundle and a Request. Errors name the field, the JSON
// pointer inside the policy and the line:column in the input.
//
// Thread safety: pure functions. Lifetime: results own their data.
#ifndef IAMEVAL_SCENARIO_H_
#define IAMEVAL_SCENARIO_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "iameval/decision.h"
#include "iameval/issue.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"

namespace iameval {

struct Scenario {
  std::string id;
  PolicyBundle bundle;
  Request request;
  // Optional test expectations (ignored by batch, used by test runners).
  std::optional<Outcome> expect;
  std::string expect_layer;
  std::string expect_error;
  std::vector<Issue> warnings;  // policy warnings, located
};

struct ScenarioOptions {
  // When set, policies come from this bundle and lines carry only the id
  // and the request ("request-only" lines for high-volume batch).
  const PolicyBundle* shared_bundle = nullptr;
  // Hard limit on one scenario's size.
  size_t max_line_bytes = 16u << 20;
};

struct ParsedScenario {
  std::string id;            // "" if the line had none or was unreadable
  absl::Status status;       // not ok: the scenario cannot be evaluated
  Scenario scenario;         // meaningful when status.ok()
  std::string expect_error;  // read even when the policies fail to parse
};

ParsedScenario ParseScenario(absl::string_view json,
                             const ScenarioOptions& options = {});

}  // namespace iameval

#endif  // IAMEVAL_SCENARIO_H_
