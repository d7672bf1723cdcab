// Condition operators, table-driven against EvaluateCondition
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
// rulings R8-R11, R17).
#include "iameval/condition.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iameval/internal/compiled_condition.h"

namespace iameval {

using internal::CompileCondition;
using internal::CompiledCondition;
using internal::EvaluateCondition;
using internal::Tri;
namespace {

struct Ctx {
  const char* key;
  std::vector<std::string> values;
  bool list;
};

struct CondCase {
  const char* name;
  const char* op;
  std::vector<std::string> policy_values;
  std::vector<Ctx> context;  // key "k:k" unless given
  Tri want;
};

class ConditionTest : public ::testing::TestWithParam<CondCase> {};

TEST_P(ConditionTest, Evaluates) {
  const CondCase& c = GetParam();
  CompiledCondition cond;
  std::string error;
  ASSERT_TRUE(
      CompileCondition(c.op, "k:K", c.policy_values, true, &cond, &error))
      << error;
  RequestContext ctx;
  for (const Ctx& e : c.context) {
    if (e.list) {
      ctx.SetList(e.key, e.values);
    } else {
      ctx.Set(e.key, e.values[0]);
    }
  }
  bool missing = false;
  EXPECT_EQ(static_cast<int>(EvaluateCondition(cond, ctx, &missing)),
            static_cast<int>(c.want))
      << c.name;
}

const Tri T = Tri::kTrue;
const Tri F = Tri::kFalse;
const Tri I = Tri::kIndeterminate;

Ctx One(const char* v) { return {"K:k", {v}, false}; }
Ctx List(std::vector<std::string> v) { return {"k:k", std::move(v), true}; }

INSTANTIATE_TEST_SUITE_P(
    Operators, ConditionTest,
    ::testing::Values(
        CondCase{"eq match", "StringEquals", {"a", "b"}, {One("b")}, T},
        CondCase{"eq case", "StringEquals", {"a"}, {One("A")}, F},
        CondCase{"eq missing", "StringEquals", {"a"}, {}, F},
        CondCase{"neq missing", "StringNotEquals", {"a"}, {}, T},
        CondCase{"neq nor", "StringNotEquals", {"a", "b"}, {One("b")}, F},
        CondCase{"neq nor 2", "StringNotEquals", {"a", "b"}, {One("c")}, T},
        CondCase{"ifexists missing", "StringEqualsIfExists", {"a"}, {}, T},
        CondCase{
            "ifexists present", "StringEqualsIfExists", {"a"}, {One("b")}, F},
        CondCase{
            "ignorecase", "StringEqualsIgnoreCase", {"AbC"}, {One("aBc")}, T},
        CondCase{"like", "StringLike", {"a*c"}, {One("abbc")}, T},
        CondCase{"like literal eq", "StringEquals", {"a*c"}, {One("abbc")}, F},
        CondCase{"notlike", "StringNotLike", {"a*"}, {One("ba")}, T},
        CondCase{"unqualified multi 2",
                 "StringEquals",
                 {"a"},
                 {List({"a", "b"})},
                 I},
        CondCase{
            "unqualified multi 1", "StringEquals", {"a"}, {List({"a"})}, T},
        CondCase{"forall absent", "ForAllValues:StringEquals", {"a"}, {}, T},
        CondCase{"forall subset",
                 "ForAllValues:StringEquals",
                 {"a", "b"},
                 {List({"a", "b"})},
                 T},
        CondCase{"forall extra",
                 "ForAllValues:StringEquals",
                 {"a"},
                 {List({"a", "c"})},
                 F},
        CondCase{
            "forall empty", "ForAllValues:StringEquals", {"a"}, {List({})}, T},
        CondCase{"forany absent", "ForAnyValue:StringEquals", {"a"}, {}, F},
        CondCase{"forany hit",
                 "ForAnyValue:StringEquals",
                 {"webserver"},
                 {List({"environment", "webserver", "test"})},
                 T},
        CondCase{"forany miss",
                 "ForAnyValue:StringEquals",
                 {"webserver"},
                 {List({"environment", "test"})},
                 F},
        CondCase{"forall notlike",
                 "ForAllValues:StringNotLike",
                 {"key1*"},
                 {List({"key2:audit"})},
                 T},
        CondCase{"forall notlike 2",
                 "ForAllValues:StringNotLike",
                 {"key1*"},
                 {List({"key1:legal"})},
                 F},
        CondCase{"forany notequals",
                 "ForAnyValue:StringNotEquals",
                 {"a"},
                 {List({"a", "b"})},
                 T},
        CondCase{"forany single valued",
                 "ForAnyValue:StringEquals",
                 {"a"},
                 {One("a")},
                 T},
        CondCase{"num lt", "NumericLessThan", {"10"}, {One("9.5")}, T},
        CondCase{"num lt eq", "NumericLessThan", {"10"}, {One("10")}, F},
        CondCase{"num lte", "NumericLessThanEquals", {"10"}, {One("10.0")}, T},
        CondCase{"num bad request", "NumericLessThan", {"10"}, {One("ten")}, I},
        CondCase{
            "num neq bad request", "NumericNotEquals", {"10"}, {One("ten")}, I},
        CondCase{"date gt",
                 "DateGreaterThan",
                 {"2020-01-01T00:00:00Z"},
                 {One("2021-06-01T00:00:00Z")},
                 T},
        CondCase{"date epoch",
                 "DateLessThan",
                 {"2020-01-01T00:00:00Z"},
                 {One("1500000000")},
                 T},
        CondCase{"date bad", "DateLessThan", {"2020"}, {One("soon")}, I},
        CondCase{"bool", "Bool", {"true"}, {One("TRUE")}, T},
        CondCase{"bool false", "Bool", {"true"}, {One("false")}, F},
        CondCase{"bool bad", "Bool", {"true"}, {One("yes")}, I},
        CondCase{"binary", "BinaryEquals", {"QmluYXJ5"}, {One("QmluYXJ5")}, T},
        CondCase{
            "ip", "IpAddress", {"203.0.113.0/24"}, {One("203.0.113.9")}, T},
        CondCase{
            "ip v6", "IpAddress", {"2001:db8::/32"}, {One("2001:db8::9")}, T},
        CondCase{"ip mixed",
                 "IpAddress",
                 {"10.0.0.0/8", "2001:db8::/32"},
                 {One("2001:db8::9")},
                 T},
        CondCase{"notip",
                 "NotIpAddress",
                 {"203.0.113.0/24"},
                 {One("198.51.100.1")},
                 T},
        CondCase{
            "ip bad request", "IpAddress", {"203.0.113.0/24"}, {One("abc")}, I},
        CondCase{"notip bad request",
                 "NotIpAddress",
                 {"203.0.113.0/24"},
                 {One("abc")},
                 I},
        CondCase{"arn like",
                 "ArnLike",
                 {"arn:aws:iam::*:role/admin-*"},
                 {One("arn:aws:iam::111122223333:role/admin-x")},
                 T},
        CondCase{"arn equals wildcard",
                 "ArnEquals",
                 {"arn:aws:iam::*:role/a"},
                 {One("arn:aws:iam::111122223333:role/a")},
                 T},
        CondCase{"arn no colon crossing",
                 "ArnLike",
                 {"arn:aws:someservice:*:111122223333:finance/*"},
                 {One("arn:aws:someservice:us-east-2:999999999999:store/abc:"
                      "111122223333:finance/document.txt")},
                 F},
        CondCase{"arn not an arn",
                 "ArnLike",
                 {"arn:aws:iam::*:role/a"},
                 {One("111122223333")},
                 I},
        CondCase{"arn not like not an arn",
                 "ArnNotLike",
                 {"arn:aws:iam::*:role/a"},
                 {One("111122223333")},
                 I},
        CondCase{"null true absent", "Null", {"true"}, {}, T},
        CondCase{"null true present", "Null", {"true"}, {One("x")}, F},
        CondCase{"null false present", "Null", {"false"}, {One("x")}, T},
        CondCase{"null empty", "Null", {"false"}, {One("")}, I},
        CondCase{"var",
                 "StringEquals",
                 {"${aws:username}"},
                 {One("bob"), {"aws:username", {"bob"}, false}},
                 T},
        CondCase{"var missing positive",
                 "StringEquals",
                 {"${aws:username}"},
                 {One("bob")},
                 F},
        CondCase{"var missing negated",
                 "StringNotEquals",
                 {"${aws:username}"},
                 {One("bob")},
                 T},
        CondCase{"var default",
                 "StringEquals",
                 {"${aws:username, 'none'}"},
                 {One("none")},
                 T},
        CondCase{"var literal star",
                 "StringLike",
                 {"${aws:PrincipalTag/t}"},
                 {One("abc"), {"aws:PrincipalTag/t", {"a*"}, false}},
                 F},
        CondCase{"escape star", "StringLike", {"a${*}"}, {One("a*")}, T},
        CondCase{
            "escape star literal", "StringLike", {"a${*}"}, {One("ab")}, F},
        CondCase{"var multi valued",
                 "StringEquals",
                 {"${aws:TagKeys}"},
                 {One("a"), {"aws:TagKeys", {"a"}, true}},
                 F}));

TEST(ConditionOperator, NamesAreExact) {
  EXPECT_TRUE(ConditionOperator::Parse("ForAllValues:StringNotLikeIfExists"));
  EXPECT_FALSE(ConditionOperator::Parse("stringEquals"));
  EXPECT_FALSE(ConditionOperator::Parse("StringEqualz"));
  EXPECT_FALSE(ConditionOperator::Parse("forallvalues:StringEquals"));
  EXPECT_FALSE(ConditionOperator::Parse("NullIfExists"));
  EXPECT_FALSE(ConditionOperator::Parse("StringLikeIgnoreCase"));
}

TEST(ConditionOperator, BaseNamesAreTheTwentySevenOperators) {
  const std::vector<std::string>& names = ConditionOperator::BaseNames();
  EXPECT_EQ(names.size(), 27u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const std::string& name : names) {
    std::optional<ConditionOperator> op = ConditionOperator::Parse(name);
    ASSERT_TRUE(op.has_value()) << name;
    EXPECT_EQ(op->Name(), name);
  }
}

TEST(ConditionOperator, NameGivesBackTheNameAsWritten) {
  // Compiled conditions keep no copy of the name; explanations show Name().
  const std::vector<std::string> bases = {"StringEquals",
                                          "StringNotEquals",
                                          "StringEqualsIgnoreCase",
                                          "StringNotEqualsIgnoreCase",
                                          "StringLike",
                                          "StringNotLike",
                                          "NumericEquals",
                                          "NumericNotEquals",
                                          "NumericLessThan",
                                          "NumericLessThanEquals",
                                          "NumericGreaterThan",
                                          "NumericGreaterThanEquals",
                                          "DateEquals",
                                          "DateNotEquals",
                                          "DateLessThan",
                                          "DateLessThanEquals",
                                          "DateGreaterThan",
                                          "DateGreaterThanEquals",
                                          "Bool",
                                          "BinaryEquals",
                                          "IpAddress",
                                          "NotIpAddress",
                                          "ArnEquals",
                                          "ArnLike",
                                          "ArnNotEquals",
                                          "ArnNotLike",
                                          "Null"};
  int checked = 0;
  for (const std::string& base : bases) {
    for (const std::string qualifier : {"", "ForAllValues:", "ForAnyValue:"}) {
      for (const std::string suffix : {"", "IfExists"}) {
        const std::string name = qualifier + base + suffix;
        std::optional<ConditionOperator> op = ConditionOperator::Parse(name);
        if (base == "Null" && !suffix.empty()) {
          EXPECT_FALSE(op) << name;
          continue;
        }
        ASSERT_TRUE(op) << name;
        EXPECT_EQ(op->Name(), name);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 27 * 6 - 3);
}

TEST(Condition, KeepsTheKeyAsWrittenAndFolded) {
  CompiledCondition c;
  std::string error;
  ASSERT_TRUE(CompileCondition("StringEquals", "aws:PrincipalTag/Team",
                               {"a", "b"}, true, &c, &error));
  EXPECT_EQ(c.key(), "aws:PrincipalTag/Team");
  EXPECT_EQ(c.key_folded(), "aws:principaltag/team");
  ASSERT_TRUE(CompileCondition("Null", "", {"true"}, true, &c, &error));
  EXPECT_EQ(c.key(), "");
  EXPECT_EQ(c.key_folded(), "");
  EXPECT_EQ(c.values.size(), 1u);
}

TEST(Condition, VersionlessPoliciesTreatVariablesLiterally) {
  CompiledCondition c;
  std::string error;
  ASSERT_TRUE(CompileCondition("StringEquals", "k:k", {"${aws:username}"},
                               /*variables_enabled=*/false, &c, &error));
  RequestContext ctx;
  ctx.Set("k:k", "${aws:username}");
  ctx.Set("aws:username", "bob");
  bool missing;
  EXPECT_EQ(EvaluateCondition(c, ctx, &missing), Tri::kTrue);
}

}  // namespace
}  // namespace iameval
