#include "iameval/spelling.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/ascii.h"

namespace iameval {

int EditDistanceIgnoreCase(absl::string_view a, absl::string_view b, int limit,
                           std::vector<int>* scratch) {
  std::vector<int> local;
  std::vector<int>& row = scratch != nullptr ? *scratch : local;
  const int n = static_cast<int>(b.size());
  if (std::abs(static_cast<int>(a.size()) - n) > limit) return limit + 1;
  row.resize(static_cast<size_t>(n) + 1);
  for (int j = 0; j <= n; ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    int best = row[0];
    const char ca = absl::ascii_tolower(static_cast<unsigned char>(a[i - 1]));
    for (int j = 1; j <= n; ++j) {
      const int up = row[j];
      const char cb = absl::ascii_tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] =
          std::min({up + 1, row[j - 1] + 1, diagonal + (ca == cb ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[n];
}

}  // namespace iameval
