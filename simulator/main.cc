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
  validate   check policy documents, as AWS would and against the catalog
  lint       Access Analyzer's policy checks offline (text, JSON, SARIF)
  expand     list the actions an action pattern covers, by access level

Account commands (over get-account-authorization-details output, an
organization file and a resources file; docs/accounts.md):
  can           can PRINCIPAL do ACTION on RESOURCE, and why
  who-can       every principal allowed ACTION on RESOURCE
  what-can      the actions a principal is allowed, by service and level
  assume-paths  the role-assumption graph (text, JSON, Graphviz DOT)
  review        access review per principal (Markdown, CSV)
  escalations   privilege-escalation paths

A policy file may also be named by an AWS managed policy's ARN, such as
arn:aws:iam::aws:policy/ReadOnlyAccess.

Options:
  -h, --help   show this help (iameval COMMAND --help: the command's help)
  --version    show the version

Exit status: 0 allowed / all passed / no errors, 2 denied / a test failed,
1 usage or input error, a policy error (validate) or a pattern that covers
nothing (expand). See docs/cli.md.
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
  if (command == "validate") return iameval::cli::RunValidate(args);
  if (command == "lint") return iameval::cli::RunLint(args);
  if (command == "expand") return iameval::cli::RunExpand(args);
  if (command == "can") return iameval::cli::RunCan(args);
  if (command == "who-can") return iameval::cli::RunWhoCan(args);
  if (command == "what-can") return iameval::cli::RunWhatCan(args);
  if (command == "assume-paths") return iameval::cli::RunAssumePaths(args);
  if (command == "review") return iameval::cli::RunReview(args);
  if (command == "escalations") return iameval::cli::RunEscalations(args);
  std::string message = absl::StrCat("iameval: error: unknown command \"",
                                     command, "\" (see iameval --help)\n");
  std::fputs(message.c_str(), stderr);
  return kExitFailure;
}
