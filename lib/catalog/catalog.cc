// Service catalog: loading service_reference.json and answering lookups.
#include "iameval/catalog.h"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <memory>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "iameval/arn.h"
#include "iameval/internal/status_macros.h"
#include "iameval/spelling.h"
#include "iameval/wildcard.h"
#include "io/read_file.h"
#include "json/json_reader.h"

namespace iameval {

using internal::AsciiLower;
using internal::GlobToken;

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
  kPlaceholder,  // ${Name} inside the template: non-empty, no ':'
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
  std::string service;          // the literal service field; "" if templated
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

// Matches a template against a concrete ARN. A backtracking search over
// (token, position) with failed states remembered, so even a hostile ARN
// (many '/' under "${A}/${B}/${C}/${D}") costs at most tokens x length
// steps per start position instead of exponential time.
class TemplateMatcher {
 public:
  TemplateMatcher(const std::vector<TemplateToken>& tokens,
                  absl::string_view text)
      : tokens_(tokens), text_(text) {}

  bool Match() {
    // Cheap rejection first: every literal must occur somewhere.
    for (const TemplateToken& t : tokens_) {
      if (t.kind == TemplateTokenKind::kLiteral &&
          text_.find(t.text) == absl::string_view::npos) {
        return false;
      }
    }
    failed_.assign(tokens_.size() * (text_.size() + 1), 0);
    return MatchFrom(0, 0);
  }

 private:
  bool MatchFrom(size_t i, size_t pos) {
    if (i == tokens_.size()) return pos == text_.size();
    uint8_t& failed = failed_[i * (text_.size() + 1) + pos];
    if (failed) return false;
    if (!Step(i, pos)) {
      failed = 1;
      return false;
    }
    return true;
  }

  bool Step(size_t i, size_t pos) {
    const TemplateToken& t = tokens_[i];
    switch (t.kind) {
      case TemplateTokenKind::kLiteral:
        if (text_.size() - pos < t.text.size() ||
            text_.compare(pos, t.text.size(), t.text) != 0) {
          return false;
        }
        return MatchFrom(i + 1, pos + t.text.size());
      case TemplateTokenKind::kTail:
        return pos < text_.size();
      case TemplateTokenKind::kPlaceholder:
      case TemplateTokenKind::kStar: {
        // A run up to the next ':' (non-empty for placeholders), longest
        // first; when a literal follows, only where its first character is.
        const size_t min_end =
            t.kind == TemplateTokenKind::kStar ? pos : pos + 1;
        size_t end = text_.find(':', pos);
        if (end == absl::string_view::npos) end = text_.size();
        const TemplateToken* next =
            i + 1 < tokens_.size() ? &tokens_[i + 1] : nullptr;
        const bool literal_next =
            next != nullptr && next->kind == TemplateTokenKind::kLiteral;
        for (size_t e = end + 1; e-- > min_end;) {
          if (literal_next &&
              (e == text_.size() || text_[e] != next->text[0])) {
            continue;
          }
          if (MatchFrom(i + 1, e)) return true;
        }
        return false;
      }
    }
    return false;
  }

