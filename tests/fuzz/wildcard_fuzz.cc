// Glob against a simple reference matcher (memoised, so it terminates on
// any input): the linear-time matcher must agree on every input. Both sides
// are characters, not bytes (R18): the reference decodes pattern and text
// to code points first, every byte that starts no well-formed UTF-8
// sequence being one character of its own. Also checks GlobMatch, the entry
// point for patterns assembled at evaluation time, against Glob::Matches.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "iameval/wildcard.h"

namespace {

// Code points; an invalid byte b becomes 0x110000 + b, equal only to itself.
std::vector<uint32_t> Decode(const std::string& s) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80       ? 1
                 : b >> 5 == 6  ? 2
                 : b >> 4 == 14 ? 3
                 : b >> 3 == 30 ? 4
                                : 0;
    uint32_t cp = len == 1   ? b
                  : len == 2 ? b & 0x1Fu
                  : len == 3 ? b & 0x0Fu
                             : b & 0x07u;
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = c >> 6 == 2;
      cp = cp << 6 | (c & 0x3Fu);
    }
    const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    ok = ok && (len == 1 || cp >= min) && cp <= 0x10FFFF &&
         (cp < 0xD800 || cp > 0xDFFF);
    out.push_back(ok ? cp : 0x110000 + b);
    i += ok ? len : 1;
  }
  return out;
}

bool Reference(const std::string& pattern, const std::string& text) {
  const std::vector<uint32_t> p = Decode(pattern), t = Decode(text);
  // dp[i][j]: p[i..] matches t[j..].
  std::vector<std::vector<char>> dp(p.size() + 1,
                                    std::vector<char>(t.size() + 1, 0));
  dp[p.size()][t.size()] = 1;
  for (size_t i = p.size(); i-- > 0;) {
    for (size_t j = t.size() + 1; j-- > 0;) {
      if (p[i] == '*') {
        dp[i][j] = dp[i + 1][j] || (j < t.size() && dp[i][j + 1]);
      } else if (j < t.size() && (p[i] == '?' || p[i] == t[j])) {
        dp[i][j] = dp[i + 1][j + 1];
      }
    }
  }
  return dp[0][0];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2048) return 0;  // keep the quadratic reference cheap
  std::string in(reinterpret_cast<const char*>(data), size);
  size_t split = in.find('\n');
  if (split == std::string::npos) return 0;
  std::string pattern = in.substr(0, split);
  std::string text = in.substr(split + 1);
  const iameval::Glob glob = iameval::Glob::FromPattern(pattern);
  const bool got = glob.Matches(text);
  if (got != Reference(pattern, text)) abort();
  if (!glob.is_literal() &&
      iameval::internal::GlobMatch(glob.span(), text) != got) {
    abort();
  }
  return 0;
}
