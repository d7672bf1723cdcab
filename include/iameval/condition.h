// File: iameval/condition.h
// -----------------------------------------------------------------------------
// Condition operators: their names (exact case, R8), their compiled form
// (policy-side values parsed once: decimals, instants, CIDRs, booleans,
// bytes, globs, variable templates) and their three-valued evaluation
// against a RequestContext: true, false or Indeterminate (R10).
//
// Thread safety: CompiledCondition is immutable after compilation and safe to
// evaluate from many threads. Lifetime: owns its data.
#ifndef IAMEVAL_CONDITION_H_
#define IAMEVAL_CONDITION_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/request.h"
#include "iameval/typed_value.h"
#include "iameval/wildcard.h"

namespace iameval {

// Kleene three-valued logic.
enum class Tri : uint8_t { kFalse = 0, kTrue = 1, kIndeterminate = 2 };

enum class ConditionFamily : uint8_t {
  kString,            // StringEquals / StringNotEquals
  kStringIgnoreCase,  // StringEqualsIgnoreCase / StringNotEqualsIgnoreCase
  kStringLike,        // StringLike / StringNotLike
  kNumeric,
  kDate,
  kBool,
  kBinary,
  kIp,   // IpAddress / NotIpAddress
  kArn,  // ArnEquals = ArnLike; ArnNotEquals = ArnNotLike
  kNull,
};

enum class Comparison : uint8_t {
  kEquals,
  kLess,
  kLessEquals,
  kGreater,
  kGreaterEquals,
};

enum class SetQualifier : uint8_t { kNone, kForAllValues, kForAnyValue };

struct ConditionOperator {
  ConditionFamily family = ConditionFamily::kString;
  Comparison comparison = Comparison::kEquals;
  bool negated = false;
  bool if_exists = false;
  SetQualifier qualifier = SetQualifier::kNone;

  // Exact, case-sensitive names only; nullopt for anything else (including
  // IfExists on Null, which AWS rejects).
  static std::optional<ConditionOperator> Parse(absl::string_view name);
  // Whether policy variables are substituted in this operator's values.
  bool supports_variables() const {
    return family == ConditionFamily::kString ||
           family == ConditionFamily::kStringIgnoreCase ||
           family == ConditionFamily::kStringLike ||
           family == ConditionFamily::kArn;
  }
};

// A piece of text with policy variables: literal runs and ${key, 'default'}.
struct TemplatePart {
  bool is_variable = false;
  std::string text;  // literal text, or the folded key of a variable
  bool has_default = false;
  std::string default_value;
};

struct VariableTemplate {
  std::vector<TemplatePart> parts;
  bool empty() const { return parts.empty(); }
};

// Parses `${...}` references in `text`. Returns false and sets `error` for a
// malformed reference. `${*}`, `${?}` and `${$}` become literal characters
// (flagged `literal_wildcard` so they are not read as wildcards).
bool ParseVariableTemplate(absl::string_view text, VariableTemplate* out,
                           std::string* error);

// Substitutes variables from `context`. Returns false when a variable has no
// value (absent or multi-valued, without default): such a value matches
// nothing (R11). `literal_mask[i]` is set for characters that came from a
// substitution or an escape and must not act as wildcards.
bool SubstituteTemplate(const VariableTemplate& tmpl,
                        const RequestContext& context, std::string* out,
                        std::vector<bool>* literal_mask);

struct CompiledConditionValue {
  std::string text;  // as written (folded for IgnoreCase)
  Glob glob;         // kStringLike
  // kArn: one glob per component; null unless the pattern has six
  // components (otherwise every comparison is Indeterminate, R10).
  std::unique_ptr<const std::array<Glob, 6>> arn_parts;
  std::unique_ptr<const Decimal> number;  // kNumeric (boxed: rarely used)
  std::optional<Timestamp> date;
  std::optional<IpRange> ip;
  bool boolean = false;        // kBool, kNull
  std::string bytes;           // kBinary
  VariableTemplate variables;  // non-empty when the value has variables
};

struct CompiledCondition {
  ConditionOperator op;
  std::string op_name;     // as written, for explanations
  std::string key;         // as written
  std::string key_folded;  // lookup key
  std::vector<CompiledConditionValue> values;
};

// Compiles one condition entry. `variables_enabled` follows the policy
// Version (R11). Returns false with `error` for malformed values (R9).
bool CompileCondition(absl::string_view op_name, absl::string_view key,
                      const std::vector<std::string>& values,
                      bool variables_enabled, CompiledCondition* out,
                      std::string* error);

// Evaluates a condition. `missing` is set when the key was absent from the
// context (the decision depended on a value the request did not carry).
Tri EvaluateCondition(const CompiledCondition& condition,
                      const RequestContext& context, bool* missing);

}  // namespace iameval

#include "iameval/internal/condition-inl.h"  // IWYU pragma: export

#endif  // IAMEVAL_CONDITION_H_
