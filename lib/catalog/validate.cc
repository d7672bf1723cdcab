// ValidatePolicy: parser issues plus checks against the service catalog.
#include "iameval/validate.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "iameval/condition.h"
#include "iameval/wildcard.h"
#include "json/json_reader.h"

namespace iameval {
namespace {

using json::JsonMember;
using json::JsonValue;

bool HasWildcard(absl::string_view s) {
  return s.find_first_of("*?") != absl::string_view::npos;
}

// The base type of a catalog key type: "ArrayOfString" -> "String".
absl::string_view BaseType(absl::string_view type) {
  if (absl::StartsWith(type, "ArrayOf")) type.remove_prefix(7);
  return type;
}

const char* FamilyName(ConditionFamily f) {
  switch (f) {
    case ConditionFamily::kString:
    case ConditionFamily::kStringIgnoreCase:
    case ConditionFamily::kStringLike:
      return "String";
    case ConditionFamily::kNumeric:
      return "Numeric";
    case ConditionFamily::kDate:
      return "Date";
    case ConditionFamily::kBool:
      return "Bool";
    case ConditionFamily::kBinary:
      return "Binary";
    case ConditionFamily::kIp:
      return "IP address";
    case ConditionFamily::kArn:
      return "ARN";
    case ConditionFamily::kNull:
      return "Null";
  }
  return "";
}

bool IsStringFamily(ConditionFamily f) {
  return f == ConditionFamily::kString ||
         f == ConditionFamily::kStringIgnoreCase ||
         f == ConditionFamily::kStringLike;
}

// Whether an operator family suits a key's base type. See
// docs/validation.md for the table and the reasons.
bool FamilySuits(ConditionFamily f, absl::string_view base) {
  if (f == ConditionFamily::kNull) return true;
  if (base == "String") return IsStringFamily(f) || f == ConditionFamily::kArn;
  if (base == "ARN") return IsStringFamily(f) || f == ConditionFamily::kArn;
  if (base == "Bool") return f == ConditionFamily::kBool;
  if (base == "Numeric") return f == ConditionFamily::kNumeric;
  if (base == "Date") return f == ConditionFamily::kDate;
  if (base == "IPAddress") return f == ConditionFamily::kIp;
  return true;  // a type this code does not know: no opinion
}

class Validator {
 public:
  Validator(absl::string_view text, PolicyKind kind, const Catalog& catalog,
            const ValidateOptions& options, std::vector<Finding>* out)
      : text_(text),
        kind_(kind),
        catalog_(catalog),
        options_(options),
        out_(out) {}

  void Run() {
    ParseResult parsed = ParsePolicy(text_, kind_, options_.parse);
    for (Issue& issue : parsed.issues) {
      out_->push_back(std::move(issue));
    }
    json::ReadOptions read;
    read.max_bytes = options_.parse.max_document_bytes;
    read.max_depth = options_.parse.max_depth;
    JsonValue root;
    Issue error;
    if (!json::ReadJson(text_, read, &root, &error)) return;
    if (!root.is_object()) return;
    const JsonValue* statement = root.Find("Statement");
    if (statement == nullptr) return;
    if (statement->is_object()) {
      CheckStatement(*statement, "/Statement");
    } else if (statement->is_array()) {
      for (size_t i = 0; i < statement->items.size(); ++i) {
        if (statement->items[i].is_object()) {
          CheckStatement(statement->items[i], absl::StrCat("/Statement/", i));
        }
      }
    }
  }

 private:
  // The actions a statement's Action element names, as far as they resolve.
  struct ActionSet {
    bool all = false;         // "*" (or a pattern expanding to everything)
    bool unresolved = false;  // some entry is unknown: the set is partial
    std::vector<const ActionInfo*> actions;
    absl::flat_hash_set<int> ids;
    void Add(const ActionInfo* a) {
      if (ids.insert(a->id).second) actions.push_back(a);
    }
  };

