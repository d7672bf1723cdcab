// Service catalog: loading service_reference.json and answering lookups.
#include "iameval/catalog.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "iameval/arn.h"
#include "iameval/internal/status_macros.h"
#include "iameval/wildcard.h"
#include "json/json_reader.h"

namespace iameval {

const char* AccessLevelName(AccessLevel level) {
  switch (level) {
    case AccessLevel::kList:
      return "List";
    case AccessLevel::kRead:
      return "Read";
    case AccessLevel::kWrite:
      return "Write";
    case AccessLevel::kPermissionsManagement:
      return "Permissions management";
    case AccessLevel::kTagging:
      return "Tagging";
  }
  return "Write";
}

namespace {

using json::JsonMember;
using json::JsonValue;

// --- ARN templates --------------------------------------------------------

enum class TemplateTokenKind : uint8_t {
  kLiteral,      // `text`, matched exactly (case-sensitive)
  kPlaceholder,  // ${Name} inside the template: non-empty, no ':' or '/'
  kTail,         // ${Name} ending the template: non-empty, anything
  kStar,         // a literal `*` in a template: any run without ':'
};

struct TemplateToken {
  TemplateTokenKind kind;
  std::string text;  // kLiteral
};

struct ArnTemplate {
  int type_id = 0;
  std::vector<TemplateToken> tokens;
  int literal_chars = 0;
  std::string service;  // the literal service field; "" if templated
  std::vector<int> extensions;  // templates that extend this one (see .h)
};

// "arn:${Partition}:s3:::${BucketName}/${ObjectName}" -> tokens.
ArnTemplate CompileTemplate(absl::string_view text, int type_id) {
  ArnTemplate t;
  t.type_id = type_id;
  std::string literal;
  auto flush = [&]() {
    if (!literal.empty()) {
      t.literal_chars += static_cast<int>(literal.size());
      t.tokens.push_back({TemplateTokenKind::kLiteral, std::move(literal)});
      literal.clear();
    }
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      size_t close = text.find('}', i + 2);
      if (close != absl::string_view::npos) {
        flush();
        t.tokens.push_back({TemplateTokenKind::kPlaceholder, ""});
        i = close;
        continue;
      }
    }
    if (text[i] == '*') {
      flush();
      t.tokens.push_back({TemplateTokenKind::kStar, ""});
      continue;
    }
    literal.push_back(text[i]);
  }
  flush();
  if (!t.tokens.empty() &&
      t.tokens.back().kind == TemplateTokenKind::kPlaceholder) {
    t.tokens.back().kind = TemplateTokenKind::kTail;
  }
  return t;
}

// The literal service field of a template ("s3"), or "" when it has a
// placeholder there.
std::string TemplateService(absl::string_view text) {
  std::array<absl::string_view, 6> parts;
  if (SplitArnComponents(text, &parts) < 3) return "";
  if (absl::StrContains(parts[2], "${") || absl::StrContains(parts[2], "*")) {
    return "";
  }
  return std::string(parts[2]);
}

bool IsSegmentChar(char c) { return c != ':' && c != '/'; }

// Backtracking match of tokens[i..] against text[pos..]. Placeholders are
// segment-bounded, so the search is short.
bool MatchTokens(const std::vector<TemplateToken>& tokens, size_t i,
                 absl::string_view text, size_t pos) {
  if (i == tokens.size()) return pos == text.size();
  const TemplateToken& t = tokens[i];
  switch (t.kind) {
    case TemplateTokenKind::kLiteral:
      if (text.size() - pos < t.text.size() ||
          text.compare(pos, t.text.size(), t.text) != 0) {
        return false;
      }
      return MatchTokens(tokens, i + 1, text, pos + t.text.size());
    case TemplateTokenKind::kTail:
      return pos < text.size();
    case TemplateTokenKind::kPlaceholder:
    case TemplateTokenKind::kStar: {
      const bool star = t.kind == TemplateTokenKind::kStar;
      size_t end = pos;
      while (end < text.size() &&
             (star ? text[end] != ':' : IsSegmentChar(text[end]))) {
        ++end;
      }
      // Try the longest run first: the following literal usually starts at
      // the next separator.
      for (size_t e = end + 1; e-- > pos;) {
        if (!star && e == pos) break;
        if (MatchTokens(tokens, i + 1, text, e)) return true;
      }
      return false;
    }
  }
  return false;
}

// Does `longer` extend `shorter` (same tokens, placeholders equal whatever
// their names, then the shorter one's tail is a placeholder followed by a
// literal)?
bool Extends(const ArnTemplate& longer, const ArnTemplate& shorter) {
  const auto& s = shorter.tokens;
  const auto& l = longer.tokens;
  if (s.empty() || s.back().kind != TemplateTokenKind::kTail) return false;
  if (l.size() <= s.size()) return false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i].kind != l[i].kind || s[i].text != l[i].text) return false;
  }
  if (l[s.size() - 1].kind != TemplateTokenKind::kPlaceholder ||
      l[s.size()].kind != TemplateTokenKind::kLiteral) {
    return false;
  }
  // A bare ":${Qualifier}" suffix (Lambda versions and aliases, Step
  // Functions aliases, Batch revisions...) qualifies the same resource: AWS
  // authorizes qualified ARNs against the unqualified type too, so it does
  // not cut the tail back.
  const bool qualifier = l.size() == s.size() + 2 &&
                         l[s.size()].text == ":" &&
                         l.back().kind == TemplateTokenKind::kTail;
  return !qualifier;
}

