// File: iameval/managed_policies.h
// -----------------------------------------------------------------------------
// The vendored AWS managed policies (third_party/aws-managed-policies,
// docs/data.md), looked up by ARN or by name, so that a policy can be named
// as `arn:aws:iam::aws:policy/ReadOnlyAccess` wherever a policy file is
// accepted.
//
//   absl::StatusOr<std::string> doc = ManagedPolicyDocument(
//       "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
//   if (doc.ok()) ParsePolicy(*doc, PolicyKind::kIdentity);
//
// The list is read from Catalog::DefaultDataDir() +
// "/aws-managed-policies/managed_policies.jsonl" on first use and kept for
// the life of the process (success or failure, like Catalog::Default()).
//
// Thread safety: safe to call from many threads at once. Lifetime: results
// own their data.
#ifndef IAMEVAL_MANAGED_POLICIES_H_
#define IAMEVAL_MANAGED_POLICIES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace iameval {

// "arn:aws:iam::aws:policy/" + optional path + name: the ARN form of an AWS
// managed policy (whether or not such a policy exists).
bool IsAwsManagedPolicyArn(absl::string_view text);

// The default version's policy document of an AWS managed policy, as the
// vendored list stores it (compact JSON on one line). `arn_or_name` is the
// policy's ARN, path included ("arn:aws:iam::aws:policy/service-role/
// AWSLambdaRole"), or its bare name ("AWSLambdaRole"); both are exact
// (case-sensitive, as IAM ARNs are).
//
// NotFoundError when no policy has that ARN or name (the message suggests
// the nearest ones, e.g. the same name under its real path), or when the
// list cannot be read (the message says where it looked); DataLossError
// when its line for the policy is damaged.
absl::StatusOr<std::string> ManagedPolicyDocument(
    absl::string_view arn_or_name);

}  // namespace iameval

#endif  // IAMEVAL_MANAGED_POLICIES_H_
