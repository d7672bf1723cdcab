// Scenario lines -> PolicyBundle + Request.
#include "iameval/scenario.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "iameval/compiled_policy.h"
#include "iameval/parser.h"
#include "json/json_reader.h"
#include "scenario_json.h"

namespace iameval {
namespace {

using json::JsonMember;
using json::JsonValue;

// "FIELD: MESSAGE (line L, column C)": a scenario is one line among many,
// so the position follows the message.
absl::Status LocatedError(InlinePolicyLoader& policies,
                          const JsonProblem& problem) {
  int line, column;
  policies.Locate(problem.offset, &line, &column);
  return absl::InvalidArgumentError(
      absl::StrCat(problem.field, problem.field.empty() ? "" : ": ",
                   problem.message, " (line ", line, ", column ", column, ")"));
}

}  // namespace

ParsedScenario ParseScenario(absl::string_view text,
                             const ScenarioOptions& options) {
  ParsedScenario out;
  json::ReadOptions read;
  read.max_bytes = options.max_line_bytes;
  read.max_depth = options.max_depth;
  JsonValue root;
  Issue error;
  if (!json::ReadJson(text, read, &root, &error)) {
    out.status = absl::InvalidArgumentError(
        absl::StrCat("invalid JSON: ", error.message, " (line ", error.line,
                     ", column ", error.column, ")"));
    return out;
  }
  InlinePolicyLoader policies(text, options.policy);
  auto located = [&](uint32_t offset, absl::string_view field,
                     absl::string_view message) {
    return LocatedError(policies,
                        {offset, std::string(field), std::string(message)});
  };
  if (!root.is_object()) {
    out.status = located(root.offset, "", "a scenario is a JSON object");
    return out;
  }
  if (const JsonValue* id = root.Find("id"); id != nullptr && id->is_string()) {
    out.id = id->text;
  }
  if (const JsonValue* e = root.Find("expectError");
      e != nullptr && e->is_string()) {
    out.expect_error = e->text;
  }
  Scenario& sc = out.scenario;
  sc.id = out.id;
  sc.expect_error = out.expect_error;
  auto fail = [&](absl::Status s) {
    out.status = std::move(s);
    return out;
  };
  const JsonValue* id = root.Find("id");
  if (id == nullptr || !id->is_string()) {
    return fail(located(id ? id->offset : root.offset, "id",
                        "a scenario needs a string id"));
  }
  const JsonValue* req = root.Find("request");
  if (req == nullptr) {
    return fail(located(root.offset, "request", "required field is missing"));
  }
  if (std::optional<JsonProblem> p = RequestFromJson(*req, &sc.request)) {
    return fail(LocatedError(policies, *p));
  }
  if (const JsonValue* e = root.Find("expect")) {
    if (!e->is_string() ||
        (e->text != "Allowed" && e->text != "Denied" &&
         e->text != "ExplicitlyDenied" && e->text != "ImplicitlyDenied")) {
      return fail(located(e->offset, "expect",
                          "expected \"Allowed\", \"Denied\" (either "
                          "kind of deny), \"ExplicitlyDenied\" or "
                          "\"ImplicitlyDenied\""));
    }
    if (e->text == "Denied") {
      sc.expect_denied = true;
    } else {
      sc.expect = e->text == "Allowed"            ? Outcome::kAllowed
                  : e->text == "ExplicitlyDenied" ? Outcome::kExplicitlyDenied
                                                  : Outcome::kImplicitlyDenied;
    }
  }
  if (const JsonValue* e = root.Find("expectLayer"); e && e->is_string()) {
    sc.expect_layer = e->text;
  }
  if (options.shared_bundle != nullptr) {
    sc.bundle = *options.shared_bundle;
    absl::Status s = sc.bundle.Validate(sc.request.principal);
    if (!s.ok()) return fail(located(req->offset, "request", s.message()));
    return out;
  }
  auto lookup = [&](absl::string_view name, std::string* field) {
    *field = std::string(name);
    return root.Find(name);
  };
  auto load = [&](const JsonValue& v, PolicyKind kind, const std::string& field,
                  PolicyRef* ref) {
    return policies.Load(v, kind, field, ref);
  };
  if (std::optional<JsonProblem> p = PoliciesFromJson(
          lookup, load, ResourcePolicyKindFor(sc.request), &sc.bundle)) {
    return fail(LocatedError(policies, *p));
  }
  if (const JsonValue* f = root.Find("facts")) {
    std::vector<JsonProblem> p = FactsFromJson(*f, "facts", &sc.bundle);
    if (!p.empty()) return fail(LocatedError(policies, p.front()));
  }
  sc.warnings = std::move(policies.warnings());
  absl::Status s = sc.bundle.Validate(sc.request.principal);
  if (!s.ok()) return fail(located(root.offset, "", s.message()));
  return out;
}

}  // namespace iameval
