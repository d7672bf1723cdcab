// `iameval lint`: policy documents checked by iameval::LintPolicy (Access
// Analyzer's checks offline, plus iameval's own), printed compiler-style, as
// JSON, or as SARIF 2.1.0 for code scanning.
#include "iameval/lint.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "commands/commands.h"
#include "common.h"
#include "flags.h"
#include "iameval/catalog.h"
#include "iameval/explain.h"
#include "iameval/managed_policies.h"
#include "issue_internal.h"
#include "json/json_writer.h"

#ifndef IAMEVAL_VERSION
#define IAMEVAL_VERSION "unknown"
#endif

namespace iameval::cli {
namespace {

constexpr char kHelp[] =
    R"(Usage: iameval lint [FILE|DIR|-]... [--type KIND] [--format FORMAT]
                   [--fail-on TYPES] [--rules FILE] [--list-checks]

Checks policy documents as IAM Access Analyzer's ValidatePolicy does, offline:
every finding carries Access Analyzer's issue code and finding type (ERROR,
SECURITY_WARNING, WARNING, SUGGESTION); iameval's own checks are prefixed
IAMEVAL_. docs/lint.md lists the checks. A DIR is walked for *.json files; -
reads stdin; an AWS managed policy's ARN reads the vendored copy.

Options:
  --type KIND           how the documents are attached: identity (default),
                        resource, trust, boundary, session, scp, rcp, vpce
  --format FORMAT       text (default): FILE:LINE:COLUMN: TYPE: MESSAGE [CODE]
                        (POINTER), then a summary; json: an array of findings
                        with their spans; aa-json: Access Analyzer's
                        ValidatePolicy response, one line per file; sarif:
                        SARIF 2.1.0 (GitHub code scanning)
  --fail-on TYPES       comma-separated finding types that block (exit 2):
                        default ERROR,SECURITY_WARNING; "none" never blocks
  --rules FILE          the team's rules: suppressions (code, file glob, JSON
                        pointer, reason) and a Sid naming pattern; default
                        .iameval-lint.json in the current directory, if any.
                        Suppressed findings are printed with their reason and
                        never block
  --list-checks         print the registry of checks and exit
  -h, --help            show this help

Exit status: 0 no blocking finding, 2 a blocking finding, 1 an input error (a
file that cannot be read, a rules file that is wrong, a usage error).
)";

constexpr const char* kFormats[] = {"text", "json", "aa-json", "sarif"};

constexpr FlagSpec kFlags[] = {
    BoolFlag("help"),
    StringFlag("type"),
    EnumFlag("format", kFormats,
             "--format must be text, json, aa-json or sarif, not \"$0\""),
    StringFlag("fail-on"),
    BoolFlag("list-checks"),
    StringFlag("rules"),
};

constexpr char kCommand[] = "lint";

// One document to lint.
struct LintInput {
  std::string name;  // as printed and as SARIF's artifact URI
  std::string text;
  bool aws_managed = false;
};

// Reads the command's arguments into documents: "-" is stdin, an AWS
// managed policy ARN the vendored copy, a directory every *.json below it
// (sorted, so output is stable), anything else a file. Problems are printed
// and counted in `*unread`. The one place that touches the file system, so
// that the shared reader of validate/test can replace it.
std::vector<LintInput> ReadLintInputs(absl::Span<const std::string> args,
                                      size_t* unread) {
  std::vector<LintInput> inputs;
  auto add = [&](const std::string& path) {
    absl::StatusOr<PolicyInput> input = ReadPolicyInput(path);
    if (!input.ok()) {
      PrintError(kCommand, input.status().message());
      ++*unread;
      return;
    }
    inputs.push_back(
        {DisplayName(path), std::move(input->text), input->aws_managed});
  };
  // Directories walked like validate's and test's (common.h).
  for (const std::string& path : ExpandDirectories(kCommand, args, unread)) {
    add(path);
  }
  return inputs;
}

struct Result {
  const LintInput* input;
  LintFinding finding;
};

