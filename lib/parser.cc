// Policy grammar: JSON -> Policy, every problem reported with its location.
#include "iameval/parser.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "iameval/arn.h"
#include "iameval/condition.h"
#include "iameval/internal/compiled_condition.h"
#include "io/read_file.h"
#include "json/json_reader.h"

namespace iameval {

using internal::AsciiLower;
using internal::CheckConditionValue;
using internal::ParseVariableTemplate;
using internal::VariableTemplate;
namespace {

using json::JsonMember;
using json::JsonValue;

bool IsIdentitySide(PolicyKind k) {
  return k == PolicyKind::kIdentity || k == PolicyKind::kBoundary ||
         k == PolicyKind::kSession || k == PolicyKind::kScp;
}

class PolicyParser {
 public:
  PolicyParser(absl::string_view text, PolicyKind kind,
               const ParseOptions& options, ParseResult* result)
      : text_(text), kind_(kind), options_(options), result_(result) {}

  void Run() {
    Policy& policy = result_->policy;
    policy.kind = kind_;
    json::ReadOptions read;
    read.max_bytes = options_.max_document_bytes;
    read.max_depth = options_.max_depth;
    JsonValue root;
    Issue error;
    if (!json::ReadJson(text_, read, &root, &error)) {
      Rebase(&error.line, &error.column);
      result_->issues.push_back(std::move(error));
      return;
    }
    // Indexed only now: a document over the size limit is rejected without
    // a pass over it (nor a line table in proportion to it).
    lines_.emplace(text_);
    CheckCharacters();
    if (!root.is_object()) {
      Add(Severity::kError, "NOT_AN_OBJECT", "", root.offset,
          "a policy document must be a JSON object");
      return;
    }
    const JsonValue* statement = nullptr;
    for (const JsonMember& m : root.members) {
      std::string ptr = "/" + json::EscapePointerToken(m.key);
      if (m.key == "Version") {
        if (!m.value.is_string()) {
          TypeError(ptr, m.value, "a string");
        } else if (m.value.text != "2012-10-17" &&
                   m.value.text != "2008-10-17") {
          Add(Severity::kError, "INVALID_VERSION", ptr, m.value.offset,
              absl::StrCat("Version must be \"2012-10-17\" or \"2008-10-17\", "
                           "not \"",
                           m.value.text, "\""));
        } else {
          policy.version = m.value.text;
        }
      } else if (m.key == "Id") {
        if (!m.value.is_string()) {
          TypeError(ptr, m.value, "a string");
        } else {
          policy.id = m.value.text;
        }
      } else if (m.key == "Statement") {
        statement = &m.value;
      } else {
        UnknownElement(ptr, m, {"Version", "Id", "Statement"});
      }
    }
    if (root.Find("Version") == nullptr) {
      Add(Severity::kWarning, "MISSING_VERSION", "", root.offset,
          "no Version: policy variables are not substituted (use "
          "\"2012-10-17\")");
    }
    if (statement == nullptr) {
      Add(Severity::kError, "MISSING_STATEMENT", "", root.offset,
          "a policy needs a Statement element");
      return;
    }
    variables_enabled_ = policy.version == "2012-10-17";
    if (statement->is_object()) {
      ParseStatement(*statement, "/Statement", 0);
    } else if (statement->is_array()) {
      if (statement->items.empty()) {
        Add(Severity::kWarning, "EMPTY_STATEMENT", "/Statement",
            statement->offset,
            "the Statement array is empty: the policy "
            "allows and denies nothing");
      }
      if (statement->items.size() > options_.max_statements) {
        Add(Severity::kError, "TOO_MANY_STATEMENTS", "/Statement",
            statement->offset,
            absl::StrCat(statement->items.size(),
                         " statements exceed the limit of ",
                         options_.max_statements));
        return;
      }
      for (size_t i = 0; i < statement->items.size(); ++i) {
        const JsonValue& s = statement->items[i];
        std::string ptr = absl::StrCat("/Statement/", i);
        if (!s.is_object()) {
          TypeError(ptr, s, "an object");
          continue;
        }
        ParseStatement(s, ptr, static_cast<int>(i));
      }
    } else {
      TypeError("/Statement", *statement, "an object or an array of objects");
    }
    CheckSizeQuota();
  }

