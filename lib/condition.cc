// Condition operators: their names and what each one means.
#include "iameval/condition.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace iameval {
namespace {

struct BaseOperator {
  ConditionFamily family;
  Comparison comparison;
  bool negated;
  bool like_spelling = false;
};

const absl::flat_hash_map<std::string, BaseOperator>& BaseOperators() {
  static const auto* const kOps = new absl::flat_hash_map<std::string,
                                                          BaseOperator>{
      {"StringEquals", {ConditionFamily::kString, Comparison::kEquals, false}},
      {"StringNotEquals",
       {ConditionFamily::kString, Comparison::kEquals, true}},
      {"StringEqualsIgnoreCase",
       {ConditionFamily::kStringIgnoreCase, Comparison::kEquals, false}},
      {"StringNotEqualsIgnoreCase",
       {ConditionFamily::kStringIgnoreCase, Comparison::kEquals, true}},
      {"StringLike",
       {ConditionFamily::kStringLike, Comparison::kEquals, false}},
      {"StringNotLike",
       {ConditionFamily::kStringLike, Comparison::kEquals, true}},
      {"NumericEquals",
       {ConditionFamily::kNumeric, Comparison::kEquals, false}},
      {"NumericNotEquals",
       {ConditionFamily::kNumeric, Comparison::kEquals, true}},
      {"NumericLessThan",
       {ConditionFamily::kNumeric, Comparison::kLess, false}},
      {"NumericLessThanEquals",
       {ConditionFamily::kNumeric, Comparison::kLessEquals, false}},
      {"NumericGreaterThan",
       {ConditionFamily::kNumeric, Comparison::kGreater, false}},
      {"NumericGreaterThanEquals",
       {ConditionFamily::kNumeric, Comparison::kGreaterEquals, false}},
      {"DateEquals", {ConditionFamily::kDate, Comparison::kEquals, false}},
      {"DateNotEquals", {ConditionFamily::kDate, Comparison::kEquals, true}},
      {"DateLessThan", {ConditionFamily::kDate, Comparison::kLess, false}},
      {"DateLessThanEquals",
       {ConditionFamily::kDate, Comparison::kLessEquals, false}},
      {"DateGreaterThan",
       {ConditionFamily::kDate, Comparison::kGreater, false}},
      {"DateGreaterThanEquals",
       {ConditionFamily::kDate, Comparison::kGreaterEquals, false}},
      {"Bool", {ConditionFamily::kBool, Comparison::kEquals, false}},
      {"BinaryEquals", {ConditionFamily::kBinary, Comparison::kEquals, false}},
      {"IpAddress", {ConditionFamily::kIp, Comparison::kEquals, false}},
      {"NotIpAddress", {ConditionFamily::kIp, Comparison::kEquals, true}},
      {"ArnEquals", {ConditionFamily::kArn, Comparison::kEquals, false}},
      {"ArnLike", {ConditionFamily::kArn, Comparison::kEquals, false, true}},
      {"ArnNotEquals", {ConditionFamily::kArn, Comparison::kEquals, true}},
      {"ArnNotLike", {ConditionFamily::kArn, Comparison::kEquals, true, true}},
      {"Null", {ConditionFamily::kNull, Comparison::kEquals, false}},
  };
  return *kOps;
}

}  // namespace

std::optional<ConditionOperator> ConditionOperator::Parse(
    absl::string_view name) {
  ConditionOperator op;
  if (absl::ConsumePrefix(&name, "ForAllValues:")) {
    op.qualifier = SetQualifier::kForAllValues;
  } else if (absl::ConsumePrefix(&name, "ForAnyValue:")) {
    op.qualifier = SetQualifier::kForAnyValue;
  }
  if (absl::ConsumeSuffix(&name, "IfExists")) op.if_exists = true;
  auto it = BaseOperators().find(std::string(name));
  if (it == BaseOperators().end()) return std::nullopt;
  op.family = it->second.family;
  op.comparison = it->second.comparison;
  op.negated = it->second.negated;
  op.like_spelling = it->second.like_spelling;
  if (op.family == ConditionFamily::kNull && op.if_exists) return std::nullopt;
  return op;
}

const std::vector<std::string>& ConditionOperator::BaseNames() {
  static const auto* const kNames = [] {
    auto* names = new std::vector<std::string>();
    for (const auto& [name, unused] : BaseOperators()) names->push_back(name);
    std::sort(names->begin(), names->end());
    return names;
  }();
  return *kNames;
}

std::string ConditionOperator::Name() const {
  // Derived rather than stored: compiled policies hold thousands of
  // conditions and the name is only shown in explanations.
  absl::string_view base;
  for (const auto& [name, b] : BaseOperators()) {
    if (b.family == family && b.comparison == comparison &&
        b.negated == negated && b.like_spelling == like_spelling) {
      base = name;
      break;
    }
  }
  absl::string_view qualifier;
  switch (this->qualifier) {
    case SetQualifier::kNone:
      break;
    case SetQualifier::kForAllValues:
      qualifier = "ForAllValues:";
      break;
    case SetQualifier::kForAnyValue:
      qualifier = "ForAnyValue:";
      break;
  }
  return absl::StrCat(qualifier, base, if_exists ? "IfExists" : "");
}

}  // namespace iameval
