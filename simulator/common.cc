#include "common.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "iameval/managed_policies.h"
#include "iameval/parser.h"
#include "io/read_file.h"
#include "issue_internal.h"
#include "scenario_json.h"

namespace iameval::cli {

void PrintError(absl::string_view command, absl::string_view message) {
  std::string line =
      absl::StrCat("iameval ", command, ": error: ", message, "\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void PrintWarning(absl::string_view command, absl::string_view message) {
  std::string line =
      absl::StrCat("iameval ", command, ": warning: ", message, "\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

int UsageError(absl::string_view command, absl::string_view message) {
  PrintError(command,
             absl::StrCat(message, " (see iameval ", command, " --help)"));
  return kExitFailure;
}

bool PolicyKindFlag(absl::string_view command, const ParsedFlags& flags,
                    const std::string& flag, PolicyKind* kind) {
  struct KindName {
    const char* name;
    PolicyKind kind;
  };
  static constexpr KindName kKinds[] = {
      {"identity", PolicyKind::kIdentity}, {"resource", PolicyKind::kResource},
      {"trust", PolicyKind::kTrust},       {"boundary", PolicyKind::kBoundary},
      {"session", PolicyKind::kSession},   {"scp", PolicyKind::kScp},
      {"rcp", PolicyKind::kRcp},           {"vpce", PolicyKind::kVpcEndpoint},
  };
  const std::string name = flags.Get(flag, "identity");
  std::vector<std::string> names;
  for (const KindName& k : kKinds) {
    if (name == k.name) {
      *kind = k.kind;
      return true;
    }
    names.push_back(k.name);
  }
  UsageError(command,
             absl::StrCat("--", flag, " must be one of ",
                          absl::StrJoin(names, ", "), ", not \"", name, "\""));
  return false;
}

std::optional<ParsedFlags> ParseCommandLine(absl::string_view command,
                                            absl::string_view help,
                                            absl::Span<const std::string> args,
                                            absl::Span<const FlagSpec> specs,
                                            int* exit_code) {
  absl::StatusOr<ParsedFlags> parsed = ParseFlags(args, specs);
  if (!parsed.ok()) {
    *exit_code = UsageError(command, parsed.status().message());
    return std::nullopt;
  }
  if (parsed->Has("help")) {
    std::fwrite(help.data(), 1, help.size(), stdout);
    *exit_code = kExitOk;
    return std::nullopt;
  }
  return *std::move(parsed);
}

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    // A status too: the second reader of an empty stdin gets the same error.
    static std::optional<absl::StatusOr<std::string>> stdin_text;
    if (!stdin_text) {
      stdin_text = io::ReadDescriptor(STDIN_FILENO, DisplayName(path));
      // Nothing at all on stdin is a pipeline whose producer failed or a
      // forgotten redirection, never a document or a scenario list.
      if (stdin_text->ok() && (*stdin_text)->empty()) {
        stdin_text = absl::FailedPreconditionError(
            absl::StrCat(DisplayName(path), ": cannot read: stdin is empty"));
      }
    }
    return *stdin_text;
  }
  return io::ReadFile(path);
}

std::vector<std::string> ExpandDirectories(absl::string_view command,
                                           absl::Span<const std::string> paths,
                                           size_t* unreadable) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path == "-" || !fs::is_directory(path, ec)) {
      out.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        ec.clear();
        continue;
      }
      std::error_code type_ec;
      if (name.size() > 5 && absl::EndsWith(name, ".json") &&
          !it->is_directory(type_ec)) {
        found.push_back(it->path().generic_string());
      }
    }
    if (ec) {
      PrintError(command, io::ReadError(path, ec.value()).message());
      ++*unreadable;
      continue;
    }
    if (found.empty()) {
      PrintError(command,
                 absl::StrCat(path, ": no *.json file in the directory"));
      ++*unreadable;
      continue;
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::string DisplayName(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

absl::StatusOr<PolicyInput> ReadPolicyInput(const std::string& path_or_arn) {
  PolicyInput input;
  if (IsAwsManagedPolicyArn(path_or_arn)) {
    absl::StatusOr<std::string> document = ManagedPolicyDocument(path_or_arn);
    if (!document.ok()) return document.status();
    input.text = *std::move(document);
    input.aws_managed = true;
    return input;
  }
  absl::StatusOr<std::string> text = ReadInput(path_or_arn);
  if (!text.ok()) return text.status();
  input.text = *std::move(text);
  return input;
}

ParseOptions PolicyParseOptions(const PolicyInput& input) {
  ParseOptions options;
  options.check_size_quotas = !input.aws_managed;
  return options;
}

bool IsTerminal(int fd) { return isatty(fd) == 1; }

bool StdoutWantsColor() {
  return IsTerminal(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

absl::StatusOr<PolicyRef> CompilePolicyText(absl::string_view text,
                                            PolicyKind kind,
                                            absl::string_view file,
                                            absl::string_view policy_id,
                                            const TextOrigin& origin,
                                            const ParseOptions& options) {
  // Positions (issues, and the statement lines explanations cite) are
  // those of the file.
  ParseOptions located = options;
  located.base_line = origin.line;
  located.base_column = origin.column;
  ParseResult result = ParsePolicy(text, kind, located);
  int errors = 0;
  for (Issue& issue : result.issues) {
    issue.pointer = origin.pointer_prefix + issue.pointer;
    errors += issue.severity == Severity::kError;
    std::string line = FormatIssue(file, issue) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  if (errors > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": ", errors, errors == 1 ? " error" : " errors",
                     " in the ", PolicyKindName(kind), " policy"));
  }
  CompileOptions compile;
  compile.policy_id = std::string(policy_id);
  absl::StatusOr<PolicyRef> compiled = CompilePolicy(result.policy, compile);
  if (!compiled.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": ", compiled.status().message()));
  }
  return compiled;
}

absl::Status AddContextFlag(absl::string_view flag, RequestContext* context) {
  size_t eq = flag.find('=');
  if (eq == absl::string_view::npos || eq == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--context \"", flag, "\": expected KEY=VALUE or KEY=V1,V2"));
  }
  absl::string_view key = flag.substr(0, eq);
  absl::string_view raw = flag.substr(eq + 1);
  std::vector<std::string> values(1);
  bool list = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\') {
      if (i + 1 >= raw.size()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--context \"", flag,
            "\": a trailing backslash escapes nothing (write \\\\ for a "
            "backslash)"));
      }
      values.back().push_back(raw[++i]);
    } else if (c == ',') {
      list = true;
      values.emplace_back();
    } else {
      values.back().push_back(c);
    }
  }
  if (list) {
    context->SetList(key, std::move(values));
  } else {
    context->Set(key, std::move(values[0]));
  }
  return absl::OkStatus();
}

namespace {
std::string Positioned(absl::string_view file, absl::string_view text,
                       uint32_t offset, absl::string_view severity,
                       absl::string_view message) {
  int line = 0, column = 0;
  json::OffsetToLineColumn(text, offset, &line, &column);
  return LocatedLine(file, line, column, severity, message, "", "");
}
}  // namespace

std::string PositionedError(absl::string_view file, absl::string_view text,
                            uint32_t offset, absl::string_view message) {
  return Positioned(file, text, offset, "error", message);
}

std::string PositionedWarning(absl::string_view file, absl::string_view text,
                              uint32_t offset, absl::string_view message) {
  return Positioned(file, text, offset, "warning", message);
}

absl::Status AddContextJson(const json::JsonValue& object,
                            absl::string_view text, absl::string_view file,
                            RequestContext* context) {
  std::optional<JsonProblem> p = ContextFromJson(object, "context", context);
  if (!p) return absl::OkStatus();
  return absl::InvalidArgumentError(PositionedError(
      file, text, p->offset, absl::StrCat(p->field, ": ", p->message)));
}

}  // namespace iameval::cli
