// WhatCan: every action a principal may perform on a resource (or on any).
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "account/account_internal.h"
#include "iameval/account/query.h"
#include "iameval/arn.h"
#include "iameval/catalog.h"
#include "iameval/condition.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/internal/compiled_policy.h"
#include "iameval/internal/status_macros.h"

namespace iameval {

using internal::AsciiLower;

// --- WhatCan -----------------------------------------------------------------

namespace {

struct ActionTarget {
  std::string action;  // display spelling
  std::string from_pattern;
  std::set<std::string> resources;
};

}  // namespace

absl::StatusOr<WhatCanResult> WhatCan(const AccountModel& model,
                                      const Caller& caller,
                                      absl::string_view resource_or_star,
                                      const WhatCanOptions& options) {
  account_internal::WhatCanCache cache;
  return account_internal::WhatCanCached(model, caller, resource_or_star,
                                         options, &cache);
}

std::string account_internal::ServiceOf(absl::string_view action) {
  size_t colon = action.find(':');
  if (colon == absl::string_view::npos) return std::string(action);
  return AsciiLower(action.substr(0, colon));
}

absl::StatusOr<WhatCanResult> account_internal::WhatCanCached(
    const AccountModel& model, const Caller& caller,
    absl::string_view resource_or_star, const WhatCanOptions& options,
    WhatCanCache* cache, ServiceLevels* levels) {
  IAMEVAL_ASSIGN_OR_RETURN(ResolvedCaller c, ResolveCaller(model, caller));
  return WhatCanCached(model, c, resource_or_star, options, cache, levels);
}

absl::StatusOr<WhatCanResult> account_internal::WhatCanCached(
    const AccountModel& model, const ResolvedCaller& c,
    absl::string_view resource_or_star, const WhatCanOptions& options,
    WhatCanCache* cache, ServiceLevels* levels) {
  if (!cache->principal_context) {
    cache->principal_context = PrincipalContext(options.query);
  }
  const RequestContext& context = *cache->principal_context;
  WhatCanResult out;
  out.principal = c.entity_arn;
  out.resource = std::string(resource_or_star);
  out.catalog_used = options.catalog != nullptr;
  const bool star = resource_or_star == "*";

  // Variables in Resource entries: substitute what the principal's context
  // knows (aws:username, aws:userid, aws:PrincipalTag/...). Built on the
  // first entry with a variable: most principals have none, and the copy
  // and merge were a tenth of a review.
  std::optional<RequestContext> vars;
  auto substituted = [&](const std::string& r) -> std::string {
    if (r.find("${") == std::string::npos) return r;
    if (!vars) {
      vars = c.context;
      MergeContext(context, &*vars);
      if (c.principal.kind == PrincipalKind::kUser) {
        vars->SetIfAbsent("aws:username", c.principal.name);
      }
    }
    return account_internal::SubstituteKnownVariables(r, *vars);
  };

  std::map<std::string, ActionTarget> targets;  // by folded action
  auto add = [&](absl::string_view action, absl::string_view from_pattern,
                 const std::vector<std::string>& resources) {
    std::string folded = AsciiLower(action);
    ActionTarget& t = targets[folded];
    if (t.action.empty()) {
      t.action = std::string(action);
      t.from_pattern = std::string(from_pattern);
    } else if (from_pattern.empty()) {
      t.from_pattern.clear();  // also named exactly
    }
    if (star) {
      for (const std::string& r : resources) {
        t.resources.insert(substituted(r));
      }
    } else {
      t.resources.insert(std::string(resource_or_star));
    }
  };

  for (const ModelPolicyRef& doc : c.identity_documents) {
    for (const Statement& s : doc->parsed.statements) {
      if (s.effect != Effect::kAllow) continue;
      std::vector<std::string> resources;
      if (s.resource_mode == Statement::ResourceMode::kResource) {
        resources = s.resources;
      } else {
        resources = {"*"};
      }
      if (s.not_action) {
        std::string pattern =
            absl::StrCat("NotAction:[", absl::StrJoin(s.actions, ", "), "]");
        if (options.catalog != nullptr) {
          std::vector<const ActionInfo*> expanded =
              options.catalog->ExpandNot(s.actions);
          for (const ActionInfo* a : expanded)
            add(a->full_name, pattern, resources);
          if (!expanded.empty()) continue;
        }
        out.patterns.push_back({pattern, doc->id, s.index, resources});
        continue;
      }
      for (const std::string& a : s.actions) {
        if (!HasWildcard(a)) {
          add(a, "", resources);
          continue;
        }
        if (options.catalog != nullptr) {
          std::vector<const ActionInfo*> expanded = options.catalog->Expand(a);
          for (const ActionInfo* info : expanded)
            add(info->full_name, a, resources);
          if (!expanded.empty()) continue;
        }
        out.patterns.push_back({a, doc->id, s.index, resources});
      }
    }
  }

  const Catalog* catalog = options.catalog;
  // Resources of the resources file by the service field of their ARN: a
  // wildcard grant is tried on each one of a type the action acts on, so a
  // grant that needs the resource's own policy (KMS keys) shows.
  if (!cache->by_service_built) {
    for (const ModelResource& mr : model.resources()) {
      if (std::optional<ArnView> v = ArnView::Parse(mr.arn)) {
        cache->by_service[std::string(v->service)].push_back(&mr);
      }
    }
    cache->by_service_built = true;
  }
  const auto& by_service = cache->by_service;
  auto arn_service = [](absl::string_view arn_template) {
    // "arn:${Partition}:s3:::..." -> "s3"
    std::vector<absl::string_view> parts = absl::StrSplit(arn_template, ':');
    return parts.size() > 2 ? std::string(parts[2]) : std::string();
  };

  bool principal_valid = false;  // the request builder accepted it
  // Not a structured binding: lambdas below capture the target, which
  // clang-tidy's clang 14 front end does not allow for a binding.
  for (auto& target : targets) {
    const std::string& folded = target.first;
    auto& t = target.second;
    const ActionInfo* info =
        catalog != nullptr ? catalog->FindAction(folded) : nullptr;
    // The pairs one resource pattern of the action gives: the catalog drops
    // those whose resource is of no type the action acts on (logs:* "on"
    // an S3 object).
    auto pairs_of = [&](const std::string& resource, auto&& add_pair) {
      if (info == nullptr) {
        add_pair(resource);
        return;
      }
      if (info->resources.empty()) {
        // Acts only on "*" (s3:ListAllMyBuckets).
        if (resource == "*") add_pair(resource);
        return;
      }
      if (!HasWildcard(resource)) {
        if (catalog->ResolveResourceType(*info, resource) != nullptr) {
          add_pair(resource);
        }
        return;
      }
      auto [shape, fresh_shape] =
          cache->shapes.try_emplace(std::make_pair(info, resource));
      if (fresh_shape) {
        for (const ActionResource& ar : info->resources) {
          if (ar.type == nullptr) continue;
          if (catalog->ResourcePatternMayMatch(*ar.type, resource)) {
            shape->second.may = true;
            for (const std::string& tmpl : ar.type->arns) {
              shape->second.services.insert(arn_service(tmpl));
            }
          }
        }
      }
      const bool may = shape->second.may;
      const std::set<std::string>& services = shape->second.services;
      if (!may) return;
      add_pair(resource);  // "some resource of this shape"
      if (!star) return;
      for (const std::string& service : services) {
        auto it = by_service.find(service);
        if (it == by_service.end()) continue;
        auto [typed, fresh] = cache->typed.try_emplace({info, service});
        if (fresh) {
          for (const ModelResource* mr : it->second) {
            if (catalog->ResolveResourceType(*info, mr->arn) != nullptr) {
              typed->second.push_back(mr);
            }
          }
        }
        for (const ModelResource* mr : typed->second) add_pair(mr->arn);
      }
    };
    // Review: the service and level an allowed pair adds.
    const std::string level = info != nullptr
                                  ? std::string(AccessLevelName(info->access))
                                  : std::string("unknown");
    const std::string service =
        levels != nullptr
            ? ServiceOf(info != nullptr ? absl::string_view(info->full_name)
                                        : absl::string_view(t.action))
            : std::string();
    auto resolved_of =
        [&](const std::string& resource) -> WhatCanCache::Resolved& {
      std::string key = absl::StrCat(options.query.resource_account, "|",
                                     c.principal.account, "|", resource);
      auto it = cache->resolved.find(key);
      if (it == cache->resolved.end()) {
        it = cache->resolved
                 .emplace(std::move(key),
                          WhatCanCache::Resolved{ResolveResource(
                              model, resource, options.query.resource_account,
                              c.principal.account)})
                 .first;
      }
      return it->second;
    };
    auto process = [&](const std::string& resource,
                       WhatCanCache::Resolved& resolved) {
      bool known_level = false;
      if (levels != nullptr) {
        auto known = levels->find(service);
        known_level = known != levels->end() && known->second.count(level);
      }
      // Resolve fails only for a principal, action or resource the request
      // builder refuses: with all three known good, a pair whose level is
      // known adds nothing.
      if (known_level && principal_valid && resolved.valid == 1 &&
          cache->valid_actions.contains(t.action)) {
        return;
      }
      absl::StatusOr<Resolution> res =
          Resolve(model, c, resolved.resource, t.action, context);
      if (res.ok()) {
        principal_valid = true;
        resolved.valid = 1;
        cache->valid_actions.insert(t.action);
      } else if (principal_valid && cache->valid_actions.contains(t.action)) {
        resolved.valid = 0;
      }
      if (!res.ok()) {
        // A resource pattern the request builder refuses (not an ARN):
        // report it with the pattern rather than failing the whole query.
        out.patterns.push_back(
            {absl::StrCat(t.action, " on ", resource), "", 0, {resource}});
        return;
      }
      if (known_level) return;
      ++out.evaluations;
      if (levels != nullptr) {
        if (Evaluate(res->bundle, res->request).allowed()) {
          (*levels)[service].insert(level);
        }
        return;
      }
      Trace trace;
      Decision d = Evaluate(res->bundle, res->request, &trace);
      WhatCanEntry e;
      if (!d.allowed()) {
        std::optional<account_internal::Supplied> supplied =
            account_internal::AllowedOnceSupplied(
                account_internal::DocumentsFor(model, c, resolved.resource),
                res->bundle, res->request, trace);
        if (supplied) {
          e.needs = std::move(supplied->needs);
          trace = std::move(supplied->trace);
        } else if (!options.include_denied) {
          return;
        }
      }
      e.action = t.action;
      e.resource = resource;
      e.decision = d;
      e.granting = GrantingStatements(trace);
      e.condition_keys = std::move(trace.missing_keys);
      e.from_pattern = t.from_pattern;
      e.access_level = "unknown";
      if (info != nullptr) {
        e.access_level = AccessLevelName(info->access);
        e.action = info->full_name;
      }
      out.actions.push_back(std::move(e));
    };
    if (levels != nullptr && star) {
      // Review: the order and repeats of pairs change nothing (allowed
      // levels and refused pairs are sets), so each pattern's pairs and
      // their resolved resources are kept across principals.
      for (const std::string& resource : t.resources) {
        auto emplaced = cache->pairs.try_emplace(
            std::make_tuple(info, resource, c.principal.account));
        auto memo = emplaced.first;
        if (emplaced.second) {
          pairs_of(resource, [&](const std::string& r) {
            memo->second.push_back({r, &resolved_of(r)});
          });
        }
        for (auto& [r, resolved] : memo->second) process(r, *resolved);
      }
    } else {
      std::set<std::string> pairs;
      for (const std::string& resource : t.resources) {
        pairs_of(resource, [&](const std::string& r) { pairs.insert(r); });
      }
      for (const std::string& resource : pairs) {
        process(resource, resolved_of(resource));
      }
    }
  }
  std::sort(out.actions.begin(), out.actions.end(),
            [](const WhatCanEntry& a, const WhatCanEntry& b) {
              return std::tie(a.action, a.resource) <
                     std::tie(b.action, b.resource);
            });
  return out;
}

}  // namespace iameval
