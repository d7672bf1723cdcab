// `iameval batch`: scenario JSON Lines in, one result line per scenario out,
// in input order, optionally on several threads.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands/commands.h"
#include "common.h"
#include "flags.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/scenario.h"
#include "io/read_file.h"
#include "scenario_json.h"

namespace iameval::cli {
namespace {

constexpr char kHelp[] =
    R"(Usage: iameval batch [FILE|-] [--details] [--bundle FILE] [--jobs N]
                     [--check]

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
  --check          compare each line's "expect" ("Allowed", "Denied",
                   "ExplicitlyDenied", "ImplicitlyDenied") and "expectLayer"
                   with its decision, and "expectError" with its error; print
                   every line that differs to stderr as FILE:LINE and exit 2
  -h, --help       show this help

A progress bar is drawn on stderr when stderr is a terminal and FILE is a
file. Exit status: 0 every line decided, 1 some line had an error (its
result line says why; with --check, one its "expectError" did not expect)
or the input or bundle could not be read, 2 (--check) some line was decided
otherwise than it expects (1 wins over 2).
)";

constexpr FlagSpec kFlags[] = {
    BoolFlag("help"),
    BoolFlag("details"),
    StringFlag("bundle"),
    IntFlag("jobs", 0, 1024,
            "--jobs must be a number from 0 to 1024, not \"$0\""),
    BoolFlag("check"),
};

constexpr char kCommand[] = "batch";

// Lines per chunk and thread: large enough that starting threads per chunk
// costs nothing measurable, small enough that memory stays flat.
constexpr size_t kLinesPerThread = 4096;
constexpr size_t kMaxChunkBytes = 64u << 20;
constexpr size_t kReadBlock = 1u << 20;

struct Options {
  bool details = false;
  bool check = false;
  const PolicyBundle* bundle = nullptr;
};

// A line of the chunk whose expectation did not hold (--check).
struct Mismatch {
  size_t line = 0;  // index in the chunk
  std::string message;
};

// One thread's decoder and output; kept across chunks so that the reader's
// buffers are sized once.
struct Worker {
  explicit Worker(const ScenarioOptions& options) : reader(options) {}
  ScenarioLineReader reader;
  std::string out;
  bool error = false;
  size_t checked = 0;  // lines with an expectation (--check)
  std::vector<Mismatch> mismatches;
};

// What --check says of a line whose expectation did not hold; nullopt when
// it held or the line states none.
std::optional<std::string> CheckLine(const ScenarioLineReader& reader,
                                     const absl::Status& status,
                                     const Decision& decision) {
  const Outcome* outcome = &decision.outcome;
  const std::string& expect_error = reader.expect_error();
  if (!expect_error.empty()) {
    if (status.ok()) {
      return absl::StrCat("expected an error containing \"", expect_error,
                          "\", got ", OutcomeName(*outcome));
    }
    if (!absl::StrContains(absl::AsciiStrToLower(status.message()),
                           absl::AsciiStrToLower(expect_error))) {
      return absl::StrCat("expected an error containing \"", expect_error,
                          "\", got: ", status.message());
    }
    return std::nullopt;
  }
  if (!status.ok()) return std::nullopt;  // an error line, exit 1 anyway
  std::vector<std::string> problems;
  if (reader.expect_denied() && *outcome == Outcome::kAllowed) {
    problems.push_back("expected Denied, got Allowed");
  }
  if (reader.expect() && *reader.expect() != *outcome) {
    problems.push_back(absl::StrCat("expected ", OutcomeName(*reader.expect()),
                                    ", got ", OutcomeName(*outcome)));
  }
  if (const std::string& layer = reader.expect_layer();
      !layer.empty() && layer != LayerName(decision.layer)) {
    problems.push_back(absl::StrCat("expected layer ", layer, ", decided by ",
                                    LayerName(decision.layer)));
  }
  if (problems.empty()) return std::nullopt;
  return absl::StrJoin(problems, "; ");
}