// --- condition keys -------------------------------------------------------

// A condition key name of the reference, folded; templated ones
// ("aws:requesttag/${tagkey}", "s3:existingobjecttag/<key>",
// "aws:principaltag/tag-key") as a glob where the placeholder is
// non-empty text.
struct KeyPattern {
  std::string folded;
  bool templated = false;
  Glob glob;
  int literal_chars = 0;
};

KeyPattern CompileKey(absl::string_view name) {
  KeyPattern k;
  k.folded = AsciiLower(name);
  std::vector<char> chars;
  std::vector<GlobToken> kinds;
  const std::string& f = k.folded;
  auto placeholder = [&]() {
    chars.push_back('?');
    kinds.push_back(GlobToken::kAnyOne);
    chars.push_back('*');
    kinds.push_back(GlobToken::kStar);
    k.templated = true;
  };
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '$' && i + 1 < f.size() && f[i + 1] == '{') {
      size_t close = f.find('}', i + 2);
      if (close != std::string::npos) {
        placeholder();
        i = close;
        continue;
      }
    }
    if (f[i] == '<') {
      size_t close = f.find('>', i + 1);
      if (close != std::string::npos) {
        placeholder();
        i = close;
        continue;
      }
    }
    // The package spells some global templates ".../tag-key".
    if (f[i] == '/' && f.compare(i, std::string::npos, "/tag-key") == 0) {
      chars.push_back('/');
      kinds.push_back(GlobToken::kLiteral);
      ++k.literal_chars;
      placeholder();
      break;
    }
    chars.push_back(f[i]);
    kinds.push_back(GlobToken::kLiteral);
    ++k.literal_chars;
  }
  if (k.templated) k.glob = Glob::FromTokens(std::move(chars), std::move(kinds));
  return k;
}

bool KeyMatches(const KeyPattern& k, absl::string_view folded) {
  return k.templated ? k.glob.Matches(folded) : k.folded == folded;
}

// --- JSON shape helpers ---------------------------------------------------

// Where a value sits, as a chain of pointer tokens; the RFC 6901 text is
// built only for an error message, so loading allocates no pointers.
struct Where {
  const Where* parent = nullptr;
  absl::string_view name;  // member name, or "" for an array index
  size_t index = 0;

  Where Member(absl::string_view n) const { return Where{this, n, 0}; }
  Where Item(size_t i) const { return Where{this, "", i}; }
  std::string Pointer() const {
    if (parent == nullptr) return "";
    return name.empty() ? absl::StrCat(parent->Pointer(), "/", index)
                        : absl::StrCat(parent->Pointer(), "/", name);
  }
};

absl::Status ShapeError(const Where& where, absl::string_view what) {
  std::string pointer = where.Pointer();
  return absl::InvalidArgumentError(absl::StrCat(
      "service reference: ", pointer.empty() ? "/" : pointer, ": ", what));
}

JsonValue* FindMember(JsonValue* object, absl::string_view name) {
  for (JsonMember& m : object->members) {
    if (m.key == name) return &m.value;
  }
  return nullptr;
}

absl::Status TakeString(JsonValue* object, absl::string_view name,
                        const Where& where, std::string* out) {
  JsonValue* v = FindMember(object, name);
  if (v == nullptr) {
    return ShapeError(where, absl::StrCat("missing \"", name, "\""));
  }
  if (!v->is_string()) return ShapeError(where.Member(name), "expected a string");
  *out = std::move(v->text);
  return absl::OkStatus();
}

