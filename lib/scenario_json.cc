// Scenario parts from JSON (scenario_json.h).
#include "scenario_json.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace iameval {

using json::JsonMember;
using json::JsonValue;

namespace {

JsonProblem Problem(uint32_t offset, absl::string_view field,
                    absl::string_view message) {
  return {offset, std::string(field), std::string(message)};
}

// A context value: strings, and numbers and booleans as their text.
bool Scalar(const JsonValue& v, std::string* out) {
  if (v.is_string() || v.kind == JsonValue::Kind::kNumber ||
      v.kind == JsonValue::Kind::kBool) {
    *out = v.text;
    return true;
  }
  return false;
}

std::optional<JsonProblem> String(const JsonValue* v, absl::string_view field,
                                  std::string* out, bool required,
                                  uint32_t parent) {
  if (v == nullptr) {
    if (required) return Problem(parent, field, "required field is missing");
    return std::nullopt;
  }
  if (!v->is_string()) {
    return Problem(
        v->offset, field,
        absl::StrCat("expected a string, found ", json::KindName(v->kind)));
  }
  *out = v->text;
  return std::nullopt;
}

std::optional<JsonProblem> PrincipalFromJson(const JsonValue* principal,
                                             uint32_t parent,
                                             RequestSpec* spec) {
  if (principal == nullptr) {
    return Problem(parent, "request/principal", "required field is missing");
  }
  if (principal->is_string()) {
    spec->principal = principal->text;
    return std::nullopt;
  }
  if (!principal->is_object()) {
    return Problem(principal->offset, "request/principal",
                   "expected a string or an object");
  }
  const JsonValue* type = principal->Find("type");
  if (type != nullptr && type->is_string() && type->text == "Anonymous") {
    spec->anonymous = true;
    return std::nullopt;
  }
  if (type != nullptr && type->is_string() && type->text == "Federated") {
    const JsonValue* provider = principal->Find("provider");
    if (provider == nullptr || !provider->is_string() ||
        provider->text.empty()) {
      return Problem(principal->offset, "request/principal/provider",
                     "a Federated caller needs a provider (SAML or OIDC "
                     "provider ARN, or a name such as accounts.google.com)");
    }
    spec->web_identity_provider = provider->text;
    return std::nullopt;
  }
  return Problem(principal->offset, "request/principal",
                 "expected an ARN, a service principal, "
                 "{\"type\":\"Anonymous\"} or {\"type\":\"Federated\","
                 "\"provider\":...}");
}

}  // namespace

std::optional<JsonProblem> ContextFromJson(const JsonValue& object,
                                           absl::string_view field,
                                           RequestContext* context) {
  if (!object.is_object()) {
    return Problem(object.offset, field,
                   absl::StrCat("expected an object of keys to values, found ",
                                json::KindName(object.kind)));
  }
  RequestContext seen;
  for (const JsonMember& m : object.members) {
    std::string key_field = absl::StrCat(field, field.empty() ? "" : "/",
                                         json::EscapePointerToken(m.key));
    if (seen.Find(m.key) != nullptr) {
      return Problem(m.key_offset, key_field,
                     "duplicate context key (keys are case-insensitive)");
    }
    seen.Set(m.key, "");
    constexpr absl::string_view kValues =
        "context values are strings (or arrays of strings)";
    if (m.value.is_array()) {
      std::vector<std::string> values;
      for (const JsonValue& item : m.value.items) {
        std::string text;
        if (!Scalar(item, &text))
          return Problem(item.offset, key_field, kValues);
        values.push_back(std::move(text));
      }
      context->SetList(m.key, std::move(values));
    } else {
      std::string text;
      if (!Scalar(m.value, &text)) {
        return Problem(m.value.offset, key_field, kValues);
      }
      context->Set(m.key, std::move(text));
    }
  }
  return std::nullopt;
}

std::optional<JsonProblem> RequestFromJson(const JsonValue& req, Request* out) {
  if (!req.is_object())
    return Problem(req.offset, "request", "expected an object");
  RequestSpec spec;
  std::optional<JsonProblem> p;
  if ((p = PrincipalFromJson(req.Find("principal"), req.offset, &spec)) ||
      (p = String(req.Find("action"), "request/action", &spec.action, true,
                  req.offset)) ||
      (p = String(req.Find("resource"), "request/resource", &spec.resource,
                  true, req.offset)) ||
      (p = String(req.Find("resourceAccount"), "request/resourceAccount",
                  &spec.resource_account, false, 0)) ||
      (p = String(req.Find("sessionIssuer"), "request/sessionIssuer",
                  &spec.session_issuer, false, 0)) ||
      (p = String(req.Find("sessionName"), "request/sessionName",
                  &spec.session_name, false, 0))) {
    return p;
  }
  if (const JsonValue* ctx = req.Find("context")) {
    if (!ctx->is_object()) {
      return Problem(ctx->offset, "request/context", "expected an object");
    }
    if ((p = ContextFromJson(*ctx, "request/context", &spec.context))) return p;
  }
  absl::StatusOr<Request> built = BuildRequest(std::move(spec));
  if (!built.ok())
    return Problem(req.offset, "request", built.status().message());
  *out = *std::move(built);
  return std::nullopt;
}

