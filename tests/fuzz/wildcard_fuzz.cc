// Glob against a simple reference matcher (memoised, so it terminates on
// any input): the linear-time matcher must agree on every input.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "iameval/wildcard.h"

namespace {

bool Reference(const std::string& p, const std::string& t) {
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
  if (iameval::Glob::FromPattern(pattern).Matches(text) !=
      Reference(pattern, text)) {
    abort();
  }
  return 0;
}