// The array member `name`; `optional` arrays may be absent (nullptr).
absl::StatusOr<JsonValue*> TakeArray(JsonValue* object, absl::string_view name,
                                     const Where& where,
                                     bool optional = false) {
  JsonValue* v = FindMember(object, name);
  if (v == nullptr) {
    if (optional) return nullptr;
    return ShapeError(where, absl::StrCat("missing \"", name, "\""));
  }
  if (!v->is_array()) return ShapeError(where.Member(name), "expected an array");
  return v;
}

absl::Status TakeStrings(JsonValue* object, absl::string_view name,
                         const Where& where, std::vector<std::string>* out,
                         bool optional) {
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * array,
                           TakeArray(object, name, where, optional));
  if (array == nullptr) return absl::OkStatus();
  out->reserve(array->items.size());
  for (size_t i = 0; i < array->items.size(); ++i) {
    JsonValue& item = array->items[i];
    if (!item.is_string()) {
      return ShapeError(where.Member(name).Item(i), "expected a string");
    }
    out->push_back(std::move(item.text));
  }
  return absl::OkStatus();
}

absl::Status ParseAccess(absl::string_view text, const Where& where,
                         AccessLevel* out) {
  if (text == "List") {
    *out = AccessLevel::kList;
  } else if (text == "Read") {
    *out = AccessLevel::kRead;
  } else if (text == "Write") {
    *out = AccessLevel::kWrite;
  } else if (text == "Permissions management") {
    *out = AccessLevel::kPermissionsManagement;
  } else if (text == "Tagging") {
    *out = AccessLevel::kTagging;
  } else {
    return ShapeError(where,
                      absl::StrCat("unknown access level \"", text, "\""));
  }
  return absl::OkStatus();
}

absl::Status ParseKeys(JsonValue* array, const Where& where,
                       std::vector<ConditionKeyInfo>* out) {
  out->reserve(array->items.size());
  for (size_t i = 0; i < array->items.size(); ++i) {
    JsonValue& k = array->items[i];
    const Where at = where.Item(i);
    if (!k.is_object()) return ShapeError(at, "expected an object");
    ConditionKeyInfo info;
    IAMEVAL_RETURN_IF_ERROR(TakeString(&k, "name", at, &info.name));
    IAMEVAL_RETURN_IF_ERROR(TakeString(&k, "type", at, &info.type));
    out->push_back(std::move(info));
  }
  return absl::OkStatus();
}

// Levenshtein distance, or limit + 1 once it must exceed `limit`.
int EditDistance(absl::string_view a, absl::string_view b, int limit,
                 std::vector<int>* row) {
  const int n = static_cast<int>(b.size());
  if (std::abs(static_cast<int>(a.size()) - n) > limit) return limit + 1;
  row->resize(n + 1);
  for (int j = 0; j <= n; ++j) (*row)[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    int diag = (*row)[0];
    (*row)[0] = static_cast<int>(i);
    int best = (*row)[0];
    for (int j = 1; j <= n; ++j) {
      const int up = (*row)[j];
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      (*row)[j] = std::min({up + 1, (*row)[j - 1] + 1, diag + cost});
      diag = up;
      best = std::min(best, (*row)[j]);
    }
    if (best > limit) return limit + 1;
  }
  return (*row)[n];
}

// Replaces policy variables ${...} by `*` (they may stand for anything).
std::string VariablesAsWildcards(absl::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
      size_t close = pattern.find('}', i + 2);
      if (close != absl::string_view::npos) {
        out.push_back('*');
        i = close;
        continue;
      }
    }
    out.push_back(pattern[i]);
  }
  return out;
}

}  // namespace

struct Catalog::Impl {
  std::string version;
  std::vector<ServiceInfo> services;
  std::vector<ConditionKeyInfo> global_keys;

  std::vector<const ActionInfo*> actions;   // by id, catalog order
  std::vector<std::string> actions_folded;  // by id: "s3:getobject"
  std::vector<const ResourceTypeInfo*> resource_types;  // by id
  absl::flat_hash_map<std::string, const ServiceInfo*> services_by_prefix;
  absl::flat_hash_map<std::string, const ActionInfo*> actions_by_name;
  absl::flat_hash_map<const ServiceInfo*, std::pair<int, int>> action_range;

  std::vector<ArnTemplate> templates;
  std::vector<std::vector<int>> templates_of_type;  // by type id
  absl::flat_hash_map<std::string, std::vector<int>> templates_by_service;
  std::vector<int> templates_any_service;

