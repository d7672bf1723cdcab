// File: iameval/validate.h
// -----------------------------------------------------------------------------
// ValidatePolicy: everything ParsePolicy reports (errors: AWS would reject
// the document; warnings: quotas and lint), then checks against the service
// catalog (catalog.h) for what AWS accepts but is almost certainly wrong:
//
//   UNKNOWN_SERVICE             action prefix that no service has
//   UNKNOWN_ACTION              no such action (with the nearest spellings)
//   PATTERN_MATCHES_NOTHING     an action wildcard that expands to nothing
//   UNKNOWN_CONDITION_KEY       a key no service and no global list defines
//   CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS
//                               no action of the statement supports the key
//                               (global keys are always fine)
//   OPERATOR_TYPE_MISMATCH      operator family vs key type (NumericLessThan
//                               on a String key, IpAddress on a non-IP key);
//                               multivalued (ArrayOf*) keys under an
//                               unqualified operator
//   SET_OPERATOR_ON_SINGLE_VALUED_KEY (suggestion)
//                               ForAllValues/ForAnyValue on a single-valued
//                               key
//   RESOURCE_MATCHES_NO_TYPE    a Resource ARN that fits no resource type of
//                               any action of the statement
//
// docs/validation.md describes each check, its limits and the counts over
// the AWS managed policies.
//
// Thread safety: pure function; `catalog` is only read. Lifetime: findings own
// their strings.
#ifndef IAMEVAL_VALIDATE_H_
#define IAMEVAL_VALIDATE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/catalog.h"
#include "iameval/issue.h"
#include "iameval/parser.h"
#include "iameval/policy.h"

namespace iameval {

// A validator finding is a located Issue; Severity::kSuggestion is the
// validator's third severity (works, but is fragile or unusual).
using Finding = Issue;

struct ValidateOptions {
  ParseOptions parse;
  // How many spellings UNKNOWN_ACTION suggests.
  int suggestions = 3;
};

// Parser issues first (in the parser's order), then catalog findings in
// document order. Catalog checks run whenever the JSON itself is readable,
// skipping the elements the parser already rejected.
std::vector<Finding> ValidatePolicy(absl::string_view json, PolicyKind kind,
                                    const Catalog& catalog,
                                    const ValidateOptions& options = {});

}  // namespace iameval

#endif  // IAMEVAL_VALIDATE_H_
