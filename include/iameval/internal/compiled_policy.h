// File: iameval/internal/compiled_policy.h
// -----------------------------------------------------------------------------
// The representation behind CompiledPolicy: actions folded and indexed by
// exact action and by service prefix, so a request only looks at statements
// that can match its action; resource patterns as globs under ruling R7;
// principals as typed matchers; conditions with pre-parsed values. Inline so
// that Evaluate's loops see through it. Not API: the layout changes with the
// engine.
//
// Thread safety: immutable after CompilePolicy returns.
// Lifetime: self-contained; the statements view storage of their policy.
#ifndef IAMEVAL_INTERNAL_COMPILED_POLICY_H_
#define IAMEVAL_INTERNAL_COMPILED_POLICY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "iameval/compiled_policy.h"
#include "iameval/internal/compiled_condition.h"
#include "iameval/internal/name_index.h"
#include "iameval/policy.h"
#include "iameval/wildcard.h"

namespace iameval {
namespace internal {

// How a Principal entry identifies callers.
enum class PrincipalMatcherKind : uint8_t {
  kEveryone,       // "*": every caller, services and anonymous included (R16)
  kAwsEveryone,    // {"AWS": "*"}: the same except service principals in Allow
  kAccount,        // "123456789012" or arn:aws:iam::123456789012:root
  kUser,           // arn:aws:iam::ACCT:user/path/name
  kRole,           // arn:aws:iam::ACCT:role/path/name: sessions of that role
  kSession,        // arn:aws:sts::ACCT:assumed-role/ROLE/SESSION
  kFederatedUser,  // arn:aws:sts::ACCT:federated-user/NAME
  kService,        // lambda.amazonaws.com
  kProvider,       // Federated: SAML/OIDC provider
  kOpaqueId,       // CanonicalUser or a unique id (AIDA...): never matches a
                   // request, which carries neither
};

struct PrincipalMatcher {
  PrincipalMatcherKind kind = PrincipalMatcherKind::kEveryone;
  std::string value;  // ARN, service or provider name as written
  std::string partition;
  std::string account;
  std::string role_name_folded;  // kRole
};

// Bits saying through which kind of principal value a statement matched.
// Same-account resource-policy grants differ by it (rulings R3-R6).
enum GrantForm : uint16_t {
  kGrantNone = 0,
  kGrantIdentity = 1 << 0,      // no Principal element (identity-side policy)
  kGrantSelf = 1 << 1,          // the caller's own user/session/fed-user ARN
  kGrantRole = 1 << 2,          // the role of the calling session
  kGrantUserParent = 1 << 3,    // the IAM user behind a federated-user session
  kGrantEveryone = 1 << 4,      // "*" or {"AWS":"*"}
  kGrantAccount = 1 << 5,       // the caller's account
  kGrantService = 1 << 6,       // the calling service principal
  kGrantProvider = 1 << 7,      // the SAML/OIDC provider of the caller
  kGrantNotPrincipal = 1 << 8,  // a NotPrincipal statement (Deny only)
  // A session ARN of the caller's role while the caller's session name is
  // unknown (R19): the match is Indeterminate.
  kGrantUnknownSession = 1 << 9,
};

struct CompiledResource {
  Glob glob;  // when the pattern has no variables
  // Non-null when the pattern has variables: substitute, then R7 tokens.
  // Boxed: few patterns have variables.
  std::unique_ptr<const VariableTemplate> variables;
};

// One statement. The sid and the spans view storage of the CompiledPolicy
// that holds the statement, and live as long as it.
struct CompiledStatement {
  int index = 0;
  int line = 0;
  int column = 0;
  // Bit-fields keep the statement small; the enums are signed, so a field
  // has one bit more than its values need.
  Effect effect : 2 = Effect::kAllow;
  Statement::PrincipalMode principal_mode : 3 = Statement::PrincipalMode::kNone;
  Statement::ResourceMode resource_mode : 3 = Statement::ResourceMode::kNone;
  bool not_action : 1 = false;
  absl::string_view sid;
  // Folded action patterns, kept only for statements that the action index
  // cannot place (NotAction, or a wildcard in the service part).
  absl::Span<const Glob> actions;
  absl::Span<const PrincipalMatcher> principals;
  absl::Span<const CompiledResource> resources;
  absl::Span<const CompiledCondition> conditions;

