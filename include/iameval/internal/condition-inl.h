// File: iameval/internal/condition-inl.h
// -----------------------------------------------------------------------------
// Inline condition evaluation (hot path). Not API.
// Thread safety: pure functions (policy variables use thread-local scratch).
// Lifetime: borrows its arguments for the call.
#ifndef IAMEVAL_INTERNAL_CONDITION_INL_H_
#define IAMEVAL_INTERNAL_CONDITION_INL_H_

#include <string>
#include <vector>

#include "iameval/arn.h"

namespace iameval {
namespace internal {

inline Tri Not(Tri t) {
  return t == Tri::kIndeterminate
             ? t
             : (t == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
}
inline Tri Or(Tri a, Tri b) {
  if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
  if (a == Tri::kIndeterminate || b == Tri::kIndeterminate) {
    return Tri::kIndeterminate;
  }
  return Tri::kFalse;
}
inline Tri And(Tri a, Tri b) {
  if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
  if (a == Tri::kIndeterminate || b == Tri::kIndeterminate) {
    return Tri::kIndeterminate;
  }
  return Tri::kTrue;
}
inline Tri FromBool(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

inline bool EqualsIgnoreCaseFolded(absl::string_view text,
                                   absl::string_view folded) {
  if (text.size() != folded.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != folded[i]) return false;
  }
  return true;
}

inline bool CompareOrdered(int cmp, Comparison comparison) {
  switch (comparison) {
    case Comparison::kEquals:
      return cmp == 0;
    case Comparison::kLess:
      return cmp < 0;
    case Comparison::kLessEquals:
      return cmp <= 0;
    case Comparison::kGreater:
      return cmp > 0;
    case Comparison::kGreaterEquals:
      return cmp >= 0;
  }
  return false;
}

inline Tri ArnPartsMatch(const std::array<Glob, 6>& pattern,
                         absl::string_view value) {
  std::array<absl::string_view, 6> parts;
  if (SplitArnComponents(value, &parts) != 6) return Tri::kIndeterminate;
  for (int i = 0; i < 6; ++i) {
    if (!pattern[i].Matches(parts[i])) return Tri::kFalse;
  }
  return Tri::kTrue;
}

// Matches a value with variables: substitute, then compare as the family
// says, treating substituted text literally (R11).
Tri MatchTemplatedValue(const CompiledCondition& c,
                        const CompiledConditionValue& v, const ContextValue& r,
                        const RequestContext& context);

// BinaryEquals decodes the request value here rather than when the request
// is built: the operator is rare and most values are not base64.
Tri BinaryMatch(absl::string_view request_text, const std::string& bytes);

// The positive base comparison m(r, v).
inline Tri BaseMatch(const CompiledCondition& c,
                     const CompiledConditionValue& v, const ContextValue& r,
                     const RequestContext& context) {
  if (v.variables != nullptr) return MatchTemplatedValue(c, v, r, context);
  switch (c.op.family) {
    case ConditionFamily::kString:
      return FromBool(r.text == v.text());
    case ConditionFamily::kStringIgnoreCase:
      return FromBool(EqualsIgnoreCaseFolded(r.text, v.text()));
    case ConditionFamily::kStringLike:
      return FromBool(v.glob().Matches(r.text));
    case ConditionFamily::kNumeric:
      if (!r.number) return Tri::kIndeterminate;
      return FromBool(
          CompareOrdered(Compare(*r.number, v.number()), c.op.comparison));
    case ConditionFamily::kDate: {
      if (!r.date) return Tri::kIndeterminate;
      int64_t a = r.date->micros, b = v.date().micros;
      return FromBool(
          CompareOrdered(a < b ? -1 : (a > b ? 1 : 0), c.op.comparison));
    }
    case ConditionFamily::kBool:
      if (!r.boolean) return Tri::kIndeterminate;
      return FromBool(*r.boolean == v.boolean());
    case ConditionFamily::kBinary:
      return BinaryMatch(r.text, v.text());
    case ConditionFamily::kIp:
      if (!r.ip) return Tri::kIndeterminate;
      return FromBool(v.ip().Contains(*r.ip));
    case ConditionFamily::kArn:
      if (v.arn_parts() == nullptr) return Tri::kIndeterminate;
      return ArnPartsMatch(*v.arn_parts(), r.text);
    case ConditionFamily::kNull:
      return Tri::kFalse;  // handled by the caller
  }
  return Tri::kIndeterminate;
}

// OR over the policy values of m(r, v).
inline Tri AnyPolicyValueMatches(const CompiledCondition& c,
                                 const ContextValue& r,
                                 const RequestContext& context) {
  Tri result = Tri::kFalse;
  for (const CompiledConditionValue& v : c.values) {
    result = Or(result, BaseMatch(c, v, r, context));
    if (result == Tri::kTrue) return result;
  }
  return result;
}

inline bool IsEmptySet(const ContextEntry& e) {
  return e.values.empty() || (e.values.size() == 1 && e.values[0].text.empty());
}

inline Tri EvaluateCondition(const CompiledCondition& c,
                             const RequestContext& context, bool* missing) {
  const ContextEntry* e = context.FindFolded(c.key_folded());
  *missing = e == nullptr;
  // A value nobody knows (R19) decides no comparison, Null included.
  if (e != nullptr && e->unknown) return Tri::kIndeterminate;
  if (c.op.family == ConditionFamily::kNull) {
    // Null tests presence; a key present with an empty value is neither
    // absent nor present (R10).
    if (e != nullptr && IsEmptySet(*e)) return Tri::kIndeterminate;
    const bool present = e != nullptr;
    Tri result = Tri::kFalse;
    for (const CompiledConditionValue& v : c.values) {
      result = Or(result, FromBool(v.boolean() ? !present : present));
    }
    return result;
  }
  if (e == nullptr) {
    if (c.op.if_exists) return Tri::kTrue;
    switch (c.op.qualifier) {
      case SetQualifier::kForAllValues:
        return Tri::kTrue;
      case SetQualifier::kForAnyValue:
        return Tri::kFalse;
      case SetQualifier::kNone:
        return c.op.negated ? Tri::kTrue : Tri::kFalse;
    }
  }
  switch (c.op.qualifier) {
    case SetQualifier::kNone: {
      // One value compares; two or more, or none, cannot be compared by an
      // unqualified operator (R10).
      if (e->values.size() != 1) return Tri::kIndeterminate;
      Tri m = AnyPolicyValueMatches(c, e->values[0], context);
      return c.op.negated ? Not(m) : m;
    }
    case SetQualifier::kForAllValues: {
      if (IsEmptySet(*e)) return Tri::kTrue;
      Tri result = Tri::kTrue;
      for (const ContextValue& r : e->values) {
        Tri m = AnyPolicyValueMatches(c, r, context);
        result = And(result, c.op.negated ? Not(m) : m);
        if (result == Tri::kFalse) break;
      }
      return result;
    }
    case SetQualifier::kForAnyValue: {
      if (IsEmptySet(*e)) return Tri::kFalse;
      Tri result = Tri::kFalse;
      for (const ContextValue& r : e->values) {
        Tri m = AnyPolicyValueMatches(c, r, context);
        result = Or(result, c.op.negated ? Not(m) : m);
        if (result == Tri::kTrue) break;
      }
      return result;
    }
  }
  return Tri::kIndeterminate;
}

}  // namespace internal
}  // namespace iameval

#endif  // IAMEVAL_INTERNAL_CONDITION_INL_H_