 private:
  void Add(Severity severity, std::string code, std::string pointer,
           uint32_t offset, std::string message) {
    Issue issue;
    issue.severity = severity;
    issue.code = std::move(code);
    issue.pointer = std::move(pointer);
    issue.message = std::move(message);
    Locate(offset, &issue.line, &issue.column);
    result_->issues.push_back(std::move(issue));
  }

  // From a line:column in text_ to one in the file text_ was cut from.
  void Rebase(int* line, int* column) const {
    if (*line <= 0) return;  // unknown stays unknown
    if (*line == 1) *column += options_.base_column - 1;
    *line += options_.base_line - 1;
  }

  void Locate(uint32_t offset, int* line, int* column) const {
    lines_->Locate(offset, line, column);
    Rebase(line, column);
  }

  SourcePosition Position(uint32_t offset) const {
    SourcePosition p;
    Locate(offset, &p.line, &p.column);
    return p;
  }

  void TypeError(const std::string& ptr, const JsonValue& v,
                 absl::string_view expected) {
    Add(Severity::kError, "INVALID_TYPE", ptr, v.offset,
        absl::StrCat("expected ", expected, ", found ",
                     json::KindName(v.kind)));
  }

  void UnknownElement(const std::string& ptr, const JsonMember& m,
                      std::initializer_list<absl::string_view> known) {
    for (absl::string_view k : known) {
      if (absl::EqualsIgnoreCase(k, m.key)) {
        Add(Severity::kError, "MISCASED_ELEMENT", ptr, m.key_offset,
            absl::StrCat("element names are case-sensitive: write \"", k,
                         "\", not \"", m.key, "\""));
        return;
      }
    }
    Add(Severity::kError, "UNKNOWN_ELEMENT", ptr, m.key_offset,
        absl::StrCat("unknown element \"", m.key, "\""));
  }

  // AWS accepts TAB, LF, CR and U+0020..U+00FF in policy documents (QUOTAS).
  void CheckCharacters() {
    for (size_t i = 0; i < text_.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text_[i]);
      if (c >= 0xC4) {
        // A lead byte of a code point above U+00FF.
        Add(Severity::kWarning, "UNSUPPORTED_CHARACTER", "",
            static_cast<uint32_t>(i),
            "character outside U+0020..U+00FF: AWS rejects such policy "
            "documents");
        return;
      }
    }
  }

  void CheckSizeQuota() {
    if (!options_.check_size_quotas) return;
    size_t non_space = 0;
    for (char c : text_) {
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') ++non_space;
    }
    size_t limit = 0;
    size_t measured = non_space;
    const char* what = "";
    switch (kind_) {
      case PolicyKind::kIdentity:
      case PolicyKind::kBoundary:
        limit = 6144;
        what = "managed policy";
        break;
      case PolicyKind::kTrust:
        limit = 2048;
        what = "role trust policy (default quota)";
        break;
      case PolicyKind::kSession:
        limit = 2048;
        what = "session policy";
        break;
      case PolicyKind::kScp:
      case PolicyKind::kRcp:
        limit = 5120;
        measured = text_.size();
        what = kind_ == PolicyKind::kScp ? "SCP" : "RCP";
        break;
      case PolicyKind::kVpcEndpoint:
        limit = 20480;
        measured = text_.size();
        what = "VPC endpoint policy";
        break;
      case PolicyKind::kResource:
        return;
    }
    if (measured > limit) {
      Add(Severity::kWarning, "SIZE_QUOTA", "", 0,
          absl::StrCat("policy is ", measured, " characters; the ", what,
                       " quota is ", limit));
    }
  }

  // Reads a string-or-array-of-strings element.
  bool StringList(const JsonValue& v, const std::string& ptr,
                  std::vector<std::pair<std::string, const JsonValue*>>* out,
                  absl::string_view element) {
    if (v.is_string()) {
      out->push_back({v.text, &v});
      return true;
    }
    if (!v.is_array()) {
      TypeError(ptr, v, "a string or an array of strings");
      return false;
    }
    if (v.items.empty()) {
      Add(Severity::kWarning, "EMPTY_ARRAY", ptr, v.offset,
          absl::StrCat("empty ", element, " array matches nothing"));
    }
    bool ok = true;
    for (size_t i = 0; i < v.items.size(); ++i) {
      const JsonValue& item = v.items[i];
      if (!item.is_string()) {
        TypeError(absl::StrCat(ptr, "/", i), item, "a string");
        ok = false;
        continue;
      }
      out->push_back({item.text, &item});
    }
    return ok;
  }

