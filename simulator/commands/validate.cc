// `iameval validate`: policy documents checked by iameval::ValidatePolicy
// (the parser's grammar and quotas, then the service catalog), findings
// printed compiler-style or as JSON.
#include "iameval/validate.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands/commands.h"
#include "common.h"
#include "flags.h"
#include "iameval/catalog.h"
#include "iameval/explain.h"
#include "issue_internal.h"
#include "json/json_writer.h"

namespace iameval::cli {
namespace {

constexpr char kHelp[] =
    R"(Usage: iameval validate FILE... [--kind KIND] [--format text|json] [--strict]

Checks policy documents as AWS would (grammar, size quotas) and against the
service catalog (unknown actions and condition keys, patterns that match
nothing, operators that do not suit a key's type, ARNs that fit no resource
type); docs/validation.md lists every check. FILE may be - for stdin, an
AWS managed policy's ARN (arn:aws:iam::aws:policy/ReadOnlyAccess), or a
directory: the *.json files under it, recursively, in sorted order.

Options:
  --kind KIND           how the documents are attached, which decides their
                        grammar: identity (default), resource, trust,
                        boundary, session, scp, rcp, vpce
  --format text|json    text (default): one line per finding, in document
                        order, FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE]
                        (POINTER), then a summary line; json: an array of
                        {file, code, severity, message, pointer, line,
                        column}
  --strict              warnings fail too (suggestions never do)
  -h, --help            show this help

Exit status: 0 no errors (with --strict: no errors or warnings), 1 an error
(AWS would reject the document), a warning under --strict, a file that
cannot be read, or a usage error.
)";

constexpr FlagSpec kFlags[] = {
    {"help"},
    {"kind", true},
    TextOrJsonFormatFlag(),
    {"strict"},
};

constexpr char kCommand[] = "validate";

std::string Count(size_t n, absl::string_view what) {
  return absl::StrCat(n, " ", what, n == 1 ? "" : "s");
}

}  // namespace

int RunValidate(absl::Span<const std::string> args) {
  int exit_code = kExitOk;
  std::optional<ParsedFlags> parsed =
      ParseCommandLine(kCommand, kHelp, args, kFlags, &exit_code);
  if (!parsed) return exit_code;
  const ParsedFlags& flags = *parsed;
  if (flags.positional().empty())
    return UsageError(kCommand, "give at least one policy file");
  const std::string format = flags.Get("format", "text");
  PolicyKind kind;
  if (!PolicyKindFlag(kCommand, flags, "kind", &kind)) {
    return kExitFailure;
  }
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  if (!catalog.ok()) {
    PrintError(kCommand, catalog.status().message());
    return kExitFailure;
  }
  const bool strict = flags.Has("strict");

  size_t unread = 0;
  const std::vector<std::string> paths =
      ExpandDirectories(kCommand, flags.positional(), &unread);
  const size_t directories_unread = unread;
  bool failed = unread > 0;
  size_t counts[3] = {0, 0, 0};  // by Severity
  std::string out;
  // Findings as a JSON array, one a line (an empty array stays "[]").
  json::JsonWriter json_out(&out);
  if (format == "json") json_out.BeginArray();
  for (const std::string& path : paths) {
    absl::StatusOr<PolicyInput> input = ReadPolicyInput(path);
    if (!input.ok()) {
      PrintError(kCommand, input.status().message());
      failed = true;
      ++unread;
      continue;
    }
    ValidateOptions options;
    options.parse = PolicyParseOptions(*input);
    const std::string name = DisplayName(path);
    std::vector<Finding> findings =
        ValidatePolicy(input->text, kind, **catalog, options);
    // ValidatePolicy lists the parser's issues before the catalog's; read
    // as compiler output they go top to bottom (whole-document ones, line
    // 0, first), ties kept in the library's order.
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding& a, const Finding& b) {
                       return std::tie(a.line, a.column) <
                              std::tie(b.line, b.column);
                     });
    for (const Finding& f : findings) {
      ++counts[static_cast<int>(f.severity)];
      failed |= f.severity == Severity::kError ||
                (strict && f.severity == Severity::kWarning);
      if (format == "json") {
        json_out.Break(0);
        WriteIssueJson(name, f, &json_out);
      } else {
        absl::StrAppend(&out, FormatIssue(name, f), "\n");
      }
    }
  }
  if (format == "json") {
    if (counts[0] + counts[1] + counts[2] > 0) json_out.Break(0);
    json_out.EndArray();
    out.push_back('\n');
  } else {
    absl::StrAppend(
        &out, Count(paths.size() - (unread - directories_unread), "file"),
        unread == 0 ? "" : absl::StrCat(" (", unread, " not read)"), ": ",
        Count(counts[static_cast<int>(Severity::kError)], "error"), ", ",
        Count(counts[static_cast<int>(Severity::kWarning)], "warning"), ", ",
        Count(counts[static_cast<int>(Severity::kSuggestion)], "suggestion"),
        "\n");
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return failed ? kExitFailure : kExitOk;
}

}  // namespace iameval::cli
