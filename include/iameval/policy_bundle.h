// File: iameval/policy_bundle.h
// -----------------------------------------------------------------------------
// PolicyBundle: every policy that governs one request, by layer, plus the
// organization facts the layers need. Assembling one is cheap: it holds
// shared pointers to compiled policies, which many bundles can share.
//
// Thread safety: immutable once built; Evaluate may read one bundle from many
// threads. Lifetime: keeps its policies alive.
#ifndef IAMEVAL_POLICY_BUNDLE_H_
#define IAMEVAL_POLICY_BUNDLE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "iameval/compiled_policy.h"
#include "iameval/request.h"

namespace iameval {

struct PolicyBundle {
  // The principal's identity policies: a user's own and its groups', or a
  // role's (for a role session), or the GetFederationToken caller's.
  std::vector<PolicyRef> identity;
  // The user's or role's permissions boundary (AWS allows one; if several are
  // given, each must allow).
  std::vector<PolicyRef> boundary;
  // Session policies passed when the session was created (inline and managed
  // together form one set). Empty: none was passed.
  std::vector<PolicyRef> session;
  // SCPs of the principal's account, one vector per level, root first. Empty:
  // the principal's account is not governed by SCPs.
  std::vector<std::vector<PolicyRef>> scp_levels;
  // RCPs of the resource's account, one vector per level, root first. The
  // engine adds RCPFullAWSAccess to every level itself (R14).
  std::vector<std::vector<PolicyRef>> rcp_levels;
  // The resource's own policy: bucket/queue/... policy, KMS key policy, or the
  // role trust policy for sts:AssumeRole*. Several are combined as one set.
  std::vector<PolicyRef> resource;
  // Policies of the VPC endpoint the request came through (each must allow).
  // Empty: the request did not come through an endpoint.
  std::vector<PolicyRef> vpc_endpoint;

  // The organization's management account: SCPs do not apply to its
  // principals, RCPs not to its resources.
  std::string management_account;
  // The KMS key is AWS managed: RCPs do not apply to it.
  bool aws_managed_key = false;

  // Checks that the bundle makes sense for `principal` (R1, R13): no empty
  // SCP/RCP level, no caller-side policies for anonymous, service or
  // web-identity callers, no session policy for an IAM user or root.
  absl::Status Validate(const Principal& principal) const;
};

// The kind a request's resource policy has: kTrust for sts:AssumeRole*,
// sts:TagSession and sts:SetSourceIdentity on a role ARN (the role's trust
// policy), kResource otherwise.
PolicyKind ResourcePolicyKindFor(const Request& request);

}  // namespace iameval

#endif  // IAMEVAL_POLICY_BUNDLE_H_
