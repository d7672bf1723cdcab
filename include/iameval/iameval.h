// File: iameval/iameval.h
// -----------------------------------------------------------------------------
// Umbrella header: the public API. Parse and check policies, compile them,
// assemble a bundle, build a request, evaluate and explain it; the service
// catalog and AWS managed policies; scenarios; the account model and its
// queries. Everything under iameval/internal/ is the engine's and not API.
// Thread safety and lifetime: see each included header.
#ifndef IAMEVAL_IAMEVAL_H_
#define IAMEVAL_IAMEVAL_H_

#include "iameval/account.h"           // IWYU pragma: export
#include "iameval/arn.h"               // IWYU pragma: export
#include "iameval/catalog.h"           // IWYU pragma: export
#include "iameval/compiled_policy.h"   // IWYU pragma: export
#include "iameval/condition.h"         // IWYU pragma: export
#include "iameval/decision.h"          // IWYU pragma: export
#include "iameval/evaluate.h"          // IWYU pragma: export
#include "iameval/explain.h"           // IWYU pragma: export
#include "iameval/issue.h"             // IWYU pragma: export
#include "iameval/lint.h"              // IWYU pragma: export
#include "iameval/managed_policies.h"  // IWYU pragma: export
#include "iameval/parser.h"            // IWYU pragma: export
#include "iameval/policy.h"            // IWYU pragma: export
#include "iameval/policy_bundle.h"     // IWYU pragma: export
#include "iameval/request.h"           // IWYU pragma: export
#include "iameval/scenario.h"          // IWYU pragma: export
#include "iameval/typed_value.h"       // IWYU pragma: export
#include "iameval/validate.h"          // IWYU pragma: export
#include "iameval/wildcard.h"          // IWYU pragma: export

#endif  // IAMEVAL_IAMEVAL_H_