  std::vector<KeyPattern> keys;  // every key name, interned
  absl::flat_hash_map<std::string, int> key_ids;  // folded name -> keys index
  absl::flat_hash_map<std::string, std::string> exact_types;  // folded
  std::vector<std::pair<int, std::string>> templated_types;  // key id, type
  std::vector<int> global_key_ids;
  // The keys each action supports: action_key_ids[action_key_begin[id] ..
  // action_key_begin[id + 1]).
  std::vector<int> action_key_ids;
  std::vector<uint32_t> action_key_begin;

  int InternKey(absl::string_view name) {
    scratch.assign(name.data(), name.size());
    AsciiLowerInPlace(&scratch);
    auto it = key_ids.find(scratch);
    if (it != key_ids.end()) return it->second;
    const int id = static_cast<int>(keys.size());
    keys.push_back(CompileKey(name));
    key_ids.emplace(keys.back().folded, id);
    return id;
  }
  std::string scratch;

  void DefineKey(const ConditionKeyInfo& info) {
    const int id = InternKey(info.name);
    const KeyPattern& k = keys[id];
    if (k.templated) {
      for (const auto& [other, type] : templated_types) {
        if (other == id) return;  // first definition wins
      }
      templated_types.push_back({id, info.type});
    } else {
      exact_types.emplace(k.folded, info.type);
    }
  }

  absl::Status Build(JsonValue* root);
  void Index();

  bool TemplateMatches(const ArnTemplate& t, absl::string_view arn) const {
    if (!MatchTokens(t.tokens, 0, arn, 0)) return false;
    for (int e : t.extensions) {
      if (MatchTokens(templates[e].tokens, 0, arn, 0)) return false;
    }
    return true;
  }
};

Catalog::Catalog() : impl_(std::make_unique<Impl>()) {}
Catalog::~Catalog() = default;

absl::Status Catalog::Impl::Build(JsonValue* root) {
  const Where top;
  if (!root->is_object()) return ShapeError(top, "expected an object");
  IAMEVAL_RETURN_IF_ERROR(TakeString(root, "version", top, &version));
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * globals,
                           TakeArray(root, "globalConditionKeys", top));
  IAMEVAL_RETURN_IF_ERROR(ParseKeys(
      globals, top.Member("globalConditionKeys"), &global_keys));
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * service_array,
                           TakeArray(root, "services", top));
  const Where services_at = top.Member("services");
  services.resize(service_array->items.size());
  absl::flat_hash_map<absl::string_view, int> type_index;
  for (size_t si = 0; si < service_array->items.size(); ++si) {
    JsonValue& sv = service_array->items[si];
    ServiceInfo& s = services[si];
    const Where sat = services_at.Item(si);
    if (!sv.is_object()) return ShapeError(sat, "expected an object");
    IAMEVAL_RETURN_IF_ERROR(TakeString(&sv, "prefix", sat, &s.prefix));
    IAMEVAL_RETURN_IF_ERROR(TakeString(&sv, "name", sat, &s.name));
    // Resource types first: actions refer to them by name.
    IAMEVAL_ASSIGN_OR_RETURN(JsonValue * types,
                             TakeArray(&sv, "resourceTypes", sat));
    const Where types_at = sat.Member("resourceTypes");
    s.resource_types.resize(types->items.size());
    type_index.clear();
    for (size_t ti = 0; ti < types->items.size(); ++ti) {
      JsonValue& tv = types->items[ti];
      ResourceTypeInfo& t = s.resource_types[ti];
      const Where tat = types_at.Item(ti);
      if (!tv.is_object()) return ShapeError(tat, "expected an object");
      IAMEVAL_RETURN_IF_ERROR(TakeString(&tv, "name", tat, &t.name));
      IAMEVAL_RETURN_IF_ERROR(TakeStrings(&tv, "arns", tat, &t.arns, false));
      // A few entries hold two templates joined by ", ".
      for (size_t i = 0; i < t.arns.size(); ++i) {
        const size_t comma = t.arns[i].find(", ");
        if (comma == std::string::npos) continue;
        std::string rest = t.arns[i].substr(comma + 2);
        t.arns[i].resize(comma);
        t.arns.insert(t.arns.begin() + i + 1, std::move(rest));
      }
      IAMEVAL_RETURN_IF_ERROR(
          TakeStrings(&tv, "conditionKeys", tat, &t.condition_keys, true));
      type_index.emplace(t.name, static_cast<int>(ti));
    }
    IAMEVAL_ASSIGN_OR_RETURN(JsonValue * action_array,
                             TakeArray(&sv, "actions", sat));
    const Where actions_at = sat.Member("actions");
    s.actions.resize(action_array->items.size());
    for (size_t ai = 0; ai < action_array->items.size(); ++ai) {
      JsonValue& av = action_array->items[ai];
      ActionInfo& a = s.actions[ai];
      const Where aat = actions_at.Item(ai);
      if (!av.is_object()) return ShapeError(aat, "expected an object");
      IAMEVAL_RETURN_IF_ERROR(TakeString(&av, "name", aat, &a.name));
      std::string access;
      IAMEVAL_RETURN_IF_ERROR(TakeString(&av, "access", aat, &access));
      IAMEVAL_RETURN_IF_ERROR(
          ParseAccess(access, aat.Member("access"), &a.access));
      IAMEVAL_RETURN_IF_ERROR(
          TakeStrings(&av, "conditionKeys", aat, &a.condition_keys, true));
      IAMEVAL_ASSIGN_OR_RETURN(JsonValue * res,
                               TakeArray(&av, "resources", aat));
      const Where res_at = aat.Member("resources");
      a.resources.resize(res->items.size());
      for (size_t ri = 0; ri < res->items.size(); ++ri) {
        JsonValue& rv = res->items[ri];
        const Where rat = res_at.Item(ri);
        if (!rv.is_object()) return ShapeError(rat, "expected an object");
        const JsonValue* type = FindMember(&rv, "type");
        if (type == nullptr || !type->is_string()) {
          return ShapeError(rat, "missing \"type\" string");
        }
        auto it = type_index.find(type->text);
        if (it == type_index.end()) {
          return ShapeError(rat, absl::StrCat("unknown resource type \"",
                                              type->text, "\""));
        }
        a.resources[ri].type = &s.resource_types[it->second];
        const JsonValue* required = FindMember(&rv, "required");
        a.resources[ri].required =
            required != nullptr && required->kind == JsonValue::Kind::kBool &&
            required->bool_value;
        IAMEVAL_RETURN_IF_ERROR(TakeStrings(&rv, "conditionKeys", rat,
                                            &a.resources[ri].condition_keys,
                                            true));
      }
    }
    IAMEVAL_ASSIGN_OR_RETURN(JsonValue * keys_array,
                             TakeArray(&sv, "conditionKeys", sat));
    IAMEVAL_RETURN_IF_ERROR(ParseKeys(keys_array, sat.Member("conditionKeys"),
                                      &s.condition_keys));
  }
  return absl::OkStatus();
}