  const std::vector<TemplateToken>& tokens_;
  absl::string_view text_;
  absl::InlinedVector<uint8_t, 512> failed_;
};

bool MatchTokens(const std::vector<TemplateToken>& tokens,
                 absl::string_view text) {
  return TemplateMatcher(tokens, text).Match();
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
  const bool qualifier = l.size() == s.size() + 2 && l[s.size()].text == ":" &&
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
  if (k.templated)
    k.glob = Glob::FromTokens(std::move(chars), std::move(kinds));
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
  if (!v->is_string())
    return ShapeError(where.Member(name), "expected a string");
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
  if (!v->is_array())
    return ShapeError(where.Member(name), "expected an array");
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

// Like TakeStrings, for condition key names: each is interned by `intern`
// (the JSON text itself goes away with the document).
template <typename Intern>
absl::Status TakeKeyNames(JsonValue* object, const Where& where,
                          std::vector<absl::string_view>* out,
                          Intern&& intern) {
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * array,
                           TakeArray(object, "conditionKeys", where, true));
  if (array == nullptr) return absl::OkStatus();
  out->reserve(array->items.size());
  for (size_t i = 0; i < array->items.size(); ++i) {
    const JsonValue& item = array->items[i];
    if (!item.is_string()) {
      return ShapeError(where.Member("conditionKeys").Item(i),
                        "expected a string");
    }
    out->push_back(intern(item.text));
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

// One stored copy of each spelling of a condition key name. Loading
// threads each fill their own; the views stay valid as long as the pool (a
// deque never moves its elements).
class SpellingPool {
 public:
  absl::string_view Intern(absl::string_view name) {
    auto it = views_.find(name);
    if (it != views_.end()) return *it;
    pool_.emplace_back(name);
    views_.insert(pool_.back());
    return pool_.back();
  }

 private:
  std::deque<std::string> pool_;
  absl::flat_hash_set<absl::string_view> views_;
};

}  // namespace

struct Catalog::Impl {
  std::string version;
  std::vector<ServiceInfo> services;
  std::vector<ConditionKeyInfo> global_keys;

  std::vector<const ActionInfo*> actions;               // by id, catalog order
  std::vector<std::string> actions_folded;              // by id: "s3:getobject"
  std::vector<const ResourceTypeInfo*> resource_types;  // by id
  absl::flat_hash_map<std::string, const ServiceInfo*> services_by_prefix;
  // Keys view actions_folded, which is reserved up front and never grows.
  absl::flat_hash_map<absl::string_view, const ActionInfo*> actions_by_name;
  absl::flat_hash_map<const ServiceInfo*, std::pair<int, int>> action_range;

  std::vector<ArnTemplate> templates;
  std::vector<std::vector<int>> templates_of_type;  // by type id
  absl::flat_hash_map<std::string, std::vector<int>> templates_by_service;
  std::vector<int> templates_any_service;

  std::vector<KeyPattern> keys;                   // every key name, interned
  absl::flat_hash_map<std::string, int> key_ids;  // folded name -> keys index
  absl::flat_hash_map<std::string, std::string> exact_types;  // folded
  std::vector<std::pair<int, std::string>> templated_types;   // key id, type
  std::vector<int> global_key_ids;
  // The keys listed on each action's rows: action_key_ids[action_key_begin[id]
  // .. action_key_begin[id + 1]); likewise the keys of each resource type.
  std::vector<int> action_key_ids;
  std::vector<uint32_t> action_key_begin;
  std::vector<int> type_key_ids;
  std::vector<uint32_t> type_key_begin;

  // The key id of a spelling. `name` must outlive the catalog: a view into
  // a SpellingPool or a string of `services`.
  int InternKey(absl::string_view name) {
    auto it = spellings.find(name);
    if (it != spellings.end()) return it->second;
    std::string folded = AsciiLower(name);
    auto found = key_ids.find(folded);
    int id;
    if (found != key_ids.end()) {
      id = found->second;
    } else {
      id = static_cast<int>(keys.size());
      keys.push_back(CompileKey(name));
      key_ids.emplace(std::move(folded), id);
    }
    spellings.emplace(name, id);
    return id;
  }
  absl::flat_hash_map<absl::string_view, int> spellings;
  std::vector<std::unique_ptr<SpellingPool>> pools;  // one per load thread

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

  absl::Status Load(absl::string_view text);
  absl::Status BuildHeader(JsonValue* root, JsonValue** service_array);
  absl::Status BuildService(JsonValue* value, size_t index, ServiceInfo* out,
                            SpellingPool* pool) const;
  void Index();

  bool TemplateMatches(const ArnTemplate& t, absl::string_view arn) const {
    if (!MatchTokens(t.tokens, arn)) return false;
    for (int e : t.extensions) {
      if (MatchTokens(templates[e].tokens, arn)) return false;
    }
    return true;
  }
};

Catalog::Catalog() : impl_(std::make_unique<Impl>()) {}
Catalog::~Catalog() = default;

absl::Status Catalog::Impl::BuildHeader(JsonValue* root,
                                        JsonValue** service_array) {
  const Where top;
  if (!root->is_object()) return ShapeError(top, "expected an object");
  IAMEVAL_RETURN_IF_ERROR(TakeString(root, "version", top, &version));
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * globals,
                           TakeArray(root, "globalConditionKeys", top));
  IAMEVAL_RETURN_IF_ERROR(
      ParseKeys(globals, top.Member("globalConditionKeys"), &global_keys));
  IAMEVAL_ASSIGN_OR_RETURN(*service_array, TakeArray(root, "services", top));
  return absl::OkStatus();
}

absl::Status Catalog::Impl::BuildService(JsonValue* sv, size_t index,
                                         ServiceInfo* s,
                                         SpellingPool* pool) const {
  const Where top;
  const Where services_at = top.Member("services");
  const Where sat = services_at.Item(index);
  auto intern = [pool](absl::string_view name) { return pool->Intern(name); };
  if (!sv->is_object()) return ShapeError(sat, "expected an object");
  IAMEVAL_RETURN_IF_ERROR(TakeString(sv, "prefix", sat, &s->prefix));
  IAMEVAL_RETURN_IF_ERROR(TakeString(sv, "name", sat, &s->name));
  // Resource types first: actions refer to them by name.
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * types,
                           TakeArray(sv, "resourceTypes", sat));
  const Where types_at = sat.Member("resourceTypes");
  s->resource_types.resize(types->items.size());
  absl::flat_hash_map<absl::string_view, int> type_index;
  type_index.reserve(types->items.size());
  for (size_t ti = 0; ti < types->items.size(); ++ti) {
    JsonValue& tv = types->items[ti];
    ResourceTypeInfo& t = s->resource_types[ti];
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
    IAMEVAL_RETURN_IF_ERROR(TakeKeyNames(&tv, tat, &t.condition_keys, intern));
    type_index.emplace(t.name, static_cast<int>(ti));
  }
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * action_array,
                           TakeArray(sv, "actions", sat));
  const Where actions_at = sat.Member("actions");
  s->actions.resize(action_array->items.size());
  for (size_t ai = 0; ai < action_array->items.size(); ++ai) {
    JsonValue& av = action_array->items[ai];
    ActionInfo& a = s->actions[ai];
    const Where aat = actions_at.Item(ai);
    if (!av.is_object()) return ShapeError(aat, "expected an object");
    IAMEVAL_RETURN_IF_ERROR(TakeString(&av, "name", aat, &a.name));
    const JsonValue* access = FindMember(&av, "access");
    if (access == nullptr || !access->is_string()) {
      return ShapeError(aat, "missing \"access\" string");
    }
    IAMEVAL_RETURN_IF_ERROR(
        ParseAccess(access->text, aat.Member("access"), &a.access));
    IAMEVAL_RETURN_IF_ERROR(TakeKeyNames(&av, aat, &a.condition_keys, intern));
    IAMEVAL_ASSIGN_OR_RETURN(JsonValue * res, TakeArray(&av, "resources", aat));
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
        return ShapeError(
            rat, absl::StrCat("unknown resource type \"", type->text, "\""));
      }
      a.resources[ri].type = &s->resource_types[it->second];
      const JsonValue* required = FindMember(&rv, "required");
      a.resources[ri].required = required != nullptr &&
                                 required->kind == JsonValue::Kind::kBool &&
                                 required->bool_value;
      IAMEVAL_RETURN_IF_ERROR(
          TakeKeyNames(&rv, rat, &a.resources[ri].condition_keys, intern));
    }
  }
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * keys_array,
                           TakeArray(sv, "conditionKeys", sat));
  return ParseKeys(keys_array, sat.Member("conditionKeys"), &s->condition_keys);
}

