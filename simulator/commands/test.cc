// `iameval test`: policy unit tests. A test file (docs/formats.md) is a
// scenario template: policies by path or inline, a default request, and a
// list of tests that each complete the request, may replace policies, and
// state the expected decision.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "commands/commands.h"
#include "commands/test_file.h"
#include "commands/test_report.h"
#include "common.h"
#include "flags.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/managed_policies.h"
#include "iameval/scenario.h"
#include "json/json_writer.h"
#include "request_checks.h"
#include "scenario_json.h"

namespace iameval::cli {
namespace {

constexpr char kHelp[] =
    R"(Usage: iameval test FILE... [--junit FILE] [--strict]
                    [--coverage] [--coverage-json FILE] [--min-coverage PERCENT]

Runs policy unit tests: each FILE is a JSON test file (docs/formats.md)
naming policies by path (relative to the test file), by AWS managed policy
ARN (arn:aws:iam::aws:policy/ReadOnlyAccess) or inline, a default request,
and tests with the decision they expect ("Denied" accepts either kind of
deny; "actions" and "resources" make one test per action and resource).
Prints one line per test (a check mark or a cross), FILE:LINE:COLUMN and
the explanation of every failure, and a summary line "N passed, N failed".
Every problem of a test file is reported; the tests without one still run.
Requests are checked against the service catalog: unknown actions, ARNs
that are none of the action's resource types and context values not of
their key's type are warnings on stderr.

Options:
  --junit FILE            also write a JUnit XML report to FILE
  --strict                make those request warnings errors: the test fails
                          with an input error
  --coverage              after the summary, list the statements of the
                          tests' policies that no test applied, and the Deny
                          statements that never alone denied a test
  --coverage-json FILE    write that coverage report as JSON to FILE
  --min-coverage PERCENT  fail (exit 2) when fewer than PERCENT of the
                          statements applied in some test
  -h, --help              show this help

Exit status: 0 every test passed, 2 some test failed (or the coverage is
below --min-coverage), 1 an input error (a test file, policy or request
that cannot be read; such tests count as failed).
)";

constexpr FlagSpec kFlags[] = {
    {"help"},     {"junit", true},         {"strict"},
    {"coverage"}, {"coverage-json", true}, {"min-coverage", true},
};

constexpr char kCommand[] = "test";

using json::JsonMember;
using json::JsonValue;

}  // namespace

int RunTest(absl::Span<const std::string> args) {
  int exit_code = kExitOk;
  std::optional<ParsedFlags> parsed =
      ParseCommandLine(kCommand, kHelp, args, kFlags, &exit_code);
  if (!parsed) return exit_code;
  const ParsedFlags& flags = *parsed;
  if (flags.positional().empty())
    return UsageError(kCommand, "give at least one test file");
  double min_coverage = -1;
  if (flags.Has("min-coverage")) {
    if (!absl::SimpleAtod(flags.Get("min-coverage"), &min_coverage) ||
        !(min_coverage >= 0 && min_coverage <= 100)) {
      return UsageError(
          kCommand,
          absl::StrCat("--min-coverage must be a percentage from 0 to 100, "
                       "not \"",
                       flags.Get("min-coverage"), "\""));
    }
  }
  const bool coverage_wanted =
      flags.Has("coverage") || flags.Has("coverage-json") || min_coverage >= 0;
  const Catalog* catalog = CatalogForChecks(kCommand);

  const bool color = StdoutWantsColor();
  auto paint = [&](const char* style, absl::string_view text) {
    return color ? absl::StrCat(style, text, "\x1b[0m") : std::string(text);
  };
  std::vector<FileOutcome> files;
  size_t passed = 0, failed = 0;
  Coverage coverage;
  size_t unreadable = 0;
  const std::vector<std::string> paths =
      ExpandDirectories(kCommand, flags.positional(), &unreadable);
  bool input_error = unreadable > 0;
  std::string out;
  for (const std::string& path : paths) {
    FileOutcome& f = files.emplace_back();
    f.path = DisplayName(path);
    if (!out.empty()) out.push_back('\n');
    absl::StrAppend(&out, f.path, "\n");
    absl::StatusOr<std::string> text = ReadInput(path);
    std::vector<std::string> errors;
    std::optional<TestFile> file;
    if (!text.ok()) {
      // "PATH: error: cannot read: REASON", like the other lines here.
      errors.push_back(absl::StrCat(
          f.path, ": error: ",
          absl::StripPrefix(text.status().message(), f.path + ": ")));
    } else {
      file.emplace(f.path, *std::move(text), catalog, flags.Has("strict"),
                   coverage_wanted);
      if (!file->Load(&errors)) file.reset();
    }
    if (!file) {
      // A file that runs no test still counts as one failure, so that the
      // summary never says "0 failed" of a run that failed.
      ++failed;
      input_error = true;
      for (const std::string& error : errors) {
        std::fprintf(stderr, "%s\n", error.c_str());
        absl::StrAppend(&out, "  ", paint("\x1b[31m", "\u2717"), " ", error,
                        "\n");
      }
      f.error = absl::StrJoin(errors, "; ");
      continue;
    }
    for (size_t i = 0; i < file->cases().size(); ++i) {
      const auto start = std::chrono::steady_clock::now();
      TestOutcome o = file->Run(i, color);
      o.seconds = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
      if (o.passed) {
        ++passed;
        absl::StrAppend(&out, "  ", paint("\x1b[32m", "\u2713"), " ", o.name,
                        "\n");
      } else {
        ++failed;
        input_error |= o.error;
        absl::StrAppend(&out, "  ", paint("\x1b[31m", "\u2717"), " ", o.name,
                        "\n");
        for (const std::string& line : o.located) {
          absl::StrAppend(&out, "      ", line, "\n");
        }
        if (!o.details.empty()) {
          absl::StrAppend(&out, Indent(o.details_for_terminal, "      | "));
        }
      }
      f.tests.push_back(std::move(o));
    }
    if (coverage_wanted) file->AddCoverage(&coverage);
  }
  absl::StrAppend(&out, "\n", passed, " passed, ", failed, " failed\n");
  bool coverage_low = false;
  if (coverage_wanted) {
    if (flags.Has("coverage") || min_coverage >= 0) {
      absl::StrAppend(&out, CoverageText(coverage));
    }
    coverage_low = min_coverage >= 0 && Totals(coverage).percent < min_coverage;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (coverage_low) {
    PrintError(
        kCommand,
        absl::StrCat("statement coverage ", Percent(Totals(coverage).percent),
                     " is below --min-coverage ", min_coverage, "%"));
  }

  if (flags.Has("junit")) {
    const std::string junit_path = flags.Get("junit");
    std::ofstream junit(junit_path, std::ios::binary | std::ios::trunc);
    std::string xml = JUnitXml(files);
    junit << xml;
    junit.close();
    if (!junit) {
      PrintError(kCommand,
                 absl::StrCat(junit_path, ": cannot write the JUnit report"));
      return kExitFailure;
    }
  }
  if (flags.Has("coverage-json")) {
    const std::string json_path = flags.Get("coverage-json");
    std::ofstream json_file(json_path, std::ios::binary | std::ios::trunc);
    json_file << CoverageJson(coverage, min_coverage);
    json_file.close();
    if (!json_file) {
      PrintError(kCommand,
                 absl::StrCat(json_path, ": cannot write the coverage report"));
      return kExitFailure;
    }
  }
  if (input_error) return kExitFailure;
  return failed > 0 || coverage_low ? kExitDenied : kExitOk;
}

}  // namespace iameval::cli
