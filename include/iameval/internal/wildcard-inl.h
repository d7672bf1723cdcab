// File: iameval/internal/wildcard-inl.h
// -----------------------------------------------------------------------------
// Inline matching for Glob (the hot path of action and resource matching).
// Not API. Thread safety: pure functions. Lifetime: borrows its arguments.
#ifndef IAMEVAL_INTERNAL_WILDCARD_INL_H_
#define IAMEVAL_INTERNAL_WILDCARD_INL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"

namespace iameval {
namespace internal {

// Lower-cases ASCII letters in place (actions and condition keys compare
// case-insensitively; IAM names are ASCII).
void AsciiLowerInPlace(std::string* s);
std::string AsciiLower(absl::string_view s);

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

// --- Characters, not bytes (ruling R18) ------------------------------------
//
// `?` matches one character: one Unicode code point of the UTF-8 text, so
// "caf?.txt" matches "café.txt" (é is two bytes) and "caf??.txt" does not.
// Each byte that does not start a well-formed sequence (stray continuation
// byte, truncated or overlong form, surrogate, above U+10FFFF) is one
// character by itself; see docs/semantics.md for why that reading is safe.
//
// The byte matchers above stay exact without a `?`, when the pattern's
// literals are valid UTF-8: a valid literal run starts with an ASCII or lead
// byte, which in any text can only sit at a character boundary (a
// continuation byte is never a lead byte, and an invalid byte is a character
// of its own), and it ends after a complete character; so a `*` that the
// bytewise matcher lets end or start next to a literal ends and starts on
// character boundaries too, and every bytewise match is a character match.
// A `?` breaks that: bytewise, "*?" against "é" lets `*` take 0xC3 and `?`
// 0xA9, and "caf??" counts bytes. An invalid literal breaks it too: "*\xA9"
// bytewise matches the tail byte of "é". Text without a byte >= 0x80 is one
// character per byte, so the byte matchers are exact on it whatever the
// pattern. Only a pattern with a `?` or an invalid literal against non-ASCII
// text takes CharNfaMatch below.

// The length of the well-formed UTF-8 sequence at p (Unicode table 3-7), or
// 1 for a byte that starts none. n >= 1 bytes are readable.
inline size_t Utf8CharLength(const char* p, size_t n) {
  const auto b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) return 1;
  auto in = [&](size_t i, unsigned lo, unsigned hi) {
    if (i >= n) return false;
    const auto b = static_cast<unsigned char>(p[i]);
    return b >= lo && b <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 1;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
    const unsigned hi = b0 == 0xED ? 0x9F : 0xBF;  // no surrogates
    return in(1, lo, hi) && in(2, 0x80, 0xBF) ? 3 : 1;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80;  // no overlong forms
    const unsigned hi = b0 == 0xF4 ? 0x8F : 0xBF;  // nothing past U+10FFFF
    return in(1, lo, hi) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 1;
  }
  return 1;  // continuation byte, C0/C1, F5..FF
}

// Whether `text` has a byte >= 0x80. Eight bytes at a time: it runs on
// every match of a pattern with a `?`.
inline bool HasNonAscii(absl::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    if ((w & 0x8080808080808080ull) != 0) return true;
  }
  for (; n > 0; ++p, --n) {
    if (static_cast<unsigned char>(*p) >= 0x80) return true;
  }
  return false;
}

// Whether the byte matchers could disagree with character matching on
// non-ASCII text: the pattern has a `?`, or a literal run that is not valid
// UTF-8 (see above).
inline bool CharsMatter(GlobSpan p) {
  const size_t m = p.kinds.size();
  size_t i = 0;
  while (i < m) {
    if (p.kinds[i] != GlobToken::kLiteral) {
      if (p.kinds[i] == GlobToken::kAnyOne ||
          p.kinds[i] == GlobToken::kAnyOneNoColon) {
        return true;
      }
      ++i;
      continue;
    }
    size_t end = i;
    while (end < m && p.kinds[end] == GlobToken::kLiteral) ++end;
    while (i < end) {
      const size_t len = Utf8CharLength(p.chars.data() + i, end - i);
      if (len == 1 && static_cast<unsigned char>(p.chars[i]) >= 0x80) {
        return true;
      }
      i += len;
    }
  }
  return false;
}

