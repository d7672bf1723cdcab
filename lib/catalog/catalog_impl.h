// File: lib/catalog/catalog_impl.h
// -----------------------------------------------------------------------------
// The inside of a Catalog (catalog.h): the services as loaded
// (catalog_load.cc) and the indexes built over them (catalog_index.cc) that
// the lookups (catalog.cc) read.
//
// Not installed, not API. Thread safety: written while loading, read-only
// afterwards.
#ifndef IAMEVAL_LIB_CATALOG_CATALOG_IMPL_H_
#define IAMEVAL_LIB_CATALOG_CATALOG_IMPL_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "catalog/arn_template.h"
#include "catalog/key_pattern.h"
#include "iameval/catalog.h"
#include "iameval/spelling.h"
#include "json/json_reader.h"

namespace iameval {
namespace catalog_internal {

using ::iameval::internal::AsciiLower;

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

}  // namespace catalog_internal

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

  std::vector<catalog_internal::ArnTemplate> templates;
  std::vector<std::vector<int>> templates_of_type;  // by type id
  absl::flat_hash_map<std::string, std::vector<int>> templates_by_service;
  std::vector<int> templates_any_service;

  std::vector<catalog_internal::KeyPattern> keys;  // every key name, interned
  absl::flat_hash_map<std::string, int> key_ids;   // folded name -> keys index
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
    std::string folded = internal::AsciiLower(name);
    auto found = key_ids.find(folded);
    int id;
    if (found != key_ids.end()) {
      id = found->second;
    } else {
      id = static_cast<int>(keys.size());
      keys.push_back(catalog_internal::CompileKey(name));
      key_ids.emplace(std::move(folded), id);
    }
    spellings.emplace(name, id);
    return id;
  }
  absl::flat_hash_map<absl::string_view, int> spellings;
  std::vector<std::unique_ptr<catalog_internal::SpellingPool>>
      pools;  // one per load thread

  void DefineKey(const ConditionKeyInfo& info) {
    const int id = InternKey(info.name);
    const catalog_internal::KeyPattern& k = keys[id];
    if (k.templated) {
      for (const auto& [other, type] : templated_types) {
        if (other == id) return;  // first definition wins
      }
      templated_types.push_back({id, info.type});
    } else {
      exact_types.emplace(k.folded, info.type);
    }
  }

  // catalog_load.cc: reads the reference into `version`, `services` and
  // `global_keys`.
  absl::Status Load(absl::string_view text);
  absl::Status BuildHeader(json::JsonValue* root,
                           json::JsonValue** service_array);
  absl::Status BuildService(json::JsonValue* value, size_t index,
                            ServiceInfo* out,
                            catalog_internal::SpellingPool* pool) const;
  // catalog_index.cc: everything else, from `services`.
  void Index();

  bool TemplateMatches(const catalog_internal::ArnTemplate& t,
                       absl::string_view arn) const {
    if (!catalog_internal::MatchTokens(t.tokens, arn)) return false;
    for (int e : t.extensions) {
      if (catalog_internal::MatchTokens(templates[e].tokens, arn)) return false;
    }
    return true;
  }
};

}  // namespace iameval

#endif  // IAMEVAL_LIB_CATALOG_CATALOG_IMPL_H_
