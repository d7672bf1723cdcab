// File: iameval/issue.h
// -----------------------------------------------------------------------------
// Issue: one problem found in an input document (a policy, a scenario, an
// account file), located by JSON pointer and line:column so a person can find
// it and a tool can underline it.
//
// Thread safety: plain value type. Lifetime: owns its strings.
#ifndef IAMEVAL_ISSUE_H_
#define IAMEVAL_ISSUE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace iameval {

enum class Severity {
  kError,       // AWS would reject the document, or the engine cannot
                // evaluate it.
  kWarning,     // AWS accepts it but it is likely wrong (size quota, lint).
  kSuggestion,  // works, but is fragile or unusual (ValidatePolicy only)
};

// "error", "warning", "suggestion".
const char* SeverityName(Severity severity);

struct Issue {
  Severity severity = Severity::kError;
  // Stable upper-snake identifier, e.g. "UNKNOWN_OPERATOR".
  std::string code;
  std::string message;
  // RFC 6901 JSON pointer into the document ("" is the whole document).
  std::string pointer;
  int line = 0;    // 1-based; 0 when unknown.
  int column = 0;  // 1-based, in bytes; 0 when unknown.
  // The file the document was read from; "" for text given in memory. Set
  // by the file entry points (ParsePolicyFile, LoadPolicyFile).
  std::string file;

  // "/Statement/0/Effect (line 3, column 14): MESSAGE [INVALID_EFFECT]",
  // after "FILE: " when `file` is set; "warning: " or "suggestion: " before
  // the message of an issue that is not an error.
  std::string ToString() const;
};

// The compiler form every command prints:
// "FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE] (POINTER)", without the line
// and column when they are unknown, the code and pointer when empty.
// `file` is the name to show (the caller's, e.g. relative to the working
// directory), not `issue.file`.
std::string FormatIssue(absl::string_view file, const Issue& issue);

// True if any issue has Severity::kError.
bool HasErrors(const std::vector<Issue>& issues);

// Joins the error-severity issues into one message (for absl::Status).
std::string JoinErrors(const std::vector<Issue>& issues);

}  // namespace iameval

#endif  // IAMEVAL_ISSUE_H_