  std::string ItemPointer(const std::string& ptr, const JsonValue& parent,
                          const JsonValue* item) {
    if (!parent.is_array()) return ptr;
    return absl::StrCat(ptr, "/", item - parent.items.data());
  }

  void ParseStatement(const JsonValue& v, const std::string& ptr, int index) {
    Statement s;
    s.index = index;
    Locate(v.offset, &s.line, &s.column);
    const JsonValue* effect = nullptr;
    const JsonValue* action = nullptr;
    const JsonValue* not_action = nullptr;
    const JsonValue* resource = nullptr;
    const JsonValue* not_resource = nullptr;
    const JsonValue* principal = nullptr;
    const JsonValue* not_principal = nullptr;
    const JsonValue* condition = nullptr;
    for (const JsonMember& m : v.members) {
      std::string mptr = ptr + "/" + json::EscapePointerToken(m.key);
      if (m.key == "Sid") {
        if (!m.value.is_string()) {
          TypeError(mptr, m.value, "a string");
        } else {
          s.sid = m.value.text;
          CheckSid(s.sid, mptr, m.value.offset);
        }
      } else if (m.key == "Effect") {
        effect = &m.value;
      } else if (m.key == "Action") {
        action = &m.value;
      } else if (m.key == "NotAction") {
        not_action = &m.value;
      } else if (m.key == "Resource") {
        resource = &m.value;
      } else if (m.key == "NotResource") {
        not_resource = &m.value;
      } else if (m.key == "Principal") {
        principal = &m.value;
      } else if (m.key == "NotPrincipal") {
        not_principal = &m.value;
      } else if (m.key == "Condition") {
        condition = &m.value;
      } else {
        UnknownElement(
            mptr, m,
            {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
             "Principal", "NotPrincipal", "Condition"});
      }
    }
    // Effect.
    if (effect == nullptr) {
      Add(Severity::kError, "MISSING_EFFECT", ptr, v.offset,
          "a statement needs an Effect");
    } else if (!effect->is_string()) {
      TypeError(ptr + "/Effect", *effect, "\"Allow\" or \"Deny\"");
    } else if (effect->text == "Allow") {
      s.effect = Effect::kAllow;
    } else if (effect->text == "Deny") {
      s.effect = Effect::kDeny;
    } else {
      Add(Severity::kError, "INVALID_EFFECT", ptr + "/Effect", effect->offset,
          absl::StrCat("Effect must be \"Allow\" or \"Deny\" (case-sensitive), "
                       "not \"",
                       effect->text, "\""));
    }
    // Action / NotAction.
    if (action != nullptr && not_action != nullptr) {
      Add(Severity::kError, "ACTION_AND_NOTACTION", ptr, v.offset,
          "a statement has either Action or NotAction, not both");
    } else if (action == nullptr && not_action == nullptr) {
      Add(Severity::kError, "MISSING_ACTION", ptr, v.offset,
          "a statement needs Action or NotAction");
    } else {
      s.not_action = not_action != nullptr;
      const JsonValue& a = s.not_action ? *not_action : *action;
      ParseActions(a, ptr + (s.not_action ? "/NotAction" : "/Action"), &s);
    }
    // Resource / NotResource.
    const bool is_trust = kind_ == PolicyKind::kTrust;
    if (resource != nullptr && not_resource != nullptr) {
      Add(Severity::kError, "RESOURCE_AND_NOTRESOURCE", ptr, v.offset,
          "a statement has either Resource or NotResource, not both");
    } else if (is_trust && (resource != nullptr || not_resource != nullptr)) {
      Add(Severity::kError, "TRUST_POLICY_RESOURCE",
          ptr + (resource ? "/Resource" : "/NotResource"),
          (resource ? resource : not_resource)->offset,
          "a role trust policy has no Resource: it applies to its role");
    } else if (!is_trust && resource == nullptr && not_resource == nullptr) {
      Add(Severity::kError, "MISSING_RESOURCE", ptr, v.offset,
          "a statement needs Resource or NotResource");
    } else if (resource != nullptr || not_resource != nullptr) {
      s.resource_mode = resource ? Statement::ResourceMode::kResource
                                 : Statement::ResourceMode::kNotResource;
      ParseResources(resource ? *resource : *not_resource,
                     ptr + (resource ? "/Resource" : "/NotResource"), &s);
    }
    // Principal / NotPrincipal.
    ParsePrincipalElement(v, ptr, principal, not_principal, &s);
    // Condition.
    if (condition != nullptr) {
      ParseCondition(*condition, ptr + "/Condition", &s);
    }
    if (kind_ == PolicyKind::kRcp) CheckRcpStatement(v, ptr, s);
    result_->policy.statements.push_back(std::move(s));
  }