// Decides one line and appends its result line to worker->out.
void Decide(absl::string_view line, size_t index, const Options& options,
            Worker* worker) {
  ScenarioLineReader& reader = worker->reader;
  absl::Status status = reader.Read(line);
  Decision decision;
  if (!status.ok()) {
    worker->out += BatchErrorJson(reader.id(), status.message());
  } else if (!options.details) {
    decision = Evaluate(reader.bundle(), reader.request());
    AppendBatchDecisionJson(reader.id(), decision.outcome, &worker->out);
  } else {
    Trace trace;
    decision = Evaluate(reader.bundle(), reader.request(), &trace);
    worker->out += BatchResultJson(reader.id(), decision, &trace);
  }
  worker->out.push_back('\n');
  bool expected_error = false;
  if (options.check) {
    const bool states =
        !reader.expect_error().empty() ||
        (status.ok() && (reader.expect() || reader.expect_denied() ||
                         !reader.expect_layer().empty()));
    worker->checked += states;
    std::optional<std::string> m = CheckLine(reader, status, decision);
    expected_error = !status.ok() && states && !m;
    if (m) {
      worker->mismatches.push_back(
          {index, absl::StrCat("\"", reader.id(), "\": ", *std::move(m))});
    }
  }
  if (!status.ok() && !expected_error) worker->error = true;
}

bool IsBlank(absl::string_view line) {
  return line.find_first_not_of(" \t\r") == absl::string_view::npos;
}

// Reads the input in large blocks and hands out its non-blank lines as views
// into one buffer, so that reading costs no allocation per line.
class LineChunker {
 public:
  explicit LineChunker(std::FILE* file) : file_(file) {}

  // Up to `max_lines` lines (fewer at the end of the input, or once
  // `max_bytes` are collected); the views are valid until the next call.
  // `consumed` grows by the bytes read past, blank lines included.
  // `numbers` gets each line's 1-based line number in the input.
  void Next(size_t max_lines, size_t max_bytes,
            std::vector<absl::string_view>* lines, uintmax_t* consumed,
            std::vector<size_t>* numbers) {
    buffer_.erase(0, begin_);
    begin_ = 0;
    // Offsets, not views: reading more may move the buffer.
    spans_.clear();
    numbers_.clear();
    size_t scan = 0, bytes = 0;
    while (spans_.size() < max_lines && bytes < max_bytes) {
      size_t newline = buffer_.find('\n', scan);
      size_t end = newline;
      if (newline == std::string::npos) {
        if (!eof_) {
          scan = buffer_.size();
          Fill();
          continue;
        }
        if (begin_ == buffer_.size()) break;
        end = buffer_.size();  // a last line without a newline
      }
      absl::string_view line(buffer_.data() + begin_, end - begin_);
      ++line_number_;
      *consumed += line.size() + (newline == std::string::npos ? 0 : 1);
      begin_ = newline == std::string::npos ? end : end + 1;
      scan = begin_;
      if (IsBlank(line)) continue;
      if (line.back() == '\r') line.remove_suffix(1);
      spans_.push_back({line.data() - buffer_.data(), line.size()});
      numbers_.push_back(line_number_);
      bytes += line.size();
    }
    lines->clear();
    for (const auto& [offset, size] : spans_) {
      lines->push_back(absl::string_view(buffer_.data() + offset, size));
    }
    numbers->swap(numbers_);
  }
  bool done() const { return eof_ && begin_ == buffer_.size(); }
  bool failed() const { return std::ferror(file_) != 0; }
  // errno of the failed read.
  int error() const { return error_; }

 private:
  void Fill() {
    const size_t old = buffer_.size();
    buffer_.resize(old + kReadBlock);
    errno = 0;
    const size_t n = std::fread(buffer_.data() + old, 1, kReadBlock, file_);
    if (std::ferror(file_) && error_ == 0) error_ = errno != 0 ? errno : EIO;
    buffer_.resize(old + n);
    if (n == 0) eof_ = true;
  }