// NFA simulation that steps once per character of the text. State k means
// "the first k tokens matched"; a literal character of `len` bytes moves
// k to k + len when the next len tokens are literals with exactly those
// bytes (equal bytes decode to the same character, and a pattern character
// split by a wildcard never equals a text character). O(n·m) like NfaMatch.
//
// `skip`: the caller has checked that the first `skip` tokens are literals
// equal to the first `skip` bytes of the text (a Glob's literal prefix).
// The simulation then starts in state `skip` at byte `skip`, which is right
// when that byte starts a character: any byte but a continuation byte does
// (the decoder only ever joins continuation bytes to what precedes them).
inline bool CharNfaMatch(GlobSpan p, absl::string_view text, size_t skip = 0) {
  const size_t m = p.kinds.size();
  const char* t = text.data();
  const size_t n = text.size();
  if (skip < n && (static_cast<unsigned char>(t[skip]) & 0xC0) == 0x80) {
    skip = 0;
  }
  const size_t words = (m + 1 + 63) / 64;
  // One buffer for the current and next state sets and the star mask; raw
  // pointers, because InlinedVector's operator[] tests inline-vs-heap on
  // every access.
  absl::InlinedVector<uint64_t, 24> buffer(3 * words, 0);
  uint64_t* cur = buffer.data();
  uint64_t* next = cur + words;
  uint64_t* stars = next + words;
  auto set = [](uint64_t* v, size_t i) {
    v[i >> 6] |= uint64_t{1} << (i & 63);
  };
  // The star closure as word operations over the star mask, not a walk over
  // all m tokens per character (that walk cost ~600 instructions per
  // character on a 30-token ARN pattern).
  for (size_t i = 0; i < m; ++i) {
    if (IsStar(p.kinds[i])) set(stars, i);
  }
  auto close = [&](uint64_t* v) {
    // Each pass lets a state run over one more star; adjacent stars (not
    // merged in spans built at evaluation time) need more than one.
    for (bool changed = true; changed;) {
      changed = false;
      uint64_t carry = 0;
      for (size_t w = 0; w < words; ++w) {
        const uint64_t from = v[w] & stars[w];
        const uint64_t grown = v[w] | (from << 1) | carry;
        carry = from >> 63;
        changed |= grown != v[w];
        v[w] = grown;
      }
    }
  };
  set(cur, skip);
  close(cur);
  size_t j = skip;
  while (j < n) {
    const size_t len = Utf8CharLength(t + j, n - j);
    const bool colon = t[j] == ':';  // ':' is always a 1-byte character
    bool any = false;
    for (size_t w = 0; w < words; ++w) next[w] = 0;
    for (size_t w = 0; w < words; ++w) {
      uint64_t bits = cur[w];
      while (bits != 0) {
        const size_t i = (w << 6) + static_cast<size_t>(__builtin_ctzll(bits));
        bits &= bits - 1;
        if (i >= m) continue;
        size_t to;
        switch (p.kinds[i]) {
          case GlobToken::kStar:
            to = i;
            break;
          case GlobToken::kStarNoColon:
            if (colon) continue;
            to = i;
            break;
          case GlobToken::kAnyOne:
            to = i + 1;
            break;
          case GlobToken::kAnyOneNoColon:
            if (colon) continue;
            to = i + 1;
            break;
          case GlobToken::kLiteral: {
            if (i + len > m) continue;
            bool same = true;
            for (size_t b = 0; b < len && same; ++b) {
              same = p.kinds[i + b] == GlobToken::kLiteral &&
                     p.chars[i + b] == t[j + b];
            }
            if (!same) continue;
            to = i + len;
            break;
          }
          default:
            continue;
        }
        set(next, to);
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    std::swap(cur, next);
    j += len;
  }
  return ((cur[m >> 6] >> (m & 63)) & 1) != 0;
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

// Matches a token span against text; the generic entry point used for
// patterns assembled at evaluation time (policy variables).
inline bool GlobMatch(GlobSpan pattern, absl::string_view text) {
  // The text first: resources and values are mostly ASCII, and then the
  // pattern need not be scanned (R18).
  if (HasNonAscii(text) && CharsMatter(pattern)) {
    return CharNfaMatch(pattern, text);
  }
  return NeedsNfa(pattern) ? NfaMatch(pattern, text)
                           : SegmentMatch(pattern, text);
}

}  // namespace internal

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
  switch (matcher_) {
    case Matcher::kSegment:
      return internal::SegmentMatch(span(), text);
    case Matcher::kNfa:
      return internal::NfaMatch(span(), text);
    default:
      return MatchesChars(text);
  }
}

}  // namespace iameval

#endif  // IAMEVAL_INTERNAL_WILDCARD_INL_H_
