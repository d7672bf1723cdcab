// Scenario lines -> PolicyBundle + Request.
#include "iameval/scenario.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "iameval/compiled_policy.h"
#include "iameval/parser.h"
#include "json/json_reader.h"

namespace iameval {
namespace {

using json::JsonMember;
using json::JsonValue;

class ScenarioReader {
 public:
  ScenarioReader(absl::string_view text, const ParseOptions& policy_options)
      : text_(text), policy_options_(policy_options) {}

  absl::Status Error(absl::string_view field, uint32_t offset,
                     absl::string_view message) {
    int line, column;
    Locate(offset, &line, &column);
    return absl::InvalidArgumentError(
        absl::StrCat(field, field.empty() ? "" : ": ", message, " (line ", line,
                     ", column ", column, ")"));
  }

  // Parses the policy document at `v` (in place, so positions are those of
  // the scenario text) and compiles it.
  absl::Status Policy(const JsonValue& v, const std::string& field,
                      PolicyKind kind, std::vector<PolicyRef>* out,
                      std::vector<Issue>* warnings) {
    if (!v.is_object()) {
      return Error(field, v.offset,
                   absl::StrCat("expected a policy document (object), found ",
                                json::KindName(v.kind)));
    }
    absl::string_view doc = text_.substr(v.offset, v.end - v.offset);
    // Positions (issues, statements) are those of the scenario.
    ParseOptions located = policy_options_;
    Locate(v.offset, &located.base_line, &located.base_column);
    ParseResult r = ParsePolicy(doc, kind, located);
    for (Issue& issue : r.issues) issue.pointer = field + issue.pointer;
    for (const Issue& issue : r.issues) {
      if (issue.severity == Severity::kError) {
        return absl::InvalidArgumentError(
            absl::StrCat(issue.pointer, ": ", issue.message, " (line ",
                         issue.line, ", column ", issue.column, ")"));
      }
      warnings->push_back(issue);
    }
    CompileOptions options;
    options.policy_id = field;
    absl::StatusOr<PolicyRef> compiled = CompilePolicy(r.policy, options);
    if (!compiled.ok())
      return Error(field, v.offset, compiled.status().message());
    out->push_back(*std::move(compiled));
    return absl::OkStatus();
  }

