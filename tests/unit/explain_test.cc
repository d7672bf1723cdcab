#include "iameval/explain.h"

#include <string>

#include "gtest/gtest.h"

namespace iameval {
namespace {

// The batch writer appends result lines by hand for speed; its bytes must be
// those of the JSON writer (BatchResultJson) for every id, including ids that
// need escaping (quotes, backslashes, control characters, non-ASCII, DEL).
TEST(AppendBatchDecisionJson, SameBytesAsBatchResultJson) {
  const std::string ids[] = {"r1",
                             "",
                             "with space",
                             "quote\"inside",
                             "back\\slash",
                             "bell\b form\f cr\r",
                             "tab\there",
                             "new\nline",
                             std::string("nul\0byte", 8),
                             "del\x7f",
                             "caf\xc3\xa9",
                             "slash/and~tilde",
                             "{\"json\":1}"};
  const Outcome outcomes[] = {Outcome::kAllowed, Outcome::kExplicitlyDenied,
                              Outcome::kImplicitlyDenied};
  for (const std::string& id : ids) {
    for (Outcome outcome : outcomes) {
      Decision d;
      d.outcome = outcome;
      std::string appended = "previous line\n";
      AppendBatchDecisionJson(id, outcome, &appended);
      EXPECT_EQ(appended, "previous line\n" + BatchResultJson(id, d, nullptr))
          << id;
    }
  }
}

TEST(BatchErrorJson, EscapesTheMessage) {
  EXPECT_EQ(BatchErrorJson("a", "bad \"x\""),
            R"({"id": "a", "error": "bad \"x\""})");
}

// A trace with one of everything the explanation reports beyond the
// decision: a missing variable key, a near miss of each kind, a warning.
Trace SampleTrace() {
  Trace t;
  t.missing_keys = {"aws:PrincipalTag/team"};
  NearMiss principal;
  principal.layer = Layer::kResource;
  principal.policy_id = "bucket.json";
  principal.statement_index = 1;
  principal.sid = "Bob";
  principal.line = 7;
  principal.element = FailedElement::kPrincipal;
  t.near_misses.push_back(principal);
  NearMiss cond;
  cond.layer = Layer::kScp;
  cond.level = 2;
  cond.policy_id = "scp.json";
  cond.effect = Effect::kDeny;
  cond.line = 3;
  cond.element = FailedElement::kCondition;
  FailedCondition absent;
  absent.op = "StringEquals";
  absent.key = "aws:ResourceTag/team";
  absent.policy_values = {"${aws:PrincipalTag/team}"};
  cond.conditions.push_back(absent);
  FailedCondition many;
  many.op = "ForAnyValue:StringLike";
  many.key = "aws:TagKeys";
  many.policy_values = {"x*", "y"};
  many.present = true;
  many.request_values = {"a", "b"};
  cond.conditions.push_back(many);
  FailedCondition ind;
  ind.op = "NumericLessThan";
  ind.key = "s3:max-keys";
  ind.policy_values = {"10"};
  ind.present = true;
  ind.request_values = {"abc"};
  ind.indeterminate = true;
  cond.conditions.push_back(ind);
  t.near_misses.push_back(cond);
  t.warnings = {"a guess"};
  return t;
}

Request SampleRequest() {
  RequestSpec spec;
  spec.principal = "arn:aws:iam::111122223333:user/alice";
  spec.action = "s3:GetObject";
  spec.resource = "arn:aws:s3:::b/k";
  spec.context.SetList("aws:TagKeys", {"a", "b"});
  return *BuildRequest(std::move(spec));
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FormatDecisionText, NearMissesWarningsAndContext) {
  const Trace trace = SampleTrace();
  const Request request = SampleRequest();
  Decision d;
  const std::string text =
      FormatDecisionText(d, &trace, request, false, /*show_context=*/true);
  EXPECT_TRUE(Has(text, "Missing context keys"));
  EXPECT_TRUE(Has(text, "  aws:PrincipalTag/team: supply it"));
  EXPECT_TRUE(Has(text,
                  "  Allow resource       bucket.json statement 1 Sid \"Bob\" "
                  "(line 7): Principal does not match the caller\n"))
      << text;
  EXPECT_TRUE(Has(text,
                  "  Deny  scp level 2    scp.json statement 0 (line 3): "
                  "Condition does not hold\n"))
      << text;
  EXPECT_TRUE(Has(text,
                  "      StringEquals aws:ResourceTag/team: policy "
                  "\"${aws:PrincipalTag/team}\", request absent\n"));
  EXPECT_TRUE(Has(text,
                  "      ForAnyValue:StringLike aws:TagKeys: policy \"x*\", "
                  "\"y\", request [\"a\", \"b\"]\n"));
  EXPECT_TRUE(Has(text,
                  "      NumericLessThan s3:max-keys: policy \"10\", request "
                  "\"abc\" (Indeterminate)\n"));
  EXPECT_TRUE(
      Has(text, "Warnings (the decision rests on a guess):\n  a guess\n"));
  EXPECT_TRUE(Has(text, "Request context (after derivation):\n"));
  EXPECT_TRUE(Has(text,
                  "  aws:PrincipalArn = "
                  "\"arn:aws:iam::111122223333:user/alice\"\n"));
  EXPECT_TRUE(Has(text, "  aws:TagKeys = [\"a\", \"b\"]\n"));
  // Without show_context (`iameval test` reports) no context block.
  EXPECT_FALSE(
      Has(FormatDecisionText(d, &trace, request, false), "Request context"));
}

TEST(DecisionToJson, NearMissesWarningsAndContext) {
  const Trace trace = SampleTrace();
  const Request request = SampleRequest();
  Decision d;
  JsonFields fields;
  fields.context = true;
  const std::string json = DecisionToJson(d, &trace, request, fields);
  EXPECT_TRUE(Has(json, R"("missingContextKeys": ["aws:PrincipalTag/team"])"));
  EXPECT_TRUE(Has(
      json,
      R"({"policy": "bucket.json", "sid": "Bob", "index": 1, "line": 7, "effect": "Allow", "layer": "resource", "level": null, "failed": "Principal", "conditions": []})"))
      << json;
  EXPECT_TRUE(Has(
      json,
      R"("level": 2, "failed": "Condition", "conditions": [{"operator": "StringEquals", "key": "aws:ResourceTag/team", "policyValues": ["${aws:PrincipalTag/team}"], "requestValues": null, "result": "false"}, {"operator": "ForAnyValue:StringLike", "key": "aws:TagKeys", "policyValues": ["x*", "y"], "requestValues": ["a", "b"], "result": "false"}, {"operator": "NumericLessThan", "key": "s3:max-keys", "policyValues": ["10"], "requestValues": ["abc"], "result": "Indeterminate"}]})"))
      << json;
  EXPECT_TRUE(Has(json, R"("warnings": ["a guess"])"));
  EXPECT_TRUE(Has(json, R"("aws:TagKeys": ["a", "b"])"));
  EXPECT_TRUE(Has(
      json, R"("aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice")"));
  // Off by default: batch and account output keep their fields.
  EXPECT_FALSE(Has(DecisionToJson(d, &trace, request), R"("context")"));
}

}  // namespace
}  // namespace iameval