using json::JsonWriter;

void Position(absl::string_view key, const LintPosition& p, int column,
              JsonWriter* w) {
  w->Key(key).BeginObject().Key("line").Int(p.line);
  w->Key("column").Int(column).Key("offset").Uint(p.offset).EndObject();
}

void FindingJson(const Result& r, JsonWriter* w) {
  w->BeginObject().Member("file", r.input->name);
  w->Member("code", r.finding.code);
  w->Member("findingType", LintFindingTypeName(r.finding.type));
  w->Member("message", r.finding.message).Key("locations").BeginArray();
  for (const LintLocation& l : r.finding.locations) {
    w->BeginObject().Member("path", l.path);
    Position("start", l.start, l.start.column, w);
    Position("end", l.end, l.end.column, w);
    w->EndObject();
  }
  w->EndArray();
  if (r.finding.suppressed) {
    w->Key("suppressed").Bool(true);
    w->Member("suppressionReason", r.finding.suppression_reason);
  }
  w->EndObject();
}

std::string FindingText(const Result& r) {
  const LintLocation& l = r.finding.locations.front();
  std::string out = LocatedLine(r.input->name, l.start.line, l.start.column,
                                LintFindingTypeName(r.finding.type),
                                r.finding.message, r.finding.code, l.path);
  if (r.finding.suppressed) {
    absl::StrAppend(&out, " suppressed: ", r.finding.suppression_reason);
  }
  return out;
}

