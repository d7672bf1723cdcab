// File: iameval/policy.h
// -----------------------------------------------------------------------------
// Policy: the parsed, uncompiled form of one IAM policy document (the AST),
// with the source position of each statement. Produced by ParsePolicy
// (parser.h), consumed by CompilePolicy (compiled_policy.h).
//
// Thread safety: plain value types. Lifetime: own all their strings.
#ifndef IAMEVAL_POLICY_H_
#define IAMEVAL_POLICY_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace iameval {

// Where a policy is attached decides its grammar and its role in evaluation.
enum class PolicyKind {
  kIdentity,     // user, group or role policy (inline or managed)
  kResource,     // bucket, queue, key, secret ... policy
  kTrust,        // role trust policy (a resource policy without Resource)
  kBoundary,     // permissions boundary
  kSession,      // session policy passed to AssumeRole*/GetFederationToken
  kScp,          // service control policy
  kRcp,          // resource control policy
  kVpcEndpoint,  // VPC endpoint policy
};

const char* PolicyKindName(PolicyKind kind);  // "identity", "scp", ...

enum class Effect { kAllow, kDeny };

// Where a value was written in the parsed text: 1-based line and column (in
// bytes) of its first byte, counted from ParseOptions::base_line/base_column.
// 0 when the AST was built in code. The compiler reports a value it cannot
// compile at its position.
struct SourcePosition {
  int line = 0;
  int column = 0;
};

enum class PrincipalType { kAws, kService, kFederated, kCanonicalUser };

struct PrincipalEntry {
  PrincipalType type = PrincipalType::kAws;
  std::string value;
  SourcePosition position;
};

// The value of a Principal or NotPrincipal element.
struct PrincipalSet {
  bool any = false;  // the string form "*"
  std::vector<PrincipalEntry> entries;
};

// One key under one operator: "StringEquals": {"aws:SourceVpc": ["a", "b"]}.
struct ConditionEntry {
  std::string op;                   // operator name exactly as written
  std::string key;                  // key name as written
  std::vector<std::string> values;  // scalars normalised to their text
  // Parallel to `values` when parsed; may be empty when built in code.
  std::vector<SourcePosition> value_positions;
};

struct Statement {
  int index = 0;  // position in the Statement array (0 for a lone object)
  std::string sid;
  Effect effect = Effect::kAllow;
  enum class PrincipalMode { kNone, kPrincipal, kNotPrincipal };
  PrincipalMode principal_mode = PrincipalMode::kNone;
  PrincipalSet principal;
  bool not_action = false;
  std::vector<std::string> actions;
  enum class ResourceMode { kNone, kResource, kNotResource };
  ResourceMode resource_mode = ResourceMode::kNone;
  std::vector<std::string> resources;
  // Parallel to `resources` when parsed; may be empty when built in code.
  std::vector<SourcePosition> resource_positions;
  std::vector<ConditionEntry> conditions;
  int line = 0;  // position of the statement's opening brace
  int column = 0;
};

struct Policy {
  PolicyKind kind = PolicyKind::kIdentity;
  std::string version;  // "" when absent
  std::string id;
  std::vector<Statement> statements;

  // Variables are substituted only under 2012-10-17 (ruling R11).
  bool variables_enabled() const { return version == "2012-10-17"; }
  std::string DebugString() const;
};

}  // namespace iameval

#endif  // IAMEVAL_POLICY_H_
