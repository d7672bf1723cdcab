// File: iameval/arn.h
// -----------------------------------------------------------------------------
// ARNs: splitting at the first five colons (the sixth component is everything
// after, colons included), the principal grammar, the Resource-element
// pattern rules (ruling R7) and the per-component matching of the Arn*
// condition operators.
//
// Thread safety: value types and pure functions. Lifetime: ArnView borrows
// the string it was parsed from.
#ifndef IAMEVAL_ARN_H_
#define IAMEVAL_ARN_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/policy.h"
#include "iameval/wildcard.h"

namespace iameval {

// arn:partition:service:region:account-id:resource
struct ArnView {
  absl::string_view partition;
  absl::string_view service;
  absl::string_view region;
  absl::string_view account;
  absl::string_view resource;

  // Splits `text`; nullopt unless it starts with "arn:" and has at least
  // five colons.
  static std::optional<ArnView> Parse(absl::string_view text);
};

// --- The principal grammar --------------------------------------------------
// What an ARN names as a principal, in one place for the policy parser
// (CheckPolicyPrincipal), the compiler (principal matchers), request building
// (Principal::FromString) and the account loader (IAM entity ARNs). Each
// caller adds only the rules of its side: a policy may name a role by "role/"
// alone, a caller may not.
enum class PrincipalArnType {
  kRoot,           // arn:P:iam::A:root
  kUser,           // arn:P:iam::A:user/PATH/NAME
  kRole,           // arn:P:iam::A:role/PATH/NAME
  kAssumedRole,    // arn:P:sts::A:assumed-role/ROLE/SESSION
  kFederatedUser,  // arn:P:sts::A:federated-user/NAME
  kOtherIam,       // any other IAM resource: group/, policy/, saml-provider/
  kOther,          // any other ARN
};

struct PrincipalArn {
  PrincipalArnType type = PrincipalArnType::kOther;
  absl::string_view partition;
  absl::string_view service;
  absl::string_view account;
  absl::string_view resource;  // after the fifth colon
  // The resource's first '/'-separated element ("user", "assumed-role",
  // "root"), and what follows that '/' ("" when there is none).
  absl::string_view entity;
  absl::string_view id;
  // IAM resources with a '/': the path ("/" or "/a/b/") and the name after
  // the last '/' (empty when the ARN ends in '/').
  absl::string_view path;
  // kAssumedRole: the role's name (before the first '/' of `id`) and the
  // session (after it, '/' included). kFederatedUser: `id`. Else as above.
  absl::string_view name;
  absl::string_view session;

  // nullopt exactly when ArnView::Parse fails. Any service, any account
  // text: callers decide what they accept.
  static std::optional<PrincipalArn> Parse(absl::string_view text);
};

// Checks a value of a policy's Principal element under `type` (the "AWS",
// "Service", "Federated" or "CanonicalUser" key): "*", account ids, unique
// ids, and root, user, role, role-session and federated-user ARNs for AWS;
// one service without wildcards; providers and canonical ids without "*".
// `error` says why a value is rejected.
bool CheckPolicyPrincipal(PrincipalType type, absl::string_view text,
                          std::string* error);

// Splits any text at its first five colons; returns the number of components
// found (1..6). Components past the count are empty.
int SplitArnComponents(absl::string_view text,
                       std::array<absl::string_view, 6>* parts);

// Compiles a Resource/NotResource pattern under ruling R7. `error` is set and
// nullopt returned for patterns AWS rejects (wildcard in, or upper case in,
// the service field; text that is neither "*" nor an ARN).
std::optional<Glob> CompileResourcePattern(absl::string_view pattern,
                                           std::string* error);
// The same checks without building the glob (the parser validates, the
// compiler builds).
bool CheckResourcePattern(absl::string_view pattern, std::string* error);

// Appends R7 tokens for `pattern` to chars/kinds, treating characters whose
// `literal_mask` entry is true as literal (substituted policy variables).
// Used both at compile time and when variables are substituted at
// evaluation time.
void AppendResourceTokens(absl::string_view pattern,
                          const std::vector<bool>* literal_mask,
                          std::vector<char>* chars,
                          std::vector<internal::GlobToken>* kinds);

}  // namespace iameval

#endif  // IAMEVAL_ARN_H_
