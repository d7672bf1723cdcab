#include "iameval/policy_bundle.h"

#include "absl/strings/str_cat.h"

namespace iameval {

absl::Status PolicyBundle::Validate(const Principal& principal) const {
  for (size_t i = 0; i < scp_levels.size(); ++i) {
    if (scp_levels[i].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("SCP level ", i,
                       " has no policies; AWS requires at least one at "
                       "every level (write FullAWSAccess where you mean "
                       "it)"));
    }
  }
  for (size_t i = 0; i < rcp_levels.size(); ++i) {
    if (rcp_levels[i].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("RCP level ", i,
                       " has no policies; give at least one (an RCP "
                       "level always holds RCPFullAWSAccess)"));
    }
  }
  const PrincipalKind k = principal.kind;
  // R13: for an anonymous caller these inputs are errors. For service
  // principals and SAML/OIDC callers they simply do not apply (R13, R5).
  if (k == PrincipalKind::kAnonymous &&
      (!identity.empty() || !boundary.empty() || !session.empty() ||
       !scp_levels.empty())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an ", PrincipalKindName(k),
        " has no identity policies, permissions boundary, session policy "
        "or SCPs; remove them from the input"));
  }
  if (k == PrincipalKind::kRoot &&
      (!identity.empty() || !boundary.empty() || !session.empty())) {
    return absl::InvalidArgumentError(
        "no identity policy, boundary or session policy can be attached to "
        "the root user");
  }
  if (k == PrincipalKind::kUser && !session.empty()) {
    return absl::InvalidArgumentError(
        "an IAM user has no session policy; use a role session or a "
        "federated-user principal");
  }
  return absl::OkStatus();
}

PolicyKind ResourcePolicyKindFor(const Request& request) {
  return request.trust_request ? PolicyKind::kTrust : PolicyKind::kResource;
}

}  // namespace iameval