void Catalog::Impl::Index() {
  // Back-pointers and dense ids; `services` does not change any more.
  size_t action_total = 0;
  for (const ServiceInfo& s : services) action_total += s.actions.size();
  actions.reserve(action_total);
  actions_folded.reserve(action_total);
  actions_by_name.reserve(action_total);
  for (ServiceInfo& s : services) {
    std::string prefix = AsciiLower(s.prefix);
    services_by_prefix.emplace(prefix, &s);
    const int first = static_cast<int>(actions.size());
    for (ActionInfo& a : s.actions) {
      a.service = &s;
      a.full_name = absl::StrCat(s.prefix, ":", a.name);
      a.id = static_cast<int>(actions.size());
      actions.push_back(&a);
      actions_folded.push_back(AsciiLower(a.full_name));
      actions_by_name.emplace(actions_folded.back(), &a);
    }
    action_range[&s] = {first, static_cast<int>(actions.size())};
    for (ResourceTypeInfo& t : s.resource_types) {
      t.service = &s;
      t.id = static_cast<int>(resource_types.size());
      resource_types.push_back(&t);
    }
  }
  // ARN templates, bucketed by their service field.
  templates_of_type.resize(resource_types.size());
  for (const ResourceTypeInfo* t : resource_types) {
    for (const std::string& arn : t->arns) {
      const int id = static_cast<int>(templates.size());
      templates.push_back(CompileTemplate(arn, t->id));
      templates_of_type[t->id].push_back(id);
      std::string service = TemplateService(arn);
      templates.back().service = service;
      if (service.empty()) {
        templates_any_service.push_back(id);
      } else {
        templates_by_service[service].push_back(id);
      }
    }
  }
  for (auto& [service, ids] : templates_by_service) {
    for (int a : ids) {
      for (int b : ids) {
        if (a != b && Extends(templates[b], templates[a])) {
          templates[a].extensions.push_back(b);
        }
      }
    }
  }
  // Condition keys: globals first (their types win), then each service's
  // own keys, then the keys actions name.
  for (const ConditionKeyInfo& k : global_keys) {
    DefineKey(k);
    global_key_ids.push_back(key_ids[AsciiLower(k.name)]);
  }
  for (const ServiceInfo& s : services) {
    for (const ConditionKeyInfo& k : s.condition_keys) {
      // A key another service also defines keeps the type its own service
      // gives it ("identitystore:UserId" is String in identitystore).
      absl::string_view name = k.name;
      if (name.size() <= s.prefix.size() || name[s.prefix.size()] != ':' ||
          !absl::StartsWithIgnoreCase(name, s.prefix)) {
        continue;
      }
      DefineKey(k);
    }
  }
  for (const ServiceInfo& s : services) {
    for (const ConditionKeyInfo& k : s.condition_keys) DefineKey(k);
  }
  action_key_begin.reserve(actions.size() + 1);
  action_key_ids.reserve(actions.size() * 12);
  for (const ActionInfo* a : actions) {
    const size_t begin = action_key_ids.size();
    action_key_begin.push_back(static_cast<uint32_t>(begin));
    auto add = [&](const std::string& name) {
      const int id = InternKey(name);
      if (std::find(action_key_ids.begin() + begin, action_key_ids.end(),
                    id) == action_key_ids.end()) {
        action_key_ids.push_back(id);
      }
    };
    for (const std::string& k : a->condition_keys) add(k);
    for (const ActionResource& r : a->resources) {
      for (const std::string& k : r.condition_keys) add(k);
      for (const std::string& k : r.type->condition_keys) add(k);
    }
  }
  action_key_begin.push_back(static_cast<uint32_t>(action_key_ids.size()));
}

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::LoadFromString(
    absl::string_view text) {
  json::ReadOptions options;
  options.max_bytes = 256u << 20;
  options.max_depth = 16;
  JsonValue root;
  Issue error;
  if (!json::ReadJson(text, options, &root, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("service reference: ", error.ToString()));
  }
  std::shared_ptr<Catalog> catalog(new Catalog());
  IAMEVAL_RETURN_IF_ERROR(catalog->impl_->Build(&root));
  catalog->impl_->Index();
  return std::shared_ptr<const Catalog>(std::move(catalog));
}

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::LoadFromFile(
    absl::string_view path) {
  std::ifstream in(std::string(path), std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        "cannot open the service reference \"", path,
        "\" (set IAMEVAL_DATA_DIR to the folder holding "
        "iam-data/service_reference.json)"));
  }
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat("cannot read \"", path, "\""));
  }
  auto catalog = LoadFromString(text);
  if (!catalog.ok()) {
    return absl::Status(catalog.status().code(),
                        absl::StrCat(path, ": ", catalog.status().message()));
  }
  return catalog;
}