  std::FILE* file_;
  std::string buffer_;
  size_t begin_ = 0;  // first byte not yet handed out
  bool eof_ = false;
  int error_ = 0;
  std::vector<std::pair<size_t, size_t>> spans_;
  std::vector<size_t> numbers_;
  size_t line_number_ = 0;
};

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
  const ParseOptions options;
  InlinePolicyLoader policies(*text, options);
  auto fail = [&](const JsonProblem& p) {
    return absl::InvalidArgumentError(PositionedError(
        name, *text, p.offset,
        absl::StrCat(p.field, p.field.empty() ? "" : ": ", p.message)));
  };
  if (const json::JsonValue* id = root.Find("id");
      id != nullptr && !id->is_string()) {
    return fail({id->offset, "id", "a scenario needs a string id"});
  }
  Request request;
  if (const json::JsonValue* r = root.Find("request")) {
    if (std::optional<JsonProblem> p = RequestFromJson(*r, &request)) {
      return fail(*p);
    }
  } else {
    RequestSpec spec;
    spec.principal = "arn:aws:sts::000000000000:assumed-role/bundle/bundle";
    spec.action = "iameval:Bundle";
    spec.resource = "*";
    absl::StatusOr<Request> built = BuildRequest(std::move(spec));
    if (!built.ok()) return built.status();
    request = *std::move(built);
  }
  PolicyBundle bundle;
  auto lookup = [&](absl::string_view field_name, std::string* field) {
    *field = std::string(field_name);
    return root.Find(field_name);
  };
  auto load = [&](const json::JsonValue& v, PolicyKind kind,
                  const std::string& field, PolicyRef* ref) {
    return policies.Load(v, kind, field, ref);
  };
  if (std::optional<JsonProblem> p = PoliciesFromJson(
          lookup, load, ResourcePolicyKindFor(request), &bundle)) {
    return fail(*p);
  }
  if (const json::JsonValue* f = root.Find("facts")) {
    std::vector<JsonProblem> p = FactsFromJson(*f, "facts", &bundle);
    if (!p.empty()) return fail(p.front());
  }
  if (absl::Status s = bundle.Validate(request.principal); !s.ok()) {
    return fail({root.offset, "", std::string(s.message())});
  }
  for (const Issue& w : policies.warnings()) {
    std::fprintf(stderr, "%s\n", FormatIssue(name, w).c_str());
  }
  return bundle;
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
  // Erases the bar before other stderr output; the next Update redraws it.
  void Clear() {
    if (!enabled_ || last_percent_ < 0) return;
    std::fputs("\r\x1b[K", stderr);
    last_percent_ = -1;
  }

 private:
  bool enabled_;
  uintmax_t total_;
  int last_percent_ = -1;
};

}  // namespace

