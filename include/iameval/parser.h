// File: iameval/parser.h
// -----------------------------------------------------------------------------
// ParsePolicy: policy JSON text -> Policy, with every problem of the document
// reported at once as an Issue with a JSON pointer and line:column. Grammar
// depends on the policy kind (Principal required or forbidden, RCPs deny-only,
// trust policies without Resource ...). Everything the evaluator would not
// understand is an error here (ruling R9): unknown elements and operators,
// miscased names (R8), malformed values. AWS size quotas are warnings; the
// document size and nesting limits are errors. Condition values are checked
// by the value grammar CompilePolicy compiles with (CheckConditionValue), not
// compiled here; the Policy keeps the position of every principal, resource
// and condition value so the compiler can locate what it rejects.
//
// ParsePolicyFile reads a file first; its issues name the file.
//
// Never throws. Thread safety: pure function (ParsePolicyFile: safe to call
// concurrently; it reads the file system). Lifetime: the result owns its
// data; `json` may be destroyed after the call.
#ifndef IAMEVAL_PARSER_H_
#define IAMEVAL_PARSER_H_

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "iameval/issue.h"
#include "iameval/policy.h"

namespace iameval {

struct ParseOptions {
  // Hard limits (errors). Raise them for unusual inputs.
  size_t max_document_bytes = 1u << 20;
  int max_depth = 32;
  size_t max_statements = 10000;
  // Report AWS size quotas of the kind as warnings.
  bool check_size_quotas = true;
  // Where the text starts in the file it was cut from (a policy inside a
  // test file, a scenario or an account document): every position reported
  // (issues, statements, values) is a position in that file. Columns move
  // only on the text's first line.
  int base_line = 1;
  int base_column = 1;
};

struct ParseResult {
  Policy policy;  // meaningful only when ok()
  std::vector<Issue> issues;
  bool ok() const { return !HasErrors(issues); }
};

ParseResult ParsePolicy(absl::string_view json, PolicyKind kind,
                        const ParseOptions& options = {});

// Reads the policy file at `path` and parses it. Every issue names the file
// (Issue::file = path). A file that cannot be read (missing, a directory,
// unreadable, larger than options.max_document_bytes) is one error issue,
// code FILE_UNREADABLE (DOCUMENT_TOO_LARGE for the size), whose message
// gives the operating system's reason. Never blocks on a FIFO without a
// writer (it reads as empty).
ParseResult ParsePolicyFile(absl::string_view path, PolicyKind kind,
                            const ParseOptions& options = {});

// The same, as a StatusOr whose error message lists every error.
absl::StatusOr<Policy> ParsePolicyOrStatus(absl::string_view json,
                                           PolicyKind kind,
                                           const ParseOptions& options = {});

}  // namespace iameval

#endif  // IAMEVAL_PARSER_H_
