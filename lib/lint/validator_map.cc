// The grammar and catalog findings of ValidatePolicy (validate.h) under
// Access Analyzer's issue codes: the one place where a validator code gets
// its lint code. Codes with no Access Analyzer counterpart keep their name
// behind the IAMEVAL_ prefix, with the validator's severity.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    // Grammar (the parser).
    {"JSON_SYNTAX_ERROR", T::kError, "grammar",
     "The document is not valid JSON.", false},
    {"INVALID_VERSION", T::kError, "grammar",
     "Version is neither 2012-10-17 nor 2008-10-17.", false},
    {"MISSING_VERSION", T::kWarning, "grammar",
     "No Version element: policy variables are not substituted.", false},
    {"MISSING_STATEMENT", T::kError, "grammar",
     "The policy has no Statement element.", false},
    {"DATA_TYPE_MISMATCH", T::kError, "grammar",
     "An element has the wrong JSON type (an object where a string belongs, "
     "...).",
     false},
    {"INVALID_POLICY_ELEMENT", T::kError, "grammar",
     "An element name AWS does not know, or a known one miscased.", false},
    {"MISSING_EFFECT", T::kError, "grammar", "A statement without Effect.",
     false},
    {"INVALID_EFFECT", T::kError, "grammar",
     "Effect is neither Allow nor Deny.", false},
    {"MISSING_ACTION", T::kError, "grammar",
     "A statement without Action or NotAction.", false},
    {"MISSING_RESOURCE", T::kError, "grammar",
     "A statement without Resource or NotResource where the policy type needs "
     "one.",
     false},
    {"MISSING_PRINCIPAL", T::kError, "grammar",
     "A resource-based statement without Principal or NotPrincipal.", false},
    {"UNSUPPORTED_ELEMENT_COMBINATION", T::kError, "grammar",
     "Action with NotAction, Resource with NotResource or Principal with "
     "NotPrincipal in one statement.",
     false},
    {"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", T::kError, "grammar",
     "A role trust policy statement names a Resource.", false},
    {"ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", T::kError, "grammar",
     "A role trust policy uses NotPrincipal.", false},
    {"UNIQUE_SIDS_REQUIRED", T::kError, "grammar",
     "Two statements share a Sid where the policy type requires unique Sids "
     "(SCPs, RCPs).",
     true},
    {"UNIQUE_SIDS_RECOMMENDED", T::kWarning, "grammar",
     "Two statements share a Sid.", false},
    {"UNSUPPORTED_SID", T::kError, "grammar",
     "A Sid with characters other than letters and digits.", false},
    {"INVALID_ACTION", T::kError, "catalog",
     "An action the service does not have (or an entry that is no action at "
     "all); the catalog is a snapshot.",
     true},
    {"INVALID_SERVICE", T::kError, "catalog",
     "An action prefix no service has; the catalog is a snapshot.", true},
    {"SCP_SYNTAX_ERROR_ACTION_WILDCARD", T::kError, "grammar",
     "An SCP action with a wildcard other than at the end.", false},
    {"UNSUPPORTED_PRINCIPAL", T::kError, "grammar",
     "A Principal or NotPrincipal where the policy type has none (identity "
     "policies, SCPs).",
     false},
    {"ALLOW_WITH_NOT_PRINCIPAL", T::kSecurityWarning, "grammar",
     "Allow with NotPrincipal grants access to every principal but those "
     "listed, anonymous ones included.",
     false},
    {"INVALID_PRINCIPAL_KEY", T::kError, "grammar",
     "A Principal key other than AWS, Service, Federated, CanonicalUser.",
     false},
    {"UNSUPPORTED_WILDCARD_IN_PRINCIPAL", T::kError, "grammar",
     "A partial wildcard in a principal (only \"*\" alone is allowed).", false},
    {"ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", T::kError,
     "grammar", "A partial wildcard in a role trust policy's principal.",
     false},
    {"INVALID_PRINCIPAL_FORMAT", T::kError, "grammar",
     "A Principal value that is not \"*\" nor a valid principal of its kind.",
     false},
    {"FEDERATED_PRINCIPAL_NOT_SUPPORTED", T::kError, "grammar",
     "A Federated principal where the policy type does not allow one.", false},
    {"EMPTY_OBJECT_PRINCIPAL", T::kSuggestion, "grammar",
     "An empty Principal object matches no one.", false},
    {"EMPTY_OBJECT_CONDITION", T::kSuggestion, "grammar",
     "An empty Condition object adds nothing.", false},
    {"EMPTY_ARRAY_ACTION", T::kSuggestion, "grammar",
     "An empty Action array matches nothing.", false},
    {"EMPTY_ARRAY_RESOURCE", T::kSuggestion, "grammar",
     "An empty Resource array matches nothing.", false},
    {"EMPTY_ARRAY_PRINCIPAL", T::kSuggestion, "grammar",
     "An empty Principal array matches no one.", false},
    {"EMPTY_ARRAY_CONDITION", T::kSuggestion, "grammar",
     "An empty condition value array.", false},
    {"EMPTY_ARRAY_CONDITION_FORALLVALUES", T::kSuggestion, "grammar",
     "ForAllValues with an empty value array.", false},
    {"EMPTY_ARRAY_CONDITION_FORANYVALUE", T::kSuggestion, "grammar",
     "ForAnyValue with an empty value array.", false},
    {"EMPTY_ARRAY_CONDITION_IFEXISTS", T::kSuggestion, "grammar",
     "An IfExists operator with an empty value array.", false},
    {"NULL_WITH_QUALIFIER", T::kSuggestion, "grammar",
     "ForAllValues/ForAnyValue on the Null operator.", false},
    {"DUPLICATE_KEYS_WITH_DIFFERENT_CASE", T::kError, "grammar",
     "One condition block names a key twice in different case.", false},
    {"INVALID_CONDITION_KEY_FORMAT", T::kError, "grammar",
     "A malformed condition key.", false},
    {"NULL_WITH_IF_EXISTS", T::kError, "grammar",
     "The Null operator has no IfExists form.", false},
    {"INVALID_CONDITION_OPERATOR", T::kError, "grammar",
     "A condition operator AWS does not know.", false},
    {"INVALID_CONDITION_DATA_TYPE", T::kError, "grammar",
     "A condition value that does not parse as the operator's type.", false},
    {"INVALID_ARN_PREFIX", T::kError, "grammar",
     "A Resource entry that is neither \"*\" nor an ARN.", false},
    {"INVALID_ARN_SERVICE_CASE", T::kError, "grammar",
     "Upper case in an ARN's service field.", false},
    {"MISSING_ARN_FIELD", T::kError, "grammar",
     "An ARN with fewer than six fields, or an empty partition or service.",
     false},
    {"SCP_SYNTAX_ERROR_PRINCIPAL", T::kError, "grammar",
     "An SCP statement with Principal or NotPrincipal.", false},
    {"RCP_SYNTAX_ERROR_PRINCIPAL", T::kError, "grammar",
     "An RCP statement whose Principal is not \"*\".", false},
    {"RCP_SYNTAX_ERROR_ALLOW", T::kError, "grammar",
     "An RCP statement with Allow (RCPs only deny, besides RCPFullAWSAccess).",
     false},
    {"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", T::kWarning, "grammar",
     "Larger than the identity policy quota.", false},
    {"POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", T::kWarning, "grammar",
     "Larger than the resource policy quota (quotas are per service: only "
     "the VPC endpoint policy's 20,480 is measured).",
     true},
    {"POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", T::kWarning, "grammar",
     "Larger than the role trust policy quota.", false},
    {"POLICY_SIZE_EXCEEDS_SCP_QUOTA", T::kError, "grammar",
     "Larger than the SCP quota.", false},
    {"POLICY_SIZE_EXCEEDS_RCP_QUOTA", T::kError, "grammar",
     "Larger than the RCP quota.", false},
    {"INVALID_GLOBAL_CONDITION_KEY", T::kError, "catalog",
     "An aws: condition key that is not a global key; the catalog is a "
     "snapshot.",
     true},
    {"INVALID_SERVICE_CONDITION_KEY", T::kError, "catalog",
     "A service condition key the service does not define; the catalog is a "
     "snapshot.",
     true},
    {"TYPE_MISMATCH", T::kWarning, "catalog",
     "An operator whose type does not suit the condition key's type.", false},
    {"FORALLVALUES_WITH_SINGLE_VALUED_KEY", T::kSecurityWarning, "catalog",
     "ForAllValues on a single-valued key is also true when the key is absent.",
     false},
    // Validator codes without an Access Analyzer counterpart.
    {"IAMEVAL_NOT_AN_OBJECT", T::kError, "grammar",
     "The document is JSON but not an object.", false},
    {"IAMEVAL_DOCUMENT_TOO_LARGE", T::kError, "grammar",
     "The document exceeds the reader's hard size limit.", false},
    {"IAMEVAL_EMPTY_STATEMENT", T::kWarning, "grammar",
     "An empty Statement array grants nothing.", false},
    {"IAMEVAL_TOO_MANY_STATEMENTS", T::kError, "grammar",
     "More statements than the parser's hard limit.", false},
    {"IAMEVAL_UNSUPPORTED_CHARACTER", T::kWarning, "grammar",
     "Characters AWS does not accept in a customer policy.", false},
    {"IAMEVAL_EMPTY_ARRAY", T::kSuggestion, "grammar",
     "An empty array elsewhere (NotAction, NotResource, ...).", false},
    {"IAMEVAL_INVALID_VARIABLE", T::kError, "grammar",
     "A malformed policy variable (not yet split into Access Analyzer's "
     "variable codes).",
     false},
    {"IAMEVAL_VARIABLE_IN_ARN_PREFIX", T::kWarning, "grammar",
     "A policy variable in an ARN's partition, service, region or account "
     "field.",
     false},
    {"IAMEVAL_INVALID_RESOURCE", T::kError, "grammar",
     "A Resource entry AWS rejects for another reason (a wildcard in the "
     "service field, ...).",
     false},
    {"IAMEVAL_DATE_WITHOUT_ZONE", T::kWarning, "grammar",
     "A date condition value without a time zone.", false},
    {"IAMEVAL_PATTERN_MATCHES_NOTHING", T::kWarning, "catalog",
     "An action wildcard that expands to no action of the catalog.", true},
    {"IAMEVAL_CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS", T::kWarning, "catalog",
     "A service condition key that no action of the statement supports.", true},
    {"IAMEVAL_FORANYVALUE_WITH_SINGLE_VALUED_KEY", T::kSuggestion, "catalog",
     "ForAnyValue on a single-valued key adds nothing.", false},
    {"IAMEVAL_RESOURCE_MATCHES_NO_TYPE", T::kWarning, "catalog",
     "A Resource ARN that can match no resource type of the statement's "
     "actions.",
     false},
    {"IAMEVAL_UNMAPPED", T::kWarning, "grammar",
     "A validator finding this version does not map (a bug: please report it).",
     false},
};

