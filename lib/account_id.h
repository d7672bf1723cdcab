// File: lib/account_id.h
// -----------------------------------------------------------------------------
// The one check of an AWS account id, for every place that reads one
// (requests, the account loader and queries, the CLI's flags). The test
// suite's reference evaluator keeps its own copy on purpose: it is the
// independent reference.
//
// Not installed, not API. Thread safety: pure function.
#ifndef IAMEVAL_LIB_ACCOUNT_ID_H_
#define IAMEVAL_LIB_ACCOUNT_ID_H_

#include "absl/strings/string_view.h"

namespace iameval {

// Twelve ASCII digits, leading zeros included ("000000000000" is an id).
inline bool IsAccountId(absl::string_view s) {
  return s.size() == 12 &&
         s.find_first_not_of("0123456789") == absl::string_view::npos;
}

}  // namespace iameval

#endif  // IAMEVAL_LIB_ACCOUNT_ID_H_