std::string Catalog::DefaultDataDir() {
  const char* env = std::getenv("IAMEVAL_DATA_DIR");
  if (env != nullptr && env[0] != '\0') return env;
#ifdef IAMEVAL_DATA_DIR
  return IAMEVAL_DATA_DIR;
#else
  // Without the CMake definition: the third_party/ folder of the source tree
  // this file was compiled from (__FILE__ is absolute under CMake).
  absl::string_view file = __FILE__;
  absl::string_view suffix = "lib/catalog/catalog.cc";
  if (absl::EndsWith(file, suffix)) {
    file.remove_suffix(suffix.size());
    return absl::StrCat(file, "third_party");
  }
  return "third_party";
#endif
}

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::Default() {
  static const auto* const kDefault =
      new absl::StatusOr<std::shared_ptr<const Catalog>>(LoadFromFile(
          absl::StrCat(DefaultDataDir(), "/iam-data/service_reference.json")));
  return *kDefault;
}

const std::string& Catalog::version() const { return impl_->version; }
const std::vector<ServiceInfo>& Catalog::services() const {
  return impl_->services;
}
size_t Catalog::action_count() const { return impl_->actions.size(); }
size_t Catalog::resource_type_count() const {
  return impl_->resource_types.size();
}
const std::vector<ConditionKeyInfo>& Catalog::global_condition_keys() const {
  return impl_->global_keys;
}

const ServiceInfo* Catalog::FindService(absl::string_view prefix) const {
  auto it = impl_->services_by_prefix.find(AsciiLower(prefix));
  return it == impl_->services_by_prefix.end() ? nullptr : it->second;
}

const ActionInfo* Catalog::FindAction(
    absl::string_view service_colon_action) const {
  auto it = impl_->actions_by_name.find(AsciiLower(service_colon_action));
  return it == impl_->actions_by_name.end() ? nullptr : it->second;
}