  absl::Status PolicyList(const JsonValue& v, const std::string& field,
                          PolicyKind kind, std::vector<PolicyRef>* out,
                          std::vector<Issue>* warnings) {
    if (!v.is_array()) {
      return Error(field, v.offset, "expected an array of policy documents");
    }
    for (size_t i = 0; i < v.items.size(); ++i) {
      absl::Status s =
          Policy(v.items[i], absl::StrCat(field, "/", i), kind, out, warnings);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status Levels(const JsonValue& v, const std::string& field,
                      PolicyKind kind, std::vector<std::vector<PolicyRef>>* out,
                      std::vector<Issue>* warnings) {
    if (!v.is_array()) {
      return Error(field, v.offset,
                   "expected an array of levels (root first), each an array "
                   "of policy documents");
    }
    for (size_t i = 0; i < v.items.size(); ++i) {
      out->emplace_back();
      std::string level_field = absl::StrCat(field, "/", i);
      if (v.items[i].is_array() && v.items[i].items.empty()) {
        return Error(level_field, v.items[i].offset,
                     "a level needs at least one policy (R1)");
      }
      absl::Status s =
          PolicyList(v.items[i], level_field, kind, &out->back(), warnings);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status String(const JsonValue* v, const std::string& field,
                      std::string* out, bool required, uint32_t parent = 0) {
    if (v == nullptr) {
      if (required) return Error(field, parent, "required field is missing");
      return absl::OkStatus();
    }
    if (!v->is_string()) {
      return Error(
          field, v->offset,
          absl::StrCat("expected a string, found ", json::KindName(v->kind)));
    }
    *out = v->text;
    return absl::OkStatus();
  }

  absl::Status Request(const JsonValue& req, Request* out) {
    if (!req.is_object()) {
      return Error("request", req.offset, "expected an object");
    }
    RequestSpec spec;
    const JsonValue* principal = req.Find("principal");
    if (principal == nullptr) {
      return Error("request/principal", req.offset,
                   "required field is missing");
    }
    if (principal->is_string()) {
      spec.principal = principal->text;
    } else if (principal->is_object()) {
      const JsonValue* type = principal->Find("type");
      if (type != nullptr && type->is_string() && type->text == "Anonymous") {
        spec.anonymous = true;
      } else if (type != nullptr && type->is_string() &&
                 type->text == "Federated") {
        const JsonValue* provider = principal->Find("provider");
        if (provider == nullptr || !provider->is_string() ||
            provider->text.empty()) {
          return Error("request/principal/provider", principal->offset,
                       "a Federated caller needs a provider (SAML or OIDC "
                       "provider ARN, or a name such as accounts.google.com)");
        }
        spec.web_identity_provider = provider->text;
      } else {
        return Error("request/principal", principal->offset,
                     "expected an ARN, a service principal, "
                     "{\"type\":\"Anonymous\"} or {\"type\":\"Federated\","
                     "\"provider\":...}");
      }
    } else {
      return Error("request/principal", principal->offset,
                   "expected a string or an object");
    }
    absl::Status s;
    if (!(s = String(req.Find("action"), "request/action", &spec.action, true,
                     req.offset))
             .ok() ||
        !(s = String(req.Find("resource"), "request/resource", &spec.resource,
                     true, req.offset))
             .ok() ||
        !(s = String(req.Find("resourceAccount"), "request/resourceAccount",
                     &spec.resource_account, false))
             .ok() ||
        !(s = String(req.Find("sessionIssuer"), "request/sessionIssuer",
                     &spec.session_issuer, false))
             .ok() ||
        !(s = String(req.Find("sessionName"), "request/sessionName",
                     &spec.session_name, false))
             .ok()) {
      return s;
    }
    if (const JsonValue* ctx = req.Find("context")) {
      if (!ctx->is_object()) {
        return Error("request/context", ctx->offset, "expected an object");
      }
      for (const JsonMember& m : ctx->members) {
        std::string field =
            "request/context/" + json::EscapePointerToken(m.key);
        if (spec.context.Find(m.key) != nullptr) {
          return Error(field, m.key_offset,
                       "duplicate context key (keys are case-insensitive)");
        }
        auto scalar = [](const JsonValue& v, std::string* out) {
          if (v.is_string() || v.kind == JsonValue::Kind::kNumber ||
              v.kind == JsonValue::Kind::kBool) {
            *out = v.text;
            return true;
          }
          return false;
        };
        if (m.value.is_array()) {
          std::vector<std::string> values;
          for (const JsonValue& item : m.value.items) {
            std::string text;
            if (!scalar(item, &text)) {
              return Error(field, item.offset,
                           "context values are strings (or arrays of "
                           "strings)");
            }
            values.push_back(std::move(text));
          }
          spec.context.SetList(m.key, std::move(values));
        } else {
          std::string text;
          if (!scalar(m.value, &text)) {
            return Error(field, m.value.offset,
                         "context values are strings (or arrays of strings)");
          }
          spec.context.Set(m.key, std::move(text));
        }
      }
    }
    absl::StatusOr<iameval::Request> built = BuildRequest(std::move(spec));
    if (!built.ok()) {
      return Error("request", req.offset, built.status().message());
    }
    *out = *std::move(built);
    return absl::OkStatus();
  }

 private:
  // One index per scenario, built on first use: a scan from the start per
  // policy made lines with thousands of policies quadratic.
  void Locate(uint32_t offset, int* line, int* column) {
    if (!lines_) lines_.emplace(text_);
    lines_->Locate(offset, line, column);
  }

  absl::string_view text_;
  const ParseOptions& policy_options_;
  std::optional<json::LineIndex> lines_;
};

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
  ScenarioReader reader(text, options.policy);
  if (!root.is_object()) {
    out.status = reader.Error("", root.offset, "a scenario is a JSON object");
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
    return fail(reader.Error("id", id ? id->offset : root.offset,
                             "a scenario needs a string id"));
  }
  const JsonValue* req = root.Find("request");
  if (req == nullptr) {
    return fail(
        reader.Error("request", root.offset, "required field is missing"));
  }
  absl::Status s = reader.Request(*req, &sc.request);
  if (!s.ok()) return fail(s);
  if (const JsonValue* e = root.Find("expect")) {
    if (!e->is_string() ||
        (e->text != "Allowed" && e->text != "Denied" &&
         e->text != "ExplicitlyDenied" && e->text != "ImplicitlyDenied")) {
      return fail(reader.Error("expect", e->offset,
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
    s = sc.bundle.Validate(sc.request.principal);
    if (!s.ok()) return fail(reader.Error("request", req->offset, s.message()));
  } else {
    PolicyBundle& b = sc.bundle;
    std::vector<Issue>& w = sc.warnings;
    if (const JsonValue* v = root.Find("identityPolicies")) {
      if (!(s = reader.PolicyList(*v, "identityPolicies", PolicyKind::kIdentity,
                                  &b.identity, &w))
               .ok()) {
        return fail(s);
      }
    }
    if (const JsonValue* v = root.Find("permissionBoundaries")) {
      if (!(s = reader.PolicyList(*v, "permissionBoundaries",
                                  PolicyKind::kBoundary, &b.boundary, &w))
               .ok()) {
        return fail(s);
      }
    }
    if (const JsonValue* v = root.Find("sessionPolicy")) {
      if (!(s = reader.Policy(*v, "sessionPolicy", PolicyKind::kSession,
                              &b.session, &w))
               .ok()) {
        return fail(s);
      }
    }
    if (const JsonValue* v = root.Find("scps")) {
      if (!(s = reader.Levels(*v, "scps", PolicyKind::kScp, &b.scp_levels, &w))
               .ok()) {
        return fail(s);
      }
    }
    if (const JsonValue* v = root.Find("rcps")) {
      if (!(s = reader.Levels(*v, "rcps", PolicyKind::kRcp, &b.rcp_levels, &w))
               .ok()) {
        return fail(s);
      }
    }
    if (const JsonValue* v = root.Find("resourcePolicy")) {
      if (!(s = reader.Policy(*v, "resourcePolicy",
                              ResourcePolicyKindFor(sc.request), &b.resource,
                              &w))
               .ok()) {
        return fail(s);
      }
    }
    if (const JsonValue* v = root.Find("vpcEndpointPolicies")) {
      if (!(s = reader.PolicyList(*v, "vpcEndpointPolicies",
                                  PolicyKind::kVpcEndpoint, &b.vpc_endpoint,
                                  &w))
               .ok()) {
        return fail(s);
      }
    }
    if (const JsonValue* f = root.Find("facts")) {
      if (!f->is_object())
        return fail(reader.Error("facts", f->offset, "expected an object"));
      for (const JsonMember& m : f->members) {
        if (m.key == "managementAccount" && m.value.is_string()) {
          b.management_account = m.value.text;
        } else if (m.key == "awsManagedKey" &&
                   m.value.kind == JsonValue::Kind::kBool) {
          b.aws_managed_key = m.value.bool_value;
        } else {
          return fail(reader.Error("facts/" + m.key, m.key_offset,
                                   "unknown fact or wrong type (known: "
                                   "managementAccount string, awsManagedKey "
                                   "boolean)"));
        }
      }
    }
    s = b.Validate(sc.request.principal);
    if (!s.ok()) return fail(reader.Error("", root.offset, s.message()));
  }
  return out;
}

}  // namespace iameval
