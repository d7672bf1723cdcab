#include "iameval/arn.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace iameval {

using internal::GlobToken;

int SplitArnComponents(absl::string_view text,
                       std::array<absl::string_view, 6>* parts) {
  for (auto& p : *parts) p = absl::string_view();
  // A plain loop: ARN prefixes are short, and absl's find is an out-of-line
  // call per colon (it showed in W3 profiles, where every decision splits
  // the resource ARN).
  int count = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size() && count < 5; ++i) {
    if (text[i] == ':') {
      (*parts)[count++] = text.substr(start, i - start);
      start = i + 1;
    }
  }
  (*parts)[count++] = text.substr(start);
  return count;
}

std::optional<ArnView> ArnView::Parse(absl::string_view text) {
  std::array<absl::string_view, 6> parts;
  if (SplitArnComponents(text, &parts) != 6 || parts[0] != "arn") {
    return std::nullopt;
  }
  return ArnView{parts[1], parts[2], parts[3], parts[4], parts[5]};
}

void AppendResourceTokens(absl::string_view pattern,
                          const std::vector<bool>* literal_mask,
                          std::vector<char>* chars,
                          std::vector<GlobToken>* kinds) {
  // Field index of each character: 0 arn, 1 partition, 2 service, 3 region,
  // 4 account, 5 resource. In fields 1, 3 and 4 a `?` and a non-final `*` stay
  // inside the field; a field-final `*` may run across colons (E-RESOURCE).
  int field = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    const bool literal = literal_mask != nullptr && (*literal_mask)[i];
    chars->push_back(c);
    if (literal || (c != '*' && c != '?')) {
      kinds->push_back(GlobToken::kLiteral);
      if (!literal && c == ':' && field < 5) ++field;
      continue;
    }
    if (field >= 5) {
      kinds->push_back(c == '*' ? GlobToken::kStar : GlobToken::kAnyOne);
      continue;
    }
    if (c == '?') {
      kinds->push_back(GlobToken::kAnyOneNoColon);
      continue;
    }
    const bool field_final = i + 1 == pattern.size() || pattern[i + 1] == ':';
    kinds->push_back(field_final ? GlobToken::kStar : GlobToken::kStarNoColon);
  }
}

bool CheckResourcePattern(absl::string_view pattern, std::string* error) {
  if (pattern == "*") return true;
  std::array<absl::string_view, 6> parts;
  int n = SplitArnComponents(pattern, &parts);
  if (parts[0] != "arn" || n < 3) {
    *error = absl::StrCat("resource \"", pattern,
                          "\" is neither \"*\" nor an ARN (arn:partition:"
                          "service:region:account:resource)");
    return false;
  }
  for (char c : parts[2]) {
    if (c == '*' || c == '?') {
      *error = absl::StrCat("resource \"", pattern,
                            "\" has a wildcard in the ARN service field");
      return false;
    }
    if (c >= 'A' && c <= 'Z') {
      *error = absl::StrCat("resource \"", pattern,
                            "\" has upper case in the ARN service field");
      return false;
    }
  }
  if (parts[2].empty()) {
    *error = absl::StrCat("resource \"", pattern,
                          "\" has an empty ARN service field");
    return false;
  }
  return true;
}

std::optional<Glob> CompileResourcePattern(absl::string_view pattern,
                                           std::string* error) {
  if (pattern == "*") return Glob::FromPattern("*");
  if (!CheckResourcePattern(pattern, error)) return std::nullopt;
  std::vector<char> chars;
  std::vector<GlobToken> kinds;
  chars.reserve(pattern.size());
  kinds.reserve(pattern.size());
  AppendResourceTokens(pattern, nullptr, &chars, &kinds);
  return Glob::FromTokens(std::move(chars), std::move(kinds));
}

}  // namespace iameval
