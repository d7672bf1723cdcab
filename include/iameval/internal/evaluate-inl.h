// File: iameval/internal/evaluate-inl.h
// -----------------------------------------------------------------------------
// The decision procedure, inline so that callers' loops see through it.
// Thread safety: stateless (thread-local scratch only for policy variables).
// Lifetime: borrows its arguments for the call.
// Not API.
#ifndef IAMEVAL_INTERNAL_EVALUATE_INL_H_
#define IAMEVAL_INTERNAL_EVALUATE_INL_H_

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "iameval/arn.h"
#include "iameval/decision.h"
#include "iameval/internal/compiled_policy.h"
#include "iameval/internal/protected_resources.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"

namespace iameval {
namespace internal {

struct LayerResult {
  bool deny = false;
  bool allow = false;
  uint16_t allow_forms = 0;
};

struct EvalInput {
  const Request* request;
  bool principal_has_boundary;
  size_t action_hash;
  absl::string_view service_folded;  // found once per decision, not per policy
  size_t service_hash;
};

inline bool IsAwsIdentity(PrincipalKind k) {
  return k == PrincipalKind::kUser || k == PrincipalKind::kRoleSession ||
         k == PrincipalKind::kFederatedUser || k == PrincipalKind::kRoot;
}

// Trace-only work, out of line (lib/trace.cc): only the kTrace instance
// calls these, so the untraced path is unchanged.
void TraceResourceVariables(const CompiledStatement& s, const EvalInput& in,
                            bool account_is_root_only, Trace* trace);
void TraceConditionDetails(const CompiledPolicyImpl& policy,
                           const CompiledStatement& s,
                           const CompiledCondition& c, const Request& request,
                           Trace* trace);
void TraceNearMiss(const CompiledPolicyImpl& policy, const CompiledStatement& s,
                   Layer layer, int level, FailedElement element,
                   const RequestContext& context, Trace* trace);
void TraceRequestWarnings(const PolicyBundle& bundle, const Request& request,
                          Trace* trace);

enum class PatternMatch : uint8_t { kNo, kYes, kUnresolved };

inline PatternMatch ResourcePatternMatches(const CompiledResource& r,
                                           const Request& request) {
  if (r.variables == nullptr) {
    return r.glob.Matches(request.resource) ? PatternMatch::kYes
                                            : PatternMatch::kNo;
  }
  thread_local std::string text;
  thread_local std::vector<bool> mask;
  thread_local std::vector<char> chars;
  thread_local std::vector<GlobToken> kinds;
  if (!SubstituteTemplate(*r.variables, request.context, &text, &mask)) {
    return PatternMatch::kUnresolved;
  }
  chars.clear();
  kinds.clear();
  AppendResourceTokens(text, &mask, &chars, &kinds);
  return GlobMatch(GlobSpan{chars, kinds}, request.resource)
             ? PatternMatch::kYes
             : PatternMatch::kNo;
}

// kTrue/kFalse: the statement's Resource or NotResource does or does not
// cover the request. An entry whose variable has no value matches nothing
// (R11); under NotResource that would turn "everything but X" into
// "everything", so there it is Indeterminate unless another entry matched
// (R20).
inline Tri ResourceMatches(const CompiledStatement& s, const Request& request) {
  if (s.resource_mode == Statement::ResourceMode::kNone) return Tri::kTrue;
  bool any = false, unresolved = false;
  for (const CompiledResource& r : s.resources) {
    const PatternMatch m = ResourcePatternMatches(r, request);
    if (m == PatternMatch::kYes) {
      any = true;
      break;
    }
    unresolved |= m == PatternMatch::kUnresolved;
  }
  if (s.resource_mode == Statement::ResourceMode::kResource) {
    return any ? Tri::kTrue : Tri::kFalse;
  }
  if (any) return Tri::kFalse;
  return unresolved ? Tri::kIndeterminate : Tri::kTrue;
}

// Whether `session_arn` (arn:P:sts::ACCT:assumed-role/ROLE/NAME) is a session
// of the caller's role. Only asked for callers whose session name is unknown.
inline bool IsSessionOfCallerRole(absl::string_view session_arn,
                                  const Principal& p) {
  std::optional<ArnView> arn = ArnView::Parse(session_arn);
  if (!arn || arn->account != p.account || arn->partition != p.partition ||
      !absl::StartsWith(arn->resource, "assumed-role/")) {
    return false;
  }
  absl::string_view rest = arn->resource.substr(13);
  return AsciiLower(rest.substr(0, rest.find('/'))) == p.role_name_folded;
}

inline uint16_t MatchPrincipal(const PrincipalMatcher& m, Effect effect,
                               const Principal& p, bool account_is_root_only) {
  switch (m.kind) {
    case PrincipalMatcherKind::kEveryone:
      return kGrantEveryone;
    case PrincipalMatcherKind::kAwsEveryone:
      // {"AWS":"*"} does not grant to service principals (or SAML/OIDC
      // callers); in a Deny it still matches them (R16, fail-closed).
      if (p.kind == PrincipalKind::kService ||
          p.kind == PrincipalKind::kWebIdentity) {
        return effect == Effect::kDeny ? kGrantEveryone : kGrantNone;
      }
      return kGrantEveryone;
    case PrincipalMatcherKind::kAccount:
      if (!IsAwsIdentity(p.kind) || p.account != m.account) return kGrantNone;
      if (!m.partition.empty() && m.partition != p.partition) return kGrantNone;
      if (account_is_root_only && effect == Effect::kAllow &&
          p.kind != PrincipalKind::kRoot) {
        return kGrantNone;
      }
      return kGrantAccount;
    case PrincipalMatcherKind::kUser:
      if (p.kind == PrincipalKind::kUser && p.arn == m.value) return kGrantSelf;
      if (p.kind == PrincipalKind::kFederatedUser && p.issuer_arn == m.value) {
        return kGrantUserParent;
      }
      return kGrantNone;
    case PrincipalMatcherKind::kRole:
      return p.kind == PrincipalKind::kRoleSession && p.account == m.account &&
                     p.partition == m.partition &&
                     p.role_name_folded == m.role_name_folded
                 ? kGrantRole
                 : kGrantNone;
    case PrincipalMatcherKind::kSession:
      if (p.kind != PrincipalKind::kRoleSession) return kGrantNone;
      if (p.session_unknown) {
        // Some session of the caller's role, maybe this one (R19).
        return IsSessionOfCallerRole(m.value, p) ? kGrantUnknownSession
                                                 : kGrantNone;
      }
      return p.arn == m.value ? kGrantSelf : kGrantNone;
    case PrincipalMatcherKind::kFederatedUser:
      return p.kind == PrincipalKind::kFederatedUser && p.arn == m.value
                 ? kGrantSelf
                 : kGrantNone;
    case PrincipalMatcherKind::kService:
      return p.kind == PrincipalKind::kService && p.arn == m.value
                 ? kGrantService
                 : kGrantNone;
    case PrincipalMatcherKind::kProvider:
      return p.kind == PrincipalKind::kWebIdentity && p.arn == m.value
                 ? kGrantProvider
                 : kGrantNone;
    case PrincipalMatcherKind::kOpaqueId:
      return kGrantNone;
  }
  return kGrantNone;
}

// NotPrincipal (R15): the caller escapes the Deny only when every identifier
// of its principal chain is listed, and never with a permissions boundary.
inline bool EscapesNotPrincipal(const CompiledStatement& s, const Principal& p,
                                bool has_boundary) {
  if (p.kind == PrincipalKind::kAnonymous ||
      p.kind == PrincipalKind::kWebIdentity) {
    return false;
  }
  if (has_boundary && (p.kind == PrincipalKind::kUser ||
                       p.kind == PrincipalKind::kRoleSession ||
                       p.kind == PrincipalKind::kFederatedUser)) {
    return false;
  }
  bool account = false, self = false, role = false, service = false;
  for (const PrincipalMatcher& m : s.principals) {
    switch (m.kind) {
      case PrincipalMatcherKind::kEveryone:
        account = self = role = service = true;
        break;
      case PrincipalMatcherKind::kAwsEveryone:
        account = self = role = true;
        break;
      case PrincipalMatcherKind::kAccount:
        if (IsAwsIdentity(p.kind) && m.account == p.account &&
            (m.partition.empty() || m.partition == p.partition)) {
          account = true;
        }
        break;
      case PrincipalMatcherKind::kUser:
        if (p.kind == PrincipalKind::kUser && p.arn == m.value) self = true;
        break;
      case PrincipalMatcherKind::kRole:
        if (MatchPrincipal(m, Effect::kDeny, p, false) == kGrantRole) {
          role = true;
        }
        break;
      case PrincipalMatcherKind::kSession:
      case PrincipalMatcherKind::kFederatedUser:
        if (p.arn == m.value && (p.kind == PrincipalKind::kRoleSession ||
                                 p.kind == PrincipalKind::kFederatedUser)) {
          self = true;
        }
        break;
      case PrincipalMatcherKind::kService:
        if (p.kind == PrincipalKind::kService && p.arn == m.value) {
          service = true;
        }
        break;
      default:
        break;
    }
  }
  switch (p.kind) {
    case PrincipalKind::kRoot:
      return account;
    case PrincipalKind::kUser:
    case PrincipalKind::kFederatedUser:
      return self && account;
    case PrincipalKind::kRoleSession:
      return self && role && account;
    case PrincipalKind::kService:
      return service;
    default:
      return false;
  }
}

template <bool kTrace>
inline void EvaluatePolicy(const CompiledPolicyImpl& policy,
                           const EvalInput& in, Layer layer, int level,
                           LayerResult* out, Trace* trace) {
  const Request& request = *in.request;
  const Principal& principal = request.principal;
  const bool account_is_root_only = layer == Layer::kVpcEndpoint;
  policy.ForEachActionMatch(
      request.action_folded, in.action_hash, in.service_folded, in.service_hash,
      [&](const CompiledStatement& s) {
        const bool deny = s.effect == Effect::kDeny;
        // Once a Deny is known, Allows no longer change the outcome.
        if constexpr (!kTrace) {
          if (!deny && out->deny) return true;
        }
        if constexpr (kTrace) {
          TraceResourceVariables(s, in, account_is_root_only, trace);
        }
        const Tri resource_match = ResourceMatches(s, request);
        if (resource_match == Tri::kFalse) return true;
        uint16_t form = kGrantNone;
        switch (s.principal_mode) {
          case Statement::PrincipalMode::kNone:
            form = kGrantIdentity;
            break;
          case Statement::PrincipalMode::kPrincipal:
            for (const PrincipalMatcher& m : s.principals) {
              form |=
                  MatchPrincipal(m, s.effect, principal, account_is_root_only);
            }
            break;
          case Statement::PrincipalMode::kNotPrincipal:
            if (!EscapesNotPrincipal(s, principal, in.principal_has_boundary)) {
              form = kGrantNotPrincipal;
            }
            break;
        }
        if (form == kGrantNone) {
          if constexpr (kTrace) {
            TraceNearMiss(
                policy, s, layer, level,
                s.principal_mode == Statement::PrincipalMode::kNotPrincipal
                    ? FailedElement::kNotPrincipal
                    : FailedElement::kPrincipal,
                request.context, trace);
          }
          return true;
        }
        Tri cond = resource_match;
        if (form == kGrantUnknownSession) {
          cond = Tri::kIndeterminate;  // R19: the only match is undecidable
        }
        if constexpr (kTrace) {
          if (resource_match == Tri::kIndeterminate) {
            trace->indeterminate.push_back(
                {policy.id(), s.index, "NotResource", "", s.effect,
                 "a policy variable in NotResource has no value, so whether "
                 "the resource is excluded cannot be known (R20)"});
          }
          if (form == kGrantUnknownSession) {
            trace->indeterminate.push_back(
                {policy.id(), s.index, "Principal", "", s.effect,
                 "the Principal names one session of the caller's role, and "
                 "the caller's session name is unknown (R19)"});
          }
        }
        for (const CompiledCondition& c : s.conditions) {
          bool missing = false;
          Tri t = EvaluateCondition(c, request.context, &missing);
          if constexpr (kTrace) {
            if (missing) trace->missing_keys.emplace_back(c.key());
            TraceConditionDetails(policy, s, c, request, trace);
            if (t == Tri::kIndeterminate) {
              trace->indeterminate.push_back(
                  {policy.id(), s.index, c.op.Name(), std::string(c.key()),
                   s.effect,
                   "the request value cannot be compared by this operator "
                   "(wrong type, several values for an unqualified "
                   "operator, a malformed ARN, or an empty value under "
                   "Null)"});
            }
          }
          cond = And(cond, t);
          if constexpr (!kTrace) {
            if (cond == Tri::kFalse) break;
          }
        }
        // R10: Indeterminate makes an Allow not apply and a Deny apply.
        const bool applies = deny ? cond != Tri::kFalse : cond == Tri::kTrue;
        if (!applies) {
          if constexpr (kTrace) {
            TraceNearMiss(policy, s, layer, level, FailedElement::kCondition,
                          request.context, trace);
          }
          return true;
        }
        if (deny) {
          out->deny = true;
        } else {
          out->allow = true;
          out->allow_forms |= form;
        }
        if constexpr (kTrace) {
          trace->matched.push_back({layer, level, policy.id(), s.index,
                                    std::string(s.sid), s.effect, s.line, form,
                                    cond == Tri::kIndeterminate});
          return true;
        } else {
          return !deny;  // a Deny settles this policy
        }
      });
}

inline Decision Make(Outcome o, Layer l, Reason r, int level = -1) {
  Decision d;
  d.outcome = o;
  d.layer = l;
  d.level = level;
  d.reason = r;
  return d;
}

// Decisions no policy can change (R21, R23). Returns true with `*d` set when
// one applies. Costs a few short compares for requests outside STS, IAM and
// KMS.
inline bool FixedDecision(const Request& request, absl::string_view service,
                          Decision* d) {
  // "sts", "iam" and "kms" are all three letters: one compare sends every
  // other service (s3, dynamodb, ...) straight to the policies.
  if (service.size() != 3) return false;
  const PrincipalKind kind = request.principal.kind;
  const absl::string_view action = request.action_folded;
  if (service == "sts") {
    if (!IsAwsIdentity(kind)) return false;
    // "No permissions are required to perform this operation" (STS API
    // reference, GetCallerIdentity), even under an explicit Deny.
    if (action == "sts:getcalleridentity") {
      *d = Make(Outcome::kAllowed, Layer::kNone,
                Reason::kAllowedNoPermissionNeeded);
      return true;
    }
    // "Compare AWS STS credentials": federated-user credentials can call no
    // STS operation but GetCallerIdentity; role-session credentials cannot
    // call GetFederationToken or GetSessionToken; the root user cannot
    // assume a role (R13).
    Reason r = Reason::kFederatedUserCannotCallSts;
    if (kind == PrincipalKind::kFederatedUser) {
      r = Reason::kFederatedUserCannotCallSts;
    } else if (kind == PrincipalKind::kRoleSession &&
               (action == "sts:getfederationtoken" ||
                action == "sts:getsessiontoken")) {
      r = Reason::kRoleSessionCannotCall;
    } else if (kind == PrincipalKind::kRoot && action == "sts:assumerole") {
      r = Reason::kRootCannotAssumeRole;
    } else {
      return false;
    }
    *d = Make(Outcome::kImplicitlyDenied, Layer::kNone, r);
    return true;
  }
  if (service != "iam" && service != "kms") return false;
  Reason r = Reason::kAwsManagedPolicyProtected;
  switch (ProtectionOf(service, action, request.resource)) {
    case Protection::kNone:
      return false;
    case Protection::kAwsManagedPolicy:
      r = Reason::kAwsManagedPolicyProtected;
      break;
    case Protection::kIdentityCenterRole:
      r = Reason::kIdentityCenterRoleProtected;
      break;
    case Protection::kServiceLinkedRole:
      r = Reason::kServiceLinkedRoleProtected;
      break;
    case Protection::kAwsReservedKmsAlias:
      r = Reason::kReservedKmsAliasProtected;
      break;
  }
  *d = Make(Outcome::kImplicitlyDenied, Layer::kNone, r);
  return true;
}

// How a layer's policies combine into its verdict.
enum class Combine : uint8_t {
  kAny,   // one policy set: an Allow in any of them suffices
  kEach,  // every policy must allow (permissions boundaries, R1)
  // An Allow is always there, so only a Deny counts: RCP levels, which
  // hold RCPFullAWSAccess implicitly (R14).
  kImplicitAllow,
};

// Evaluates the layers one step at a time and keeps the first Deny (any
// Deny wins, DENYALLOW step 1). Untraced, a step after a Deny does nothing:
// the Deny decides. Traced, every step runs and records its verdict, so the
// explanation shows what each layer said.
template <bool kTrace>
class LayerWalk {
 public:
  LayerWalk(const EvalInput& in, Trace* trace) : in_(in), trace_(trace) {}

