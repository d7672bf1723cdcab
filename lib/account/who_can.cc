// WhoCan: every principal of the model (and outside it, named by the
// resource policy) that may perform an action on a resource.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "account/account_internal.h"
#include "iameval/account/query.h"
#include "iameval/arn.h"
#include "iameval/condition.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/internal/compiled_policy.h"

namespace iameval {

using internal::AsciiLower;

// --- WhoCan ------------------------------------------------------------------

namespace {

using account_internal::EvaluateExternal;
using account_internal::ExternalEvaluation;
using account_internal::PolicySources;
using account_internal::TrustSource;

struct Candidate {
  ResolvedCaller caller;
  std::string type;
};

// Every principal of the model as a caller (roles as a session).
template <typename Fn>
void ForEachPrincipal(const AccountModel& model, const QueryOptions& options,
                      Fn&& fn) {
  for (const IamUser& u : model.users()) {
    if (!fn(ResolveUser(model, u), "user")) return;
  }
  for (const IamRole& r : model.roles()) {
    if (!fn(ResolveRole(model, r, options.session_name), "role")) return;
  }
  if (options.include_root) {
    for (const std::string& account : model.snapshot_accounts()) {
      Caller root;
      root.principal = account;
      absl::StatusOr<ResolvedCaller> c = ResolveCaller(model, root);
      if (c.ok() && !fn(*std::move(c), "root")) return;
    }
  }
}

}  // namespace

absl::StatusOr<WhoCanResult> WhoCan(const AccountModel& model,
                                    absl::string_view action,
                                    absl::string_view resource,
                                    const QueryOptions& options) {
  WhoCanResult out;
  out.action = std::string(action);
  out.resource = std::string(resource);
  ResolvedResource r =
      ResolveResource(model, resource, options.resource_account, "");
  out.resource_account = r.account;
  const RequestContext context = account_internal::PrincipalContext(options);
  absl::Status error;
  ForEachPrincipal(
      model, options, [&](const ResolvedCaller& c, absl::string_view type) {
        absl::StatusOr<Resolution> res = Resolve(model, c, r, action, context);
        if (!res.ok()) {
          error = res.status();
          return false;
        }
        ++out.principals_evaluated;
        // Untraced first: most principals are denied with nothing that a
        // key could change, and a trace costs.
        Decision d = Evaluate(res->bundle, res->request);
        const std::vector<std::string>* missing =
            c.user != nullptr   ? &c.user->missing_policies
            : c.role != nullptr ? &c.role->missing_policies
                                : nullptr;
        if (missing != nullptr && !missing->empty()) {
          out.incomplete.push_back({c.entity_arn, d.allowed(), *missing});
        }
        if (!d.allowed() && (!options.include_conditional ||
                             !account_internal::AnyConditionOnMissingKey(
                                 res->bundle, res->request))) {
          return true;
        }
        Trace trace;
        Evaluate(res->bundle, res->request, &trace);
        WhoCanEntry e;
        if (d.allowed()) {
          e.granting = GrantingStatements(trace);
          e.condition_keys = std::move(trace.missing_keys);
        } else {
          if (!options.include_conditional || trace.missing_keys.empty()) {
            return true;
          }
          // Listed only when the engine allows it once the keys it lacked
          // are supplied: a trust or key policy condition alone says
          // nothing about the principal's own side.
          std::optional<account_internal::Supplied> supplied =
              account_internal::AllowedOnceSupplied(
                  account_internal::DocumentsFor(model, c, r), res->bundle,
                  res->request, trace);
          if (!supplied) return true;
          e.granting = GrantingStatements(supplied->trace);
          e.condition_keys = std::move(supplied->keys);
          e.needs = std::move(supplied->needs);
        }
        e.principal = c.entity_arn;
        e.type = std::string(type);
        e.account = c.principal.account;
        e.evaluated_as = c.principal.arn;
        e.decision = d;
        (d.allowed() ? out.allowed : out.conditional).push_back(std::move(e));
        return true;
      });
  if (!error.ok()) return error;
  auto by_principal = [](const WhoCanEntry& a, const WhoCanEntry& b) {
    return a.principal < b.principal;
  };
  std::sort(out.allowed.begin(), out.allowed.end(), by_principal);
  std::sort(out.conditional.begin(), out.conditional.end(), by_principal);

  // Principals outside the snapshot that the resource or trust policy names.
  const bool role_target =
      r.role != nullptr && absl::StartsWithIgnoreCase(action, "sts:");
  const ModelPolicy* policy = role_target ? r.role->trust.get()
                              : (r.resource != nullptr && r.resource->policy)
                                  ? r.resource->policy.get()
                                  : nullptr;
  if (options.include_external && policy != nullptr) {
    std::vector<std::string> actions = {AsciiLower(action)};
    if (role_target && AsciiLower(action) == "sts:assumerole") {
      actions.push_back("sts:assumerolewithsaml");
      actions.push_back("sts:assumerolewithwebidentity");
    }
    const std::set<std::string> loaded(model.snapshot_accounts().begin(),
                                       model.snapshot_accounts().end());
    std::set<std::string> externals;
    for (const TrustSource& t : PolicySources(policy->parsed, actions)) {
      switch (t.kind) {
        case TrustSource::Kind::kAnyone:
          externals.insert("*");
          break;
        case TrustSource::Kind::kAccount:
          if (!loaded.count(t.value)) {
            externals.insert(absl::StrCat("arn:aws:iam::", t.value, ":root"));
          }
          break;
        case TrustSource::Kind::kArn:
          if (model.FindRole(t.value) == nullptr &&
              model.FindUser(t.value) == nullptr) {
            externals.insert(t.value);
          }
          break;
        case TrustSource::Kind::kService:
          externals.insert(absl::StrCat("service:", t.value));
          break;
        case TrustSource::Kind::kFederated:
          externals.insert(absl::StrCat("federated:", t.value));
          break;
      }
    }
    const std::string partition =
        role_target ? r.role->partition : std::string("aws");
    for (const std::string& ext : externals) {
      ExternalEvaluation x = EvaluateExternal(
          model, ext, action, r, policy->compiled, partition, options);
      if (!x.built) continue;
      WhoCanExternal e;
      e.principal = x.from;
      e.kind = x.kind;
      if (x.decision.allowed()) {
        e.granting = GrantingStatements(x.trace);
      } else {
        std::optional<account_internal::Supplied> supplied =
            account_internal::AllowedOnceSupplied({&policy->parsed}, x.bundle,
                                                  x.request, x.trace);
        if (!supplied) continue;
        e.granting = GrantingStatements(supplied->trace);
        e.needs = std::move(supplied->needs);
      }
      out.external.push_back(std::move(e));
    }
  }

  // Pivots: reach an allowed role by assuming roles.
  if (options.include_pivots && !out.allowed.empty()) {
    std::set<std::string> allowed_roles, allowed_any;
    for (const WhoCanEntry& e : out.allowed) {
      allowed_any.insert(e.principal);
      if (e.type == "role") allowed_roles.insert(e.principal);
    }
    if (!allowed_roles.empty()) {
      // Backwards from the allowed roles, one assumption at a time, over
      // edges the engine allows under the profile: only the trusts of roles
      // on some path are evaluated.
      std::map<std::string, std::vector<std::string>>
          path;  // to an allowed role
      std::vector<std::string> frontier(allowed_roles.begin(),
                                        allowed_roles.end());
      for (const std::string& r : frontier) path[r] = {r};
      for (int depth = 0; depth < 4 && !frontier.empty(); ++depth) {
        AssumePathsOptions assume;
        assume.query = options;
        assume.include_services = false;
        assume.targets = frontier;
        AssumeGraph g = AssumePaths(model, assume);
        std::vector<std::string> next;
        for (const AssumeEdge& e : g.edges) {
          if (!e.needs.empty() || path.count(e.from)) continue;
          std::vector<std::string> p = {e.from};
          p.insert(p.end(), path[e.to].begin(), path[e.to].end());
          path[e.from] = std::move(p);
          if (e.from_kind == "role") next.push_back(e.from);
        }
        frontier = std::move(next);
      }
      std::map<std::string, WhoCanPivot> best;
      for (auto& [from, p] : path) {
        if (allowed_any.count(from)) continue;
        best[from] = {from, p};
      }
      for (auto& [from, pivot] : best) out.pivots.push_back(std::move(pivot));
    }
  }
  return out;
}

}  // namespace iameval