  void CheckSid(const std::string& sid, const std::string& ptr,
                uint32_t offset) {
    if (!sid.empty() && !sids_.insert(sid).second) {
      Add(Severity::kWarning, "DUPLICATE_SID", ptr, offset,
          absl::StrCat("Sid \"", sid, "\" is used by more than one statement"));
    }
    if (IsIdentitySide(kind_)) {
      for (char c : sid) {
        if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) {
          Add(Severity::kWarning, "SID_CHARACTERS", ptr, offset,
              "IAM accepts only A-Z, a-z and 0-9 in a Sid");
          break;
        }
      }
    }
  }

  void ParseActions(const JsonValue& v, const std::string& ptr, Statement* s) {
    std::vector<std::pair<std::string, const JsonValue*>> items;
    StringList(v, ptr, &items, "Action");
    for (auto& [text, item] : items) {
      // The pointer is built only for a message: most items have none.
      auto iptr = [&, item = item] { return ItemPointer(ptr, v, item); };
      size_t colon = text.find(':');
      if (text != "*" && (colon == std::string::npos || colon == 0 ||
                          colon + 1 == text.size())) {
        Add(Severity::kError, "INVALID_ACTION", iptr(), item->offset,
            absl::StrCat("action \"", text,
                         "\" must be \"*\" or service:ActionName"));
        continue;
      }
      if (kind_ == PolicyKind::kScp && text != "*") {
        size_t star = text.find('*');
        if ((star != std::string::npos && star + 1 != text.size()) ||
            text.find('?') != std::string::npos) {
          Add(Severity::kWarning, "SCP_ACTION_WILDCARD", iptr(), item->offset,
              "in SCPs a wildcard in an action may stand only at the end");
        }
      }
      s->actions.push_back(std::move(text));
    }
  }

  void ParseResources(const JsonValue& v, const std::string& ptr,
                      Statement* s) {
    std::vector<std::pair<std::string, const JsonValue*>> items;
    StringList(v, ptr, &items, "Resource");
    for (auto& [text, item] : items) {
      auto iptr = [&, item = item] { return ItemPointer(ptr, v, item); };
      // What CompileResourcePattern checks: the text itself, or with each
      // variable replaced by one literal character.
      std::string structural;
      absl::string_view checked = text;
      if (variables_enabled_ && absl::StrContains(text, "${")) {
        VariableTemplate tmpl;
        std::string error;
        if (!ParseVariableTemplate(text, &tmpl, &error)) {
          Add(Severity::kError, "INVALID_VARIABLE", iptr(), item->offset,
              error);
          continue;
        }
        // VARS places variables after the fifth colon; AWS also accepts them
        // in the region and account fields (AWS managed policies do), but
        // never in the service field.
        std::array<absl::string_view, 6> parts;
        int n = SplitArnComponents(text, &parts);
        size_t first_var = text.find("${");
        size_t resource_start =
            n == 6 ? static_cast<size_t>(parts[5].data() - text.data())
                   : text.size();
        if (n >= 3 &&
            first_var < static_cast<size_t>(parts[2].data() - text.data()) +
                            parts[2].size() + 1) {
          Add(Severity::kError, "VARIABLE_IN_ARN_PREFIX", iptr(), item->offset,
              "policy variables may not appear in the ARN prefix or service "
              "field");
          continue;
        }
        if (first_var < resource_start) {
          Add(Severity::kWarning, "VARIABLE_IN_ARN_PREFIX", iptr(),
              item->offset,
              "policy variables belong in the resource part of an ARN (after "
              "the fifth colon)");
        }
        structural.clear();
        for (size_t i = 0; i < text.size();) {
          if (text.compare(i, 2, "${") == 0) {
            size_t close = text.find('}', i);
            structural.push_back('x');
            i = close + 1;
          } else {
            structural.push_back(text[i++]);
          }
        }
        checked = structural;
      }
      std::string error;
      if (!CheckResourcePattern(checked, &error)) {
        Add(Severity::kError, "INVALID_RESOURCE", iptr(), item->offset, error);
        continue;
      }
      s->resources.push_back(std::move(text));
      s->resource_positions.push_back(Position(item->offset));
    }
  }

