// File: iameval/decision.h
// -----------------------------------------------------------------------------
// Decision: the outcome of Evaluate (Allowed, ExplicitlyDenied,
// ImplicitlyDenied), the layer that decided and why. Trace: the optional,
// more expensive explanation: per-layer verdicts, every matched statement,
// the condition keys the request lacked (AWS's MissingContextValues, policy
// variables' keys included), every Indeterminate comparison, the near misses
// (statements that matched action and resource but not principal or
// conditions) and warnings where the decision rests on a guess.
//
// Thread safety: plain values; one Trace per evaluation.
// Lifetime: Trace owns copies of the ids and Sids it reports.
#ifndef IAMEVAL_DECISION_H_
#define IAMEVAL_DECISION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "iameval/policy.h"

namespace iameval {

enum class Outcome : uint8_t { kAllowed, kExplicitlyDenied, kImplicitlyDenied };

enum class Layer : uint8_t {
  kNone,
  kIdentity,
  kBoundary,
  kSession,
  kScp,
  kRcp,
  kResource,
  kVpcEndpoint,
};

// Why the decision came out as it did (one per path through the algorithm).
enum class Reason : uint8_t {
  kExplicitDeny,                 // a Deny statement applied
  kScpNoAllow,                   // an SCP level had no applicable Allow (R1)
  kVpcEndpointNoAllow,           // the endpoint policy did not allow
  kNoIdentityAllow,              // no identity policy allowed, nothing else did
  kBoundaryNoAllow,              // the permissions boundary did not allow
  kSessionNoAllow,               // the session policy did not allow
  kFederatedNoSessionPolicy,     // GetFederationToken session without one (R2)
  kResourcePolicyRequired,       // trust or key policy must allow and did not
  kCrossAccountNoResourceGrant,  // other account's resource policy silent
  kCrossAccountNoIdentityAllow,  // resource policy allowed, identity not
  kResourceGrantNeedsIdentityAllow,  // same account: the resource policy
                                     // named the caller only in a form that
                                     // needs an identity Allow (R4), none
  kRootCannotAssumeRole,             // R5, R13, R21
  kNoResourceGrant,              // anonymous/service/web-identity caller: none
  kFederatedUserCannotCallSts,   // R21: only GetCallerIdentity
  kRoleSessionCannotCall,        // R21: GetFederationToken/GetSessionToken
  kAwsManagedPolicyProtected,    // R23(a)
  kIdentityCenterRoleProtected,  // R23(b)
  kServiceLinkedRoleProtected,   // R23(c)
  kReservedKmsAliasProtected,    // R23(d)
  kAllowedByIdentity,            // identity ∩ boundary ∩ session allowed
  kAllowedByResource,            // a resource-policy grant sufficed
  kAllowedRoot,                  // the root user in its own account
  kAllowedCrossAccount,          // both sides allowed
  kAllowedNoPermissionNeeded,    // R21: sts:GetCallerIdentity
};

struct Decision {
  Outcome outcome = Outcome::kImplicitlyDenied;
  Layer layer = Layer::kNone;  // the layer that decided
  int level = -1;              // SCP/RCP level (0 = root), else -1
  Reason reason = Reason::kNoIdentityAllow;

  bool allowed() const { return outcome == Outcome::kAllowed; }
};

const char* OutcomeName(Outcome o);  // "Allowed", "ExplicitlyDenied", ...
const char* LayerName(Layer l);      // "identity", "scp", ...
const char* ReasonText(Reason r);    // a sentence a person can act on
const char* ReasonName(Reason r);    // stable code, e.g. "SCP_NO_ALLOW"

enum class Verdict : uint8_t {
  kNotApplicable,  // the layer does not govern this request
  kAllow,          // an Allow applied and no Deny
  kDeny,           // a Deny applied
  kNoMatch,        // nothing applied (implicit deny if the layer is needed)
};

const char* VerdictName(Verdict v);

struct LayerVerdict {
  Layer layer = Layer::kNone;
  int level = -1;
  Verdict verdict = Verdict::kNotApplicable;
};

struct MatchedStatement {
  Layer layer = Layer::kNone;
  int level = -1;
  std::string policy_id;
  int statement_index = 0;
  std::string sid;
  Effect effect = Effect::kAllow;
  int line = 0;
  uint16_t grant_form = 0;     // how the Principal matched (engine bits)
  bool indeterminate = false;  // applied only because a condition was
                               // Indeterminate (a Deny, R10)
};

struct IndeterminateCondition {
  std::string policy_id;
  int statement_index = 0;
  std::string op;
  std::string key;
  Effect effect = Effect::kAllow;
  std::string why;
};

// A condition that kept its statement from applying (in a NearMiss).
struct FailedCondition {
  std::string op;  // as written, e.g. "StringEquals"
  std::string key;
  std::vector<std::string>
      policy_values;     // as written (variables unsubstituted)
  bool present = false;  // the request has the key
  std::vector<std::string> request_values;  // empty when absent
  bool indeterminate = false;  // could not be evaluated (else false)
};

// Which element of a statement failed although its action and resource
// matched.
enum class FailedElement : uint8_t {
  kPrincipal,     // Principal does not name the caller
  kNotPrincipal,  // NotPrincipal lists the caller (R15)
  kCondition,     // a condition does not hold
};

const char* FailedElementName(FailedElement e);  // "Principal", ...

// A statement that matched the action and the resource but did not apply.
struct NearMiss {
  Layer layer = Layer::kNone;
  int level = -1;
  std::string policy_id;
  int statement_index = 0;
  std::string sid;
  Effect effect = Effect::kAllow;
  int line = 0;
  FailedElement element = FailedElement::kCondition;
  std::vector<FailedCondition> conditions;  // element == kCondition
};

struct Trace {
  std::vector<LayerVerdict> layers;
  std::vector<MatchedStatement> matched;
  // Condition keys the request lacked, including the keys of policy
  // variables without a value (in Resource, NotResource and conditions).
  std::vector<std::string> missing_keys;  // sorted, unique, as written
  std::vector<IndeterminateCondition> indeterminate;
  std::vector<NearMiss> near_misses;
  // Where the decision rests on a guess the request could settle (an
  // inferred resource account, a role path the request did not give).
  std::vector<std::string> warnings;  // unique, in the order found

  void Clear() { *this = Trace(); }
};

}  // namespace iameval

#endif  // IAMEVAL_DECISION_H_
