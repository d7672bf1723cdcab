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
  // Extra request context for every evaluation (aws:SourceIp,
  // aws:RequestedRegion, aws:MultiFactorAuthPresent ...). Derived keys
  // (principal and resource tags, org ids) are added unless given here.
  RequestContext context;
  // Also evaluate each account's root user.
  bool include_root = false;
  // Also list principals denied only for want of condition keys: every
  // Deny that applied depends on a key the request lacked, and some Allow
  // matching the request waits for a missing key ("allowed if the context
  // says so"). Costs a traced evaluation per denied principal.
  bool include_conditional = true;
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
};

struct WhoCanResult {
  std::string action;
  std::string resource;
  std::string resource_account;
  std::vector<WhoCanEntry> allowed;      // sorted by principal
  std::vector<WhoCanEntry> conditional;  // denied for want of keys
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

std::string WhatCanToText(const WhatCanResult& result);
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
  // that are users, roles or external principals.
  std::vector<AssumeReach> closure;
};

struct AssumePathsOptions {
  QueryOptions query;
  // Include service principals and SAML/OIDC providers as sources.
  bool include_services = true;
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
