#include "iameval/wildcard.h"

#include <utility>

namespace iameval {

Glob Glob::FromPattern(absl::string_view pattern) {
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
  std::vector<char> chars(text.begin(), text.end());
  std::vector<GlobToken> kinds(text.size(), GlobToken::kLiteral);
  return FromTokens(std::move(chars), std::move(kinds));
}

Glob Glob::FromTokens(std::vector<char> chars, std::vector<GlobToken> kinds) {
  Glob g;
  // Adjacent stars match the same language as one star (the wider of the two),
  // and merging them keeps the NFA closure a single step.
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (internal::IsStar(kinds[i]) && !g.kinds_.empty() &&
        internal::IsStar(g.kinds_.back())) {
      if (kinds[i] == GlobToken::kStar) g.kinds_.back() = GlobToken::kStar;
      continue;
    }
    g.chars_.push_back(chars[i]);
    g.kinds_.push_back(kinds[i]);
  }
  g.Finish();
  return g;
}

void Glob::Finish() {
  prefix_len_ = 0;
  while (prefix_len_ < kinds_.size() &&
         kinds_[prefix_len_] == GlobToken::kLiteral) {
    ++prefix_len_;
  }
  is_literal_ = prefix_len_ == kinds_.size();
  matches_everything_ = kinds_.size() == 1 && kinds_[0] == GlobToken::kStar;
  if (is_literal_) {
    kinds_.clear();
    kinds_.shrink_to_fit();
    use_nfa_ = false;
  } else {
    use_nfa_ = internal::NeedsNfa(span());
  }
  chars_.shrink_to_fit();
}

std::string Glob::DebugString() const {
  if (is_literal_) return chars_;
  std::string out;
  for (size_t i = 0; i < kinds_.size(); ++i) {
    switch (kinds_[i]) {
      case GlobToken::kLiteral:
        out.push_back(chars_[i]);
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

void AsciiLowerInPlace(std::string* s) {
  for (char& c : *s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::string AsciiLower(absl::string_view s) {
  std::string out(s);
  AsciiLowerInPlace(&out);
  return out;
}

}  // namespace iameval
