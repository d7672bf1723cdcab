// Service catalog: the lookups over a loaded catalog (catalog_load.cc reads
// it, catalog_index.cc indexes it).
#include "iameval/catalog.h"

#include <algorithm>
#include <array>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "catalog/catalog_impl.h"
#include "iameval/arn.h"
#include "iameval/spelling.h"
#include "iameval/wildcard.h"

namespace iameval {

using catalog_internal::ArnTemplate;
using catalog_internal::KeyMatches;
using catalog_internal::KeyPattern;
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

Catalog::Catalog() : impl_(std::make_unique<Impl>()) {}
Catalog::~Catalog() = default;

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
  std::vector<char> seen;
  std::vector<std::pair<size_t, size_t>> stack;
  for (int id : impl_->templates_of_type[type.id]) {
    // R7 keeps wildcards out of the service field: compare it first.
    const ArnTemplate& t = impl_->templates[id];
    if (!t.service.empty() && t.service != parts[2]) continue;
    const std::vector<char>& tc = t.glob_chars;
    const std::vector<GlobToken>& tk = t.glob_kinds;
    const size_t n = tk.size();
    // Is the intersection of the two languages non-empty? Reachability in
    // the product automaton; state (i, j) = tokens consumed on each side.
    // Bytes, not characters (R18), and still exact for valid UTF-8
    // patterns: template literals are ASCII and its wildcards come as `?*`
    // (one or more), so a witness keeps the pattern's literals whole, puts
    // an ASCII letter under every pattern `?`, and each template run
    // between ASCII bytes is one or more whole characters.
    seen.assign((m + 1) * (n + 1), 0);
    stack.assign(1, {0, 0});
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
  out.reserve(best.size());
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