// Access Analyzer's ValidatePolicy response for one document: path
// elements as {"value"} or {"index"}, columns 0-based (lines 1-based,
// offsets 0-based), as the AWS CLI prints them. Suppressed findings are left
// out: Access Analyzer has no such thing.
std::string AaJson(const std::vector<const Result*>& results) {
  auto pos = [](absl::string_view key, const LintPosition& p, JsonWriter* w) {
    Position(key, p, p.column > 0 ? p.column - 1 : 0, w);
  };
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key("findings").BeginArray();
  for (const Result* r : results) {
    if (r->finding.suppressed) continue;
    const LintFindingType t = r->finding.type;
    w.BeginObject().Member("findingDetails", r->finding.message);
    w.Member("findingType", LintFindingTypeName(t));
    w.Member("issueCode", r->finding.code);
    if (!absl::StartsWith(r->finding.code, "IAMEVAL_")) {
      std::string slug = absl::AsciiStrToLower(r->finding.code);
      absl::StrReplaceAll({{"_", "-"}}, &slug);
      const char* type_slug =
          t == LintFindingType::kError             ? "error"
          : t == LintFindingType::kSecurityWarning ? "security-warning"
          : t == LintFindingType::kWarning         ? "general-warning"
                                                   : "suggestion";
      w.Member("learnMoreLink",
               absl::StrCat("https://docs.aws.amazon.com/IAM/latest/"
                            "UserGuide/access-analyzer-reference-policy-"
                            "checks.html#access-analyzer-reference-policy-"
                            "checks-",
                            type_slug, "-", slug));
    }
    w.Key("locations").BeginArray();
    for (const LintLocation& l : r->finding.locations) {
      w.BeginObject().Key("path").BeginArray();
      if (!l.path.empty()) {
        for (absl::string_view token :
             absl::StrSplit(absl::string_view(l.path).substr(1), '/')) {
          std::string t =
              absl::StrReplaceAll(token, {{"~1", "/"}, {"~0", "~"}});
          const bool index = !t.empty() && t.find_first_not_of("0123456789") ==
                                               std::string::npos;
          // An index is written as it stands (digits only), not re-read.
          w.BeginObject();
          if (index) {
            w.Key("index").Raw(t);
          } else {
            w.Member("value", t);
          }
          w.EndObject();
        }
      }
      w.EndArray().Key("span").BeginObject();
      pos("start", l.start, &w);
      pos("end", l.end, &w);
      w.EndObject().EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  out.push_back('\n');
  return out;
}

// SARIF levels: ERROR blocks a merge; security warnings are warnings whose
// severity GitHub reads from the rule's security-severity.
const char* SarifLevel(LintFindingType t) {
  switch (t) {
    case LintFindingType::kError:
      return "error";
    case LintFindingType::kSecurityWarning:
    case LintFindingType::kWarning:
      return "warning";
    case LintFindingType::kSuggestion:
      return "note";
  }
  return "warning";
}

// A stable fingerprint: what the finding is about (file, code, element and
// its text), not where it is, so that edits elsewhere in the file keep it.
std::string Fingerprint(const Result& r) {
  const LintLocation& l = r.finding.locations.front();
  const std::string& text = r.input->text;
  absl::string_view element;
  if (l.end.offset <= text.size() && l.start.offset <= l.end.offset) {
    element = absl::string_view(text).substr(l.start.offset,
                                             l.end.offset - l.start.offset);
  }
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (absl::string_view part :
       {absl::string_view(r.input->name), absl::string_view(r.finding.code),
        absl::string_view(l.path), element}) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string SarifUri(absl::string_view name) {
  if (name == "<stdin>") return "stdin";
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '%' || c == '#' || c == '?') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// SARIF's friendly rule name: "PASS_ROLE_WITH_STAR_IN_RESOURCE" ->
// "PassRoleWithStarInResource" (the id stays the code).
std::string PascalCase(absl::string_view code) {
  std::string out;
  bool upper = true;
  for (char c : code) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? absl::ascii_toupper(static_cast<unsigned char>(c))
                        : absl::ascii_tolower(static_cast<unsigned char>(c)));
    upper = false;
  }
  return out;
}

// The element's text, for SARIF's region snippet.
absl::string_view ElementText(const Result& r) {
  const LintLocation& l = r.finding.locations.front();
  const std::string& text = r.input->text;
  if (l.end.offset > text.size() || l.start.offset > l.end.offset) return "";
  return absl::string_view(text).substr(l.start.offset,
                                        l.end.offset - l.start.offset);
}

std::string Sarif(const std::vector<Result>& results) {
  absl::Span<const LintCheckInfo> checks = LintChecks();
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Break(2).Member("$schema",
                                  "https://json.schemastore.org/"
                                  "sarif-2.1.0.json");
  w.Break(2).Member("version", "2.1.0").Break(2).Key("runs").BeginArray();
  w.BeginObject().Break(4).Key("tool").BeginObject().Key("driver");
  w.BeginObject().Member("name", "iameval").Member("version", IAMEVAL_VERSION);
  w.Key("rules").BeginArray();
  for (const LintCheckInfo& c : checks) {
    w.Break(6).BeginObject().Member("id", c.code);
    w.Member("name", PascalCase(c.code));
    if (absl::string_view(c.code).substr(0, 8) != "IAMEVAL_") {
      w.Member("helpUri",
               "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
               "access-analyzer-reference-policy-checks.html");
    }
    w.Key("shortDescription").BeginObject().Member("text", c.help).EndObject();
    w.Key("fullDescription").BeginObject().Member("text", c.help).EndObject();
    w.Key("help").BeginObject();
    w.Member("text",
             absl::StrCat(c.help, c.approximate ? " (approximate offline; see "
                                                  "docs/lint.md)"
                                                : ""));
    w.EndObject().Key("defaultConfiguration").BeginObject();
    w.Member("level", SarifLevel(c.type)).EndObject();
    w.Key("properties").BeginObject().Key("tags").BeginArray().String(c.family);
    if (c.type == LintFindingType::kSecurityWarning &&
        absl::string_view(c.family) != "security") {
      w.String("security");
    }
    if (c.approximate) w.String("approximate");
    w.EndArray().Member("findingType", LintFindingTypeName(c.type));
    if (c.type == LintFindingType::kSecurityWarning) {
      w.Member("security-severity", "7.0");
    }
    w.EndObject().EndObject();
  }
  w.Break(4).EndArray().EndObject().EndObject();
  w.Break(4).Member("columnKind", "unicodeCodePoints");
  w.Break(4).Key("results").BeginArray();
  for (const Result& r : results) {
    const LintLocation& l = r.finding.locations.front();
    size_t index = 0;
    for (; index < checks.size(); ++index) {
      if (r.finding.code == checks[index].code) break;
    }
    w.Break(6).BeginObject().Member("ruleId", r.finding.code);
    w.Key("ruleIndex").Uint(index).Member("level", SarifLevel(r.finding.type));
    w.Key("message").BeginObject().Member("text", r.finding.message);
    w.EndObject().Key("locations").BeginArray().BeginObject();
    w.Key("physicalLocation").BeginObject().Key("artifactLocation");
    w.BeginObject().Member("uri", SarifUri(r.input->name)).EndObject();
    w.Key("region")
        .BeginObject()
        .Key("startLine")
        .Int(std::max(l.start.line, 1));
    w.Key("startColumn").Int(std::max(l.start.column, 1));
    w.Key("endLine").Int(std::max(l.end.line, 1));
    w.Key("endColumn").Int(std::max(l.end.column, 1));
    // The element as a snippet, when it is short enough to read.
    const absl::string_view snippet = ElementText(r);
    if (!snippet.empty() && snippet.size() <= 512) {
      w.Key("snippet").BeginObject().Member("text", snippet).EndObject();
    }
    w.EndObject().EndObject();
    if (!l.path.empty()) {
      w.Key("logicalLocations").BeginArray().BeginObject();
      w.Member("fullyQualifiedName", l.path).Member("kind", "element");
      w.EndObject().EndArray();
    }
    w.EndObject().EndArray().Key("partialFingerprints").BeginObject();
    w.Member("iamevalFinding/v1", Fingerprint(r)).EndObject();
    if (r.finding.suppressed) {
      w.Key("suppressions").BeginArray().BeginObject();
      w.Member("kind", "external");
      w.Member("justification", r.finding.suppression_reason);
      w.EndObject().EndArray();
    }
    w.EndObject();
  }
  if (!results.empty()) w.Break(4);
  w.EndArray().Break(2).EndObject().EndArray().Break(0).EndObject();
  out.push_back('\n');
  return out;
}

int ListChecks(absl::string_view format) {
  std::string out;
  if (format == "json") {
    JsonWriter w(&out);
    w.BeginArray();
    for (const LintCheckInfo& c : LintChecks()) {
      w.Break(0).BeginObject().Member("code", c.code);
      w.Member("findingType", LintFindingTypeName(c.type));
      w.Member("family", c.family).Key("approximate").Bool(c.approximate);
      w.Member("help", c.help).EndObject();
    }
    w.Break(0).EndArray();
    out.push_back('\n');
  } else {
    for (const LintCheckInfo& c : LintChecks()) {
      absl::StrAppend(&out, c.code, "  ", LintFindingTypeName(c.type), "  ",
                      c.family, c.approximate ? "  approximate" : "", "\n    ",
                      c.help, "\n");
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

int RunLint(absl::Span<const std::string> args) {
  int exit_code = kExitOk;
  std::optional<ParsedFlags> parsed =
      ParseCommandLine(kCommand, kHelp, args, kFlags, &exit_code);
  if (!parsed) return exit_code;
  const ParsedFlags& flags = *parsed;
  const std::string format = flags.Get("format", "text");
  if (flags.Has("list-checks")) {
    if (format != "text" && format != "json") {
      return UsageError(kCommand, "--list-checks prints text or json");
    }
    return ListChecks(format);
  }
  if (flags.positional().empty()) {
    return UsageError(kCommand, "give at least one policy file or directory");
  }
  PolicyKind kind;
  if (!PolicyKindFlag(kCommand, flags, "type", &kind)) {
    return kExitFailure;
  }
  bool blocks[4] = {true, true, false, false};  // by LintFindingType
  if (flags.Has("fail-on")) {
    std::fill(std::begin(blocks), std::end(blocks), false);
    const std::string value = flags.Get("fail-on");
    if (!absl::EqualsIgnoreCase(value, "none")) {
      for (absl::string_view t : absl::StrSplit(value, ',')) {
        std::optional<LintFindingType> type =
            ParseLintFindingType(absl::StripAsciiWhitespace(t));
        if (!type) {
          return UsageError(
              kCommand,
              absl::StrCat("--fail-on takes ERROR, SECURITY_WARNING, WARNING, "
                           "SUGGESTION (comma-separated) or none, not \"",
                           t, "\""));
        }
        blocks[static_cast<int>(*type)] = true;
      }
    }
  }
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  if (!catalog.ok()) {
    PrintError(kCommand, catalog.status().message());
    return kExitFailure;
  }

  // The rules: --rules, else .iameval-lint.json where lint runs.
  std::shared_ptr<const LintRules> rules;
  std::string rules_path = flags.Get("rules");
  if (rules_path.empty()) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(".iameval-lint.json", ec)) {
      rules_path = ".iameval-lint.json";
    }
  }
  if (!rules_path.empty()) {
    absl::StatusOr<std::string> text = ReadInput(rules_path);
    absl::StatusOr<std::shared_ptr<const LintRules>> parsed_rules =
        text.ok()
            ? LintRules::Parse(*text)
            : absl::StatusOr<std::shared_ptr<const LintRules>>(text.status());
    if (!parsed_rules.ok()) {
      PrintError(kCommand, absl::StrCat(DisplayName(rules_path), ": ",
                                        parsed_rules.status().message()));
      return kExitFailure;
    }
    rules = *std::move(parsed_rules);
  }

  size_t unread = 0;
  std::vector<LintInput> inputs = ReadLintInputs(flags.positional(), &unread);
  std::vector<Result> results;
  size_t counts[4] = {0, 0, 0, 0};
  size_t suppressed = 0;
  bool blocked = false;
  for (const LintInput& input : inputs) {
    LintOptions options;
    options.catalog = catalog->get();
    options.rules = rules.get();
    options.file = input.name;
    PolicyInput policy_input{input.text, input.aws_managed};
    options.parse = PolicyParseOptions(policy_input);
    for (LintFinding& f : LintPolicy(input.text, kind, options)) {
      const int t = static_cast<int>(f.type);
      if (f.suppressed) {
        ++suppressed;
      } else {
        ++counts[t];
        blocked |= blocks[t];
      }
      results.push_back({&input, std::move(f)});
    }
  }
  std::string out;
  if (format == "sarif") {
    out = Sarif(results);
  } else if (format == "aa-json") {
    for (const LintInput& input : inputs) {
      std::vector<const Result*> mine;
      for (const Result& r : results) {
        if (r.input == &input) mine.push_back(&r);
      }
      absl::StrAppend(&out, AaJson(mine));
    }
  } else if (format == "json") {
    JsonWriter w(&out);
    w.BeginArray();
    for (const Result& r : results) {
      w.Break(0);
      FindingJson(r, &w);
    }
    if (!results.empty()) w.Break(0);
    w.EndArray();
    out.push_back('\n');
  } else {
    for (const Result& r : results) absl::StrAppend(&out, FindingText(r), "\n");
    auto count = [](size_t n, absl::string_view what) {
      return absl::StrCat(n, " ", what, n == 1 ? "" : "s");
    };
    absl::StrAppend(&out, count(inputs.size(), "file"),
                    unread == 0 ? "" : absl::StrCat(" (", unread, " not read)"),
                    ": ", count(counts[0], "error"), ", ",
                    count(counts[1], "security warning"), ", ",
                    count(counts[2], "warning"), ", ",
                    count(counts[3], "suggestion"), "\n");
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (unread > 0) return kExitFailure;
  return blocked ? kExitDenied : kExitOk;
}

}  // namespace iameval::cli
