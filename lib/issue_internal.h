// File: lib/issue_internal.h
// -----------------------------------------------------------------------------
// The two forms of a located problem (Issue, and lint's findings, which
// carry a finding type instead of a severity): the compiler-style line and
// the JSON object. Every command formats its problems through these.
//
// Not installed, not API.
#ifndef IAMEVAL_LIB_ISSUE_INTERNAL_H_
#define IAMEVAL_LIB_ISSUE_INTERNAL_H_

#include <string>

#include "absl/strings/string_view.h"
#include "iameval/issue.h"
#include "json/json_writer.h"

namespace iameval {

// "FILE:LINE:COLUMN: LABEL: MESSAGE [CODE] (POINTER)"; ":LINE:COLUMN" only
// when `line` > 0, " [CODE]" and " (POINTER)" only when not empty.
// FormatIssue is this with the severity's name as the label.
std::string LocatedLine(absl::string_view file, int line, int column,
                        absl::string_view label, absl::string_view message,
                        absl::string_view code, absl::string_view pointer);

// {"file": F, "code": C, "severity": S, "message": M, "pointer": P,
//  "line": L, "column": C}
void WriteIssueJson(absl::string_view file, const Issue& issue,
                    json::JsonWriter* w);

}  // namespace iameval

#endif  // IAMEVAL_LIB_ISSUE_INTERNAL_H_
