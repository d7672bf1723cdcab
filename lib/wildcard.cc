#include "iameval/wildcard.h"

#include <cstdint>
#include <cstring>
#include <utility>

namespace iameval {

using internal::GlobToken;

Glob Glob::FromPattern(absl::string_view pattern) {
  if (!HasWildcard(pattern)) return FromLiteral(pattern);
  std::vector<char> chars;
  std::vector<GlobToken> kinds;
  chars.reserve(pattern.size());
  kinds.reserve(pattern.size());
  for (char c : pattern) {
    chars.push_back(c);
    kinds.push_back(c == '*'   ? GlobToken::kStar
                    : c == '?' ? GlobToken::kAnyOne
                               : GlobToken::kLiteral);
  }
  return FromTokens(std::move(chars), std::move(kinds));
}

Glob Glob::FromLiteral(absl::string_view text) {
  Glob g;
  g.Assign(text.data(), nullptr, text.size());  // no kinds: all literal
  return g;
}

Glob::Glob(const Glob& other) { *this = other; }

Glob& Glob::operator=(const Glob& other) {
  if (this == &other) return *this;
  Assign(other.data_.get(), other.is_literal_ ? nullptr : other.kinds(),
         other.size_);
  return *this;
}

void Glob::Assign(const char* chars, const GlobToken* kinds, size_t n) {
  size_ = static_cast<uint32_t>(n);
  prefix_len_ = 0;
  while (kinds != nullptr && prefix_len_ < n &&
         kinds[prefix_len_] == GlobToken::kLiteral) {
    ++prefix_len_;
  }
  if (kinds == nullptr) prefix_len_ = size_;
  is_literal_ = prefix_len_ == size_;
  const size_t bytes = is_literal_ ? n : 2 * n;
  data_.reset(bytes == 0 ? nullptr : new char[bytes]);
  if (n > 0) std::memcpy(data_.get(), chars, n);
  if (!is_literal_) {
    for (size_t i = 0; i < n; ++i) {
      new (data_.get() + n + i) GlobToken(kinds[i]);
    }
  }
  matches_everything_ = n == 1 && !is_literal_ && kinds[0] == GlobToken::kStar;
  matcher_ = Matcher::kSegment;
  if (!is_literal_) {
    const bool nfa = internal::NeedsNfa(span());
    if (internal::CharsMatter(span())) {
      matcher_ = nfa ? Matcher::kCharsNfa : Matcher::kCharsSegment;
    } else {
      matcher_ = nfa ? Matcher::kNfa : Matcher::kSegment;
    }
  }
}

Glob Glob::FromTokens(std::vector<char> chars, std::vector<GlobToken> kinds) {
  // Adjacent stars match the same language as one star (the wider of the
  // two), and merging them keeps the NFA closure a single step. Merged in
  // place: compiling managed policies builds tens of thousands of globs.
  size_t out = 0;
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (internal::IsStar(kinds[i]) && out > 0 &&
        internal::IsStar(kinds[out - 1])) {
      if (kinds[i] == GlobToken::kStar) kinds[out - 1] = GlobToken::kStar;
      continue;
    }
    chars[out] = chars[i];
    kinds[out] = kinds[i];
    ++out;
  }
  Glob g;
  g.Assign(chars.data(), kinds.data(), out);
  return g;
}

bool Glob::MatchesChars(absl::string_view text) const {
  // ASCII text is one character per byte, where the byte matchers are exact.
  if (internal::HasNonAscii(text)) {
    // Matches() has compared the literal prefix already.
    return internal::CharNfaMatch(span(), text, prefix_len_);
  }
  return matcher_ == Matcher::kCharsNfa ? internal::NfaMatch(span(), text)
                                        : internal::SegmentMatch(span(), text);
}

std::string Glob::DebugString() const {
  if (is_literal_) return std::string(data_.get(), size_);
  std::string out;
  const GlobToken* k = kinds();
  for (size_t i = 0; i < size_; ++i) {
    switch (k[i]) {
      case GlobToken::kLiteral:
        out.push_back(data_.get()[i]);
        break;
      case GlobToken::kAnyOne:
      case GlobToken::kAnyOneNoColon:
        out.push_back('?');
        break;
      case GlobToken::kStar:
      case GlobToken::kStarNoColon:
        out.push_back('*');
        break;
    }
  }
  return out;
}

namespace internal {

void AsciiLowerInPlace(std::string* s) {
  // Eight bytes at a time: folding keys and actions showed in batch
  // profiles. Per byte b < 0x80, (b & 0x7f) + (0x80 - 'A') has its high bit
  // set iff b >= 'A', and (b & 0x7f) + (0x7f - 'Z') iff b > 'Z'; no byte
  // carries into its neighbour because each sum stays below 0x100.
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = kOnes * 0x80;
  char* p = s->data();
  size_t n = s->size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    const uint64_t low7 = w & ~kHigh;
    const uint64_t ge_a = low7 + kOnes * (0x80 - 'A');
    const uint64_t gt_z = low7 + kOnes * (0x7f - 'Z');
    const uint64_t upper = (ge_a ^ gt_z) & ~w & kHigh;
    w ^= upper >> 2;  // 0x80 >> 2 == 0x20, the case bit
    std::memcpy(p, &w, 8);
  }
  for (; n > 0; ++p, --n) {
    if (*p >= 'A' && *p <= 'Z') *p = static_cast<char>(*p - 'A' + 'a');
  }
}

std::string AsciiLower(absl::string_view s) {
  std::string out(s);
  AsciiLowerInPlace(&out);
  return out;
}

}  // namespace internal
}  // namespace iameval