std::optional<JsonProblem> PoliciesFromJson(BundleFieldLookup lookup,
                                            PolicyLoader load,
                                            PolicyKind resource_kind,
                                            PolicyBundle* bundle) {
  auto list = [&](const JsonValue& v, const std::string& field, PolicyKind kind,
                  std::vector<PolicyRef>* out) -> std::optional<JsonProblem> {
    if (!v.is_array()) {
      return Problem(v.offset, field, "expected an array of policies");
    }
    for (size_t i = 0; i < v.items.size(); ++i) {
      PolicyRef ref;
      if (std::optional<JsonProblem> p =
              load(v.items[i], kind, absl::StrCat(field, "/", i), &ref)) {
        return p;
      }
      out->push_back(std::move(ref));
    }
    return std::nullopt;
  };
  auto lists = [&](absl::string_view name, PolicyKind kind,
                   std::vector<PolicyRef>* out) -> std::optional<JsonProblem> {
    std::string field;
    const JsonValue* v = lookup(name, &field);
    return v == nullptr ? std::nullopt : list(*v, field, kind, out);
  };
  auto single = [&](absl::string_view name, PolicyKind kind,
                    std::vector<PolicyRef>* out) -> std::optional<JsonProblem> {
    std::string field;
    const JsonValue* v = lookup(name, &field);
    if (v == nullptr) return std::nullopt;
    PolicyRef ref;
    if (std::optional<JsonProblem> p = load(*v, kind, field, &ref)) return p;
    out->push_back(std::move(ref));
    return std::nullopt;
  };
  auto levels = [&](absl::string_view name, PolicyKind kind,
                    std::vector<std::vector<PolicyRef>>* out)
      -> std::optional<JsonProblem> {
    std::string field;
    const JsonValue* v = lookup(name, &field);
    if (v == nullptr) return std::nullopt;
    if (!v->is_array()) {
      return Problem(v->offset, field,
                     "expected an array of levels (root first), each an "
                     "array of policies");
    }
    for (size_t l = 0; l < v->items.size(); ++l) {
      const JsonValue& level = v->items[l];
      const std::string level_field = absl::StrCat(field, "/", l);
      if (level.is_array() && level.items.empty()) {
        return Problem(level.offset, level_field,
                       "a level needs at least one policy (R1)");
      }
      out->emplace_back();
      if (std::optional<JsonProblem> p =
              list(level, level_field, kind, &out->back())) {
        return p;
      }
    }
    return std::nullopt;
  };
  std::optional<JsonProblem> p;
  if ((p = lists("identityPolicies", PolicyKind::kIdentity,
                 &bundle->identity)) ||
      (p = lists("permissionBoundaries", PolicyKind::kBoundary,
                 &bundle->boundary)) ||
      (p = single("sessionPolicy", PolicyKind::kSession, &bundle->session)) ||
      (p = levels("scps", PolicyKind::kScp, &bundle->scp_levels)) ||
      (p = levels("rcps", PolicyKind::kRcp, &bundle->rcp_levels)) ||
      (p = single("resourcePolicy", resource_kind, &bundle->resource)) ||
      (p = lists("vpcEndpointPolicies", PolicyKind::kVpcEndpoint,
                 &bundle->vpc_endpoint))) {
    return p;
  }
  return std::nullopt;
}

std::vector<JsonProblem> FactsFromJson(const JsonValue& facts,
                                       absl::string_view field,
                                       PolicyBundle* bundle) {
  if (!facts.is_object()) {
    return {Problem(facts.offset, field, "expected an object")};
  }
  std::vector<JsonProblem> problems;
  for (const JsonMember& m : facts.members) {
    const bool null = m.value.kind == JsonValue::Kind::kNull;
    if (m.key == "managementAccount" && (m.value.is_string() || null)) {
      bundle->management_account = null ? "" : m.value.text;
    } else if (m.key == "awsManagedKey" &&
               (m.value.kind == JsonValue::Kind::kBool || null)) {
      bundle->aws_managed_key = m.value.bool_value;
    } else {
      problems.push_back(Problem(
          m.key_offset,
          absl::StrCat(field, "/", json::EscapePointerToken(m.key)),
          "unknown fact or wrong type (known: managementAccount string, "
          "awsManagedKey boolean)"));
    }
  }
  return problems;
}

void InlinePolicyLoader::Locate(uint32_t offset, int* line, int* column) {
  if (!lines_) lines_.emplace(text_);
  lines_->Locate(offset, line, column);
}

std::optional<JsonProblem> InlinePolicyLoader::Load(const JsonValue& v,
                                                    PolicyKind kind,
                                                    const std::string& field,
                                                    PolicyRef* out) {
  if (!v.is_object()) {
    return Problem(v.offset, field,
                   absl::StrCat("expected a policy document (object), found ",
                                json::KindName(v.kind)));
  }
  absl::string_view doc = text_.substr(v.offset, v.end - v.offset);
  // Parsed in place: issue and statement positions are those of `text`.
  ParseOptions located = options_;
  Locate(v.offset, &located.base_line, &located.base_column);
  ParseResult r = ParsePolicy(doc, kind, located);
  for (Issue& issue : r.issues) {
    if (issue.severity == Severity::kError) {
      // The first error, as an offset in `text` (a problem carries offsets;
      // an issue without a line is the document's).
      uint32_t at = 0;
      if (issue.line > 0) {
        const int doc_line = issue.line - located.base_line + 1;
        int column = issue.column;
        if (doc_line == 1) column -= located.base_column - 1;
        for (int line = 1; line < doc_line && at < doc.size(); ++at) {
          if (doc[at] == '\n') ++line;
        }
        at += static_cast<uint32_t>(std::max(column, 1) - 1);
      }
      return Problem(v.offset + at, field + issue.pointer, issue.message);
    }
  }
  for (Issue& issue : r.issues) {
    issue.pointer = field + issue.pointer;
    warnings_.push_back(std::move(issue));
  }
  CompileOptions options;
  options.policy_id = field;
  absl::StatusOr<PolicyRef> compiled = CompilePolicy(r.policy, options);
  if (!compiled.ok())
    return Problem(v.offset, field, compiled.status().message());
  *out = *std::move(compiled);
  return std::nullopt;
}

}  // namespace iameval
