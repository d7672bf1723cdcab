// File: iameval/internal/glob_token.h
// -----------------------------------------------------------------------------
// The token form of a Glob: what Glob stores and what the matchers and the
// Resource-pattern compiler (R7) build. Not API.
// Thread safety: plain values. Lifetime: GlobSpan borrows its arrays.
#ifndef IAMEVAL_INTERNAL_GLOB_TOKEN_H_
#define IAMEVAL_INTERNAL_GLOB_TOKEN_H_

#include <cstdint>

#include "absl/types/span.h"

namespace iameval {
namespace internal {

// What one pattern position matches.
enum class GlobToken : uint8_t {
  kLiteral = 0,        // exactly its character
  kAnyOne = 1,         // `?`: one character
  kAnyOneNoColon = 2,  // `?` inside an ARN field: one character except ':'
  kStar = 3,           // `*`: any run of characters
  kStarNoColon = 4,    // `*` inside an ARN field: any run without ':'
};

// A pattern as two parallel arrays; `chars[i]` is meaningful for literals.
struct GlobSpan {
  absl::Span<const char> chars;
  absl::Span<const GlobToken> kinds;
};

}  // namespace internal

}  // namespace iameval

#endif  // IAMEVAL_INTERNAL_GLOB_TOKEN_H_