int RunBatch(absl::Span<const std::string> args) {
  int exit_code = kExitOk;
  std::optional<ParsedFlags> parsed =
      ParseCommandLine(kCommand, kHelp, args, kFlags, &exit_code);
  if (!parsed) return exit_code;
  const ParsedFlags& flags = *parsed;
  if (flags.positional().size() > 1) {
    return UsageError(kCommand, "give at most one input file");
  }
  const std::string input =
      flags.positional().empty() ? "-" : flags.positional()[0];
  int jobs = static_cast<int>(flags.GetInt("jobs", 1));
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());

  Options options;
  options.details = flags.Has("details");
  options.check = flags.Has("check");
  PolicyBundle bundle;
  if (flags.Has("bundle")) {
    if (flags.Get("bundle") == "-" && input == "-") {
      return UsageError(kCommand,
                        "the bundle and the input cannot both be stdin");
    }
    absl::StatusOr<PolicyBundle> loaded = LoadBundle(flags.Get("bundle"));
    if (!loaded.ok()) {
      // Errors inside the bundle are already compiler-style lines.
      if (!absl::IsInvalidArgument(loaded.status())) {
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

  std::FILE* file = stdin;
  uintmax_t total_bytes = 0;
  if (input != "-") {
    absl::StatusOr<int> fd = io::OpenForReading(input);
    if (!fd.ok()) {
      PrintError(kCommand, fd.status().message());
      return kExitFailure;
    }
    struct stat st;
    if (::fstat(*fd, &st) == 0 && S_ISREG(st.st_mode)) total_bytes = st.st_size;
    file = ::fdopen(*fd, "rb");
    if (file == nullptr) {
      PrintError(kCommand, io::ReadError(input, errno).message());
      ::close(*fd);
      return kExitFailure;
    }
  }
  struct Closer {
    std::FILE* f;
    ~Closer() {
      if (f != stdin) std::fclose(f);
    }
  } closer{file};
  Progress progress(input != "-" && IsTerminal(STDERR_FILENO), total_bytes);

  ScenarioOptions scenario_options;
  scenario_options.shared_bundle = options.bundle;
  std::vector<std::unique_ptr<Worker>> workers;
  workers.reserve(jobs);
  for (int t = 0; t < jobs; ++t) {
    workers.push_back(std::make_unique<Worker>(scenario_options));
  }
  LineChunker chunker(file);
  std::vector<absl::string_view> lines;
  std::vector<size_t> line_numbers;
  bool any_error = false;
  size_t checked = 0, mismatches = 0;
  const std::string input_name = DisplayName(input);
  uintmax_t bytes_read = 0;
  size_t lines_done = 0;
  while (!chunker.done()) {
    chunker.Next(kLinesPerThread * static_cast<size_t>(jobs), kMaxChunkBytes,
                 &lines, &bytes_read, &line_numbers);
    if (chunker.failed()) {
      PrintError(kCommand,
                 io::ReadError(DisplayName(input), chunker.error()).message());
      return kExitFailure;
    }
    // Thread t decides the t-th contiguous slice into its own buffer; the
    // buffers are written in order, so the output does not depend on the
    // number of threads.
    const size_t threads = std::min<size_t>(jobs, lines.size());
    auto work = [&](size_t t) {
      Worker& w = *workers[t];
      w.out.clear();
      const size_t begin = lines.size() * t / threads;
      const size_t end = lines.size() * (t + 1) / threads;
      for (size_t i = begin; i < end; ++i) Decide(lines[i], i, options, &w);
    };
    if (threads == 1) {
      work(0);
    } else if (threads > 1) {
      std::vector<std::thread> pool;
      for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
      work(0);
      for (std::thread& t : pool) t.join();
    }
    for (size_t t = 0; t < threads; ++t) {
      Worker& w = *workers[t];
      std::fwrite(w.out.data(), 1, w.out.size(), stdout);
      any_error |= std::exchange(w.error, false);
      checked += std::exchange(w.checked, 0);
      // Slices are in order, so these are in input order too.
      if (!w.mismatches.empty()) progress.Clear();
      for (const Mismatch& m : w.mismatches) {
        std::fprintf(stderr, "%s:%zu: error: %s\n", input_name.c_str(),
                     line_numbers[m.line], m.message.c_str());
      }
      mismatches += w.mismatches.size();
      w.mismatches.clear();
    }
    lines_done += lines.size();
    progress.Update(bytes_read, lines_done);
  }
  progress.Finish();
  if (input == "-" && bytes_read == 0) {
    // As for every command reading stdin (ReadInput): nothing at all there
    // is a failed producer or a forgotten redirection.
    PrintError(kCommand, "<stdin>: cannot read: stdin is empty");
    return kExitFailure;
  }
  std::fflush(stdout);
  if (options.check) {
    if (checked == 0) {
      PrintWarning(kCommand,
                   "--check: no line states \"expect\" or "
                   "\"expectError\"; nothing was checked");
    } else if (mismatches > 0) {
      PrintError(kCommand,
                 absl::StrCat(mismatches, " of ", checked,
                              " checked lines differ from their expectation"));
    }
  }
  if (any_error) return kExitFailure;
  return mismatches > 0 ? kExitDenied : kExitOk;
}

}  // namespace iameval::cli