  void ParsePrincipalElement(const JsonValue& stmt, const std::string& ptr,
                             const JsonValue* principal,
                             const JsonValue* not_principal, Statement* s) {
    const bool any = principal != nullptr || not_principal != nullptr;
    if (principal != nullptr && not_principal != nullptr) {
      Add(Severity::kError, "PRINCIPAL_AND_NOTPRINCIPAL", ptr, stmt.offset,
          "a statement has either Principal or NotPrincipal, not both");
      return;
    }
    if (IsIdentitySide(kind_)) {
      if (any) {
        const JsonValue* p = principal ? principal : not_principal;
        Add(Severity::kError, "PRINCIPAL_NOT_ALLOWED",
            ptr + (principal ? "/Principal" : "/NotPrincipal"), p->offset,
            absl::StrCat(PolicyKindName(kind_),
                         " policies cannot name a principal: they apply to "
                         "the principal they are attached to"));
      }
      return;
    }
    if (!any) {
      Add(Severity::kError, "MISSING_PRINCIPAL", ptr, stmt.offset,
          absl::StrCat(PolicyKindName(kind_),
                       " policies need Principal in every statement"));
      return;
    }
    if (not_principal != nullptr) {
      if (kind_ == PolicyKind::kTrust || kind_ == PolicyKind::kRcp) {
        Add(Severity::kError, "NOTPRINCIPAL_NOT_ALLOWED", ptr + "/NotPrincipal",
            not_principal->offset,
            absl::StrCat("NotPrincipal is not supported in ",
                         PolicyKindName(kind_), " policies"));
        return;
      }
      if (s->effect == Effect::kAllow) {
        Add(Severity::kError, "NOTPRINCIPAL_WITH_ALLOW", ptr + "/NotPrincipal",
            not_principal->offset,
            "NotPrincipal is supported only with \"Effect\": \"Deny\"");
        return;
      }
      s->principal_mode = Statement::PrincipalMode::kNotPrincipal;
      ParsePrincipalValue(*not_principal, ptr + "/NotPrincipal", s);
    } else {
      s->principal_mode = Statement::PrincipalMode::kPrincipal;
      ParsePrincipalValue(*principal, ptr + "/Principal", s);
    }
  }

  void ParsePrincipalValue(const JsonValue& v, const std::string& ptr,
                           Statement* s) {
    if (v.is_string()) {
      if (v.text == "*") {
        s->principal.any = true;
      } else {
        Add(Severity::kError, "INVALID_PRINCIPAL", ptr, v.offset,
            "a Principal string must be \"*\"; name principals as "
            "{\"AWS\": ...}, {\"Service\": ...} or {\"Federated\": ...}");
      }
      return;
    }
    if (!v.is_object()) {
      TypeError(ptr, v, "\"*\" or an object");
      return;
    }
    if (v.members.empty()) {
      Add(Severity::kWarning, "EMPTY_PRINCIPAL", ptr, v.offset,
          "empty principal object matches no one");
    }
    for (const JsonMember& m : v.members) {
      std::string mptr = ptr + "/" + json::EscapePointerToken(m.key);
      PrincipalType type;
      if (m.key == "AWS") {
        type = PrincipalType::kAws;
      } else if (m.key == "Service") {
        type = PrincipalType::kService;
      } else if (m.key == "Federated") {
        type = PrincipalType::kFederated;
      } else if (m.key == "CanonicalUser") {
        type = PrincipalType::kCanonicalUser;
      } else {
        UnknownElement(mptr, m,
                       {"AWS", "Service", "Federated", "CanonicalUser"});
        continue;
      }
      if (type == PrincipalType::kFederated && kind_ != PolicyKind::kTrust) {
        Add(Severity::kError, "FEDERATED_NOT_ALLOWED", mptr, m.key_offset,
            "Federated principals are valid only in role trust policies");
        continue;
      }
      std::vector<std::pair<std::string, const JsonValue*>> items;
      StringList(m.value, mptr, &items, "principal");
      for (auto& [text, item] : items) {
        std::string iptr = ItemPointer(mptr, m.value, item);
        std::string error;
        if (!CheckPolicyPrincipal(type, text, &error)) {
          Add(Severity::kError, "INVALID_PRINCIPAL", iptr, item->offset, error);
          continue;
        }
        s->principal.entries.push_back(
            {type, std::move(text), Position(item->offset)});
      }
    }
  }

