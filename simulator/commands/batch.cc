// `iameval batch`: scenario JSON Lines in, one result line per scenario out,
// in input order, optionally on several threads.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "common.h"
#include "flags.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/scenario.h"

namespace iameval::cli {
namespace {

constexpr char kHelp[] =
    R"(Usage: iameval batch [FILE|-] [--details] [--bundle FILE] [--jobs N]

Decides scenario JSON Lines (docs/formats.md): one scenario per line in,
one result line per scenario out, in input order. FILE defaults to - (stdin).
Blank lines are skipped and produce no output line.

  {"id": "...", "decision": "Allowed"}   or   {"id": "...", "error": "..."}

Options:
  --details        add layer, level, reason, matchedStatements and
                   missingContextKeys to each decision
  --bundle FILE    a scenario-shaped JSON file whose policies every line
                   shares; lines then carry only "id" and "request"
  --jobs N         evaluate on N threads (0: one per core); the output is
                   byte-for-byte the same as with --jobs 1
  -h, --help       show this help

A progress bar is drawn on stderr when stderr is a terminal and FILE is a
file. Exit status: 0 every line decided, 1 some line had an error (its
result line says why) or the input or bundle could not be read.
)";

constexpr FlagSpec kFlags[] = {
    {"help"},
    {"details"},
    {"bundle", true},
    {"jobs", true},
};

constexpr char kCommand[] = "batch";

// Lines per chunk and thread: large enough that starting threads per chunk
// costs nothing measurable, small enough that memory stays flat.
constexpr size_t kLinesPerThread = 512;
constexpr size_t kMaxChunkBytes = 64u << 20;

struct Options {
  bool details = false;
  const PolicyBundle* bundle = nullptr;
};

struct Result {
  std::string text;
  bool error = false;
};

Result Decide(const std::string& line, const Options& options) {
  ScenarioOptions scenario_options;
  scenario_options.shared_bundle = options.bundle;
  ParsedScenario parsed = ParseScenario(line, scenario_options);
  if (!parsed.status.ok()) {
    return {BatchErrorJson(parsed.id, parsed.status.message()), true};
  }
  const Scenario& sc = parsed.scenario;
  // ParseScenario checks a line's own policies against its principal; a
  // shared bundle must pass the same check, so that moving policies into a
  // bundle never changes a result.
  if (options.bundle != nullptr) {
    absl::Status s = options.bundle->Validate(sc.request.principal);
    if (!s.ok()) return {BatchErrorJson(parsed.id, s.message()), true};
  }
  if (!options.details) {
    return {
        BatchResultJson(parsed.id, Evaluate(sc.bundle, sc.request), nullptr),
        false};
  }
  Trace trace;
  Decision d = Evaluate(sc.bundle, sc.request, &trace);
  return {BatchResultJson(parsed.id, d, &trace), false};
}

bool IsBlank(absl::string_view line) {
  return line.find_first_not_of(" \t\r") == absl::string_view::npos;
}

// Reads the bundle file as a scenario. Its "id" and "request" are optional:
// a placeholder role session stands in (it accepts every layer), and the
// resource policy is then read as a resource policy, not a trust policy.
absl::StatusOr<PolicyBundle> LoadBundle(const std::string& path) {
  absl::StatusOr<std::string> text = ReadInput(path);
  if (!text.ok()) return text.status();
  const std::string name = DisplayName(path);
  json::JsonValue root;
  Issue error;
  if (!json::ReadJson(*text, json::ReadOptions(), &root, &error)) {
    return absl::InvalidArgumentError(FormatIssue(name, error));
  }
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        PositionedError(name, *text, root.offset,
                        "a bundle is a JSON object shaped like a scenario"));
  }
  std::string insert;
  if (root.Find("id") == nullptr) insert += "\"id\": \"bundle\", ";
  if (root.Find("request") == nullptr) {
    insert +=
        "\"request\": {\"principal\": "
        "\"arn:aws:sts::000000000000:assumed-role/bundle/bundle\", "
        "\"action\": \"iameval:Bundle\", \"resource\": \"*\"}, ";
  }
  std::string scenario = *text;
  if (!insert.empty()) {
    if (root.members.empty()) insert.resize(insert.size() - 2);  // ", "
    // Inserted on the brace's own line, so line numbers stay those of FILE.
    scenario.insert(root.offset + 1, insert);
  }
  ParsedScenario parsed = ParseScenario(scenario);
  if (!parsed.status.ok()) {
    // "FIELD: MESSAGE (line L, column C)" -> "FILE:L:C: error: FIELD: MESSAGE"
    absl::string_view message = parsed.status.message();
    int line = 0, column = 0;
    size_t at = message.rfind(" (line ");
    if (at != absl::string_view::npos &&
        std::sscanf(std::string(message.substr(at)).c_str(),
                    " (line %d, column %d)", &line, &column) == 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ":", line, ":", column, ": error: ", message.substr(0, at)));
    }
    return absl::InvalidArgumentError(absl::StrCat(name, ": error: ", message));
  }
  for (const Issue& w : parsed.scenario.warnings) {
    std::fprintf(stderr, "%s\n", FormatIssue(name, w).c_str());
  }
  return std::move(parsed.scenario.bundle);
}

