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
#include "iameval/parser.h"
#include "iameval/policy.h"

namespace iameval {

enum class FindingSeverity {
  kError,       // AWS rejects the document (from the parser)
  kWarning,     // AWS accepts it, but it does not do what it says
  kSuggestion,  // works, but is fragile or unusual
};

// "error", "warning", "suggestion".
const char* FindingSeverityName(FindingSeverity severity);

struct Finding {
  std::string code;  // stable upper-snake identifier
  FindingSeverity severity = FindingSeverity::kWarning;
  std::string message;
  std::string pointer;  // RFC 6901 pointer into the document
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based, in bytes

  // "/Statement/0/Action/1 (line 5, column 9): warning: ... [UNKNOWN_ACTION]"
  std::string ToString() const;
};

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

bool HasErrors(const std::vector<Finding>& findings);

// A parser issue in the shape ValidatePolicy reports it (its first part):
// for callers that check grammar without a catalog.
Finding FindingFromIssue(Issue issue);

}  // namespace iameval

#endif  // IAMEVAL_VALIDATE_H_
