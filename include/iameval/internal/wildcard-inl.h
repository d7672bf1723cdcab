// File: iameval/internal/wildcard-inl.h
// -----------------------------------------------------------------------------
// Inline matching for Glob (the hot path of action and resource matching).
// Not API. Thread safety: pure functions. Lifetime: borrows its arguments.
#ifndef IAMEVAL_INTERNAL_WILDCARD_INL_H_
#define IAMEVAL_INTERNAL_WILDCARD_INL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/container/inlined_vector.h"

namespace iameval {
namespace internal {

inline bool IsStar(GlobToken k) {
  return k == GlobToken::kStar || k == GlobToken::kStarNoColon;
}

inline bool TokenAccepts(GlobToken k, char pc, char c) {
  switch (k) {
    case GlobToken::kLiteral:
      return pc == c;
    case GlobToken::kAnyOne:
    case GlobToken::kStar:
      return true;
    case GlobToken::kAnyOneNoColon:
    case GlobToken::kStarNoColon:
      return c != ':';
  }
  return false;
}

// Does the star-free run [b, e) of the pattern match text at `at`?
inline bool RunMatchesAt(const char* pc, const GlobToken* pk, size_t len,
                         const char* text) {
  for (size_t i = 0; i < len; ++i) {
    if (pk[i] == GlobToken::kLiteral) {
      if (pc[i] != text[i]) return false;
    } else if (pk[i] == GlobToken::kAnyOneNoColon && text[i] == ':') {
      return false;
    }
  }
  return true;
}

// Leftmost-greedy segment matching for patterns whose stars are all kStar.
// Correct because with unbounded stars the leftmost placement of each middle
// segment never hurts the placement of the next one.
inline bool SegmentMatch(GlobSpan p, absl::string_view text) {
  const char* pc = p.chars.data();
  const GlobToken* pk = p.kinds.data();
  const size_t m = p.kinds.size();
  const size_t n = text.size();
  // Leading run.
  size_t first_star = 0;
  while (first_star < m && !IsStar(pk[first_star])) ++first_star;
  if (first_star == m) {
    return m == n && RunMatchesAt(pc, pk, m, text.data());
  }
  if (first_star > n || !RunMatchesAt(pc, pk, first_star, text.data())) {
    return false;
  }
  // Trailing run.
  size_t last_star = m - 1;
  while (!IsStar(pk[last_star])) --last_star;
  const size_t tail_len = m - last_star - 1;
  if (first_star + tail_len > n) return false;
  if (!RunMatchesAt(pc + last_star + 1, pk + last_star + 1, tail_len,
                    text.data() + n - tail_len)) {
    return false;
  }
  // Middle runs, each placed leftmost in what remains.
  size_t pos = first_star;
  const size_t limit = n - tail_len;
  size_t i = first_star + 1;
  while (i < last_star) {
    if (IsStar(pk[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < last_star && !IsStar(pk[j])) ++j;
    const size_t len = j - i;
    bool found = false;
    while (pos + len <= limit) {
      if (RunMatchesAt(pc + i, pk + i, len, text.data() + pos)) {
        found = true;
        break;
      }
      ++pos;
    }
    if (!found) return false;
    pos += len;
    i = j;
  }
  return true;
}

// Bit-parallel NFA simulation: state k means "the first k tokens matched".
inline bool NfaMatch(GlobSpan p, absl::string_view text) {
  const size_t m = p.kinds.size();
  const size_t words = (m + 1 + 63) / 64;
  absl::InlinedVector<uint64_t, 8> cur(words, 0), next(words, 0);
  auto set = [](absl::InlinedVector<uint64_t, 8>& v, size_t i) {
    v[i >> 6] |= uint64_t{1} << (i & 63);
  };
  auto get = [](const absl::InlinedVector<uint64_t, 8>& v, size_t i) {
    return (v[i >> 6] >> (i & 63)) & 1;
  };
  auto close = [&](absl::InlinedVector<uint64_t, 8>& v) {
    for (size_t i = 0; i < m; ++i) {
      if (get(v, i) && IsStar(p.kinds[i])) set(v, i + 1);
    }
  };
  set(cur, 0);
  close(cur);
  for (char c : text) {
    bool any = false;
    for (size_t w = 0; w < words; ++w) next[w] = 0;
    for (size_t w = 0; w < words; ++w) {
      uint64_t bits = cur[w];
      while (bits != 0) {
        const size_t i = (w << 6) + static_cast<size_t>(__builtin_ctzll(bits));
        bits &= bits - 1;
        if (i >= m) continue;
        const GlobToken k = p.kinds[i];
        if (!TokenAccepts(k, p.chars[i], c)) continue;
        set(next, IsStar(k) ? i : i + 1);
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    cur.swap(next);
  }
  return get(cur, m) != 0;
}

inline bool NeedsNfa(GlobSpan p) {
  size_t run = 0;
  for (GlobToken k : p.kinds) {
    if (k == GlobToken::kStarNoColon) return true;
    if (k == GlobToken::kStar) {
      run = 0;
    } else if (++run > 64) {
      return true;
    }
  }
  return false;
}

}  // namespace internal

inline bool GlobMatch(GlobSpan pattern, absl::string_view text) {
  return internal::NeedsNfa(pattern) ? internal::NfaMatch(pattern, text)
                                     : internal::SegmentMatch(pattern, text);
}

inline bool Glob::Matches(absl::string_view text) const {
  if (matches_everything_) return true;
  if (is_literal_) {
    return text.size() == size_ &&
           (size_ == 0 || std::memcmp(text.data(), data_.get(), size_) == 0);
  }
  if (text.size() < prefix_len_ ||
      (prefix_len_ != 0 &&
       std::memcmp(text.data(), data_.get(), prefix_len_) != 0)) {
    return false;
  }
  return use_nfa_ ? internal::NfaMatch(span(), text)
                  : internal::SegmentMatch(span(), text);
}

}  // namespace iameval

#endif  // IAMEVAL_INTERNAL_WILDCARD_INL_H_