  void Add(Severity severity, std::string code, std::string pointer,
           uint32_t offset, std::string message) {
    Finding f;
    f.severity = severity;
    f.code = std::move(code);
    f.pointer = std::move(pointer);
    f.message = std::move(message);
    if (!lines_) lines_.emplace(text_);
    lines_->Locate(offset, &f.line, &f.column);
    out_->push_back(std::move(f));
  }

  // Calls fn(text, pointer, offset) for each string of a string-or-array.
  template <typename Fn>
  static void ForEachString(const JsonValue& v, const std::string& ptr,
                            Fn&& fn) {
    if (v.is_string()) {
      fn(v.text, ptr, v.offset);
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (v.items[i].is_string()) {
          fn(v.items[i].text, absl::StrCat(ptr, "/", i), v.items[i].offset);
        }
      }
    }
  }

  void CheckStatement(const JsonValue& s, const std::string& ptr) {
    const JsonValue* action = s.Find("Action");
    const JsonValue* not_action = s.Find("NotAction");
    ActionSet set;
    if (action != nullptr) {
      CheckActions(*action, ptr + "/Action", &set);
    }
    if (not_action != nullptr) {
      ActionSet ignored;
      CheckActions(*not_action, ptr + "/NotAction", &ignored);
    }
    // Checks that need the statement's actions: only for Action (NotAction
    // covers nearly everything), and only when every entry resolved.
    const bool know_actions = action != nullptr && not_action == nullptr &&
                              !set.unresolved && !set.actions.empty() &&
                              !set.all;
    const JsonValue* resource = s.Find("Resource");
    if (resource != nullptr && s.Find("NotResource") == nullptr &&
        know_actions) {
      CheckResources(*resource, ptr + "/Resource", set);
    }
    const JsonValue* condition = s.Find("Condition");
    if (condition != nullptr && condition->is_object()) {
      CheckConditions(*condition, ptr + "/Condition",
                      know_actions ? &set : nullptr);
    }
  }

  void CheckActions(const JsonValue& v, const std::string& ptr,
                    ActionSet* set) {
    // Entries that are not strings were rejected by the parser; what is left
    // is not the whole set.
    if (!v.is_string() && !v.is_array()) set->unresolved = true;
    for (const JsonValue& item : v.items) {
      if (!item.is_string()) set->unresolved = true;
    }
    ForEachString(
        v, ptr,
        [&](const std::string& text, const std::string& p, uint32_t offset) {
          if (text == "*") {
            set->all = true;
            return;
          }
          const size_t colon = text.find(':');
          if (colon == std::string::npos || colon == 0 ||
              colon + 1 == text.size()) {
            set->unresolved = true;  // INVALID_ACTION, from the parser
            return;
          }
          absl::string_view service = absl::string_view(text).substr(0, colon);
          absl::string_view name = absl::string_view(text).substr(colon + 1);
          if (!HasWildcard(service) &&
              catalog_.FindService(service) == nullptr) {
            set->unresolved = true;
            Add(Severity::kWarning, "UNKNOWN_SERVICE", p, offset,
                absl::StrCat("no AWS service has the action prefix \"", service,
                             "\" (catalog ", catalog_.version(),
                             "): the entry matches no action",
                             DidYouMean(catalog_.NearestServices(
                                 service, options_.suggestions))));
            return;
          }
          if (HasWildcard(text)) {
            std::vector<const ActionInfo*> matched = catalog_.Expand(text);
            if (matched.empty()) {
              set->unresolved = true;
              Add(Severity::kWarning, "PATTERN_MATCHES_NOTHING", p, offset,
                  absl::StrCat("\"", text,
                               "\" matches no action of the catalog"));
              return;
            }
            if (matched.size() == catalog_.action_count()) set->all = true;
            for (const ActionInfo* a : matched) set->Add(a);
            return;
          }
          const ActionInfo* a = catalog_.FindAction(text);
          if (a == nullptr) {
            set->unresolved = true;
            Add(Severity::kWarning, "UNKNOWN_ACTION", p, offset,
                absl::StrCat("service \"", service, "\" has no action \"", name,
                             "\"",
                             DidYouMean(catalog_.NearestActions(
                                 text, options_.suggestions))));
            return;
          }
          set->Add(a);
        });
  }

