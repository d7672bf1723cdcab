// Names and messages of the public enums.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "iameval/decision.h"
#include "iameval/issue.h"
#include "iameval/policy.h"

namespace iameval {

const char* PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kIdentity:
      return "identity";
    case PolicyKind::kResource:
      return "resource";
    case PolicyKind::kTrust:
      return "trust";
    case PolicyKind::kBoundary:
      return "boundary";
    case PolicyKind::kSession:
      return "session";
    case PolicyKind::kScp:
      return "scp";
    case PolicyKind::kRcp:
      return "rcp";
    case PolicyKind::kVpcEndpoint:
      return "vpc-endpoint";
  }
  return "policy";
}

std::string Policy::DebugString() const {
  std::string out =
      absl::StrCat(PolicyKindName(kind), " policy, Version \"", version, "\", ",
                   statements.size(), " statement(s)\n");
  for (const Statement& s : statements) {
    absl::StrAppend(&out, "  [", s.index, "] ", s.sid.empty() ? "-" : s.sid,
                    " ", s.effect == Effect::kAllow ? "Allow" : "Deny", " ",
                    s.not_action ? "NotAction " : "Action ",
                    absl::StrJoin(s.actions, ","), "\n");
  }
  return out;
}

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kAllowed:
      return "Allowed";
    case Outcome::kExplicitlyDenied:
      return "ExplicitlyDenied";
    case Outcome::kImplicitlyDenied:
      return "ImplicitlyDenied";
  }
  return "ImplicitlyDenied";
}

const char* LayerName(Layer l) {
  switch (l) {
    case Layer::kNone:
      return "none";
    case Layer::kIdentity:
      return "identity";
    case Layer::kBoundary:
      return "boundary";
    case Layer::kSession:
      return "session";
    case Layer::kScp:
      return "scp";
    case Layer::kRcp:
      return "rcp";
    case Layer::kResource:
      return "resource";
    case Layer::kVpcEndpoint:
      return "vpce";
  }
  return "none";
}

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kNotApplicable:
      return "NotApplicable";
    case Verdict::kAllow:
      return "Allow";
    case Verdict::kDeny:
      return "Deny";
    case Verdict::kNoMatch:
      return "NoMatch";
  }
  return "NoMatch";
}

const char* FailedElementName(FailedElement e) {
  switch (e) {
    case FailedElement::kPrincipal:
      return "Principal";
    case FailedElement::kNotPrincipal:
      return "NotPrincipal";
    case FailedElement::kCondition:
      return "Condition";
  }
  return "Condition";
}

const char* ReasonText(Reason r) {
  switch (r) {
    case Reason::kExplicitDeny:
      return "a Deny statement applies; no Allow can override it";
    case Reason::kScpNoAllow:
      return "an SCP level has no statement that allows this action: every "
             "level from the root to the account must allow it";
    case Reason::kVpcEndpointNoAllow:
      return "the VPC endpoint policy does not allow this request";
    case Reason::kNoIdentityAllow:
      return "no identity policy allows this action on this resource, and no "
             "resource policy grants it to this principal";
    case Reason::kBoundaryNoAllow:
      return "the permissions boundary does not allow this action; identity "
             "policies can grant only what the boundary also allows";
    case Reason::kSessionNoAllow:
      return "the session policy does not allow this action; a session gets "
             "only what both its role and its session policy allow";
    case Reason::kFederatedNoSessionPolicy:
      return "a GetFederationToken session without a session policy gets "
             "nothing from identity policies";
    case Reason::kResourcePolicyRequired:
      return "this resource (a role trust policy or KMS key policy) must "
             "itself allow the principal, and it does not";
    case Reason::kCrossAccountNoResourceGrant:
      return "the resource is in another account and its policy does not "
             "allow this principal";
    case Reason::kCrossAccountNoIdentityAllow:
      return "the resource policy allows it, but across accounts an "
             "identity policy of the principal must allow it too, and none "
             "does";
    case Reason::kResourceGrantNeedsIdentityAllow:
      return "the resource policy names this principal only through its "
             "account (or, in a trust policy, through \"*\"), which does not "
             "grant on its own; an identity policy must allow it too, and "
             "none does";
    case Reason::kRootCannotAssumeRole:
      return "the account root user cannot assume roles";
    case Reason::kNoResourceGrant:
      return "this caller has no identity policies; only the resource policy "
             "can grant it access, and none does";
    case Reason::kFederatedUserCannotCallSts:
      return "a GetFederationToken session can call no STS operation but "
             "GetCallerIdentity, whatever the policies say";
    case Reason::kRoleSessionCannotCall:
      return "role-session credentials cannot call GetFederationToken or "
             "GetSessionToken, whatever the policies say";
    case Reason::kAwsManagedPolicyProtected:
      return "AWS managed policies cannot be changed or deleted by anyone; "
             "create a customer managed policy instead";
    case Reason::kIdentityCenterRoleProtected:
      return "roles IAM Identity Center provisions (AWSReservedSSO_*) can be "
             "changed only through their permission set in Identity Center";
    case Reason::kServiceLinkedRoleProtected:
      return "a service-linked role's trust and permissions belong to its "
             "service; only its description can be edited, and it is deleted "
             "through iam:DeleteServiceLinkedRole";
    case Reason::kReservedKmsAliasProtected:
      return "KMS aliases under alias/aws/ are reserved for AWS managed keys "
             "and cannot be created, changed or deleted";
    case Reason::kAllowedByIdentity:
      return "allowed by the principal's identity policies (within its "
             "boundary and session policy)";
    case Reason::kAllowedByResource:
      return "allowed by the resource policy";
    case Reason::kAllowedRoot:
      return "the root user has full access to its own account";
    case Reason::kAllowedCrossAccount:
      return "allowed across accounts: the resource policy and the "
             "principal's policies both allow it";
    case Reason::kAllowedNoPermissionNeeded:
      return "sts:GetCallerIdentity needs no permission: it is allowed even "
             "when a policy denies it";
  }
  return "";
}

