// AssumePaths: the graph of who can become whom through role assumption.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "account/account_internal.h"
#include "iameval/account/query.h"
#include "iameval/arn.h"
#include "iameval/condition.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/internal/compiled_policy.h"

namespace iameval {

using internal::CompiledResource;
using internal::CompiledStatement;

using account_internal::EvaluateExternal;
using account_internal::ExternalEvaluation;
using account_internal::TrustSource;
using account_internal::TrustSources;

// --- AssumePaths
// ---------------------------------------------------------------

namespace {

struct EdgeKey {
  std::string from, to;
  bool operator<(const EdgeKey& o) const {
    return std::tie(to, from) < std::tie(o.to, o.from);
  }
};

}  // namespace

AssumeGraph AssumePaths(const AccountModel& model,
                        const AssumePathsOptions& options) {
  const QueryOptions& q = options.query;
  const RequestContext principal_context =
      account_internal::PrincipalContext(q);
  const Organization* org = model.organization();
  std::map<EdgeKey, AssumeEdge> edges;

  // Loaded principals by account, resolved lazily once.
  // Loaded principals, resolved only when some trust makes them a
  // candidate: most principals of a large account never are.
  struct Entity {
    const IamUser* user = nullptr;
    const IamRole* role = nullptr;
    std::optional<ResolvedCaller> resolved;
  };
  std::vector<Entity> principals;
  principals.reserve(model.users().size() + model.roles().size());
  for (const IamUser& u : model.users())
    principals.push_back({&u, nullptr, {}});
  for (const IamRole& r : model.roles())
    principals.push_back({nullptr, &r, {}});
  auto caller = [&](size_t i) -> const ResolvedCaller& {
    Entity& e = principals[i];
    if (!e.resolved) {
      e.resolved = e.user != nullptr
                       ? ResolveUser(model, *e.user)
                       : ResolveRole(model, *e.role, q.session_name);
    }
    return *e.resolved;
  };
  auto account_of = [&](size_t i) -> const std::string& {
    return principals[i].user != nullptr ? principals[i].user->account
                                         : principals[i].role->account;
  };
  auto type_of = [&](size_t i) {
    return std::string(principals[i].user != nullptr ? "user" : "role");
  };
  absl::flat_hash_map<std::string, size_t> by_entity;
  // Whether an identity policy of the principal has an Allow that covers
  // sts:AssumeRole. A trust policy naming an account or "*" grants only
  // through the identity side, so principals without one are skipped (the
  // engine would deny them); principals named by ARN are always evaluated.
  // Documents are shared, so the answer is cached per document.
  absl::flat_hash_map<const ModelPolicy*, bool> covers_assume;
  std::vector<char> may_assume(principals.size());
  for (size_t i = 0; i < principals.size(); ++i) {
    const Entity& e = principals[i];
    by_entity[e.user ? e.user->arn : e.role->arn] = i;
    for (const ModelPolicyRef& d :
         e.user ? e.user->identity_documents : e.role->identity_documents) {
      auto [it, inserted] = covers_assume.try_emplace(d.get(), false);
      if (inserted) {
        for (const Statement& s : d->parsed.statements) {
          if (s.effect == Effect::kAllow &&
              account_internal::StatementCoversAction(s, "sts:assumerole")) {
            it->second = true;
          }
        }
      }
      if (it->second) may_assume[i] = true;
    }
  }
  // A trust naming an account or "*" makes every principal that may assume
  // a candidate of every such role: principals x roles IdentityMayAllow
  // calls, quadratic in the account size. Every role ARN an identity
  // statement's Resource matches starts with that pattern's literal prefix,
  // so a principal whose sts:AssumeRole grants all have one is a candidate
  // only for the roles whose ARN starts with one of its prefixes (the
  // engine still decides); the others (no Resource, NotResource, policy
  // variables, a leading wildcard) stay candidates of every role.
  std::vector<size_t> assumers_anywhere;
  absl::flat_hash_map<std::string, std::vector<size_t>> assumers_by_prefix;
  for (size_t i = 0; i < principals.size(); ++i) {
    if (!may_assume[i]) continue;
    const Entity& e = principals[i];
    std::set<std::string> prefixes;
    bool anywhere = false;
    for (const PolicyRef& p : e.user ? e.user->identity : e.role->identity) {
      internal::ImplOf(*p).ForEachActionMatch(
          "sts:assumerole", "sts", [&](const CompiledStatement& s) {
            if (s.effect != Effect::kAllow) return true;
            if (s.resource_mode != Statement::ResourceMode::kResource) {
              anywhere = true;
            }
            for (const CompiledResource& r : s.resources) {
              if (r.variables != nullptr || r.glob.literal_prefix().empty()) {
                anywhere = true;
              } else {
                prefixes.insert(std::string(r.glob.literal_prefix()));
              }
            }
            return !anywhere;
          });
      if (anywhere) break;
    }
    if (anywhere) {
      assumers_anywhere.push_back(i);
      continue;
    }
    for (const std::string& prefix : prefixes) {
      assumers_by_prefix[prefix].push_back(i);
    }
  }
  const std::set<std::string> loaded(model.snapshot_accounts().begin(),
                                     model.snapshot_accounts().end());
  auto outside_org = [&](absl::string_view from_account,
                         absl::string_view to_account) {
    if (org == nullptr) return false;
    if (from_account.empty()) return true;
    return org->AccountNode(from_account) < 0 ||
           org->AccountNode(to_account) < 0;
  };

  auto record = [&](const std::string& from, const std::string& kind,
                    const std::string& from_account, const IamRole& role,
                    const Trace& trace, std::vector<std::string> needs) {
    AssumeEdge e;
    e.from = from;
    e.from_kind = kind;
    e.to = role.arn;
    const bool aws_principal = kind != "service" && kind != "federated";
    e.cross_account = aws_principal && from_account != role.account;
    e.outside_organization =
        aws_principal && outside_org(from_account, role.account);
    for (StatementRef& s : GrantingStatements(trace)) {
      if (s.layer == Layer::kResource) {
        e.trust_statements.push_back(std::move(s));
      } else if (s.layer == Layer::kIdentity && kind != "external-account" &&
                 kind != "external-principal" && kind != "anyone") {
        e.identity_statements.push_back(std::move(s));
      }
    }
    e.condition_keys = trace.missing_keys;
    e.needs = std::move(needs);
    // The trust statements' conditions, as written: what a federated
    // sign-in (or any caller) must present.
    for (const StatementRef& t : e.trust_statements) {
      for (const Statement& st : role.trust->parsed.statements) {
        if (st.index != t.index) continue;
        for (const ConditionEntry& c : st.conditions) {
          e.conditions.push_back(absl::StrCat(c.op, " ", c.key, "=",
                                              absl::StrJoin(c.values, "|")));
        }
      }
    }
    edges[{from, role.arn}] = std::move(e);
  };

  const std::set<std::string> only(options.targets.begin(),
                                   options.targets.end());
  for (const IamRole& role : model.roles()) {
    if (!role.trust) continue;
    if (!only.empty() && !only.count(role.arn)) continue;
    ResolvedResource target = ResolveResource(model, role.arn);
    std::vector<TrustSource> sources = TrustSources(*role.trust);
    // The principals that may assume this role by their identity policies,
    // from the index above: those of any resource, then those with a
    // prefix of its ARN.
    std::vector<size_t> assumers;
    bool assumers_built = false;
    auto may_assume_role = [&]() -> const std::vector<size_t>& {
      if (assumers_built) return assumers;
      assumers_built = true;
      assumers = assumers_anywhere;
      for (size_t n = 0; n <= role.arn.size(); ++n) {
        auto it =
            assumers_by_prefix.find(absl::string_view(role.arn).substr(0, n));
        if (it == assumers_by_prefix.end()) continue;
        assumers.insert(assumers.end(), it->second.begin(), it->second.end());
      }
      return assumers;
    };
    std::set<size_t> candidates;
    std::set<size_t> named;           // named by ARN: the trust alone may grant
    std::set<std::string> externals;  // ARNs / account roots / "*"
    for (const TrustSource& s : sources) {
      switch (s.kind) {
        case TrustSource::Kind::kAnyone:
          for (size_t i : may_assume_role()) candidates.insert(i);
          externals.insert("*");
          break;
        case TrustSource::Kind::kAccount:
          if (loaded.count(s.value)) {
            for (size_t i : may_assume_role()) {
              if (account_of(i) == s.value) candidates.insert(i);
            }
          } else {
            externals.insert(absl::StrCat("arn:", role.partition,
                                          ":iam::", s.value, ":root"));
          }
          break;
        case TrustSource::Kind::kArn: {
          // A role named by ARN matches its sessions whatever the path.
          const IamRole* r = model.FindRole(s.value);
          const IamUser* u = model.FindUser(s.value);
          if (r != nullptr) {
            candidates.insert(by_entity[r->arn]);
            named.insert(by_entity[r->arn]);
          } else if (u != nullptr) {
            candidates.insert(by_entity[u->arn]);
            named.insert(by_entity[u->arn]);
          } else {
            externals.insert(s.value);
          }
          break;
        }
        case TrustSource::Kind::kService:
        case TrustSource::Kind::kFederated:
          if (options.include_services) {
            externals.insert(absl::StrCat(s.kind == TrustSource::Kind::kService
                                              ? "service:"
                                              : "federated:",
                                          s.value));
          }
          break;
      }
    }
    for (size_t i : candidates) {
      if (principals[i].role == &role) continue;  // a role assuming itself
      if (!named.count(i) &&
          !account_internal::IdentityMayAllow(
              principals[i].user ? principals[i].user->identity
                                 : principals[i].role->identity,
              "sts:assumerole", role.arn)) {
        continue;  // granted only through the identity side, which cannot
      }
      const ResolvedCaller& c = caller(i);
      absl::StatusOr<Resolution> res =
          Resolve(model, c, target, "sts:AssumeRole", principal_context);
      if (!res.ok()) continue;
      Trace trace;
      Decision d = Evaluate(res->bundle, res->request, &trace);
      if (d.allowed()) {
        record(c.entity_arn, type_of(i), c.principal.account, role, trace, {});
        continue;
      }
      // Kept, labelled with what it needs, when supplying the missing keys
      // lets the engine allow it.
      std::optional<account_internal::Supplied> supplied =
          account_internal::AllowedOnceSupplied(
              account_internal::DocumentsFor(model, c, target), res->bundle,
              res->request, trace);
      if (supplied) {
        record(c.entity_arn, type_of(i), c.principal.account, role,
               supplied->trace, std::move(supplied->needs));
      }
    }
    for (const std::string& ext : externals) {
      ExternalEvaluation x =
          EvaluateExternal(model, ext, "sts:AssumeRole", target,
                           role.trust->compiled, role.partition, q);
      if (!x.built) continue;
      if (x.decision.allowed()) {
        record(x.from, x.kind, x.from_account, role, x.trace, {});
        continue;
      }
      std::optional<account_internal::Supplied> supplied =
          account_internal::AllowedOnceSupplied({&role.trust->parsed}, x.bundle,
                                                x.request, x.trace);
      if (supplied) {
        record(x.from, x.kind, x.from_account, role, supplied->trace,
               std::move(supplied->needs));
      }
    }
  }

  AssumeGraph g;
  std::set<std::string> nodes;
  for (auto& [key, e] : edges) {
    nodes.insert(e.from);
    nodes.insert(e.to);
    g.edges.push_back(std::move(e));
  }
  g.nodes.assign(nodes.begin(), nodes.end());

  // Transitive closure by breadth-first search from every source.
  absl::flat_hash_map<std::string, std::vector<std::string>> next;
  // Only edges the engine allows under the profile: a chain through an
  // edge that needs context is no reach (the edge itself stays listed).
  for (const AssumeEdge& e : g.edges) {
    if (e.needs.empty()) next[e.from].push_back(e.to);
  }
  for (const std::string& source : g.nodes) {
    if (!next.contains(source)) continue;
    absl::flat_hash_map<std::string, std::string> parent;
    std::deque<std::string> queue = {source};
    parent[source] = "";
    std::vector<std::string> order;
    while (!queue.empty()) {
      std::string n = queue.front();
      queue.pop_front();
      auto it = next.find(n);
      if (it == next.end()) continue;
      for (const std::string& m : it->second) {
        if (parent.contains(m)) continue;
        parent[m] = n;
        order.push_back(m);
        queue.push_back(m);
      }
    }
    std::sort(order.begin(), order.end());
    for (const std::string& to : order) {
      AssumeReach reach;
      reach.from = source;
      reach.to = to;
      for (std::string n = to; !n.empty(); n = parent[n]) {
        reach.path.push_back(n);
      }
      std::reverse(reach.path.begin(), reach.path.end());
      g.closure.push_back(std::move(reach));
    }
  }
  return g;
}

}  // namespace iameval