  void CheckResources(const JsonValue& v, const std::string& ptr,
                      const ActionSet& set) {
    // The union of the statement's resource types.
    std::vector<const ResourceTypeInfo*> types;
    absl::flat_hash_set<int> seen;
    std::vector<std::string> star_only;
    for (const ActionInfo* a : set.actions) {
      if (a->resources.empty()) star_only.push_back(a->full_name);
      for (const ActionResource& r : a->resources) {
        if (seen.insert(r.type->id).second) types.push_back(r.type);
      }
    }
    ForEachString(
        v, ptr,
        [&](const std::string& text, const std::string& p, uint32_t offset) {
          if (text == "*" || !absl::StartsWith(text, "arn:")) return;
          for (const ResourceTypeInfo* t : types) {
            if (catalog_.ResourcePatternMayMatch(*t, text)) return;
          }
          std::string message;
          if (types.empty()) {
            message = absl::StrCat(
                "\"", text, "\" can match nothing: the statement's actions (",
                Sample(star_only), ") support only \"Resource\": \"*\"");
          } else {
            std::vector<std::string> expected;
            for (const ResourceTypeInfo* t : types) {
              for (const std::string& arn : t->arns) expected.push_back(arn);
            }
            std::sort(expected.begin(), expected.end());
            expected.erase(std::unique(expected.begin(), expected.end()),
                           expected.end());
            message =
                absl::StrCat("\"", text,
                             "\" fits no resource type of the statement's "
                             "actions (expected ",
                             Sample(expected), ")");
          }
          Add(Severity::kWarning, "RESOURCE_MATCHES_NO_TYPE", p, offset,
              std::move(message));
        });
  }

  // "; did you mean "a", "b"?" or "".
  static std::string DidYouMean(const std::vector<std::string>& names) {
    if (names.empty()) return "";
    return absl::StrCat(
        "; did you mean ",
        absl::StrJoin(names, ", ",
                      [](std::string* out, const std::string& s) {
                        absl::StrAppend(out, "\"", s, "\"");
                      }),
        "?");
  }

  static std::string Sample(const std::vector<std::string>& items) {
    constexpr size_t kMax = 4;
    std::string out = absl::StrJoin(
        items.begin(), items.begin() + std::min(items.size(), kMax), ", ");
    if (items.size() > kMax) {
      absl::StrAppend(&out, " and ", items.size() - kMax, " more");
    }
    return out;
  }

  void CheckConditions(const JsonValue& v, const std::string& ptr,
                       const ActionSet* set) {
    for (const JsonMember& op : v.members) {
      std::optional<ConditionOperator> parsed =
          ConditionOperator::Parse(op.key);
      if (!parsed || !op.value.is_object()) continue;  // parser errors
      const std::string optr = ptr + "/" + json::EscapePointerToken(op.key);
      for (const JsonMember& key : op.value.members) {
        const size_t colon = key.key.find(':');
        if (colon == std::string::npos || colon == 0 ||
            colon + 1 == key.key.size()) {
          continue;  // INVALID_CONDITION_KEY, from the parser
        }
        CheckKey(op.key, *parsed, key,
                 optr + "/" + json::EscapePointerToken(key.key), set);
      }
    }
  }

