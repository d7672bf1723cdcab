// File: simulator/common.h
// -----------------------------------------------------------------------------
// What the subcommands share: exit codes, reading inputs (a path or "-" for
// stdin), compiler-style diagnostics for policy issues, terminal detection
// for colour and progress, and reading request context from flags or JSON.
//
// Thread safety: call from the main thread only (stdin is read once and
// cached). Lifetime: results own their data.
#ifndef IAMEVAL_SIMULATOR_COMMON_H_
#define IAMEVAL_SIMULATOR_COMMON_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "flags.h"
#include "iameval/compiled_policy.h"
#include "iameval/issue.h"
#include "iameval/parser.h"
#include "iameval/policy.h"
#include "iameval/request.h"
#include "json/json_reader.h"

namespace iameval::cli {

// Exit codes of every subcommand (docs/cli.md).
inline constexpr int kExitOk = 0;       // allowed / all passed / all lines ok
inline constexpr int kExitFailure = 1;  // usage or input error
inline constexpr int kExitDenied = 2;   // a denied row / a failed test

// "iameval COMMAND: error: MESSAGE" on stderr.
void PrintError(absl::string_view command, absl::string_view message);
// "iameval COMMAND: warning: MESSAGE" on stderr.
void PrintWarning(absl::string_view command, absl::string_view message);

// "iameval COMMAND: error: MESSAGE (see iameval COMMAND --help)" on stderr;
// returns the exit status of a usage error.
int UsageError(absl::string_view command, absl::string_view message);

// The start every subcommand shares: parses `args` against `specs`. Returns
// nullopt when the command is already done, with its exit status in
// `*exit_code`: --help printed `help` (0), or a flag was wrong (usage
// error, 1).
std::optional<ParsedFlags> ParseCommandLine(absl::string_view command,
                                            absl::string_view help,
                                            absl::Span<const std::string> args,
                                            absl::Span<const FlagSpec> specs,
                                            int* exit_code);

// A policy-kind flag (`--kind` of validate, `--type` of lint): identity,
// resource, trust, boundary, session, scp, rcp or vpce, default identity. On
// any other value prints a usage error naming `flag` and returns false.
bool PolicyKindFlag(absl::string_view command, const ParsedFlags& flags,
                    const std::string& flag, PolicyKind* kind);

// The whole file; "-" reads stdin (once: later reads return the same text).
// Fails with "PATH: cannot read: REASON" (io/read_file.h) for a directory,
// a missing or unreadable file, or an empty stdin.
absl::StatusOr<std::string> ReadInput(const std::string& path);

// The files named on a command line, with each directory replaced by the
// *.json files under it, recursively, in sorted order (entries whose names
// start with "." are skipped; symbolic links to directories are not
// followed). A directory that cannot be walked or holds no *.json file is
// reported on stderr ("iameval COMMAND: error: DIR: ...") and counted in
// `*unreadable`; other paths are kept as they are, to be read later.
std::vector<std::string> ExpandDirectories(absl::string_view command,
                                           absl::Span<const std::string> paths,
                                           size_t* unreadable);

// Name used in messages and explanations for a path ("-" is "<stdin>").
std::string DisplayName(const std::string& path);

// A policy argument: an AWS managed policy's ARN
// ("arn:aws:iam::aws:policy/ReadOnlyAccess", with its path where it has one,
// "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess") is read from the
// vendored list (iameval/managed_policies.h); anything else is a path, "-"
// for stdin.
struct PolicyInput {
  std::string text;
  bool aws_managed = false;
};
absl::StatusOr<PolicyInput> ReadPolicyInput(const std::string& path_or_arn);

// How a policy is parsed: AWS managed policies are AWS's own documents, not
// bound by the size quotas of customer policies (ReadOnlyAccess is several
// times the 6,144-character quota), so the quota warnings are left out.
ParseOptions PolicyParseOptions(const PolicyInput& input);

bool IsTerminal(int fd);
// Colour on stdout: only for a terminal, and never when NO_COLOR is set.
bool StdoutWantsColor();

// Where a policy's text starts inside its file, so that the positions in
// messages and explanations are those of the file, not of the fragment.
struct TextOrigin {
  int line = 1;
  int column = 1;
  std::string pointer_prefix;  // JSON pointer of the policy in its file
};

// Parses and compiles one policy document. Every issue (errors and
// warnings) is printed to stderr in compiler style. Fails when there was an
// error; the message then only counts them (they are already printed).
absl::StatusOr<PolicyRef> CompilePolicyText(absl::string_view text,
                                            PolicyKind kind,
                                            absl::string_view file,
                                            absl::string_view policy_id,
                                            const TextOrigin& origin = {},
                                            const ParseOptions& options = {});

// `--context KEY=VALUE`: VALUE is split at unescaped commas into a
// multi-valued key; "\," is a literal comma and "\\" a literal backslash.
absl::Status AddContextFlag(absl::string_view flag, RequestContext* context);

// A JSON object of context keys, as in a scenario's "context": values are
// strings (numbers and booleans are taken as their text) or arrays of them.
// A key given twice in the object (case-insensitively) is an error.
absl::Status AddContextJson(const json::JsonValue& object,
                            absl::string_view text, absl::string_view file,
                            RequestContext* context);

// "FILE:LINE:COLUMN: error: MESSAGE" for a position inside `text`.
std::string PositionedError(absl::string_view file, absl::string_view text,
                            uint32_t offset, absl::string_view message);
// The same with "warning:".
std::string PositionedWarning(absl::string_view file, absl::string_view text,
                              uint32_t offset, absl::string_view message);

}  // namespace iameval::cli

#endif  // IAMEVAL_SIMULATOR_COMMON_H_
