// The `iameval` command: dispatches to a subcommand (commands/).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "common.h"

#ifndef IAMEVAL_VERSION
#define IAMEVAL_VERSION "unknown"
#endif

namespace {

constexpr char kHelp[] = R"(Usage: iameval COMMAND [OPTIONS]

Decides AWS IAM authorization requests offline.

Commands:
  simulate   decide one request from flags and policy files, and explain it
  batch      decide scenario JSON Lines, one result line per input line
  test       run policy unit tests (JSON test files)

Options:
  -h, --help   show this help (iameval COMMAND --help: the command's help)
  --version    show the version

Exit status: 0 allowed / all passed, 2 denied / a test failed, 1 usage or
input error. See docs/cli.md.
)";

}  // namespace

int main(int argc, char** argv) {
  using iameval::cli::kExitFailure;
  using iameval::cli::kExitOk;
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return kExitFailure;
  }
  const std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (command == "--version") {
    std::printf("iameval %s\n", IAMEVAL_VERSION);
    return kExitOk;
  }
  if (command == "simulate") return iameval::cli::RunSimulate(args);
  if (command == "batch") return iameval::cli::RunBatch(args);
  if (command == "test") return iameval::cli::RunTest(args);
  std::string message = absl::StrCat("iameval: error: unknown command \"",
                                     command, "\" (see iameval --help)\n");
  std::fputs(message.c_str(), stderr);
  return kExitFailure;
}