std::vector<const ActionInfo*> Catalog::Expand(
    absl::string_view pattern) const {
  std::vector<const ActionInfo*> out;
  const std::string folded = AsciiLower(pattern);
  const size_t colon = folded.find(':');
  if (folded != "*" && colon == std::string::npos) return out;
  const Glob glob = Glob::FromPattern(folded);
  int begin = 0;
  int end = static_cast<int>(impl_->actions.size());
  if (colon != std::string::npos) {
    absl::string_view service = absl::string_view(folded).substr(0, colon);
    if (service.find_first_of("*?") == absl::string_view::npos) {
      const ServiceInfo* s = FindService(service);
      if (s == nullptr) return out;
      std::tie(begin, end) = impl_->action_range.at(s);
    }
  }
  for (int i = begin; i < end; ++i) {
    if (glob.Matches(impl_->actions_folded[i])) {
      out.push_back(impl_->actions[i]);
    }
  }
  return out;
}

std::vector<const ActionInfo*> Catalog::ExpandNot(
    absl::Span<const std::string> patterns) const {
  std::vector<Glob> globs;
  globs.reserve(patterns.size());
  for (const std::string& p : patterns) {
    globs.push_back(Glob::FromPattern(AsciiLower(p)));
  }
  std::vector<const ActionInfo*> out;
  for (size_t i = 0; i < impl_->actions.size(); ++i) {
    bool any = false;
    for (const Glob& g : globs) {
      if (g.Matches(impl_->actions_folded[i])) {
        any = true;
        break;
      }
    }
    if (!any) out.push_back(impl_->actions[i]);
  }
  return out;
}

std::vector<const ResourceTypeInfo*> Catalog::ResourceTypesFor(
    absl::string_view action) const {
  std::vector<const ResourceTypeInfo*> out;
  const ActionInfo* a = FindAction(action);
  if (a == nullptr) return out;
  for (const ActionResource& r : a->resources) out.push_back(r.type);
  return out;
}

const ResourceTypeInfo* Catalog::ResolveResourceType(
    const ActionInfo& action, absl::string_view arn) const {
  const ResourceTypeInfo* best = nullptr;
  int best_score = -1;
  for (const ActionResource& r : action.resources) {
    for (int id : impl_->templates_of_type[r.type->id]) {
      const ArnTemplate& t = impl_->templates[id];
      if (t.literal_chars > best_score && impl_->TemplateMatches(t, arn)) {
        best = r.type;
        best_score = t.literal_chars;
      }
    }
  }
  return best;
}

std::vector<const ResourceTypeInfo*> Catalog::ResolveResourceTypeAny(
    absl::string_view arn) const {
  std::vector<const ResourceTypeInfo*> out;
  std::array<absl::string_view, 6> parts;
  if (SplitArnComponents(arn, &parts) != 6 || parts[0] != "arn") return out;
  int best_score = -1;
  auto consider = [&](const std::vector<int>& ids) {
    for (int id : ids) {
      const ArnTemplate& t = impl_->templates[id];
      if (t.literal_chars < best_score || !impl_->TemplateMatches(t, arn)) {
        continue;
      }
      if (t.literal_chars > best_score) {
        out.clear();
        best_score = t.literal_chars;
      }
      const ResourceTypeInfo* type = impl_->resource_types[t.type_id];
      if (std::find(out.begin(), out.end(), type) == out.end()) {
        out.push_back(type);
      }
    }
  };
  auto it = impl_->templates_by_service.find(parts[2]);
  if (it != impl_->templates_by_service.end()) consider(it->second);
  consider(impl_->templates_any_service);
  std::sort(out.begin(), out.end(),
            [](const ResourceTypeInfo* a, const ResourceTypeInfo* b) {
              return a->id < b->id;
            });
  return out;
}

