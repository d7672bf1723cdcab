// File: iameval/account/escalation.h
// -----------------------------------------------------------------------------
// FindEscalations(model): privilege-escalation paths. Each known technique
// is checked by evaluating the requests it needs with the engine, so a
// permissions boundary, an SCP, an RCP or a resource policy that blocks a
// step removes the path (and the attempt is listed under `blocked`):
//
//   passrole-<service>   iam:PassRole on a role whose trust admits a
//                        service that runs code, plus that service's create
//                        actions (lambda, ec2, glue, cloudformation,
//                        codebuild, ecs, sagemaker)
//   create-policy-version, set-default-policy-version
//                        on a customer managed policy attached to oneself
//   attach-user-policy, put-user-policy, attach-group-policy,
//   put-group-policy, attach-role-policy, put-role-policy
//                        on oneself, one's group or one's role
//   create-access-key, create-login-profile, update-login-profile
//                        on another user
//   update-assume-role-policy   on a role
//   add-user-to-group    adding oneself to a group
//   assume-role          sts:AssumeRole (the AssumePaths edges)
//
// A path is reported when it leads from a principal to one that is more
// privileged: admin-equivalent while the start is not, or allowed some
// request of its own policies that the start is denied.
//
// Thread safety: pure function over an immutable model. Lifetime: the result
// owns its data.
#ifndef IAMEVAL_ACCOUNT_ESCALATION_H_
#define IAMEVAL_ACCOUNT_ESCALATION_H_

#include <string>
#include <vector>

#include "iameval/account/model.h"
#include "iameval/account/query.h"
#include "iameval/decision.h"

namespace iameval {

struct EscalationOptions {
  QueryOptions query;
  // Region used in the probe ARNs and as aws:RequestedRegion (unless the
  // query context sets it).
  std::string region = "us-east-1";
  // Longest chain of steps considered.
  int max_steps = 4;
};

struct EscalationRequest {
  std::string action;
  std::string resource;
  std::vector<StatementRef> granting;
};

struct EscalationStep {
  std::string technique;  // "create-access-key", "passrole-lambda", ...
  std::string from;       // principal ARN
  // The principal gained: a user or role ARN; for techniques that rewrite
  // one's own permissions, `from` itself.
  std::string to;
  std::string description;
  std::vector<EscalationRequest> requests;  // each was allowed
};

struct EscalationPath {
  std::string principal;  // where it starts
  std::string target;     // the more privileged principal reached
  bool target_admin = false;
  std::vector<EscalationStep> steps;
};

// A technique whose action the principal's own policies allow but the
// engine denied (boundary, SCP, session policy, explicit deny ...).
struct BlockedEscalation {
  std::string principal;
  std::string technique;
  std::string action;
  std::string resource;
  Decision decision;
  // The layer that blocks it: "permissions boundary", "SCP", "RCP",
  // "session policy", "resource policy", "explicit deny in an identity
  // policy", "condition (needs context)".
  std::string blocked_by;
  // When supplying context would unblock it: the "KEY=VALUE" witness.
  std::vector<std::string> needs;
};

struct EscalationResult {
  std::vector<EscalationPath> paths;  // by principal, then length
  std::vector<BlockedEscalation> blocked;
};

EscalationResult FindEscalations(const AccountModel& model,
                                 const EscalationOptions& options = {});

std::string EscalationsToText(const EscalationResult& result);
std::string EscalationsToJson(const EscalationResult& result);

}  // namespace iameval

#endif  // IAMEVAL_ACCOUNT_ESCALATION_H_
