// File: iameval/spelling.h
// -----------------------------------------------------------------------------
// Edit distance for "did you mean" suggestions (unknown actions, condition
// keys, managed policy names).
//
// Thread safety: pure function. Lifetime: borrows its arguments for the call.
#ifndef IAMEVAL_SPELLING_H_
#define IAMEVAL_SPELLING_H_

#include <climits>
#include <vector>

#include "absl/strings/string_view.h"

namespace iameval {

// Levenshtein distance between `a` and `b`, ASCII case-insensitively; once
// the distance must exceed `limit`, returns limit + 1 early. `scratch` (may
// be null) is reused across calls to avoid allocating a row each time.
int EditDistanceIgnoreCase(absl::string_view a, absl::string_view b,
                           int limit = INT_MAX - 1,
                           std::vector<int>* scratch = nullptr);

}  // namespace iameval

#endif  // IAMEVAL_SPELLING_H_
