// File: iameval/internal/protected_resources.h
// -----------------------------------------------------------------------------
// Resources AWS protects from every principal whatever the policies say
// (ruling R23), and the STS calls no policy decides (ruling R21). One table
// for the engine and for the account analyses (escalations must not count a
// path through a resource nobody can change). Not API.
//
// Thread safety: constant tables and pure functions. Lifetime: nothing owned.
#ifndef IAMEVAL_INTERNAL_PROTECTED_RESOURCES_H_
#define IAMEVAL_INTERNAL_PROTECTED_RESOURCES_H_

#include <cstddef>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace iameval {
namespace internal {

enum class Protection : unsigned char {
  kNone,
  kAwsManagedPolicy,     // R23(a)
  kIdentityCenterRole,   // R23(b)
  kServiceLinkedRole,    // R23(c)
  kAwsReservedKmsAlias,  // R23(d)
};

// Actions (lower case) that change an AWS managed policy. Source: IAM User
// Guide, "Managed policies and inline policies", AWS managed policies: "You
// can't change the permissions defined in AWS managed policies."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
inline constexpr absl::string_view kManagedPolicyChanges[] = {
    "iam:createpolicy",
    "iam:createpolicyversion",
    "iam:deletepolicy",
    "iam:deletepolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:tagpolicy",
    "iam:untagpolicy",
};

// Actions (lower case) that change a role, its trust, its policies, its
// boundary or its tags, or delete it. Roles IAM Identity Center provisions
// are changed only by Identity Center ("IAM roles created by IAM Identity
// Center" are managed through permission sets:
// https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html;
// the service-linked role policy AWSSSOServiceRolePolicy is what holds these
// actions on role/aws-reserved/sso.amazonaws.com/*:
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSSOServiceRolePolicy.html).
// Service-linked roles: "Using service-linked roles"
// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
// (the permissions and trust are defined by the service; you can edit only
// the description, and deletion goes through DeleteServiceLinkedRole).
inline constexpr absl::string_view kRoleChanges[] = {
    "iam:attachrolepolicy",
    "iam:createrole",
    "iam:deleterole",
    "iam:deleterolepermissionsboundary",
    "iam:deleterolepolicy",
    "iam:detachrolepolicy",
    "iam:putrolepermissionsboundary",
    "iam:putrolepolicy",
    "iam:tagrole",
    "iam:untagrole",
    "iam:updateassumerolepolicy",
    "iam:updaterole",
    "iam:updateroledescription",    // allowed for service-linked roles
    "iam:deleteservicelinkedrole",  // allowed for service-linked roles
};

// KMS: "Alias names that begin with alias/aws/ are reserved for AWS managed
// keys" (AWS KMS Developer Guide, "Aliases in AWS KMS")
// https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html
inline constexpr absl::string_view kReservedAliasChanges[] = {
    "kms:createalias",
    "kms:deletealias",
    "kms:updatealias",
};

template <size_t N>
inline bool InTable(const absl::string_view (&table)[N],
                    absl::string_view action_folded) {
  for (absl::string_view a : table) {
    if (a == action_folded) return true;
  }
  return false;
}

// Splits `arn:P:SERVICE:REGION:ACCOUNT:RESOURCE` when its service is
// `service`; hand-rolled because it runs per decision for IAM and KMS actions.
inline bool SplitArnOf(absl::string_view arn, absl::string_view service,
                       absl::string_view* account,
                       absl::string_view* resource) {
  if (!absl::StartsWith(arn, "arn:")) return false;
  size_t pos = 4;
  absl::string_view fields[4];
  for (int i = 0; i < 4; ++i) {
    size_t colon = arn.find(':', pos);
    if (colon == absl::string_view::npos) return false;
    fields[i] = arn.substr(pos, colon - pos);
    pos = colon + 1;
  }
  if (fields[1] != service) return false;
  *account = fields[3];
  *resource = arn.substr(pos);
  return true;
}

// Which protection, if any, makes `action_folded` on `resource` impossible
// for every principal (R23). Cheap for everything that is not IAM or KMS.
inline Protection ProtectionOf(absl::string_view service_folded,
                               absl::string_view action_folded,
                               absl::string_view resource) {
  if (service_folded == "iam") {
    absl::string_view account, res;
    if (!SplitArnOf(resource, "iam", &account, &res)) return Protection::kNone;
    // The account field of an AWS managed policy is the literal "aws".
    if (account == "aws" && absl::StartsWith(res, "policy/") &&
        InTable(kManagedPolicyChanges, action_folded)) {
      return Protection::kAwsManagedPolicy;
    }
    if (!absl::StartsWith(res, "role/")) return Protection::kNone;
    if (absl::StartsWith(res, "role/aws-reserved/sso.amazonaws.com/") &&
        InTable(kRoleChanges, action_folded)) {
      return Protection::kIdentityCenterRole;
    }
    if (absl::StartsWith(res, "role/aws-service-role/") &&
        InTable(kRoleChanges, action_folded) &&
        action_folded != "iam:updateroledescription" &&
        action_folded != "iam:deleteservicelinkedrole") {
      return Protection::kServiceLinkedRole;
    }
    return Protection::kNone;
  }
  if (service_folded == "kms") {
    absl::string_view account, res;
    if (SplitArnOf(resource, "kms", &account, &res) &&
        absl::StartsWith(res, "alias/aws/") &&
        InTable(kReservedAliasChanges, action_folded)) {
      return Protection::kAwsReservedKmsAlias;
    }
  }
  return Protection::kNone;
}

}  // namespace internal
}  // namespace iameval

#endif  // IAMEVAL_INTERNAL_PROTECTED_RESOURCES_H_