namespace {

json::ReadOptions CatalogReadOptions() {
  json::ReadOptions options;
  options.max_bytes = 256u << 20;
  options.max_depth = 16;
  return options;
}

// A reader error in a part of the file that starts at line first_line + 1
// and sits at `pointer` in the whole document.
absl::Status JsonError(const Issue& error, int first_line,
                       absl::string_view pointer = "") {
  Issue shifted = error;
  shifted.line += first_line;
  shifted.pointer = absl::StrCat(pointer, error.pointer);
  return absl::InvalidArgumentError(
      absl::StrCat("service reference: ", shifted.ToString()));
}

}  // namespace

absl::Status Catalog::Impl::Load(absl::string_view text) {
  // Fast path for the layout extract.js writes (docs/data.md): a header,
  // the line `"services":[`, one service object per line (a comma after all
  // but the last) and a closing `]}`. Each service is read and converted on
  // its own, so the reader's document tree never holds more than one
  // service (a small, warm heap), and the lines are split between two
  // threads. Anything else takes the general path below.
  constexpr absl::string_view kServices = "\n\"services\":[\n";
  const size_t start = text.find(kServices);
  std::vector<absl::string_view> lines;
  bool by_line = start != absl::string_view::npos;
  size_t pos = by_line ? start + kServices.size() : 0;
  while (by_line && pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == absl::string_view::npos) eol = text.size();
    absl::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line == "]}") {
      by_line =
          text.find_first_not_of(" \t\r\n", pos) == absl::string_view::npos;
      break;
    }
    if (!lines.empty()) {
      // Every service line but the last ends with a comma.
      if (lines.back().back() != ',') by_line = false;
      lines.back().remove_suffix(1);
    }
    if (!absl::StartsWith(line, "{\"prefix\":") || line.size() < 2 ||
        (line.back() != '}' && line.back() != ',')) {
      by_line = false;
    }
    lines.push_back(line);
  }
  if (by_line && (lines.empty() || lines.back().back() != '}')) by_line = false;

  const json::ReadOptions options = CatalogReadOptions();
  Issue error;
  if (by_line) {
    std::string header(text.substr(0, start + 1));
    header.append("\"services\":[]}");
    JsonValue root;
    if (!json::ReadJson(header, options, &root, &error)) {
      return JsonError(error, 0);
    }
    JsonValue* service_array = nullptr;
    IAMEVAL_RETURN_IF_ERROR(BuildHeader(&root, &service_array));
    const int first_line = static_cast<int>(std::count(
        text.begin(), text.begin() + start + kServices.size(), '\n'));
    services.resize(lines.size());
    // The services are independent: two threads each read and convert half
    // of the bytes (each into its own services[i] and spelling pool); the
    // indexes are built afterwards on this thread.
    size_t half = 0;
    for (size_t bytes = 0; half < lines.size() && 2 * bytes < text.size();
         ++half) {
      bytes += lines[half].size();
    }
    struct Part {
      size_t begin, end;
      absl::Status status;
    };
    Part parts[2] = {{0, half, {}}, {half, lines.size(), {}}};
    pools.push_back(std::make_unique<SpellingPool>());
    pools.push_back(std::make_unique<SpellingPool>());
    auto work = [&](int p) {
      JsonValue service;
      Issue issue;
      for (size_t i = parts[p].begin; i < parts[p].end; ++i) {
        if (!json::ReadJson(lines[i], options, &service, &issue)) {
          parts[p].status = JsonError(issue, first_line + static_cast<int>(i),
                                      absl::StrCat("/services/", i));
          return;
        }
        parts[p].status =
            BuildService(&service, i, &services[i], pools[p].get());
        if (!parts[p].status.ok()) return;
      }
    };
    std::thread helper;
    if (std::thread::hardware_concurrency() > 1) {
      try {
        helper = std::thread(work, 1);
      } catch (const std::system_error&) {
        // No thread to be had: do it all here.
      }
    }
    work(0);
    if (helper.joinable()) {
      helper.join();
    } else {
      work(1);
    }
    // The first error in file order.
    IAMEVAL_RETURN_IF_ERROR(parts[0].status);
    return parts[1].status;
  }
  JsonValue root;
  if (!json::ReadJson(text, options, &root, &error)) return JsonError(error, 0);
  JsonValue* service_array = nullptr;
  IAMEVAL_RETURN_IF_ERROR(BuildHeader(&root, &service_array));
  services.resize(service_array->items.size());
  pools.push_back(std::make_unique<SpellingPool>());
  for (size_t i = 0; i < service_array->items.size(); ++i) {
    IAMEVAL_RETURN_IF_ERROR(BuildService(&service_array->items[i], i,
                                         &services[i], pools[0].get()));
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
  action_key_ids.reserve(actions.size() * 8);
  for (const ActionInfo* a : actions) {
    const size_t begin = action_key_ids.size();
    action_key_begin.push_back(static_cast<uint32_t>(begin));
    auto add = [&](absl::string_view name) {
      const int id = InternKey(name);
      if (std::find(action_key_ids.begin() + begin, action_key_ids.end(), id) ==
          action_key_ids.end()) {
        action_key_ids.push_back(id);
      }
    };
    for (absl::string_view k : a->condition_keys) add(k);
    for (const ActionResource& r : a->resources) {
      for (absl::string_view k : r.condition_keys) add(k);
    }
  }
  action_key_begin.push_back(static_cast<uint32_t>(action_key_ids.size()));
  type_key_begin.reserve(resource_types.size() + 1);
  for (const ResourceTypeInfo* t : resource_types) {
    type_key_begin.push_back(static_cast<uint32_t>(type_key_ids.size()));
    for (absl::string_view k : t->condition_keys) {
      type_key_ids.push_back(InternKey(k));
    }
  }
  type_key_begin.push_back(static_cast<uint32_t>(type_key_ids.size()));
}

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::LoadFromString(
    absl::string_view text) {
  std::shared_ptr<Catalog> catalog(new Catalog());
  IAMEVAL_RETURN_IF_ERROR(catalog->impl_->Load(text));
  catalog->impl_->Index();
  return std::shared_ptr<const Catalog>(std::move(catalog));
}

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::LoadFromFile(
    absl::string_view path) {
  absl::StatusOr<std::string> text = io::ReadFile(path);
  if (!text.ok()) {
    return absl::Status(
        text.status().code(),
        absl::StrCat(text.status().message(),
                     " (the service reference; set IAMEVAL_DATA_DIR to the "
                     "folder holding iam-data/service_reference.json)"));
  }
  auto catalog = LoadFromString(*text);
  if (!catalog.ok()) {
    return absl::Status(catalog.status().code(),
                        absl::StrCat(path, ": ", catalog.status().message()));
  }
  return catalog;
}