class Progress {
 public:
  Progress(bool enabled, uintmax_t total) : enabled_(enabled), total_(total) {}
  void Update(uintmax_t done, size_t lines) {
    if (!enabled_ || total_ == 0) return;
    int percent =
        static_cast<int>(std::min<uintmax_t>(100, done * 100 / total_));
    // Redrawing only when the percentage moves bounds the terminal traffic
    // at 101 updates, however long the input.
    if (percent == last_percent_) return;
    last_percent_ = percent;
    int filled = percent * 30 / 100;
    std::string bar = absl::StrCat("\r[", std::string(filled, '#'),
                                   std::string(30 - filled, '.'), "] ", percent,
                                   "% ", lines, " lines");
    std::fputs(bar.c_str(), stderr);
    std::fflush(stderr);
  }
  void Finish() {
    if (enabled_) std::fputs("\r\x1b[K", stderr);
  }

 private:
  bool enabled_;
  uintmax_t total_;
  int last_percent_ = -1;
};

}  // namespace

int RunBatch(absl::Span<const std::string> args) {
  absl::StatusOr<ParsedFlags> parsed = ParseFlags(args, kFlags);
  auto usage = [](absl::string_view message) {
    PrintError(kCommand, absl::StrCat(message, " (see iameval batch --help)"));
    return kExitFailure;
  };
  if (!parsed.ok()) return usage(parsed.status().message());
  const ParsedFlags& flags = *parsed;
  if (flags.Has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (flags.positional().size() > 1) {
    return usage("give at most one input file");
  }
  const std::string input =
      flags.positional().empty() ? "-" : flags.positional()[0];
  int jobs = 1;
  if (flags.Has("jobs")) {
    if (!absl::SimpleAtoi(flags.Get("jobs"), &jobs) || jobs < 0 ||
        jobs > 1024) {
      return usage(
          absl::StrCat("--jobs must be a number from 0 to 1024, not \"",
                       flags.Get("jobs"), "\""));
    }
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  }

  Options options;
  options.details = flags.Has("details");
  PolicyBundle bundle;
  if (flags.Has("bundle")) {
    if (flags.Get("bundle") == "-" && input == "-") {
      return usage("the bundle and the input cannot both be stdin");
    }
    absl::StatusOr<PolicyBundle> loaded = LoadBundle(flags.Get("bundle"));
    if (!loaded.ok()) {
      if (absl::IsNotFound(loaded.status())) {
        PrintError(kCommand, loaded.status().message());
      } else {
        std::fprintf(stderr, "%s\n",
                     std::string(loaded.status().message()).c_str());
      }
      return kExitFailure;
    }
    bundle = *std::move(loaded);
    options.bundle = &bundle;
  }

  std::ifstream file;
  std::istream* in = &std::cin;
  uintmax_t total_bytes = 0;
  if (input != "-") {
    file.open(input, std::ios::binary);
    if (!file) {
      PrintError(kCommand, absl::StrCat(input, ": cannot open file"));
      return kExitFailure;
    }
    in = &file;
    std::error_code ec;
    total_bytes = std::filesystem::file_size(input, ec);
    if (ec) total_bytes = 0;
  } else {
    std::ios::sync_with_stdio(false);
  }
  Progress progress(input != "-" && IsTerminal(STDERR_FILENO), total_bytes);

  const size_t chunk_lines = kLinesPerThread * static_cast<size_t>(jobs);
  std::vector<std::string> lines;
  std::vector<Result> results;
  std::string out;
  std::string line;
  bool any_error = false;
  bool eof = false;
  uintmax_t bytes_read = 0;
  size_t lines_done = 0;
  while (!eof) {
    lines.clear();
    size_t chunk_bytes = 0;
    while (lines.size() < chunk_lines && chunk_bytes < kMaxChunkBytes) {
      if (!std::getline(*in, line)) {
        eof = true;
        break;
      }
      bytes_read += line.size() + 1;
      if (IsBlank(line)) continue;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      chunk_bytes += line.size();
      lines.push_back(std::move(line));
    }
    if (in->bad()) {
      PrintError(kCommand, absl::StrCat(DisplayName(input), ": read error"));
      return kExitFailure;
    }
    results.assign(lines.size(), Result());
    const size_t threads = std::min<size_t>(jobs, lines.size());
    if (threads <= 1) {
      for (size_t i = 0; i < lines.size(); ++i)
        results[i] = Decide(lines[i], options);
    } else {
      // Each result goes to its line's slot, so the order of the output does
      // not depend on which thread decided what.
      std::atomic<size_t> next{0};
      auto work = [&]() {
        for (size_t i = next++; i < lines.size(); i = next++) {
          results[i] = Decide(lines[i], options);
        }
      };
      std::vector<std::thread> pool;
      for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
      work();
      for (std::thread& t : pool) t.join();
    }
    out.clear();
    for (const Result& r : results) {
      any_error |= r.error;
      out += r.text;
      out.push_back('\n');
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    lines_done += lines.size();
    progress.Update(bytes_read, lines_done);
  }
  progress.Finish();
  std::fflush(stdout);
  return any_error ? kExitFailure : kExitOk;
}

}  // namespace iameval::cli