// The last reference token of a pointer, unescaped.
std::string LastToken(absl::string_view pointer) {
  size_t slash = pointer.rfind('/');
  std::string token(
      slash == absl::string_view::npos ? pointer : pointer.substr(slash + 1));
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out.push_back(token[i + 1] == '1' ? '/' : '~');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

struct Resolved {
  const JsonValue* value = nullptr;
  uint32_t key_offset = 0;
  bool has_key = false;
};

Resolved Resolve(const JsonValue* root, absl::string_view pointer) {
  Resolved r;
  if (root == nullptr) return r;
  r.value = root;
  if (pointer.empty()) return r;
  for (absl::string_view raw : absl::StrSplit(pointer.substr(1), '/')) {
    std::string token = LastToken(raw);
    const JsonValue* v = r.value;
    r.value = nullptr;
    if (v->is_object()) {
      for (const JsonMember& m : v->members) {
        if (m.key == token) {
          r.value = &m.value;
          r.key_offset = m.key_offset;
          r.has_key = true;
          break;
        }
      }
    } else if (v->is_array()) {
      size_t index = 0;
      bool digits = !token.empty();
      for (char c : token) {
        if (c < '0' || c > '9') digits = false;
        index = index * 10 + static_cast<size_t>(c - '0');
        if (index > v->items.size()) break;
      }
      if (digits && index < v->items.size()) {
        r.value = &v->items[index];
        r.has_key = false;
      }
    }
    if (r.value == nullptr) return r;
  }
  return r;
}

// The condition operator of a pointer /Statement/i/Condition/OP/KEY.
std::string ConditionOperator(absl::string_view pointer) {
  std::vector<absl::string_view> parts = absl::StrSplit(pointer, '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] == "Condition") return LastToken(parts[i + 1]);
  }
  return "";
}

bool PointerHas(absl::string_view pointer, absl::string_view element) {
  for (absl::string_view part : absl::StrSplit(pointer, '/')) {
    if (part == element) return true;
  }
  return false;
}

const char* MapCode(const Finding& f, PolicyKind kind, const Resolved& where) {
  const std::string& c = f.code;
  if (c == "JSON_SYNTAX") return "JSON_SYNTAX_ERROR";
  if (c == "DOCUMENT_TOO_LARGE") return "IAMEVAL_DOCUMENT_TOO_LARGE";
  if (c == "NOT_AN_OBJECT") return "IAMEVAL_NOT_AN_OBJECT";
  if (c == "INVALID_VERSION" || c == "MISSING_VERSION" ||
      c == "MISSING_STATEMENT" || c == "MISSING_EFFECT" ||
      c == "INVALID_EFFECT" || c == "MISSING_ACTION" ||
      c == "MISSING_RESOURCE" || c == "MISSING_PRINCIPAL" ||
      c == "NULL_WITH_QUALIFIER") {
    return FindLintCheck(c)->code;
  }
  if (c == "EMPTY_STATEMENT") return "IAMEVAL_EMPTY_STATEMENT";
  if (c == "TOO_MANY_STATEMENTS") return "IAMEVAL_TOO_MANY_STATEMENTS";
  if (c == "INVALID_TYPE") return "DATA_TYPE_MISMATCH";
  if (c == "UNKNOWN_ELEMENT" && (PointerHas(f.pointer, "Principal") ||
                                 PointerHas(f.pointer, "NotPrincipal"))) {
    return "INVALID_PRINCIPAL_KEY";  // {"AWSS": ...}
  }
  if (c == "MISCASED_ELEMENT" || c == "UNKNOWN_ELEMENT") {
    return "INVALID_POLICY_ELEMENT";
  }
  if (c == "UNSUPPORTED_CHARACTER") return "IAMEVAL_UNSUPPORTED_CHARACTER";
  if (c == "SIZE_QUOTA") {
    switch (kind) {
      case PolicyKind::kScp:
        return "POLICY_SIZE_EXCEEDS_SCP_QUOTA";
      case PolicyKind::kRcp:
        return "POLICY_SIZE_EXCEEDS_RCP_QUOTA";
      case PolicyKind::kTrust:
        return "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA";
      case PolicyKind::kResource:
      case PolicyKind::kVpcEndpoint:
        return "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA";
      default:
        return "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA";
    }
  }
  if (c == "EMPTY_ARRAY") {
    const std::string op = ConditionOperator(f.pointer);
    if (!op.empty()) {
      if (absl::StartsWith(op, "ForAllValues:")) {
        return "EMPTY_ARRAY_CONDITION_FORALLVALUES";
      }
      if (absl::StartsWith(op, "ForAnyValue:")) {
        return "EMPTY_ARRAY_CONDITION_FORANYVALUE";
      }
      if (absl::EndsWith(op, "IfExists"))
        return "EMPTY_ARRAY_CONDITION_IFEXISTS";
      return "EMPTY_ARRAY_CONDITION";
    }
    const std::string last = LastToken(f.pointer);
    if (last == "Action") return "EMPTY_ARRAY_ACTION";
    if (last == "Resource") return "EMPTY_ARRAY_RESOURCE";
    if (PointerHas(f.pointer, "Principal")) return "EMPTY_ARRAY_PRINCIPAL";
    return "IAMEVAL_EMPTY_ARRAY";
  }
  if (c == "ACTION_AND_NOTACTION" || c == "RESOURCE_AND_NOTRESOURCE" ||
      c == "PRINCIPAL_AND_NOTPRINCIPAL") {
    return "UNSUPPORTED_ELEMENT_COMBINATION";
  }
  if (c == "TRUST_POLICY_RESOURCE") {
    return "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE";
  }
  if (c == "DUPLICATE_SID") {
    return kind == PolicyKind::kScp || kind == PolicyKind::kRcp
               ? "UNIQUE_SIDS_REQUIRED"
               : "UNIQUE_SIDS_RECOMMENDED";
  }
  if (c == "SID_CHARACTERS") return "UNSUPPORTED_SID";
  if (c == "INVALID_ACTION" || c == "UNKNOWN_ACTION") return "INVALID_ACTION";
  if (c == "UNKNOWN_SERVICE") return "INVALID_SERVICE";
  if (c == "SCP_ACTION_WILDCARD") return "SCP_SYNTAX_ERROR_ACTION_WILDCARD";
  if (c == "INVALID_VARIABLE") {
    return where.value != nullptr && where.value->is_string()
               ? InvalidVariableCode(where.value->text)
               : "IAMEVAL_INVALID_VARIABLE";
  }
  if (c == "VARIABLE_IN_ARN_PREFIX") return "IAMEVAL_VARIABLE_IN_ARN_PREFIX";
  if (c == "INVALID_RESOURCE") {
    if (where.value != nullptr && where.value->is_string()) {
      return InvalidResourceCode(where.value->text);
    }
    return "IAMEVAL_INVALID_RESOURCE";
  }
  if (c == "PRINCIPAL_NOT_ALLOWED") {
    return kind == PolicyKind::kScp ? "SCP_SYNTAX_ERROR_PRINCIPAL"
                                    : "UNSUPPORTED_PRINCIPAL";
  }
  if (c == "NOTPRINCIPAL_NOT_ALLOWED") {
    return kind == PolicyKind::kTrust
               ? "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"
               : "UNSUPPORTED_PRINCIPAL";
  }
  if (c == "NOTPRINCIPAL_WITH_ALLOW") return "ALLOW_WITH_NOT_PRINCIPAL";
  if (c == "INVALID_PRINCIPAL") {
    // A wildcard other than the bare "*" has codes of its own.
    if (where.value != nullptr && where.value->is_string() &&
        where.value->text != "*" &&
        where.value->text.find_first_of("*?") != std::string::npos) {
      return kind == PolicyKind::kTrust
                 ? "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
                 : "UNSUPPORTED_WILDCARD_IN_PRINCIPAL";
    }
    return "INVALID_PRINCIPAL_FORMAT";
  }
  if (c == "EMPTY_PRINCIPAL") return "EMPTY_OBJECT_PRINCIPAL";
  if (c == "FEDERATED_NOT_ALLOWED") return "FEDERATED_PRINCIPAL_NOT_SUPPORTED";
  if (c == "EMPTY_CONDITION") return "EMPTY_OBJECT_CONDITION";
  if (c == "DUPLICATE_KEY_CASE") return "DUPLICATE_KEYS_WITH_DIFFERENT_CASE";
  if (c == "INVALID_CONDITION_KEY") return "INVALID_CONDITION_KEY_FORMAT";
  if (c == "UNKNOWN_OPERATOR") {
    const std::string op = LastToken(f.pointer);
    return absl::StrContains(op, "Null") && absl::EndsWith(op, "IfExists")
               ? "NULL_WITH_IF_EXISTS"
               : "INVALID_CONDITION_OPERATOR";
  }
  if (c == "INVALID_CONDITION_VALUE") return "INVALID_CONDITION_DATA_TYPE";
  if (c == "DATE_WITHOUT_ZONE") return "IAMEVAL_DATE_WITHOUT_ZONE";
  if (c == "RCP_PRINCIPAL") return "RCP_SYNTAX_ERROR_PRINCIPAL";
  if (c == "RCP_ALLOW") return "RCP_SYNTAX_ERROR_ALLOW";
  // The catalog's findings.
  if (c == "PATTERN_MATCHES_NOTHING") return "IAMEVAL_PATTERN_MATCHES_NOTHING";
  if (c == "UNKNOWN_CONDITION_KEY" &&
      absl::EndsWithIgnoreCase(LastToken(f.pointer), "tag/")) {
    return "MISSING_TAG_KEY_IN_CONDITION";  // as the conditions family says
  }
  if (c == "UNKNOWN_CONDITION_KEY") {
    return absl::StartsWithIgnoreCase(LastToken(f.pointer), "aws:")
               ? "INVALID_GLOBAL_CONDITION_KEY"
               : "INVALID_SERVICE_CONDITION_KEY";
  }
  if (c == "CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS") {
    return "IAMEVAL_CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS";
  }
  if (c == "OPERATOR_TYPE_MISMATCH") return "TYPE_MISMATCH";
  if (c == "SET_OPERATOR_ON_SINGLE_VALUED_KEY") {
    return absl::StartsWith(ConditionOperator(f.pointer), "ForAllValues:")
               ? "FORALLVALUES_WITH_SINGLE_VALUED_KEY"
               : "IAMEVAL_FORANYVALUE_WITH_SINGLE_VALUED_KEY";
  }
  if (c == "RESOURCE_MATCHES_NO_TYPE")
    return "IAMEVAL_RESOURCE_MATCHES_NO_TYPE";
  return "IAMEVAL_UNMAPPED";
}

}  // namespace

absl::Span<const LintCheckInfo> MappedChecks() { return kChecks; }

void MapValidatorFindings(Context& ctx, std::vector<Finding> findings) {
  for (Finding& f : findings) {
    const Resolved where = Resolve(ctx.root(), f.pointer);
    const char* code = MapCode(f, ctx.kind(), where);
    uint32_t start = 0;
    uint32_t end = static_cast<uint32_t>(ctx.text().size());
    if (f.line > 0) {
      const uint32_t at = ctx.OffsetOf(f.line, f.column);
      start = end = at;
      // Access Analyzer's convention: the span is the value at the path,
      // also when the path ends at an object member (its key is in the
      // path already).
      if (where.value != nullptr) {
        start = where.value->offset;
        end = where.value->end;
      }
    } else if (ctx.root() != nullptr) {
      start = ctx.root()->offset;
      end = ctx.root()->end;
    }
    std::string message = std::move(f.message);
    if (absl::string_view(code) == "IAMEVAL_UNMAPPED") {
      message = absl::StrCat("[", f.code, "] ", message);
    }
    ctx.ReportSpan(code, std::move(f.pointer), start, end, std::move(message));
  }
}

}  // namespace iameval::lint_internal