namespace {

// The folder of a file, resolved to an absolute path without symbolic
// links (a library is often reached through libiameval.so -> .so.0.1.0).
std::string RealDirName(const std::string& file) {
  std::error_code ec;
  std::filesystem::path real = std::filesystem::canonical(file, ec);
  if (ec) return "";
  return real.parent_path().string();
}

// Where an installed copy of the data is, relative to the installed code
// that runs: the shared library (LIBDIR/../share/iameval), or the program
// the static library is linked into (BINDIR/../share/iameval, as for the
// `iameval` binary). A prefix moved or copied after `cmake --install`
// keeps finding its data, which the configured path alone would not.
std::vector<std::string> RelocatedDataDirs() {
  std::vector<std::string> dirs;
#ifdef IAMEVAL_LIBDIR_TO_DATADIR
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&Catalog::DefaultDataDir), &info) != 0 &&
      info.dli_fname != nullptr &&
      absl::StrContains(
          std::filesystem::path(info.dli_fname).filename().string(), ".so")) {
    std::string dir = RealDirName(info.dli_fname);
    if (!dir.empty()) {
      dirs.push_back(absl::StrCat(dir, "/", IAMEVAL_LIBDIR_TO_DATADIR));
    }
  }
#endif
#ifdef IAMEVAL_BINDIR_TO_DATADIR
  std::string dir = RealDirName("/proc/self/exe");
  if (!dir.empty()) {
    dirs.push_back(absl::StrCat(dir, "/", IAMEVAL_BINDIR_TO_DATADIR));
  }