  void CheckKey(const std::string& op_name, const ConditionOperator& op,
                const JsonMember& key, const std::string& kptr,
                const ActionSet* set) {
    const std::string& name = key.key;
    absl::string_view prefix =
        absl::string_view(name).substr(0, name.find(':'));
    const bool aws = absl::EqualsIgnoreCase(prefix, "aws");
    const bool global = aws || catalog_.IsGlobalConditionKey(name);
    std::optional<std::string> type = catalog_.ConditionKeyType(name);
    if (!type) {
      // Keys of OIDC and SAML identity providers are named after the
      // provider ("oidc.eks.<region>.amazonaws.com/id/<id>:sub"): no
      // catalog can list them all.
      if (prefix.find_first_of("./") != absl::string_view::npos) return;
      const ServiceInfo* service = catalog_.FindService(prefix);
      std::string message =
          aws ? absl::StrCat("\"", name, "\" is not a global condition key")
          : service != nullptr
              ? absl::StrCat("service \"", service->prefix,
                             "\" defines no condition key \"", name, "\"")
              : absl::StrCat("no AWS service defines the condition key \"",
                             name, "\"");
      absl::StrAppend(&message,
                      ": the key is never in the request context, so the "
                      "condition never matches (or, with IfExists or a "
                      "negated operator, always does)",
                      DidYouMean(catalog_.NearestConditionKeys(
                          name, options_.suggestions)));
      Add(Severity::kWarning, "UNKNOWN_CONDITION_KEY", kptr, key.key_offset,
          std::move(message));
      return;
    }
    if (!global && set != nullptr) {
      bool supported = false;
      for (const ActionInfo* a : set->actions) {
        if (catalog_.ActionSupportsConditionKey(*a, name)) {
          supported = true;
          break;
        }
      }
      if (!supported) {
        std::vector<std::string> names;
        for (const ActionInfo* a : set->actions) names.push_back(a->full_name);
        Add(Severity::kWarning, "CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS", kptr,
            key.key_offset,
            absl::StrCat("no action of the statement (", Sample(names),
                         ") supports \"", name,
                         "\": the key is absent from their requests"));
      }
    }
    CheckOperatorType(op_name, op, key, kptr, *type);
  }

  void CheckOperatorType(const std::string& op_name,
                         const ConditionOperator& op, const JsonMember& key,
                         const std::string& kptr, const std::string& type) {
    if (op.family == ConditionFamily::kNull) return;
    const absl::string_view base = BaseType(type);
    const bool multivalued = absl::StartsWith(type, "ArrayOf");
    if (!FamilySuits(op.family, base)) {
      Add(Severity::kWarning, "OPERATOR_TYPE_MISMATCH", kptr, key.key_offset,
          absl::StrCat(op_name, " compares ", FamilyName(op.family),
                       " values, but \"", key.key, "\" is of type ", type));
      return;
    }
    if (multivalued && op.qualifier == SetQualifier::kNone) {
      Add(Severity::kWarning, "OPERATOR_TYPE_MISMATCH", kptr, key.key_offset,
          absl::StrCat("\"", key.key, "\" is multivalued (", type,
                       "): ", op_name,
                       " without ForAnyValue: or ForAllValues: matches only "
                       "requests that carry exactly one value"));
      return;
    }
    if (!multivalued && op.qualifier != SetQualifier::kNone) {
      Add(Severity::kSuggestion, "SET_OPERATOR_ON_SINGLE_VALUED_KEY", kptr,
          key.key_offset,
          absl::StrCat(
              "\"", key.key, "\" is single-valued (", type, "): ",
              op.qualifier == SetQualifier::kForAllValues
                  ? "ForAllValues: is also true when the key is absent; "
                    "use the plain operator"
                  : "ForAnyValue: adds nothing; use the plain operator"));
    }
  }

  absl::string_view text_;
  PolicyKind kind_;
  const Catalog& catalog_;
  const ValidateOptions& options_;
  std::vector<Finding>* out_;
  std::optional<json::LineIndex> lines_;  // built at the first finding
};

}  // namespace

std::vector<Finding> ValidatePolicy(absl::string_view json, PolicyKind kind,
                                    const Catalog& catalog,
                                    const ValidateOptions& options) {
  std::vector<Finding> out;
  Validator(json, kind, catalog, options, &out).Run();
  return out;
}

}  // namespace iameval