  LayerResult Step(absl::Span<const PolicyRef> policies, Layer layer, int level,
                   Combine combine) {
    LayerResult r;
    if constexpr (!kTrace) {
      if (denied_) return r;
    }
    r.allow = combine == Combine::kEach;
    for (const PolicyRef& p : policies) {
      if (combine == Combine::kEach) {
        LayerResult one;
        EvaluatePolicy<kTrace>(ImplOf(*p), in_, layer, level, &one, trace_);
        r.deny |= one.deny;
        r.allow &= one.allow;
      } else {
        EvaluatePolicy<kTrace>(ImplOf(*p), in_, layer, level, &r, trace_);
      }
      if constexpr (!kTrace) {
        if (r.deny) break;
      }
    }
    if (combine == Combine::kImplicitAllow) r.allow = true;
    if constexpr (kTrace) {
      trace_->layers.push_back(
          {layer, level,
           r.deny ? Verdict::kDeny
                  : (r.allow ? Verdict::kAllow : Verdict::kNoMatch)});
    }
    if (r.deny && !denied_) {
      denied_ = true;
      denial_ =
          Make(Outcome::kExplicitlyDenied, layer, Reason::kExplicitDeny, level);
    }
    return r;
  }

  bool denied() const { return denied_; }
  const Decision& denial() const { return denial_; }

