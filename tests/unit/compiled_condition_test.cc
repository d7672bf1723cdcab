// CompilePolicy's value errors: located at the positions ParsePolicy keeps
// on values, principals and resources; one value grammar shared with the
// parser (CheckConditionValue).
#include "iameval/internal/compiled_condition.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/compiled_policy.h"
#include "iameval/condition.h"
#include "iameval/parser.h"

namespace iameval {
namespace {

using ::iameval::internal::CheckConditionValue;
using ::iameval::internal::CompileCondition;
using ::iameval::internal::CompiledCondition;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kPolicy[] = R"({
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": ["111122223333",
                          "arn:aws:iam::111122223333:role/r"]},
    "Action": "s3:GetObject",
    "Resource": ["arn:aws:s3:::a/*",
      "arn:aws:s3:::b/*"],
    "Condition": {"NumericLessThan": {"s3:max-keys": ["10",
        "20"]}}
  }]
})";

Policy Parsed() {
  ParseResult r = ParsePolicy(kPolicy, PolicyKind::kResource);
  EXPECT_TRUE(r.ok()) << JoinErrors(r.issues);
  return r.policy;
}

TEST(ParsePositions, KeptOnPrincipalsResourcesAndValues) {
  Policy p = Parsed();
  ASSERT_EQ(p.statements.size(), 1u);
  const Statement& s = p.statements[0];
  ASSERT_EQ(s.principal.entries.size(), 2u);
  EXPECT_EQ(s.principal.entries[0].position.line, 5);
  EXPECT_EQ(s.principal.entries[0].position.column, 27);
  EXPECT_EQ(s.principal.entries[1].position.line, 6);
  EXPECT_EQ(s.principal.entries[1].position.column, 27);
  ASSERT_EQ(s.resource_positions.size(), 2u);
  EXPECT_EQ(s.resource_positions[0].line, 8);
  EXPECT_EQ(s.resource_positions[0].column, 18);
  EXPECT_EQ(s.resource_positions[1].line, 9);
  EXPECT_EQ(s.resource_positions[1].column, 7);
  ASSERT_EQ(s.conditions.size(), 1u);
  ASSERT_EQ(s.conditions[0].value_positions.size(), 2u);
  EXPECT_EQ(s.conditions[0].value_positions[0].line, 10);
  EXPECT_EQ(s.conditions[0].value_positions[0].column, 55);
  EXPECT_EQ(s.conditions[0].value_positions[1].line, 11);
  EXPECT_EQ(s.conditions[0].value_positions[1].column, 9);
}

TEST(CompileValueErrors, ConditionValueAtItsPosition) {
  Policy p = Parsed();
  p.statements[0].conditions[0].values[1] = "twenty";
  absl::StatusOr<PolicyRef> c = CompilePolicy(p);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "line 11, column 9: \"twenty\" is not a number (NumericLessThan)");
}

TEST(CompileValueErrors, ResourceAtItsPosition) {
  Policy p = Parsed();
  p.statements[0].resources[1] = "bucket-b";
  absl::StatusOr<PolicyRef> c = CompilePolicy(p);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()),
              StartsWith("line 9, column 7: "));
  EXPECT_THAT(std::string(c.status().message()),
              HasSubstr("neither \"*\" nor an ARN"));
}

TEST(CompileValueErrors, PrincipalAtItsPosition) {
  Policy p = Parsed();
  p.statements[0].principal.entries[1].value =
      "arn:aws:iam::111122223333:group/g";
  absl::StatusOr<PolicyRef> c = CompilePolicy(p);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()),
              StartsWith("line 6, column 27: "));
}

TEST(CompileValueErrors, UnlocatedWhenBuiltInCode) {
  Policy p;
  Statement s;
  s.actions = {"s3:GetObject"};
  s.resource_mode = Statement::ResourceMode::kResource;
  s.resources = {"*"};
  s.conditions.push_back({"DateLessThan", "aws:CurrentTime", {"soon"}, {}});
  p.statements.push_back(s);
  absl::StatusOr<PolicyRef> c = CompilePolicy(p);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "\"soon\" is not an ISO 8601 date or epoch seconds (DateLessThan)");
}

// The parser checks values with CheckConditionValue and the compiler builds
// them with CompileCondition: both must accept and reject the same values
// with the same message.
TEST(ConditionValueGrammar, CheckAgreesWithCompile) {
  struct Case {
    const char* op;
    const char* value;
  };
  const std::vector<Case> cases = {
      {"NumericEquals", "10"},
      {"NumericEquals", "ten"},
      {"NumericLessThanIfExists", "1.5"},
      {"DateGreaterThan", "2020-01-01T00:00:00Z"},
      {"DateGreaterThan", "yesterday"},
      {"Bool", "true"},
      {"Bool", "yes"},
      {"Null", "false"},
      {"BinaryEquals", "QUJD"},
      {"BinaryEquals", "%%%"},
      {"IpAddress", "10.0.0.0/8"},
      {"IpAddress", "10.0.0.300"},
      {"ArnLike", "arn:aws:s3:::b/*"},
      {"ArnLike", "not-an-arn"},
      {"StringLike", "${aws:username"},
      {"StringEquals", "${aws:username}"},
      {"ForAnyValue:StringLike", "a*"},
  };
  for (const Case& c : cases) {
    for (bool variables : {false, true}) {
      std::optional<ConditionOperator> op = ConditionOperator::Parse(c.op);
      ASSERT_TRUE(op.has_value()) << c.op;
      std::string check_error, compile_error;
      const bool checked =
          CheckConditionValue(*op, c.op, c.value, variables, &check_error);
      CompiledCondition compiled;
      size_t bad = 99;
      const bool built = CompileCondition(c.op, "k:k", {c.value}, variables,
                                          &compiled, &compile_error, &bad);
      EXPECT_EQ(checked, built) << c.op << " " << c.value;
      EXPECT_EQ(check_error, compile_error) << c.op << " " << c.value;
      if (!built) {
        EXPECT_EQ(bad, 0u) << c.op << " " << c.value;
      }
    }
  }
}

}  // namespace
}  // namespace iameval
