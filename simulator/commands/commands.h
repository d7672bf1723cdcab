// File: simulator/commands/commands.h
// -----------------------------------------------------------------------------
// The subcommands of `iameval`. Each takes the arguments after its name,
// writes its output to stdout and its diagnostics to stderr, and returns the
// process exit code (common.h, docs/cli.md).
//
// Thread safety: call from the main thread. Lifetime: n/a.
#ifndef IAMEVAL_SIMULATOR_COMMANDS_COMMANDS_H_
#define IAMEVAL_SIMULATOR_COMMANDS_COMMANDS_H_

#include <string>

#include "absl/types/span.h"

namespace iameval::cli {

int RunSimulate(absl::Span<const std::string> args);
int RunBatch(absl::Span<const std::string> args);
int RunTest(absl::Span<const std::string> args);
int RunExpand(absl::Span<const std::string> args);
int RunValidate(absl::Span<const std::string> args);
int RunLint(absl::Span<const std::string> args);
// Account commands (commands/account.cc).
int RunCan(absl::Span<const std::string> args);
int RunWhoCan(absl::Span<const std::string> args);
int RunWhatCan(absl::Span<const std::string> args);
int RunAssumePaths(absl::Span<const std::string> args);
int RunReview(absl::Span<const std::string> args);
int RunEscalations(absl::Span<const std::string> args);

}  // namespace iameval::cli

#endif  // IAMEVAL_SIMULATOR_COMMANDS_COMMANDS_H_
