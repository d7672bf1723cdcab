// File: iameval/evaluate.h
// -----------------------------------------------------------------------------
// Evaluate(bundle, request[, trace]): the authorization decision, combining
// every layer as AWS does (aws-iam-semantics §5 and rulings R1-R17; the
// project's own account of it is docs/semantics.md).
//
// Never fails and never allocates on the fast path (no trace, policies
// without variables). With a Trace it also records why.
//
// Thread safety: stateless; call from any number of threads on shared
// bundles and requests. Lifetime: borrows its arguments for the call only.
#ifndef IAMEVAL_EVALUATE_H_
#define IAMEVAL_EVALUATE_H_

#include "iameval/decision.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"

namespace iameval {

Decision Evaluate(const PolicyBundle& bundle, const Request& request,
                  Trace* trace = nullptr);

}  // namespace iameval

#include "iameval/internal/evaluate-inl.h"  // IWYU pragma: export

#endif  // IAMEVAL_EVALUATE_H_
