// File: iameval/explain.h
// -----------------------------------------------------------------------------
// Explanations of a Decision: a text report for people (the simulator's
// default output and the failure report of `iameval test`) and JSON for
// programs (`--format json`, `iameval batch`). Both carry the same facts: the
// outcome, the layer that decided (with the SCP/RCP level), the reason, the
// statements that applied, the condition keys the request lacked and the
// conditions that could not be evaluated. Field names of the JSON are stable;
// docs/cli.md lists them.
//
// Thread safety: pure functions. Lifetime: the results own their data; the
// arguments are only read during the call.
#ifndef IAMEVAL_EXPLAIN_H_
#define IAMEVAL_EXPLAIN_H_

#include <string>

#include "absl/strings/string_view.h"
#include "iameval/decision.h"
#include "iameval/request.h"

namespace iameval {

// A multi-line report ending in '\n'. `trace` may be null (then only the
// decision, the layer and the reason are shown). `color` adds ANSI colours;
// pass it only when the text goes to a terminal. `show_context` adds the
// request's context after derivation (derived keys included).
std::string FormatDecisionText(const Decision& decision, const Trace* trace,
                               const Request& request, bool color,
                               bool show_context = false);

// Which parts DecisionToJson writes; everything but `context` by default.
struct JsonFields {
  bool request = true;        // principal, action, resource
  bool layers = true;         // layers[] (needs a trace)
  bool indeterminate = true;  // indeterminate[] (needs a trace)
  bool near_misses = true;    // nearMisses[] (needs a trace)
  bool warnings = true;       // warnings[] (needs a trace)
  bool context = false;       // context{}: the request's, after derivation
};

// One JSON object on one line, without a trailing newline:
//   {"principal", "action", "resource", "decision", "layer", "level",
//    "reason", "matchedStatements": [{"policy", "sid", "index", "line",
//    "effect", "layer", "level"}], "missingContextKeys": [...],
//    "nearMisses": [{"policy", "sid", "index", "line", "effect", "layer",
//    "level", "failed", "conditions": [{"operator", "key", "policyValues",
//    "requestValues", "result"}]}], "warnings": [...], "context": {...},
//    "layers": [{"layer", "level", "verdict"}], "indeterminate": [{"policy",
//    "index", "operator", "key", "effect", "why"}]}
// `requestValues` is null when the request lacks the key; `context` maps
// each key to its value, or to an array for a multi-valued key.
// `level` is null outside scp/rcp, `sid` null when the statement has none.
// Without a trace the arrays are empty.
std::string DecisionToJson(const Decision& decision, const Trace* trace,
                           const Request& request,
                           const JsonFields& fields = {});

// A result line of `iameval batch` (scenario-format.md), without a newline:
// {"id": ..., "decision": ...}; with `details` (the trace of the evaluation)
// also layer, level, reason, matchedStatements and missingContextKeys.
std::string BatchResultJson(absl::string_view id, const Decision& decision,
                            const Trace* details);

// Appends BatchResultJson(id, decision, nullptr) to `out`, without building
// a JSON tree: the per-line output of `iameval batch` without --details.
void AppendBatchDecisionJson(absl::string_view id, Outcome outcome,
                             std::string* out);

// {"id": ..., "error": ...}, without a newline.
std::string BatchErrorJson(absl::string_view id, absl::string_view error);

// `text` as a JSON string literal, quotes included (for callers that write
// small JSON documents by hand and must escape correctly).
std::string JsonQuote(absl::string_view text);

}  // namespace iameval

#endif  // IAMEVAL_EXPLAIN_H_