#endif
  return dirs;
}

}  // namespace

std::string Catalog::DefaultDataDir() {
  const char* env = std::getenv("IAMEVAL_DATA_DIR");
  if (env != nullptr && env[0] != '\0') return env;
  auto has_data = [](const std::string& dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(
        dir + "/iam-data/service_reference.json", ec);
  };
  // Installed code first: a build tree has no share/iameval next to it,
  // and an installed copy must not read a source tree that happens to
  // still exist.
  for (const std::string& dir : RelocatedDataDirs()) {
    if (has_data(dir)) {
      return std::filesystem::path(dir).lexically_normal().string();
    }
  }
#ifdef IAMEVAL_DATA_DIR
  std::string source_tree = IAMEVAL_DATA_DIR;
#else
  // Without the CMake definition: the third_party/ folder of the source tree
  // this file was compiled from (__FILE__ is absolute under CMake).
  std::string source_tree = "third_party";
  absl::string_view file = __FILE__;
  absl::string_view suffix = "lib/catalog/catalog.cc";
  if (absl::EndsWith(file, suffix)) {
    file.remove_suffix(suffix.size());
    source_tree = absl::StrCat(file, "third_party");
  }
#endif
  if (has_data(source_tree)) return source_tree;
    // The configured install location, for a program outside the prefix
    // linked against the static library.
#ifdef IAMEVAL_INSTALLED_DATA_DIR
  if (has_data(IAMEVAL_INSTALLED_DATA_DIR)) return IAMEVAL_INSTALLED_DATA_DIR;
#endif
  return source_tree;
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
  const std::string text = VariablesAsWildcards(pattern);
  std::string error;
  std::optional<Glob> glob = CompileResourcePattern(text, &error);
  if (!glob) return true;  // not ours to judge: the parser reports it
  if (glob->matches_everything()) return true;
  std::array<absl::string_view, 6> parts;
  SplitArnComponents(text, &parts);
  // The pattern's tokens under ruling R7 (wildcards in the first fields
  // stay inside their field).
  std::vector<char> pc;
  std::vector<GlobToken> pk;
  AppendResourceTokens(text, nullptr, &pc, &pk);
  const size_t m = pk.size();
  for (int id : impl_->templates_of_type[type.id]) {
    // R7 keeps wildcards out of the service field: compare it first.
    const std::string& service = impl_->templates[id].service;
    if (!service.empty() && service != parts[2]) continue;
    // The template at character level. Placeholders are non-empty text
    // without ':', the tail any non-empty text; no sub-resource cut here.
    std::vector<char> tc;
    std::vector<GlobToken> tk;
    for (const TemplateToken& tok : impl_->templates[id].tokens) {
      switch (tok.kind) {
        case TemplateTokenKind::kLiteral:
          for (char c : tok.text) {
            tc.push_back(c);
            tk.push_back(GlobToken::kLiteral);
          }
          break;
        case TemplateTokenKind::kStar:
          tc.push_back('*');
          tk.push_back(GlobToken::kStarNoColon);
          break;
        case TemplateTokenKind::kPlaceholder:
          tc.insert(tc.end(), {'?', '*'});
          tk.insert(tk.end(),
                    {GlobToken::kAnyOneNoColon, GlobToken::kStarNoColon});
          break;
        case TemplateTokenKind::kTail:
          tc.insert(tc.end(), {'?', '*'});
          tk.insert(tk.end(), {GlobToken::kAnyOne, GlobToken::kStar});
          break;
      }
    }
    const size_t n = tk.size();
    // Is the intersection of the two languages non-empty? Reachability in
    // the product automaton; state (i, j) = tokens consumed on each side.
    // Bytes, not characters (R18), and still exact for valid UTF-8
    // patterns: template literals are ASCII and its wildcards come as `?*`
    // (one or more), so a witness keeps the pattern's literals whole, puts
    // an ASCII letter under every pattern `?`, and each template run
    // between ASCII bytes is one or more whole characters.
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
      const bool pstar = i < m && internal::IsStar(pk[i]);
      const bool tstar = j < n && internal::IsStar(tk[j]);
      if (pstar) push(i + 1, j);
      if (tstar) push(i, j + 1);
      if (i == m || j == n) continue;
      // Is there one character both tokens accept? Wildcards on both sides
      // always share one (a letter).
      bool ok;
      if (pk[i] == GlobToken::kLiteral) {
        ok = internal::TokenAccepts(tk[j], tc[j], pc[i]);
      } else if (tk[j] == GlobToken::kLiteral) {
        ok = internal::TokenAccepts(pk[i], pc[i], tc[j]);
      } else {
        ok = true;
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
  const Impl& impl = *impl_;
  for (uint32_t i = impl.action_key_begin[action.id];
       i < impl.action_key_begin[action.id + 1]; ++i) {
    if (KeyMatches(impl.keys[impl.action_key_ids[i]], folded)) return true;
  }
  // The condition keys of the resource types the action acts on.
  for (const ActionResource& r : action.resources) {
    for (uint32_t i = impl.type_key_begin[r.type->id];
         i < impl.type_key_begin[r.type->id + 1]; ++i) {
      if (KeyMatches(impl.keys[impl.type_key_ids[i]], folded)) return true;
    }
  }
  return false;
}

namespace {

// The indices of up to `n` of `count` candidates nearest to `folded` by edit
// distance (folded(i) gives candidate i, lower case), nearest first, ties in
// index order; only those within max(3, |folded| / 3) edits.
template <typename Folded>
std::vector<int> Nearest(absl::string_view folded, int n, size_t count,
                         Folded&& folded_at) {
  std::vector<std::pair<int, int>> best;  // (distance, index), sorted
  std::vector<int> row;
  const int max_distance = std::max(3, static_cast<int>(folded.size()) / 3);
  for (size_t i = 0; i < count && n > 0; ++i) {
    const int limit = static_cast<int>(best.size()) < n
                          ? max_distance
                          : std::min(max_distance, best.back().first - 1);
    if (limit < 0) break;
    const int d = EditDistanceIgnoreCase(folded, folded_at(i), limit, &row);
    if (d > limit) continue;
    const std::pair<int, int> entry(d, static_cast<int>(i));
    best.insert(std::upper_bound(best.begin(), best.end(), entry), entry);
    if (static_cast<int>(best.size()) > n) best.pop_back();
  }
  std::vector<int> out;
  for (const auto& [d, i] : best) out.push_back(i);
  return out;
}

}  // namespace

std::vector<std::string> Catalog::NearestActions(absl::string_view unknown,
                                                 int n) const {
  std::vector<std::string> out;
  for (int i : Nearest(AsciiLower(unknown), n, impl_->actions.size(),
                       [&](size_t i) -> absl::string_view {
                         return impl_->actions_folded[i];
                       })) {
    out.push_back(impl_->actions[i]->full_name);
  }
  return out;
}

std::vector<std::string> Catalog::NearestServices(absl::string_view unknown,
                                                  int n) const {
  std::vector<std::string> folded;
  folded.reserve(impl_->services.size());
  for (const ServiceInfo& s : impl_->services) {
    folded.push_back(AsciiLower(s.prefix));
  }
  std::vector<std::string> out;
  for (int i :
       Nearest(AsciiLower(unknown), n, folded.size(),
               [&](size_t i) -> absl::string_view { return folded[i]; })) {
    out.push_back(impl_->services[i].prefix);
  }
  return out;
}

std::vector<std::string> Catalog::NearestConditionKeys(
    absl::string_view unknown, int n) const {
  // The keys of the key's own service, then the global keys.
  std::vector<const ConditionKeyInfo*> candidates;
  absl::string_view prefix = unknown.substr(0, unknown.find(':'));
  if (const ServiceInfo* s = FindService(prefix)) {
    for (const ConditionKeyInfo& k : s->condition_keys)
      candidates.push_back(&k);
  }
  for (const ConditionKeyInfo& k : impl_->global_keys) candidates.push_back(&k);
  std::vector<std::string> folded;
  folded.reserve(candidates.size());
  for (const ConditionKeyInfo* k : candidates)
    folded.push_back(AsciiLower(k->name));
  std::vector<std::string> out;
  for (int i :
       Nearest(AsciiLower(unknown), n, folded.size(),
               [&](size_t i) -> absl::string_view { return folded[i]; })) {
    if (std::find(out.begin(), out.end(), candidates[i]->name) == out.end()) {
      out.push_back(candidates[i]->name);
    }
  }
  return out;
}

}  // namespace iameval
