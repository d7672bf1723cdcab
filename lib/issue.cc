// Issue (iameval/issue.h) and its two formats (issue_internal.h).
#include "iameval/issue.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "issue_internal.h"

namespace iameval {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kSuggestion:
      return "suggestion";
  }
  return "warning";
}

std::string Issue::ToString() const {
  std::string where = file.empty() ? "" : absl::StrCat(file, ": ");
  absl::StrAppend(&where, pointer.empty() ? "(document)" : pointer);
  if (line > 0) {
    absl::StrAppend(&where, " (line ", line, ", column ", column, ")");
  }
  // An error needs no label: JoinErrors joins only errors.
  return absl::StrCat(where, ": ",
                      severity == Severity::kError
                          ? ""
                          : absl::StrCat(SeverityName(severity), ": "),
                      message, " [", code, "]");
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

std::string LocatedLine(absl::string_view file, int line, int column,
                        absl::string_view label, absl::string_view message,
                        absl::string_view code, absl::string_view pointer) {
  std::string out(file);
  if (line > 0) absl::StrAppend(&out, ":", line, ":", column);
  absl::StrAppend(&out, ": ", label, ": ", message);
  if (!code.empty()) absl::StrAppend(&out, " [", code, "]");
  if (!pointer.empty()) absl::StrAppend(&out, " (", pointer, ")");
  return out;
}

std::string FormatIssue(absl::string_view file, const Issue& issue) {
  return LocatedLine(file, issue.line, issue.column,
                     SeverityName(issue.severity), issue.message, issue.code,
                     issue.pointer);
}

void WriteIssueJson(absl::string_view file, const Issue& issue,
                    json::JsonWriter* w) {
  w->BeginObject().Member("file", file).Member("code", issue.code);
  w->Member("severity", SeverityName(issue.severity));
  w->Member("message", issue.message).Member("pointer", issue.pointer);
  w->Key("line").Int(issue.line).Key("column").Int(issue.column);
  w->EndObject();
}

}  // namespace iameval
