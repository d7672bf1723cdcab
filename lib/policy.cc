// Names of the policy kinds; a policy written back for debugging.
#include "iameval/policy.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

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

}  // namespace iameval
