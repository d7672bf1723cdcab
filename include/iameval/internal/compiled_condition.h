// File: iameval/internal/compiled_condition.h
// -----------------------------------------------------------------------------
// The compiled form of a condition (policy-side values parsed once:
// decimals, instants, CIDRs, booleans, bytes, globs, variable templates) and
// its three-valued evaluation against a RequestContext: true, false or
// Indeterminate (R10). Not API: the layout changes with the engine.
//
// Thread safety: CompiledCondition is immutable after compilation and safe to
// evaluate from many threads. Lifetime: owns its data.
#ifndef IAMEVAL_INTERNAL_COMPILED_CONDITION_H_
#define IAMEVAL_INTERNAL_COMPILED_CONDITION_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/condition.h"
#include "iameval/request.h"
#include "iameval/typed_value.h"
#include "iameval/wildcard.h"

namespace iameval {
namespace internal {

// Kleene three-valued logic.
enum class Tri : uint8_t { kFalse = 0, kTrue = 1, kIndeterminate = 2 };

// A piece of text with policy variables: literal runs and ${key, 'default'}.
struct TemplatePart {
  bool is_variable = false;
  std::string text;  // literal text, or the folded key of a variable
  std::string key;   // a variable's key as written (for explanations)
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

// One policy value, parsed once for the condition's family. A value holds
// only what its family reads (a variant, so a value costs 48 bytes).
struct CompiledConditionValue {
  // A kArn pattern: one glob per component; null unless the pattern has six
  // components (otherwise every comparison is Indeterminate, R10).
  using ArnParts = std::unique_ptr<const std::array<Glob, 6>>;
  // By family: kString the text as written, kStringIgnoreCase folded,
  // kBinary the decoded bytes (std::string); kStringLike a Glob; kArn
  // ArnParts; kNumeric a boxed Decimal; kDate a Timestamp; kIp a boxed
  // IpRange; kBool and kNull a bool. Empty for a value with variables.
  std::variant<std::monostate, std::string, Glob, bool, Timestamp, ArnParts,
               std::unique_ptr<const Decimal>, std::unique_ptr<const IpRange>>
      parsed;
  // Non-null when the value has variables (then `parsed` is empty).
  std::unique_ptr<const VariableTemplate> variables;

  // Typed reads; each is valid only for its families (see `parsed`).
  const std::string& text() const { return *std::get_if<std::string>(&parsed); }
  const Glob& glob() const { return *std::get_if<Glob>(&parsed); }
  bool boolean() const { return *std::get_if<bool>(&parsed); }
  Timestamp date() const { return *std::get_if<Timestamp>(&parsed); }
  const ArnParts& arn_parts() const { return *std::get_if<ArnParts>(&parsed); }
  const Decimal& number() const {
    return **std::get_if<std::unique_ptr<const Decimal>>(&parsed);
  }
  const IpRange& ip() const {
    return **std::get_if<std::unique_ptr<const IpRange>>(&parsed);
  }
};

struct CompiledCondition {
  ConditionOperator op;  // op.Name() is the operator as written
  // Bytes at the end of `keys` that hold the policy values as written, for
  // explanations; 0 when there were more than fit (then none are kept). It
  // sits in what was padding, so a condition is no larger for it.
  uint16_t written_values_size = 0;
  // The folded key (for lookups), the key as written, then the values as
  // written, each followed by '\0'. Folding keeps the length, so each key is
  // half of what precedes the values.
  std::string keys;
  std::vector<CompiledConditionValue> values;

  absl::string_view key_folded() const {
    return absl::string_view(keys).substr(
        0, (keys.size() - written_values_size) / 2);
  }
  absl::string_view key() const {
    const size_t n = (keys.size() - written_values_size) / 2;
    return absl::string_view(keys).substr(n, n);
  }
  // The policy values as written (explanations; not the hot path).
  std::vector<std::string> WrittenValues() const;
};

// Compiles one condition entry. `variables_enabled` follows the policy
// Version (R11). Returns false with `error` for malformed values (R9).
bool CompileCondition(absl::string_view op_name, absl::string_view key,
                      const std::vector<std::string>& values,
                      bool variables_enabled, CompiledCondition* out,
                      std::string* error, size_t* bad_value = nullptr);

// Checks one policy value of operator `op` (written `op_name`) by the rules
// CompileCondition applies, without building its compiled form: the parser
// reports each malformed value at its position (R9) and leaves compiling to
// CompilePolicy.
bool CheckConditionValue(const ConditionOperator& op, absl::string_view op_name,
                         absl::string_view text, bool variables_enabled,
                         std::string* error);

// Evaluates a condition. `missing` is set when the key was absent from the
// context (the decision depended on a value the request did not carry).
Tri EvaluateCondition(const CompiledCondition& condition,
                      const RequestContext& context, bool* missing);

}  // namespace internal
}  // namespace iameval

#include "iameval/internal/condition-inl.h"  // IWYU pragma: export

#endif  // IAMEVAL_INTERNAL_COMPILED_CONDITION_H_
