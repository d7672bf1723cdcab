// Reports of `iameval test`: JUnit XML and coverage (test_report.h).
#include "commands/test_report.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "iameval/policy.h"
#include "json/json_writer.h"

namespace iameval::cli {
namespace {

// XML 1.0 text: the five entities, and no control characters other than
// tab, newline and carriage return (they are not allowed at all).
std::string XmlEscape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' &&
            c != '\r') {
          break;
        }
        out.push_back(c);
    }
  }
  return out;
}

std::string StatementName(const StatementCoverage& s) {
  return absl::StrCat(s.effect == Effect::kDeny ? "Deny" : "Allow",
                      " statement ", s.index,
                      s.sid.empty() ? "" : absl::StrCat(" Sid \"", s.sid, "\""),
                      " (line ", s.line, ")");
}

}  // namespace

std::string JUnitXml(const std::vector<FileOutcome>& files) {
  size_t tests = 0, failures = 0, errors = 0;
  std::string suites;
  for (const FileOutcome& f : files) {
    size_t t = 0, fl = 0, er = 0;
    double seconds = 0;
    std::string cases;
    const std::string cls = XmlEscape(f.path);
    if (!f.error.empty()) {
      t = er = 1;
      absl::StrAppend(&cases, "    <testcase classname=\"", cls,
                      "\" name=\"(test file)\" file=\"", cls,
                      "\">\n      <error message=\"", XmlEscape(f.error),
                      "\" type=\"InputError\"/>\n", "    </testcase>\n");
    }
    for (const TestOutcome& o : f.tests) {
      ++t;
      seconds += o.seconds;
      absl::StrAppend(&cases, "    <testcase classname=\"", cls, "\" name=\"",
                      XmlEscape(o.name), "\" file=\"", cls, "\" line=\"",
                      o.line, "\" time=\"", absl::StrFormat("%.6f", o.seconds),
                      "\"");
      if (o.passed) {
        absl::StrAppend(&cases, "/>\n");
        continue;
      }
      const char* element = o.error ? "error" : "failure";
      (o.error ? er : fl) += 1;
      absl::StrAppend(
          &cases, ">\n      <", element, " message=\"", XmlEscape(o.message),
          "\" type=\"", o.error ? "InputError" : "DecisionMismatch", "\">",
          XmlEscape(o.details), "</", element, ">\n    </testcase>\n");
    }
    absl::StrAppend(&suites, "  <testsuite name=\"", cls, "\" tests=\"", t,
                    "\" failures=\"", fl, "\" errors=\"", er, "\" time=\"",
                    absl::StrFormat("%.6f", seconds), "\">\n", cases,
                    "  </testsuite>\n");
    tests += t;
    failures += fl;
    errors += er;
  }
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                      "<testsuites name=\"iameval\" tests=\"", tests,
                      "\" failures=\"", failures, "\" errors=\"", errors,
                      "\">\n", suites, "</testsuites>\n");
}

std::string Indent(absl::string_view text, absl::string_view prefix) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == absl::string_view::npos) end = text.size();
    absl::StrAppend(&out, prefix, text.substr(start, end - start), "\n");
    start = end + 1;
  }
  return out;
}

CoverageTotals Totals(const Coverage& coverage) {
  CoverageTotals t;
  for (const auto& [id, policy] : coverage) {
    for (const StatementCoverage& s : policy.statements) {
      ++t.statements;
      t.applied += s.applied;
    }
  }
  if (t.statements > 0) {
    t.percent = 100.0 * static_cast<double>(t.applied) /
                static_cast<double>(t.statements);
  }
  return t;
}

std::string Percent(double p) {
  return absl::StrFormat("%.1f%%", std::floor(p * 10) / 10);
}

std::string CoverageText(const Coverage& coverage) {
  const CoverageTotals t = Totals(coverage);
  std::string out = absl::StrCat(
      "\nCoverage: ", t.applied, " of ", t.statements,
      " statements applied in some test (", Percent(t.percent), ")\n");
  for (const auto& [id, policy] : coverage) {
    size_t applied = 0;
    for (const StatementCoverage& s : policy.statements) applied += s.applied;
    absl::StrAppend(&out, "  ", id, ": ", applied, " of ",
                    policy.statements.size(), "\n");
    for (const StatementCoverage& s : policy.statements) {
      if (!s.applied) {
        absl::StrAppend(&out, "    never applied: ", StatementName(s), "\n");
      } else if (s.effect == Effect::kDeny && !s.decided) {
        absl::StrAppend(
            &out, "    never alone denied a test: ", StatementName(s), "\n");
      }
    }
  }
  return out;
}

std::string CoverageJson(const Coverage& coverage, double min_coverage) {
  const CoverageTotals t = Totals(coverage);
  std::string out;
  json::JsonWriter w(&out);
  auto statement = [&w](const StatementCoverage& s) {
    w.BeginObject().Key("index").Int(s.index).Key("sid");
    if (s.sid.empty()) {
      w.Null();
    } else {
      w.String(s.sid);
    }
    w.Member("effect", s.effect == Effect::kDeny ? "Deny" : "Allow");
    w.Key("line").Int(s.line).EndObject();
  };
  w.BeginObject().Key("statements").Uint(t.statements);
  w.Key("applied").Uint(t.applied);
  // One decimal, rounded down: 99.95% must not read as 100.0.
  w.Key("percent").Raw(
      absl::StrFormat("%.1f", std::floor(t.percent * 10) / 10));
  if (min_coverage >= 0) w.Key("minCoverage").Raw(absl::StrCat(min_coverage));
  w.Break(2).Key("policies").BeginArray();
  for (const auto& [id, policy] : coverage) {
    size_t applied = 0;
    for (const StatementCoverage& s : policy.statements) applied += s.applied;
    w.Break(4).BeginObject().Member("policy", id);
    w.Key("statements").Uint(policy.statements.size());
    w.Key("applied").Uint(applied);
    w.Break(5).Key("neverApplied").BeginArray();
    for (const StatementCoverage& s : policy.statements) {
      if (!s.applied) statement(s);
    }
    w.EndArray().Break(5).Key("denyNeverDecided").BeginArray();
    for (const StatementCoverage& s : policy.statements) {
      if (s.applied && s.effect == Effect::kDeny && !s.decided) statement(s);
    }
    w.EndArray().EndObject();
  }
  w.Break(2).EndArray().EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace iameval::cli
