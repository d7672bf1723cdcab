// File: lib/account/account_internal.h
// -----------------------------------------------------------------------------
// Helpers shared by lib/account/*.cc. Not installed, not API.
// Thread safety: pure functions; the shared policies are immutable.
#ifndef IAMEVAL_LIB_ACCOUNT_ACCOUNT_INTERNAL_H_
#define IAMEVAL_LIB_ACCOUNT_ACCOUNT_INTERNAL_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "account_id.h"
#include "iameval/account/model.h"
#include "iameval/account/query.h"
#include "iameval/catalog.h"
#include "iameval/policy.h"
#include "json/json_writer.h"

namespace iameval::account_internal {

// The library's one account-id check (lib/account_id.h).
using ::iameval::IsAccountId;

// {"Effect":"Allow","Action":"*","Resource":"*"}, compiled once: the
// identity side of a synthetic principal outside the model.
PolicyRef AllowAllIdentity();

// Whether the statement's Action/NotAction covers `action_folded`.
bool StatementCoversAction(const Statement& s, absl::string_view action_folded);

// ["a", "b"] as a JSON array of strings.
void WriteStrings(const std::vector<std::string>& items, json::JsonWriter* w);
// One StatementRef as the object StatementRefToJson documents.
void WriteStatementRef(const StatementRef& s, json::JsonWriter* w);
// [StatementRef...] as a JSON array.
void WriteStatements(const std::vector<StatementRef>& items,
                     json::JsonWriter* w);

// "user", "role", "root", "federated user" for the caller.
std::string CallerType(const ResolvedCaller& caller);

// Substitutes ${key} variables whose values the context holds (one value),
// leaving the others as written.
std::string SubstituteKnownVariables(absl::string_view text,
                                     const RequestContext& context);

// Short display name of an ARN: the part after the last '/' (or ':').
std::string ShortName(absl::string_view arn);

// Evaluates with a trace; returns the decision.
Decision EvaluateTraced(const Resolution& r, Trace* trace);

// Whether some identity policy has an Allow statement for `action_folded`
// whose Resource could match `resource` (conditions ignored; an entry with
// policy variables counts as matching). A cheap necessary condition for
// an identity-side grant.
bool IdentityMayAllow(const std::vector<PolicyRef>& identity,
                      absl::string_view action_folded,
                      absl::string_view resource);

// False only when the engine must deny `caller` (a user or a role session)
// `action_folded` on "*": no resource policy applies there, so only an
// identity-policy Allow can grant, and IdentityMayAllow finds none. A cheap
// test before resolving and evaluating such a request.
bool MayBeAllowedOnStar(const ResolvedCaller& caller,
                        absl::string_view action_folded);

// Whether a denied request could be allowed by supplying the condition keys
// it lacked: every Deny that applied depends on a missing key, and some
// Allow statement (any layer) matches the action, resource and principal
// but for a condition on a missing key.
bool ContextCouldAllow(const PolicyBundle& bundle, const Request& request,
                       const Decision& decision, const Trace& trace);
// The second half of the above, without a trace: some Allow matching the
// request depends on a key the request lacks.
bool AllowWaitsForMissingKey(const PolicyBundle& bundle,
                             const Request& request);

// Whether some statement (any layer, either effect) matching the request's
// action has a condition on a key the request lacks: a cheap necessary
// condition for a trace to list missing keys.
bool AnyConditionOnMissingKey(const PolicyBundle& bundle,
                              const Request& request);

// The context of requests by IAM principals, by SAML federation and by
// OIDC federation: the profile's keys, then QueryOptions::context.
RequestContext PrincipalContext(const QueryOptions& options);
RequestContext SamlContext(const QueryOptions& options);
RequestContext WebIdentityContext(const QueryOptions& options);

// A denied request evaluated again with values for the condition keys it
// lacked (trace.missing_keys): values that satisfy the conditions of the
// Allow statements and falsify those of the Deny statements in `docs` that
// cover the action. Returns the first assignment under which the engine
// allows the request, as "KEY=VALUE" strings, with that decision's trace;
// nullopt when none does. Only keys the request lacked are ever supplied.
struct Supplied {
  std::vector<std::string> needs;  // "KEY=VALUE"
  std::vector<std::string> keys;   // the keys alone
  Decision decision;
  Trace trace;
};
std::optional<Supplied> AllowedOnceSupplied(
    const std::vector<const Policy*>& docs, const PolicyBundle& bundle,
    const Request& request, const Trace& trace);

// The parsed documents behind a resolution: the caller's identity,
// boundary and session policies, the resource policy or trust policy, and
// the SCPs and RCPs of the accounts involved.
// What WhatCan derives from the model and the catalog alone, kept across the
// calls of one Review: each principal's what-can "*" would otherwise rescan
// every resource of the resources file (quadratic in the account size).
// Valid for one model and one WhatCanOptions; not thread-safe.
struct WhatCanCache {
  // PrincipalContext(options.query).
  std::optional<RequestContext> principal_context;
  bool by_service_built = false;
  // Resources of the resources file by the service field of their ARN.
  absl::flat_hash_map<std::string, std::vector<const ModelResource*>>
      by_service;
  // (action, service): those resources the catalog gives a type of the
  // action, in by_service order.
  absl::flat_hash_map<std::pair<const ActionInfo*, std::string>,
                      std::vector<const ModelResource*>>
      typed;
  // (action, resource pattern): whether a resource of some type of the
  // action may match the pattern, and the services of those types.
  struct Shape {
    bool may = false;
    std::set<std::string> services;
  };
  absl::flat_hash_map<std::pair<const ActionInfo*, std::string>, Shape> shapes;
  // ResolveResource by "resource account|fallback account|ARN": a function
  // of the model alone; node map, so references stay valid. `valid`: the
  // request builder accepted the resource (1) or refused it (0) with a
  // principal and an action it accepted; -1 not known yet.
  struct Resolved {
    ResolvedResource resource;
    int valid = -1;
  };
  absl::node_hash_map<std::string, Resolved> resolved;
  // Actions the request builder accepted (a function of the text alone).
  absl::flat_hash_set<std::string> valid_actions;
  // Review: (action, resource pattern, principal's account) -> the pairs
  // what-can evaluates for it, with their resolved resources.
  absl::flat_hash_map<std::tuple<const ActionInfo*, std::string, std::string>,
                      std::vector<std::pair<std::string, Resolved*>>>
      pairs;
};

// The service of an action as review groups it: the lower-cased text before
// the ':' (the whole text when there is none).
std::string ServiceOf(absl::string_view action);

// Review's use of what-can: per service (ServiceOf the action), the access
// levels of the pairs the engine allows.
using ServiceLevels = std::map<std::string, std::set<std::string>>;

// WhatCan with a cache shared by several calls. With `levels`, only what
// review reads is produced: the allowed pairs' levels go to `*levels`
// instead of the result's actions, and a pair is evaluated only when its
// level is not there yet (a pair the request builder refuses is still a
// pattern of the result, so one is skipped only when the builder is known
// to accept its principal, action and resource).
absl::StatusOr<WhatCanResult> WhatCanCached(const AccountModel& model,
                                            const Caller& caller,
                                            absl::string_view resource_or_star,
                                            const WhatCanOptions& options,
                                            WhatCanCache* cache,
                                            ServiceLevels* levels = nullptr);
// The same for a caller already resolved.
absl::StatusOr<WhatCanResult> WhatCanCached(const AccountModel& model,
                                            const ResolvedCaller& caller,
                                            absl::string_view resource_or_star,
                                            const WhatCanOptions& options,
                                            WhatCanCache* cache,
                                            ServiceLevels* levels = nullptr);

std::vector<const Policy*> DocumentsFor(const AccountModel& model,
                                        const ResolvedCaller& caller,
                                        const ResolvedResource& resource);

// A principal named in a trust policy.
struct TrustSource {
  enum class Kind { kAnyone, kAccount, kArn, kService, kFederated };
  Kind kind;
  std::string value;  // account id, ARN, service or provider
};

// The principals Allow statements of `policy` name for any of
// `actions_folded`.
std::vector<TrustSource> PolicySources(
    const Policy& policy, const std::vector<std::string>& actions_folded);
// The principals a role's trust policy lets assume it.
std::vector<TrustSource> TrustSources(const ModelPolicy& trust);

// A principal outside the model evaluated against a resource (or trust)
// policy. Its own side is unknown, so it gets an allow-all identity policy
// (and its SCPs, if its account is in the organization): the resource
// policy, RCPs and the profile decide.
struct ExternalEvaluation {
  bool built = false;
  std::string from;  // how reports name it
  std::string kind;
  std::string from_account;
  PolicyBundle bundle;
  Request request;
  Decision decision;
  Trace trace;
};

// `ext`: "*", "service:NAME", "federated:PROVIDER" or an ARN (an account
// root, a role, a user ...). For a federated provider the action becomes
// sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity.
ExternalEvaluation EvaluateExternal(const AccountModel& model,
                                    const std::string& ext,
                                    absl::string_view action_in,
                                    const ResolvedResource& target,
                                    const PolicyRef& resource_policy,
                                    absl::string_view partition,
                                    const QueryOptions& q);

}  // namespace iameval::account_internal

#endif  // IAMEVAL_LIB_ACCOUNT_ACCOUNT_INTERNAL_H_
