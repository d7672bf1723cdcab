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

}  // namespace iameval::cli

#endif  // IAMEVAL_SIMULATOR_COMMANDS_COMMANDS_H_
