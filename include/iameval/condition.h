// File: iameval/condition.h
// -----------------------------------------------------------------------------
// Condition operators: their names (exact case, R8) and what each one means
// (family, comparison, set qualifier, IfExists). Their compiled form and
// evaluation are internal (iameval/internal/compiled_condition.h).
//
// Thread safety: value types. Lifetime: owns its data.
#ifndef IAMEVAL_CONDITION_H_
#define IAMEVAL_CONDITION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace iameval {

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
  // Spelled ArnLike / ArnNotLike: the same meaning as ArnEquals /
  // ArnNotEquals, kept so Name() gives back the name as written.
  bool like_spelling = false;

  // Exact, case-sensitive names only; nullopt for anything else (including
  // IfExists on Null, which AWS rejects).
  static std::optional<ConditionOperator> Parse(absl::string_view name);
  // The name Parse read (Parse(op.Name()) == op).
  std::string Name() const;
  // Every operator name without ForAllValues:/ForAnyValue: or IfExists
  // ("ArnEquals", ..., "StringNotLike"), sorted: for messages that suggest a
  // spelling.
  static const std::vector<std::string>& BaseNames();
  // Whether policy variables are substituted in this operator's values.
  bool supports_variables() const {
    return family == ConditionFamily::kString ||
           family == ConditionFamily::kStringIgnoreCase ||
           family == ConditionFamily::kStringLike ||
           family == ConditionFamily::kArn;
  }
};

}  // namespace iameval

#endif  // IAMEVAL_CONDITION_H_
