// Catalog indexes: dense ids, ARN templates by service, condition key ids.
#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/catalog_impl.h"
#include "iameval/spelling.h"

namespace iameval {

using internal::AsciiLower;

using catalog_internal::AppendTemplateGlobTokens;
using catalog_internal::CompileTemplate;
using catalog_internal::Extends;
using catalog_internal::TemplateService;

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
      AppendTemplateGlobTokens(templates.back(), &templates.back().glob_chars,
                               &templates.back().glob_kinds);
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

}  // namespace iameval