  void ParseCondition(const JsonValue& v, const std::string& ptr,
                      Statement* s) {
    if (!v.is_object()) {
      TypeError(ptr, v, "an object of condition operators");
      return;
    }
    if (v.members.empty()) {
      Add(Severity::kWarning, "EMPTY_CONDITION", ptr, v.offset,
          "empty Condition object");
    }
    for (const JsonMember& op : v.members) {
      std::string optr = ptr + "/" + json::EscapePointerToken(op.key);
      std::optional<ConditionOperator> parsed =
          ConditionOperator::Parse(op.key);
      if (!parsed) {
        ReportUnknownOperator(op, optr);
        continue;
      }
      if (!op.value.is_object()) {
        TypeError(optr, op.value, "an object of condition keys");
        continue;
      }
      if (parsed->family == ConditionFamily::kNull &&
          parsed->qualifier != SetQualifier::kNone) {
        Add(Severity::kWarning, "NULL_WITH_QUALIFIER", optr, op.key_offset,
            "a set qualifier has no meaning on Null");
      }
      absl::flat_hash_map<std::string, std::string> folded_keys;
      for (const JsonMember& key : op.value.members) {
        std::string kptr = optr + "/" + json::EscapePointerToken(key.key);
        auto [it, inserted] = folded_keys.emplace(AsciiLower(key.key), key.key);
        if (!inserted) {
          Add(Severity::kError, "DUPLICATE_KEY_CASE", kptr, key.key_offset,
              absl::StrCat("condition keys \"", it->second, "\" and \"",
                           key.key,
                           "\" differ only in case (keys are "
                           "case-insensitive)"));
          continue;
        }
        size_t colon = key.key.find(':');
        if (colon == std::string::npos || colon == 0 ||
            colon + 1 == key.key.size()) {
          Add(Severity::kError, "INVALID_CONDITION_KEY", kptr, key.key_offset,
              absl::StrCat("condition key \"", key.key,
                           "\" must be prefix:name"));
          continue;
        }
        ConditionEntry entry;
        entry.op = op.key;
        entry.key = key.key;
        if (!ConditionValues(key.value, kptr, *parsed, &entry)) continue;
        s->conditions.push_back(std::move(entry));
      }
    }
  }

  void ReportUnknownOperator(const JsonMember& op, const std::string& optr) {
    // Offer the right spelling when only the case is wrong.
    std::string hint;
    absl::string_view base = op.key;
    std::string prefix;
    for (absl::string_view q : {"ForAllValues:", "ForAnyValue:"}) {
      if (base.size() >= q.size() &&
          absl::EqualsIgnoreCase(base.substr(0, q.size()), q)) {
        prefix = std::string(q);
        base.remove_prefix(q.size());
      }
    }
    std::string suffix;
    if (base.size() > 8 &&
        absl::EqualsIgnoreCase(base.substr(base.size() - 8), "IfExists")) {
      suffix = "IfExists";
      base.remove_suffix(8);
    }
    for (const std::string& name : ConditionOperator::BaseNames()) {
      if (absl::EqualsIgnoreCase(base, name)) {
        hint = absl::StrCat(prefix, name, suffix);
      }
    }
    std::string message;
    if (absl::EqualsIgnoreCase(base, "Null") && !suffix.empty()) {
      message = "Null has no IfExists form";
    } else if (!hint.empty() && hint != op.key) {
      message = absl::StrCat("unknown condition operator \"", op.key,
                             "\": operator names are case-sensitive; did you "
                             "mean \"",
                             hint, "\"?");
    } else {
      message = absl::StrCat("unknown condition operator \"", op.key, "\"");
    }
    Add(Severity::kError, "UNKNOWN_OPERATOR", optr, op.key_offset, message);
  }