const char* ReasonName(Reason r) {
  switch (r) {
    case Reason::kExplicitDeny:
      return "EXPLICIT_DENY";
    case Reason::kScpNoAllow:
      return "SCP_NO_ALLOW";
    case Reason::kVpcEndpointNoAllow:
      return "VPC_ENDPOINT_NO_ALLOW";
    case Reason::kNoIdentityAllow:
      return "NO_IDENTITY_ALLOW";
    case Reason::kBoundaryNoAllow:
      return "BOUNDARY_NO_ALLOW";
    case Reason::kSessionNoAllow:
      return "SESSION_NO_ALLOW";
    case Reason::kFederatedNoSessionPolicy:
      return "FEDERATED_NO_SESSION_POLICY";
    case Reason::kResourcePolicyRequired:
      return "RESOURCE_POLICY_REQUIRED";
    case Reason::kCrossAccountNoResourceGrant:
      return "CROSS_ACCOUNT_NO_RESOURCE_GRANT";
    case Reason::kCrossAccountNoIdentityAllow:
      return "CROSS_ACCOUNT_NO_IDENTITY_ALLOW";
    case Reason::kResourceGrantNeedsIdentityAllow:
      return "RESOURCE_GRANT_NEEDS_IDENTITY_ALLOW";
    case Reason::kRootCannotAssumeRole:
      return "ROOT_CANNOT_ASSUME_ROLE";
    case Reason::kNoResourceGrant:
      return "NO_RESOURCE_GRANT";
    case Reason::kFederatedUserCannotCallSts:
      return "FEDERATED_USER_CANNOT_CALL_STS";
    case Reason::kRoleSessionCannotCall:
      return "ROLE_SESSION_CANNOT_CALL";
    case Reason::kAwsManagedPolicyProtected:
      return "AWS_MANAGED_POLICY_PROTECTED";
    case Reason::kIdentityCenterRoleProtected:
      return "IDENTITY_CENTER_ROLE_PROTECTED";
    case Reason::kServiceLinkedRoleProtected:
      return "SERVICE_LINKED_ROLE_PROTECTED";
    case Reason::kReservedKmsAliasProtected:
      return "RESERVED_KMS_ALIAS_PROTECTED";
    case Reason::kAllowedByIdentity:
      return "ALLOWED_BY_IDENTITY";
    case Reason::kAllowedByResource:
      return "ALLOWED_BY_RESOURCE";
    case Reason::kAllowedRoot:
      return "ALLOWED_ROOT";
    case Reason::kAllowedCrossAccount:
      return "ALLOWED_CROSS_ACCOUNT";
    case Reason::kAllowedNoPermissionNeeded:
      return "ALLOWED_NO_PERMISSION_NEEDED";
  }
  return "";
}

}  // namespace iameval
