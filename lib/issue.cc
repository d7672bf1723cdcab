// Issue helpers: one line per issue, error checks.
#include "iameval/issue.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace iameval {

std::string Issue::ToString() const {
  std::string where = file.empty() ? "" : absl::StrCat(file, ": ");
  absl::StrAppend(&where, pointer.empty() ? "(document)" : pointer);
  if (line > 0)
    absl::StrAppend(&where, " (line ", line, ", column ", column, ")");
  return absl::StrCat(where, ": ",
                      severity == Severity::kError ? "" : "warning: ", message,
                      " [", code, "]");
}

bool HasErrors(const std::vector<Issue>& issues) {
  for (const Issue& i : issues) {
    if (i.severity == Severity::kError) return true;
  }
  return false;
}

std::string JoinErrors(const std::vector<Issue>& issues) {
  std::vector<std::string> parts;
  for (const Issue& i : issues) {
    if (i.severity == Severity::kError) parts.push_back(i.ToString());
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace iameval