bool Catalog::ResourcePatternMayMatch(const ResourceTypeInfo& type,
                                      absl::string_view pattern) const {
  std::string error;
  std::optional<Glob> glob =
      CompileResourcePattern(VariablesAsWildcards(pattern), &error);
  if (!glob) return true;  // not ours to judge: the parser reports it
  if (glob->matches_everything()) return true;
  std::array<absl::string_view, 6> parts;
  SplitArnComponents(pattern, &parts);
  const GlobSpan p = glob->span();
  const size_t m = p.kinds.size();
  for (int id : impl_->templates_of_type[type.id]) {
    // R7 keeps wildcards out of the service field: compare it first.
    const std::string& service = impl_->templates[id].service;
    if (!service.empty() && service != parts[2]) continue;
    // The template at character level; placeholders are any text here.
    std::vector<char> tc;
    std::vector<GlobToken> tk;
    for (const TemplateToken& tok : impl_->templates[id].tokens) {
      if (tok.kind == TemplateTokenKind::kLiteral) {
        for (char c : tok.text) {
          tc.push_back(c);
          tk.push_back(GlobToken::kLiteral);
        }
      } else if (tok.kind == TemplateTokenKind::kStar) {
        tc.push_back('*');
        tk.push_back(GlobToken::kStar);
      } else {
        tc.push_back('?');
        tk.push_back(GlobToken::kAnyOne);
        tc.push_back('*');
        tk.push_back(GlobToken::kStar);
      }
    }
    const size_t n = tk.size();
    // Is the intersection of the two languages non-empty? Reachability in
    // the product automaton; state (i, j) = tokens consumed on each side.
    std::vector<char> seen((m + 1) * (n + 1), 0);
    std::vector<std::pair<size_t, size_t>> stack = {{0, 0}};
    seen[0] = 1;
    bool found = false;
    auto push = [&](size_t i, size_t j) {
      char& s = seen[i * (n + 1) + j];
      if (!s) {
        s = 1;
        stack.push_back({i, j});
      }
    };
    while (!stack.empty() && !found) {
      auto [i, j] = stack.back();
      stack.pop_back();
      if (i == m && j == n) {
        found = true;
        break;
      }
      const bool pstar = i < m && internal::IsStar(p.kinds[i]);
      const bool tstar = j < n && internal::IsStar(tk[j]);
      if (pstar) push(i + 1, j);
      if (tstar) push(i, j + 1);
      if (i == m || j == n) continue;
      // One character both sides accept.
      const GlobToken pk = p.kinds[i];
      const GlobToken k = tk[j];
      bool ok;
      if (pk == GlobToken::kLiteral && k == GlobToken::kLiteral) {
        ok = p.chars[i] == tc[j];
      } else if (k == GlobToken::kLiteral) {
        ok = internal::TokenAccepts(pk, 0, tc[j]);
      } else {
        ok = true;  // the template side accepts any character
      }
      if (ok) push(pstar ? i : i + 1, tstar ? j : j + 1);
    }
    if (found) return true;
  }
  return false;
}

std::optional<std::string> Catalog::ConditionKeyType(
    absl::string_view key) const {
  const std::string folded = AsciiLower(key);
  auto it = impl_->exact_types.find(folded);
  if (it != impl_->exact_types.end()) return it->second;
  const std::string* best = nullptr;
  int best_literal = -1;
  for (const auto& [id, type] : impl_->templated_types) {
    const KeyPattern& k = impl_->keys[id];
    if (k.literal_chars > best_literal && k.glob.Matches(folded)) {
      best = &type;
      best_literal = k.literal_chars;
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

bool Catalog::IsGlobalConditionKey(absl::string_view key) const {
  const std::string folded = AsciiLower(key);
  for (int id : impl_->global_key_ids) {
    if (KeyMatches(impl_->keys[id], folded)) return true;
  }
  return false;
}

bool Catalog::ActionSupportsConditionKey(const ActionInfo& action,
                                         absl::string_view key) const {
  const std::string folded = AsciiLower(key);
  for (uint32_t i = impl_->action_key_begin[action.id];
       i < impl_->action_key_begin[action.id + 1]; ++i) {
    if (KeyMatches(impl_->keys[impl_->action_key_ids[i]], folded)) return true;
  }
  return false;
}

std::vector<std::string> Catalog::NearestActions(absl::string_view unknown,
                                                 int n) const {
  std::vector<std::string> out;
  if (n <= 0) return out;
  const std::string folded = AsciiLower(unknown);
  // (distance, id), kept sorted, at most n long.
  std::vector<std::pair<int, int>> best;
  std::vector<int> row;
  const int kMaxDistance = std::max(3, static_cast<int>(folded.size()) / 3);
  for (size_t i = 0; i < impl_->actions.size(); ++i) {
    const int limit = static_cast<int>(best.size()) < n
                          ? kMaxDistance
                          : std::min(kMaxDistance, best.back().first - 1);
    if (limit < 0) continue;
    const int d = EditDistance(folded, impl_->actions_folded[i], limit, &row);
    if (d > limit) continue;
    best.insert(std::upper_bound(best.begin(), best.end(),
                                 std::make_pair(d, static_cast<int>(i))),
                {d, static_cast<int>(i)});
    if (static_cast<int>(best.size()) > n) best.pop_back();
  }
  for (const auto& [d, id] : best) out.push_back(impl_->actions[id]->full_name);
  return out;
}

}  // namespace iameval