  bool ConditionValues(const JsonValue& v, const std::string& kptr,
                       const ConditionOperator& op, ConditionEntry* entry) {
    std::vector<const JsonValue*> items;
    if (v.is_array()) {
      if (v.items.empty()) {
        Add(Severity::kWarning, "EMPTY_ARRAY", kptr, v.offset,
            "empty condition value array");
      }
      for (const JsonValue& item : v.items) items.push_back(&item);
    } else {
      items.push_back(&v);
    }
    bool ok = true;
    for (const JsonValue* item : items) {
      std::string iptr =
          v.is_array() ? absl::StrCat(kptr, "/", item - v.items.data()) : kptr;
      if (item->kind == JsonValue::Kind::kObject ||
          item->kind == JsonValue::Kind::kArray ||
          item->kind == JsonValue::Kind::kNull) {
        TypeError(iptr, *item, "a string, number or boolean");
        ok = false;
        continue;
      }
      std::string error;
      if (!CheckConditionValue(op, entry->op, item->text, variables_enabled_,
                               &error)) {
        Add(Severity::kError, "INVALID_CONDITION_VALUE", iptr, item->offset,
            error);
        ok = false;
        continue;
      }
      Lint(op, item->text, iptr, item->offset);
      entry->values.push_back(item->text);
      entry->value_positions.push_back(Position(item->offset));
    }
    return ok;
  }

  void Lint(const ConditionOperator& op, const std::string& text,
            const std::string& ptr, uint32_t offset) {
    if (op.family == ConditionFamily::kDate) {
      bool missing_zone = false;
      Timestamp::Parse(text, &missing_zone);
      if (missing_zone) {
        Add(Severity::kWarning, "DATE_WITHOUT_ZONE", ptr, offset,
            "date-time without a time zone is read as UTC");
      }
    } else if (op.family == ConditionFamily::kIp) {
      bool bare_v6 = false;
      IpRange::Parse(text, &bare_v6);
      if (bare_v6) {
        Add(Severity::kWarning, "BARE_IPV6", ptr, offset,
            "an IPv6 address without a prefix matches that one address "
            "(/128)");
      }
    }
  }

  void CheckRcpStatement(const JsonValue& v, const std::string& ptr,
                         const Statement& s) {
    const bool star_principal =
        s.principal_mode == Statement::PrincipalMode::kPrincipal &&
        (s.principal.any ||
         (s.principal.entries.size() == 1 &&
          s.principal.entries[0].type == PrincipalType::kAws &&
          s.principal.entries[0].value == "*"));
    if (!star_principal) {
      Add(Severity::kError, "RCP_PRINCIPAL", ptr, v.offset,
          "RCP statements must have \"Principal\": \"*\"");
    }
    if (s.effect == Effect::kAllow) {
      // Only RCPFullAWSAccess may allow: everything, unconditionally.
      const bool full = !s.not_action && s.actions.size() == 1 &&
                        s.actions[0] == "*" &&
                        s.resource_mode == Statement::ResourceMode::kResource &&
                        s.resources.size() == 1 && s.resources[0] == "*" &&
                        s.conditions.empty();
      if (!full) {
        Add(Severity::kError, "RCP_ALLOW", ptr, v.offset,
            "RCPs support only Deny statements (apart from RCPFullAWSAccess: "
            "Allow \"*\" on \"*\" without conditions)");
      }
    }
  }

  absl::string_view text_;
  PolicyKind kind_;
  const ParseOptions& options_;
  ParseResult* result_;
  std::optional<json::LineIndex> lines_;  // set once the JSON has been read
  bool variables_enabled_ = false;
  absl::flat_hash_set<std::string> sids_;
};

}  // namespace

ParseResult ParsePolicy(absl::string_view json, PolicyKind kind,
                        const ParseOptions& options) {
  ParseResult result;
  PolicyParser parser(json, kind, options, &result);
  parser.Run();
  return result;
}

ParseResult ParsePolicyFile(absl::string_view path, PolicyKind kind,
                            const ParseOptions& options) {
  ParseResult result;
  absl::StatusOr<std::string> text =
      io::ReadFile(path, options.max_document_bytes);
  if (!text.ok()) {
    Issue& issue = result.issues.emplace_back();
    issue.code = absl::IsResourceExhausted(text.status()) ? "DOCUMENT_TOO_LARGE"
                                                          : "FILE_UNREADABLE";
    // The status names the path already; Issue::file carries it.
    issue.message = std::string(
        absl::StripPrefix(text.status().message(), absl::StrCat(path, ": ")));
  } else {
    result = ParsePolicy(*text, kind, options);
  }
  for (Issue& issue : result.issues) issue.file = std::string(path);
  return result;
}

absl::StatusOr<Policy> ParsePolicyOrStatus(absl::string_view json,
                                           PolicyKind kind,
                                           const ParseOptions& options) {
  ParseResult r = ParsePolicy(json, kind, options);
  if (!r.ok()) return absl::InvalidArgumentError(JoinErrors(r.issues));
  return std::move(r.policy);
}

}  // namespace iameval
