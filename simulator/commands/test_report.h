// File: simulator/commands/test_report.h
// -----------------------------------------------------------------------------
// The reports of `iameval test` besides its progress lines: JUnit XML, and
// statement coverage as text and JSON.
#ifndef IAMEVAL_SIMULATOR_COMMANDS_TEST_REPORT_H_
#define IAMEVAL_SIMULATOR_COMMANDS_TEST_REPORT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "commands/test_file.h"

namespace iameval::cli {

// One <testsuite> per file, one <testcase> per case; input errors are
// <error>, wrong decisions <failure>.
std::string JUnitXml(const std::vector<FileOutcome>& files);

// `text` with `prefix` before each of its lines.
std::string Indent(absl::string_view text, absl::string_view prefix);

struct CoverageTotals {
  size_t statements = 0;
  size_t applied = 0;
  double percent = 100;  // of statements applied; 100 when there are none
};
CoverageTotals Totals(const Coverage& coverage);

// A percentage as people read it: one decimal, without rounding up to a
// threshold that was not reached.
std::string Percent(double p);

// The coverage summary, and the statements no test applied (or, for a
// Deny, never decided a test alone).
std::string CoverageText(const Coverage& coverage);
// The same as JSON; `min_coverage` is shown when it is not negative.
std::string CoverageJson(const Coverage& coverage, double min_coverage);

}  // namespace iameval::cli

#endif  // IAMEVAL_SIMULATOR_COMMANDS_TEST_REPORT_H_
