// File: tests/testing/reference_evaluator.h
// -----------------------------------------------------------------------------
// A deliberately naive second implementation of the authorization decision,
// written from /work/shared/docs/aws-iam-semantics.md (rulings R1-R17 and
// section 5.10) without reusing the engine's compiler, condition evaluator or
// decision code. It walks the parsed AST (iameval::Policy) directly, matches
// wildcards with a plain recursive matcher and re-derives every rule, so that
// the differential test can catch the engine and the document disagreeing.
//
// Speed and allocation do not matter here; clarity does.
//
// Thread safety: pure function. Lifetime: borrows its arguments for the call.
#ifndef IAMEVAL_TESTS_TESTING_REFERENCE_EVALUATOR_H_
#define IAMEVAL_TESTS_TESTING_REFERENCE_EVALUATOR_H_

#include <string>
#include <vector>

#include "iameval/decision.h"
#include "iameval/policy.h"
#include "iameval/request.h"

namespace iameval::testing {

// The same layers and facts as iameval::PolicyBundle, but holding parsed,
// uncompiled policies.
struct ReferenceBundle {
  std::vector<Policy> identity;
  std::vector<Policy> boundary;                 // each must allow
  std::vector<Policy> session;                  // one set: any may allow
  std::vector<std::vector<Policy>> scp_levels;  // root first
  std::vector<std::vector<Policy>> rcp_levels;  // RCPFullAWSAccess implied
  std::vector<Policy> resource;                 // resource, key or trust policy
  std::vector<Policy> vpc_endpoint;             // each must allow
  std::string management_account;
  bool aws_managed_key = false;
};

struct ReferenceDecision {
  Outcome outcome = Outcome::kImplicitlyDenied;
  // Which rule decided, in words (for mismatch reports).
  std::string why;
};

ReferenceDecision ReferenceEvaluate(const ReferenceBundle& bundle,
                                    const Request& request);

}  // namespace iameval::testing

#endif  // IAMEVAL_TESTS_TESTING_REFERENCE_EVALUATOR_H_