  bool MatchesActionFully(absl::string_view action_folded) const;
};

class CompiledPolicyImpl final : public CompiledPolicy {
 public:
  PolicyKind kind() const { return kind_; }
  const std::string& id() const { return id_; }
  const std::vector<CompiledStatement>& statements() const {
    return statements_;
  }

  // Calls `fn(const CompiledStatement&)` for every statement whose action
  // patterns match `action_folded`, each statement at most once, touching
  // only statements indexed under the action or its service. Returns early
  // when fn returns false.
  template <typename Fn>
  void ForEachActionMatch(absl::string_view action_folded,
                          absl::string_view service_folded, Fn&& fn) const {
    ForEachActionMatch(action_folded, HashKey(action_folded), service_folded,
                       HashKey(service_folded), std::forward<Fn>(fn));
  }
  // The same with the keys' hashes computed once by the caller (Evaluate
  // hashes the action once per decision, not once per policy).
  template <typename Fn>
  void ForEachActionMatch(absl::string_view action_folded, size_t action_hash,
                          absl::string_view service_folded, size_t service_hash,
                          Fn&& fn) const;
  static size_t HashKey(absl::string_view key) { return NameIndex::Hash(key); }

  size_t ApproximateMemoryBytes() const;

 private:
  friend absl::StatusOr<PolicyRef> iameval::CompilePolicy(
      const Policy& policy, const CompileOptions& options);
  CompiledPolicyImpl() = default;

  struct WildcardGroup {
    uint32_t statement;
    absl::Span<const Glob> patterns;  // this statement's, for one service
  };

  PolicyKind kind_ = PolicyKind::kIdentity;
  std::string id_;
  // Every container is sized exactly (the statements view into them, so
  // none may grow after compilation).
  std::vector<CompiledStatement> statements_;
  std::string sids_;
  std::vector<Glob> globs_;  // statements' actions and wildcard groups
  std::vector<PrincipalMatcher> principals_;
  std::vector<CompiledResource> resources_;
  std::vector<CompiledCondition> conditions_;
  // Exact folded actions -> statements; services -> wildcard groups, which
  // hold a statement's patterns for the service when any is a wildcard.
  NameIndex exact_;
  NameIndex services_;
  std::vector<WildcardGroup> groups_;
  std::vector<uint32_t> always_;  // NotAction, or wildcard in the service
};

// The representation of `policy` (every CompiledPolicy is one).
inline const CompiledPolicyImpl& ImplOf(const CompiledPolicy& policy) {
  return static_cast<const CompiledPolicyImpl&>(policy);
}

inline bool CompiledStatement::MatchesActionFully(
    absl::string_view action_folded) const {
  bool any = false;
  for (const Glob& g : actions) {
    if (g.Matches(action_folded)) {
      any = true;
      break;
    }
  }
  return not_action ? !any : any;
}

template <typename Fn>
void CompiledPolicyImpl::ForEachActionMatch(absl::string_view action_folded,
                                            size_t action_hash,
                                            absl::string_view service_folded,
                                            size_t service_hash,
                                            Fn&& fn) const {
  for (uint32_t s : exact_.Find(action_folded, action_hash)) {
    if (!fn(statements_[s])) return;
  }
  for (uint32_t g : services_.Find(service_folded, service_hash)) {
    const WildcardGroup& group = groups_[g];
    for (const Glob& p : group.patterns) {
      if (p.Matches(action_folded)) {
        if (!fn(statements_[group.statement])) return;
        break;
      }
    }
  }
  for (uint32_t s : always_) {
    if (statements_[s].MatchesActionFully(action_folded)) {
      if (!fn(statements_[s])) return;
    }
  }
}

}  // namespace internal
}  // namespace iameval

#endif  // IAMEVAL_INTERNAL_COMPILED_POLICY_H_
