// File: iameval/scenario.h
// -----------------------------------------------------------------------------
// Scenarios: self-contained requests in JSON (one per line in `iameval batch`,
// see docs/formats.md): the request plus every policy that governs it,
// parsed into a PolicyBundle and a Request. Errors name the field, the JSON
// pointer inside the policy and the line:column in the input.
//
// ScenarioLineReader reads many lines in a row, reusing its buffers.
//
// Thread safety: ParseScenario is a pure function; a ScenarioLineReader is
// used by one thread at a time (one per thread; they may share a bundle).
// Lifetime: ParseScenario's results own their data; a reader's id(),
// request() and bundle() are valid until its next Read().
#ifndef IAMEVAL_SCENARIO_H_
#define IAMEVAL_SCENARIO_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "iameval/decision.h"
#include "iameval/issue.h"
#include "iameval/parser.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"

namespace iameval {

struct Scenario {
  std::string id;
  PolicyBundle bundle;
  Request request;
  // Optional test expectations (ignored by batch, used by test runners).
  std::optional<Outcome> expect;
  // "expect": "Denied" accepts either kind of deny; `expect` is then empty.
  bool expect_denied = false;
  std::string expect_layer;
  std::string expect_error;
  std::vector<Issue> warnings;  // policy warnings, located
};

struct ScenarioOptions {
  // When set, policies come from this bundle and lines carry only the id
  // and the request ("request-only" lines for high-volume batch).
  const PolicyBundle* shared_bundle = nullptr;
  // Hard limits on one scenario: its size and its nesting (the policies on
  // a line sit two or three levels below the line's own object).
  size_t max_line_bytes = 16u << 20;
  int max_depth = 64;
  // Limits for the policies on a line: size, depth, statements.
  ParseOptions policy;
};

struct ParsedScenario {
  std::string id;            // "" if the line had none or was unreadable
  absl::Status status;       // not ok: the scenario cannot be evaluated
  Scenario scenario;         // meaningful when status.ok()
  std::string expect_error;  // read even when the policies fail to parse
};

ParsedScenario ParseScenario(absl::string_view json,
                             const ScenarioOptions& options = {});

// Reads scenario lines one after another, reusing its buffers: the decoder
// of `iameval batch`. With a shared bundle, a request-only line in the
// common shape (an id and a request whose strings are ASCII without
// escapes or control bytes, context values strings or arrays of strings) is
// decoded in place into a reused Request, with no JSON tree and no allocation
// once the buffers have grown. Every other line (policies, unknown fields,
// escapes, numbers, duplicates, any error) goes to ParseScenario, so the
// results, including error messages, are exactly ParseScenario's; a test
// holds the two paths to that.
//
// Thread safety: thread-compatible; give each thread its own reader (they
// may share one bundle). Lifetime: `options.shared_bundle` must outlive the
// reader; id(), request() and bundle() are valid until the next Read().
class ScenarioLineReader {
 public:
  explicit ScenarioLineReader(const ScenarioOptions& options = {})
      : options_(options) {}

  // Decodes one line. On error, id() is the line's id when it had one.
  absl::Status Read(absl::string_view line);

  const std::string& id() const { return fast_ ? id_ : parsed_.id; }
  const Request& request() const {
    return fast_ ? builder_.request() : parsed_.scenario.request;
  }
  // The shared bundle, or the line's own policies.
  const PolicyBundle& bundle() const {
    return fast_ ? *options_.shared_bundle : parsed_.scenario.bundle;
  }
  // The line's expectations (`batch --check`); lines on the in-place path
  // have none, since an "expect" field sends a line to ParseScenario.
  const std::optional<Outcome>& expect() const {
    static const std::optional<Outcome> kNone;
    return fast_ ? kNone : parsed_.scenario.expect;
  }
  bool expect_denied() const {
    return !fast_ && parsed_.scenario.expect_denied;
  }
  const std::string& expect_layer() const {
    static const std::string kNone;
    return fast_ ? kNone : parsed_.scenario.expect_layer;
  }
  // Read even when the line has an error (ParsedScenario::expect_error).
  const std::string& expect_error() const {
    static const std::string kNone;
    return fast_ ? kNone : parsed_.expect_error;
  }
  // Whether the last line took the in-place path (tests and benchmarks).
  bool last_read_was_fast() const { return fast_; }

 private:
  bool ReadFast(absl::string_view line);

  ScenarioOptions options_;
  bool fast_ = false;
  std::string id_;
  RequestBuilder builder_;
  std::vector<absl::string_view> values_;  // one context list, reused
  ParsedScenario parsed_;                  // the ParseScenario path
};

}  // namespace iameval

#endif  // IAMEVAL_SCENARIO_H_