 private:
  const EvalInput& in_;
  Trace* trace_;
  bool denied_ = false;
  Decision denial_;
};

// Which layers govern the request (R1, R13, R14).
struct LayerGates {
  bool aws_identity;     // user, role session, federated user or root
  bool caller_policies;  // identity policies (and boundary, session) apply
  bool boundary;
  bool session;
  bool scp;
  bool rcp;
};

inline LayerGates GatesFor(const PolicyBundle& bundle, const Request& request) {
  const Principal& p = request.principal;
  const PrincipalKind kind = p.kind;
  LayerGates g;
  g.aws_identity = IsAwsIdentity(kind);
  g.caller_policies = g.aws_identity && kind != PrincipalKind::kRoot;
  g.boundary = g.caller_policies && !bundle.boundary.empty();
  g.session = (kind == PrincipalKind::kRoleSession ||
               kind == PrincipalKind::kFederatedUser) &&
              !bundle.session.empty();
  g.scp = !bundle.scp_levels.empty() && g.aws_identity &&
          !p.service_linked_role &&
          (bundle.management_account.empty() ||
           p.account != bundle.management_account);
  g.rcp = !bundle.rcp_levels.empty() &&
          // An unknown owner (e.g. an S3 ARN, anonymous caller) is not the
          // management account: RCPs only deny, so apply them (fail-closed).
          (bundle.management_account.empty() ||
           request.resource_account != bundle.management_account) &&
          !(request.resource_is_kms_key && bundle.aws_managed_key) &&
          request.action_folded != "kms:retiregrant" && !p.service_linked_role;
  return g;
}

// What the layers said, for the decision once no Deny applied.
struct Verdicts {
  LayerResult identity, boundary, session, resource;
  bool has_boundary = false;
  bool has_session = false;
};

inline Decision ResourceGrant(bool granted) {
  return granted ? Make(Outcome::kAllowed, Layer::kResource,
                        Reason::kAllowedByResource)
                 : Make(Outcome::kImplicitlyDenied, Layer::kResource,
                        Reason::kNoResourceGrant);
}

// Callers without an AWS identity (R13, R5): only the resource policy can
// grant, and only in the form that names them.
inline Decision NonIdentityCallerDecision(const Request& request,
                                          uint16_t forms) {
  switch (request.principal.kind) {
    case PrincipalKind::kAnonymous:
      return ResourceGrant(forms & kGrantEveryone);
    case PrincipalKind::kService:
      return ResourceGrant(forms & (kGrantService | kGrantEveryone));
    default:  // kWebIdentity
      return ResourceGrant(
          (request.action_folded == "sts:assumerolewithsaml" ||
           request.action_folded == "sts:assumerolewithwebidentity") &&
          (forms & kGrantProvider));
  }
}

// The root user (R13): full access to its own account, except roles and KMS
// keys; across accounts the resource policy must allow it.
inline Decision RootDecision(const Request& request, uint16_t forms,
                             bool same_account) {
  if (request.trust_request) {
    return Make(Outcome::kImplicitlyDenied, Layer::kResource,
                Reason::kRootCannotAssumeRole);
  }
  const bool kms_key = request.resource_is_kms_key;
  if (kms_key || !same_account) {
    return (forms & (kGrantAccount | kGrantEveryone))
               ? Make(Outcome::kAllowed, Layer::kResource,
                      Reason::kAllowedByResource)
               : Make(Outcome::kImplicitlyDenied, Layer::kResource,
                      kms_key ? Reason::kResourcePolicyRequired
                              : Reason::kCrossAccountNoResourceGrant);
  }
  return Make(Outcome::kAllowed, Layer::kIdentity, Reason::kAllowedRoot);
}

// An IAM user, role session or federated user, once no Deny applied: the
// principal side (identity ∩ boundary ∩ session) and the resource policy's
// grant by the form that matched (R2-R6, XACCT, TRUST-UPD). One decision
// table, kept whole so each rule reads beside the others.
inline Decision IdentityCallerDecision(const PolicyBundle& bundle,
                                       const Request& request,
                                       const Verdicts& v, bool same_account) {
  const PrincipalKind kind = request.principal.kind;
  const uint16_t forms = v.resource.allow ? v.resource.allow_forms : 0;
  const bool boundary_ok = !v.has_boundary || v.boundary.allow;
  bool session_ok = true;
  Reason session_reason = Reason::kSessionNoAllow;
  if (kind == PrincipalKind::kFederatedUser && bundle.session.empty()) {
    session_ok = false;  // R2
    session_reason = Reason::kFederatedNoSessionPolicy;
  } else if (v.has_session) {
    session_ok = v.session.allow;
  }
  const bool identity_ok = v.identity.allow;
  const bool principal_side = identity_ok && boundary_ok && session_ok;
  // Why the principal side failed. A matched grant that only the boundary
  // and the session policy cap (`capped_grant`) makes the identity policies
  // irrelevant; any other matched grant (`forms`) still needs them, so "no
  // resource policy grants it" would be untrue.
  auto principal_side_denial = [&](bool capped_grant) {
    if (!identity_ok && !capped_grant) {
      return Make(Outcome::kImplicitlyDenied, Layer::kIdentity,
                  forms ? Reason::kResourceGrantNeedsIdentityAllow
                        : Reason::kNoIdentityAllow);
    }
    if (!boundary_ok) {
      return Make(Outcome::kImplicitlyDenied, Layer::kBoundary,
                  Reason::kBoundaryNoAllow);
    }
    return Make(Outcome::kImplicitlyDenied, Layer::kSession, session_reason);
  };
  const Decision allowed_by_resource =
      Make(Outcome::kAllowed, Layer::kResource, Reason::kAllowedByResource);
  const Decision allowed_by_identity =
      Make(Outcome::kAllowed, Layer::kIdentity, Reason::kAllowedByIdentity);

  if (!same_account) {
    // Cross-account (XACCT): both sides must allow; the session policy is on
    // the principal side (R6).
    if (!forms) {
      return Make(Outcome::kImplicitlyDenied, Layer::kResource,
                  Reason::kCrossAccountNoResourceGrant);
    }
    if (!identity_ok) {
      return Make(Outcome::kImplicitlyDenied, Layer::kIdentity,
                  Reason::kCrossAccountNoIdentityAllow);
    }
    if (!principal_side) return principal_side_denial(false);
    return Make(Outcome::kAllowed, Layer::kResource,
                Reason::kAllowedCrossAccount);
  }

  // Capped grants: allowed if the boundary and the session policy allow
  // (identity policies ignored).
  const bool capped_ok = boundary_ok && session_ok;
  if (request.trust_request) {
    // The trust policy must allow even in one account (R5).
    if (!forms) {
      return Make(Outcome::kImplicitlyDenied, Layer::kResource,
                  Reason::kResourcePolicyRequired);
    }
    if ((forms & kGrantSelf) && kind == PrincipalKind::kUser && boundary_ok) {
      return allowed_by_resource;  // TRUST-UPD: the boundary must allow
    }
    if ((forms & (kGrantRole | kGrantSelf)) &&
        kind == PrincipalKind::kRoleSession && capped_ok) {
      return allowed_by_resource;  // R5: role chaining capped as R3(a)
    }
    // Account or "*" in a trust policy: the identity side must allow
    // (fail-closed choice for "*", docs/semantics.md).
    if (principal_side) return allowed_by_identity;
    const bool capped =
        ((forms & kGrantSelf) && kind == PrincipalKind::kUser) ||
        ((forms & (kGrantRole | kGrantSelf)) &&
         kind == PrincipalKind::kRoleSession);
    return principal_side_denial(capped);
  }
  const bool kms_key = request.resource_is_kms_key;
  if (kms_key) {
    // Key policy must allow; an account grant only enables IAM policies.
    if (!forms) {
      return Make(Outcome::kImplicitlyDenied, Layer::kResource,
                  Reason::kResourcePolicyRequired);
    }
  } else if (principal_side) {
    return allowed_by_identity;
  }
  // Same-account resource-policy grants by the form that matched (R3, R4, R6).
  if ((forms & kGrantSelf)) return allowed_by_resource;  // R3(b), R3(c)
  if ((forms & kGrantEveryone)) {
    if (kind != PrincipalKind::kFederatedUser || capped_ok) {
      return allowed_by_resource;  // R3(e)
    }
  }
  if ((forms & (kGrantRole | kGrantUserParent)) && capped_ok) {
    return allowed_by_resource;  // R3(a), R3(d)
  }
  if (kms_key && (forms & kGrantAccount) && principal_side) {
    return allowed_by_identity;  // the key policy enables IAM policies
  }
  if (!principal_side) {
    return principal_side_denial(
        (forms & (kGrantRole | kGrantUserParent)) ||
        ((forms & kGrantEveryone) && kind == PrincipalKind::kFederatedUser));
  }
  return Make(Outcome::kImplicitlyDenied, Layer::kResource,
              Reason::kResourcePolicyRequired);
}

// The layers in AWS's order, each one step of the walk; then the
// organization gates (R1) and the caller's own rules.
template <bool kTrace>
inline Decision EvaluatePolicies(const PolicyBundle& bundle,
                                 const Request& request,
                                 absl::string_view service, Trace* trace) {
  const LayerGates g = GatesFor(bundle, request);
  const EvalInput in{&request, g.boundary,
                     CompiledPolicyImpl::HashKey(request.action_folded),
                     service, CompiledPolicyImpl::HashKey(service)};
  LayerWalk<kTrace> walk(in, trace);
  int scp_missing_level = -1;  // the first SCP level without an Allow
  if (g.scp) {
    for (size_t i = 0; i < bundle.scp_levels.size(); ++i) {
      const LayerResult r =
          walk.Step(bundle.scp_levels[i], Layer::kScp, int(i), Combine::kAny);
      if (!r.allow && scp_missing_level < 0) scp_missing_level = int(i);
    }
  }
  if (g.rcp) {
    for (size_t i = 0; i < bundle.rcp_levels.size(); ++i) {
      walk.Step(bundle.rcp_levels[i], Layer::kRcp, int(i),
                Combine::kImplicitAllow);
    }
  }
  // Each endpoint policy is its own layer, and each must allow.
  bool vpce_allows = true;
  for (const PolicyRef& policy : bundle.vpc_endpoint) {
    vpce_allows &= walk.Step(absl::MakeConstSpan(&policy, 1),
                             Layer::kVpcEndpoint, -1, Combine::kAny)
                       .allow;
  }
  Verdicts v;
  v.has_boundary = g.boundary;
  v.has_session = g.session;
  if (!bundle.resource.empty()) {
    v.resource =
        walk.Step(bundle.resource, Layer::kResource, -1, Combine::kAny);
  }
  if (g.caller_policies) {
    v.identity =
        walk.Step(bundle.identity, Layer::kIdentity, -1, Combine::kAny);
    if (g.boundary) {
      v.boundary =
          walk.Step(bundle.boundary, Layer::kBoundary, -1, Combine::kEach);
    }
    if (g.session) {
      v.session = walk.Step(bundle.session, Layer::kSession, -1, Combine::kAny);
    }
  }
  if (walk.denied()) return walk.denial();

  // 2-3. Organization gates (R1): every SCP level needs an applicable Allow.
  if (scp_missing_level >= 0) {
    return Make(Outcome::kImplicitlyDenied, Layer::kScp, Reason::kScpNoAllow,
                scp_missing_level);
  }
  if (!vpce_allows) {
    return Make(Outcome::kImplicitlyDenied, Layer::kVpcEndpoint,
                Reason::kVpcEndpointNoAllow);
  }
  if (!g.aws_identity) {
    return NonIdentityCallerDecision(
        request, v.resource.allow ? v.resource.allow_forms : 0);
  }
  const bool same_account =
      request.principal.account == request.resource_account;
  if (request.principal.kind == PrincipalKind::kRoot) {
    return RootDecision(request, v.resource.allow ? v.resource.allow_forms : 0,
                        same_account);
  }
  return IdentityCallerDecision(bundle, request, v, same_account);
}

// The fixed rules win over whatever the policies say; with a trace the
// policies are still evaluated so the explanation shows what they said.
template <bool kTrace>
inline Decision EvaluateImpl(const PolicyBundle& bundle, const Request& request,
                             Trace* trace) {
  // The service is found once per decision and shared (W1-W3 showed it).
  const absl::string_view service = request.service_folded();
  Decision fixed;
  const bool is_fixed = FixedDecision(request, service, &fixed);
  if constexpr (!kTrace) {
    if (is_fixed) return fixed;
  }
  if constexpr (kTrace) TraceRequestWarnings(bundle, request, trace);
  Decision d = EvaluatePolicies<kTrace>(bundle, request, service, trace);
  return is_fixed ? fixed : d;
}

}  // namespace internal

inline Decision Evaluate(const PolicyBundle& bundle, const Request& request,
                         Trace* trace) {
  if (trace == nullptr) {
    return internal::EvaluateImpl<false>(bundle, request, nullptr);
  }
  trace->Clear();
  Decision d = internal::EvaluateImpl<true>(bundle, request, trace);
  std::sort(trace->missing_keys.begin(), trace->missing_keys.end());
  trace->missing_keys.erase(
      std::unique(trace->missing_keys.begin(), trace->missing_keys.end()),
      trace->missing_keys.end());
  return d;
}

}  // namespace iameval

#endif  // IAMEVAL_INTERNAL_EVALUATE_INL_H_
