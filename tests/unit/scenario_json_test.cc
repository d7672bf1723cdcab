// The scenario parts read from JSON (lib/scenario_json.h): every problem at
// the byte offset of the value at fault, under its field's path.
#include "scenario_json.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iameval/issue.h"
#include "json/json_reader.h"

namespace iameval {
namespace {

json::JsonValue Read(const std::string& text) {
  json::JsonValue v;
  Issue error;
  EXPECT_TRUE(json::ReadJson(text, json::ReadOptions(), &v, &error))
      << error.message;
  return v;
}

TEST(ContextFromJson, ValuesAndLists) {
  const json::JsonValue v =
      Read(R"({"aws:SourceIp": "10.0.0.1", "n": 5, "list": ["a", true]})");
  RequestContext context;
  EXPECT_FALSE(ContextFromJson(v, "context", &context));
  ASSERT_NE(context.Find("aws:sourceip"), nullptr);
  EXPECT_EQ(context.Find("n")->values[0].text, "5");
  EXPECT_TRUE(context.Find("list")->is_list);
  EXPECT_EQ(context.Find("list")->values.size(), 2u);
}

TEST(ContextFromJson, ProblemsAreLocated) {
  const std::string text = R"({"a": "1", "A": "2"})";
  RequestContext context;
  std::optional<JsonProblem> p = ContextFromJson(Read(text), "ctx", &context);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset, text.find("\"A\""));
  EXPECT_EQ(p->field, "ctx/A");
  EXPECT_EQ(p->message, "duplicate context key (keys are case-insensitive)");

  const std::string nested = R"({"k/x": ["ok", {}]})";
  p = ContextFromJson(Read(nested), "", &context);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset, nested.find("{}"));
  EXPECT_EQ(p->field, "k~1x");

  p = ContextFromJson(Read("[1]"), "ctx", &context);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "expected an object of keys to values, found array");
}

TEST(RequestFromJson, MissingFieldPointsAtTheRequest) {
  const std::string text =
      R"({"principal": "arn:aws:iam::111122223333:user/a", "action": 7})";
  Request r;
  std::optional<JsonProblem> p = RequestFromJson(Read(text), &r);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->field, "request/action");
  EXPECT_EQ(p->offset, text.find("7"));
  EXPECT_EQ(p->message, "expected a string, found number");
}

TEST(PoliciesFromJson, InlinePolicyErrorAtItsPlace) {
  const std::string text = R"({"identityPolicies": [
  {"Version": "2012-10-17",
   "Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}
]})";
  const json::JsonValue root = Read(text);
  const ParseOptions options;
  InlinePolicyLoader loader(text, options);
  PolicyBundle bundle;
  std::optional<JsonProblem> p = PoliciesFromJson(
      [&](absl::string_view name, std::string* field) {
        *field = std::string(name);
        return root.Find(name);
      },
      [&](const json::JsonValue& v, PolicyKind kind, const std::string& field,
          PolicyRef* out) { return loader.Load(v, kind, field, out); },
      PolicyKind::kResource, &bundle);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->field, "identityPolicies/0/Statement/0/Effect");
  EXPECT_EQ(p->offset, text.find("\"Maybe\""));
}

TEST(PoliciesFromJson, EmptyLevelIsAProblem) {
  const std::string text = R"({"scps": [[]]})";
  const json::JsonValue root = Read(text);
  PolicyBundle bundle;
  std::optional<JsonProblem> p = PoliciesFromJson(
      [&](absl::string_view name, std::string* field) {
        *field = std::string(name);
        return root.Find(name);
      },
      [](const json::JsonValue&, PolicyKind, const std::string&, PolicyRef*) {
        return std::optional<JsonProblem>();
      },
      PolicyKind::kResource, &bundle);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->field, "scps/0");
  EXPECT_EQ(p->offset, text.find("[]"));
  EXPECT_EQ(p->message, "a level needs at least one policy (R1)");
}

TEST(FactsFromJson, EveryProblemAndNullResets) {
  PolicyBundle bundle;
  bundle.aws_managed_key = true;
  std::vector<JsonProblem> p = FactsFromJson(
      Read(R"({"awsManagedKey": null, "x": 1, "managementAccount": 2})"),
      "facts", &bundle);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].field, "facts/x");
  EXPECT_EQ(p[1].field, "facts/managementAccount");
  EXPECT_FALSE(bundle.aws_managed_key);
}

}  // namespace
}  // namespace iameval
