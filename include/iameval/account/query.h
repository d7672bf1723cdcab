// File: iameval/account/query.h
// -----------------------------------------------------------------------------
// Questions over an AccountModel, each answered by the engine (Evaluate) on
// bundles assembled from the model, so boundaries, session policies, SCPs,
// RCPs and resource policies are honoured exactly as in a single request:
//
//   Can(model, caller, action, resource, context)    one decision + trace
//   WhoCan(model, action, resource, options)          every allowed principal
//   WhatCan(model, caller, resource_or_star, options) the principal's actions
//   AssumePaths(model, options)                       role-assumption graph
//
// Every result is a plain struct with text and JSON renderers (and DOT for
// the assumption graph), so a command-line front end only prints them.
//
// Thread safety: pure functions over an immutable model. Lifetime: results
// own their data (no pointers into the model).
#ifndef IAMEVAL_ACCOUNT_QUERY_H_
#define IAMEVAL_ACCOUNT_QUERY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "iameval/account/model.h"
#include "iameval/account/profile.h"
#include "iameval/decision.h"
#include "iameval/request.h"

namespace iameval {

class Catalog;

// --- Can -----------------------------------------------------------------

struct CanResult {
  std::string principal;  // the entity (user/role/root ARN)
  std::string action;
  std::string resource;
  Decision decision;
  Trace trace;
  Request request;  // as evaluated (derived context included)
};

absl::StatusOr<CanResult> Can(const AccountModel& model, const Caller& caller,
                              absl::string_view action,
                              absl::string_view resource,
                              const RequestContext& context = {});

// The simulator's explanation formats (explain.h) applied to the result.
std::string CanResultToText(const CanResult& result);
std::string CanResultToJson(const CanResult& result);

// --- WhoCan ----------------------------------------------------------------

struct QueryOptions {
  // The session every question is asked under (profile.h). The default is
  // strict (nothing assumed); the command line uses HumanSessionProfile.
  SessionProfile profile;
  // Extra request context for every evaluation (aws:SourceIp,
  // aws:RequestedRegion ...), over the profile's keys. Derived keys
  // (principal and resource tags, org ids) are added unless given here.
  RequestContext context;
  // Also evaluate each account's root user.
  bool include_root = false;
  // Also list principals denied only for want of condition keys: the
  // request is evaluated again with values for the keys it lacked (taken
  // from the conditions of the policies involved) and is allowed then.
  bool include_conditional = true;
  // who-can: also principals outside the snapshot that the resource (or
  // trust) policy names, and principals that reach the action by assuming
  // a role that can (pivots).
  bool include_external = true;
  bool include_pivots = true;
  // Session name used for roles.
  std::string session_name = "iameval";
  // Owner of a resource whose ARN has no account (S3) and that the
  // resources file does not list. "" = the principal's own account.
  std::string resource_account;
};

// A statement that took part in a decision.
struct StatementRef {
  std::string policy;  // ModelPolicy::id
  std::string sid;     // "" when none
  int index = 0;
  int line = 0;
  Layer layer = Layer::kNone;
  int level = -1;
  Effect effect = Effect::kAllow;
};

struct WhoCanEntry {
  std::string principal;  // user, role or root ARN
  std::string type;       // "user", "role", "root"
  std::string account;
  std::string evaluated_as;  // the caller ARN (a session for roles)
  Decision decision;
  // The Allow statements that applied in identity and resource policies
  // (the grants; SCPs, RCPs, boundaries and session policies only let them
  // through).
  std::vector<StatementRef> granting;
  // Condition keys the decision depended on that the request lacked.
  std::vector<std::string> condition_keys;
  // Conditional entries: the "KEY=VALUE" assignments under which the engine
  // allowed the request on re-evaluation (one witness, not the only one).
  std::vector<std::string> needs;
};

// A principal outside the snapshot (another account, a service, a SAML or
// OIDC provider, "*") that the resource or trust policy names and that the
// engine allows (its own side assumed to allow, since it is unknown).
struct WhoCanExternal {
  std::string principal;  // ARN, account root, service, provider or "*"
  std::string kind;       // as AssumeEdge::from_kind
  std::vector<StatementRef> granting;
  std::vector<std::string> needs;  // "KEY=VALUE" when it needs context
};

// A principal that is not allowed itself but can assume, possibly through
// a chain, a role that is.
struct WhoCanPivot {
  std::string principal;
  std::vector<std::string> path;  // principal, role, ..., the allowed role
};

// A principal whose attached policies were not all found
// (--allow-missing-policies): its answer is unknown, whatever the engine
// said on what was loaded.
struct WhoCanIncomplete {
  std::string principal;
  bool allowed_on_what_loaded = false;
  std::vector<std::string> missing;  // policy ARNs, "group NAME", boundaries
};

struct WhoCanResult {
  std::string action;
  std::string resource;
  std::string resource_account;
  std::vector<WhoCanEntry> allowed;          // sorted by principal
  std::vector<WhoCanEntry> conditional;      // allowed once keys are supplied
  std::vector<WhoCanExternal> external;      // sorted by principal
  std::vector<WhoCanPivot> pivots;           // sorted by principal
  std::vector<WhoCanIncomplete> incomplete;  // in model order
  size_t principals_evaluated = 0;
};

absl::StatusOr<WhoCanResult> WhoCan(const AccountModel& model,
                                    absl::string_view action,
                                    absl::string_view resource,
                                    const QueryOptions& options = {});

std::string WhoCanToText(const WhoCanResult& result);
std::string WhoCanToJson(const WhoCanResult& result);

// --- WhatCan ---------------------------------------------------------------

struct WhatCanOptions {
  QueryOptions query;
  // With a catalog, action patterns (s3:Get*, *, NotAction) are expanded to
  // the actions they cover and each is evaluated; access levels are filled.
  // Without one, patterns are reported as patterns, unevaluated.
  const Catalog* catalog = nullptr;
  // Report denied actions too (default: allowed only).
  bool include_denied = false;
};

struct WhatCanEntry {
  std::string action;    // "s3:GetObject" (as the policy or catalog spells it)
  std::string resource;  // the resource evaluated
  Decision decision;
  std::vector<StatementRef> granting;
  std::vector<std::string> condition_keys;  // missing keys
  std::string from_pattern;  // the pattern it was expanded from, or ""
  std::string access_level;  // catalog access level, or "unknown"
  // Denied under the profile but allowed once these "KEY=VALUE" are given.
  std::vector<std::string> needs;
};

struct WhatCanPattern {
  std::string pattern;  // "s3:Get*", "*", "NotAction:[iam:*, ...]"
  std::string policy;   // where it was written
  int statement_index = 0;
  std::vector<std::string> resources;  // the statement's Resource entries
};

struct WhatCanResult {
  std::string principal;
  std::string resource;  // as asked ("*" = the resources the policies name)
  bool catalog_used = false;
  std::vector<WhatCanEntry> actions;  // sorted by action, then resource
  // Patterns not expanded (no catalog), or expanding to nothing.
  std::vector<WhatCanPattern> patterns;
  size_t evaluations = 0;
};

// Enumerates the actions named in the caller's identity and session
// policies (Allow statements) and evaluates each. With resource "*", each
// action is evaluated on the Resource entries of the statements that name it
// (a wildcard pattern stands for "some resource of this shape"), else on the
// given resource.
absl::StatusOr<WhatCanResult> WhatCan(const AccountModel& model,
                                      const Caller& caller,
                                      absl::string_view resource_or_star,
                                      const WhatCanOptions& options = {});

// At most `limit` pairs (0: all), then a count of the rest.
std::string WhatCanToText(const WhatCanResult& result, size_t limit = 0);
// Allowed pairs counted per service and access level.
std::string WhatCanSummaryText(const WhatCanResult& result);
std::string WhatCanToJson(const WhatCanResult& result);

// --- AssumePaths -----------------------------------------------------------

struct AssumeEdge {
  std::string from;  // user/role ARN, or an external principal (see kind)
  // "user", "role", "external-account", "external-principal", "anyone",
  // "service", "federated".
  std::string from_kind;
  std::string to;  // role ARN
  // For AWS principals (not services or SAML/OIDC providers): the source is
  // in another account / not in the loaded organization (only with one).
  bool cross_account = false;
  bool outside_organization = false;
  std::vector<StatementRef> trust_statements;     // resource layer
  std::vector<StatementRef> identity_statements;  // caller side ("" external)
  std::vector<std::string> condition_keys;        // missing keys
  // Non-empty when the edge exists only once context the profile does not
  // give is supplied: the "KEY=VALUE" witness the engine allowed.
  std::vector<std::string> needs;
  // The conditions of the trust statements that granted, as written
  // ("StringEquals SAML:aud=https://signin.aws.amazon.com/saml").
  std::vector<std::string> conditions;
};

struct AssumeReach {
  std::string from;
  std::string to;
  std::vector<std::string> path;  // from, role, role, ..., to
};

struct AssumeGraph {
  std::vector<std::string> nodes;  // every principal appearing in an edge
  std::vector<AssumeEdge> edges;   // sorted by (to, from)
  // Transitive closure: every (from, to) with a shortest path, for sources
  // that are users, roles or external principals, over the edges allowed
  // under the profile (edges that need context are left out of it).
  std::vector<AssumeReach> closure;
};

struct AssumePathsOptions {
  QueryOptions query;
  // Include service principals and SAML/OIDC providers as sources.
  bool include_services = true;
  // Only edges into these roles (ARNs as the model spells them); empty: all.
  std::vector<std::string> targets;
};

AssumeGraph AssumePaths(const AccountModel& model,
                        const AssumePathsOptions& options = {});

std::string AssumeGraphToText(const AssumeGraph& graph);
std::string AssumeGraphToJson(const AssumeGraph& graph);
std::string AssumeGraphToDot(const AssumeGraph& graph);

// --- helpers shared by the renderers ---------------------------------------

// Allow statements of the identity and resource layers of a trace,
// deduplicated.
std::vector<StatementRef> GrantingStatements(const Trace& trace);
// {"policy", "sid", "index", "line", "layer", "level", "effect"}.
std::string StatementRefToJson(const StatementRef& s);
// "policy#Sid (identity, line 7)".
std::string StatementRefToText(const StatementRef& s);

}  // namespace iameval

#endif  // IAMEVAL_ACCOUNT_QUERY_H_
