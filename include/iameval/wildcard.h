// File: iameval/wildcard.h
// -----------------------------------------------------------------------------
// Glob: the wildcard patterns of IAM (`*` any run, `?` one character; nothing
// else is special, `[` is literal). Used for actions, StringLike values, ARN
// components and Resource patterns. Characters are Unicode code points of
// the UTF-8 text, not bytes (ruling R18): `?` matches "é" (two bytes) and
// "😀" (four). A byte that starts no well-formed UTF-8 sequence counts as one
// character.
//
// Matching never backtracks: patterns whose literal runs are at most 64
// characters long use leftmost-greedy segment search (O(64·n) for text
// length n); all others, and patterns with colon-bounded wildcards (Resource
// ARN fields, rule R7), run an NFA simulation over a bit set of pattern
// positions, O(n·m) in the worst case for pattern length m: linear in the
// text for a given pattern, never exponential. So `*a*a*a…b` against a 100 KB
// string costs microseconds, not centuries. A pattern with a `?` (or with a
// literal that is not valid UTF-8) against text with a byte >= 0x80 runs the
// same NFA stepping once per character instead of once per byte (R18), also
// O(n·m); ASCII text and `?`-free valid patterns never pay for it.
//
// Thread safety: a Glob is immutable after construction; Matches() is const
// and safe to call from many threads. Lifetime: owns its pattern copy.
#ifndef IAMEVAL_WILDCARD_H_
#define IAMEVAL_WILDCARD_H_

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "iameval/internal/glob_token.h"

namespace iameval {

class Glob {
 public:
  Glob() = default;
  Glob(const Glob& other);
  Glob& operator=(const Glob& other);
  Glob(Glob&&) noexcept = default;
  Glob& operator=(Glob&&) noexcept = default;
  // IAM wildcard text: `*` and `?` are wildcards, everything else literal.
  static Glob FromPattern(absl::string_view pattern);
  // Everything literal (StringEquals, or text substituted from a variable).
  static Glob FromLiteral(absl::string_view text);
  // Built token by token (Resource patterns, see arn.h).
  static Glob FromTokens(std::vector<char> chars,
                         std::vector<internal::GlobToken> kinds);

  bool Matches(absl::string_view text) const;

  bool is_literal() const { return is_literal_; }
  bool matches_everything() const { return matches_everything_; }
  // The literal characters every match starts with.
  absl::string_view literal_prefix() const {
    return absl::string_view(data_.get(), prefix_len_);
  }
  // The tokens; empty kinds for a literal glob (see is_literal()).
  internal::GlobSpan span() const {
    if (is_literal_) return {absl::Span<const char>(data_.get(), size_), {}};
    return {absl::Span<const char>(data_.get(), size_),
            absl::Span<const internal::GlobToken>(kinds(), size_)};
  }
  size_t size() const { return size_; }
  // The pattern written back as IAM text (for explanations).
  std::string DebugString() const;

 private:
  void Assign(const char* chars, const internal::GlobToken* kinds, size_t n);
  const internal::GlobToken* kinds() const {
    return std::launder(
        reinterpret_cast<const internal::GlobToken*>(data_.get() + size_));
  }

  // One allocation: the characters, then (only when some position is a
  // wildcard) one GlobToken per character. Literal globs, the common case,
  // keep only their characters.
  std::unique_ptr<char[]> data_;
  uint32_t size_ = 0;
  uint32_t prefix_len_ = 0;
  bool is_literal_ = true;
  bool matches_everything_ = false;
  // How a non-literal glob matches. The two kChars* kinds (a `?`, or a
  // literal that is not valid UTF-8) need the per-character matcher on
  // non-ASCII text (R18; wildcard-inl.h says why the others do not); they
  // go out of line, so the common kinds pay nothing for R18.
  enum class Matcher : uint8_t { kSegment, kNfa, kCharsSegment, kCharsNfa };
  bool MatchesChars(absl::string_view text) const;
  Matcher matcher_ = Matcher::kSegment;
};

// Whether `text` holds an IAM wildcard (`*` or `?`). A loop rather than
// find_first_of, whose absl version builds a lookup table per call.
inline bool HasWildcard(absl::string_view text) {
  for (char c : text) {
    if (c == '*' || c == '?') return true;
  }
  return false;
}

}  // namespace iameval

#include "iameval/internal/wildcard-inl.h"  // IWYU pragma: export

#endif  // IAMEVAL_WILDCARD_H_
