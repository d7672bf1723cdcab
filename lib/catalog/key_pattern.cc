// Condition key names as patterns (key_pattern.h).
#include "catalog/key_pattern.h"

#include <utility>
#include <vector>

#include "iameval/internal/glob_token.h"
#include "iameval/spelling.h"

namespace iameval::catalog_internal {

using ::iameval::internal::AsciiLower;
using ::iameval::internal::GlobToken;

KeyPattern CompileKey(absl::string_view name) {
  KeyPattern k;
  k.folded = AsciiLower(name);
  std::vector<char> chars;
  std::vector<GlobToken> kinds;
  const std::string& f = k.folded;
  auto placeholder = [&]() {
    chars.push_back('?');
    kinds.push_back(GlobToken::kAnyOne);
    chars.push_back('*');
    kinds.push_back(GlobToken::kStar);
    k.templated = true;
  };
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '$' && i + 1 < f.size() && f[i + 1] == '{') {
      size_t close = f.find('}', i + 2);
      if (close != std::string::npos) {
        placeholder();
        i = close;
        continue;
      }
    }
    if (f[i] == '<') {
      size_t close = f.find('>', i + 1);
      if (close != std::string::npos) {
        placeholder();
        i = close;
        continue;
      }
    }
    // The package spells some global templates ".../tag-key".
    if (f[i] == '/' && f.compare(i, std::string::npos, "/tag-key") == 0) {
      chars.push_back('/');
      kinds.push_back(GlobToken::kLiteral);
      ++k.literal_chars;
      placeholder();
      break;
    }
    chars.push_back(f[i]);
    kinds.push_back(GlobToken::kLiteral);
    ++k.literal_chars;
  }
  if (k.templated)
    k.glob = Glob::FromTokens(std::move(chars), std::move(kinds));
  return k;
}

}  // namespace iameval::catalog_internal
