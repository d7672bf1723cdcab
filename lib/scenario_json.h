// File: lib/scenario_json.h
// -----------------------------------------------------------------------------
// The parts of a scenario read from JSON: a request context, a request and a
// policy bundle. One reader for each, used by scenario lines (scenario.cc),
// test files and the CLI's context and bundle files, so that every format
// accepts the same shapes and says the same thing about the same mistake.
//
// Every problem is located: the byte offset of the value in the text the
// tree was read from and the path of the field, and the caller words the
// position its own way (scenario lines: "(line L, column C)"; files:
// "FILE:L:C: error:").
//
// Not installed, not API. Thread safety: pure functions.
#ifndef IAMEVAL_LIB_SCENARIO_JSON_H_
#define IAMEVAL_LIB_SCENARIO_JSON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "iameval/compiled_policy.h"
#include "iameval/issue.h"
#include "iameval/parser.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"
#include "json/json_reader.h"

namespace iameval {

// A problem at a place in the JSON text.
struct JsonProblem {
  uint32_t offset = 0;  // of the value (or key) at fault
  std::string field;    // "request/context/aws:SourceIp"; "" for the document
  std::string message;
};

// A context object: keys to strings (numbers and booleans are taken as their
// text) or arrays of them. A key given twice (case-insensitively) is a
// problem. `field` is the object's path; the problems name its keys under it.
std::optional<JsonProblem> ContextFromJson(const json::JsonValue& object,
                                           absl::string_view field,
                                           RequestContext* context);

// A scenario's "request" object, built (BuildRequest) into `out`.
std::optional<JsonProblem> RequestFromJson(const json::JsonValue& request,
                                           Request* out);

// Where the policy fields of a bundle come from: the value of a field
// ("identityPolicies", ...) and its path, or null when absent.
using BundleFieldLookup = absl::FunctionRef<const json::JsonValue*(
    absl::string_view name, std::string* field)>;
// Parses and compiles one policy value (an inline document; test files also
// take paths and managed-policy ARNs). `field` is its path.
using PolicyLoader = absl::FunctionRef<std::optional<JsonProblem>(
    const json::JsonValue& value, PolicyKind kind, const std::string& field,
    PolicyRef* out)>;

// The policy fields of a scenario into `bundle`: identityPolicies,
// permissionBoundaries and vpcEndpointPolicies (lists), sessionPolicy and
// resourcePolicy (one document; the latter of `resource_kind`), scps and
// rcps (levels, root first, each a non-empty list).
std::optional<JsonProblem> PoliciesFromJson(BundleFieldLookup lookup,
                                            PolicyLoader load,
                                            PolicyKind resource_kind,
                                            PolicyBundle* bundle);

// A "facts" object: managementAccount (string) and awsManagedKey (boolean);
// null resets one to its default, so a test can undo its file's fact.
// Returns every problem (none when the facts are set).
std::vector<JsonProblem> FactsFromJson(const json::JsonValue& facts,
                                       absl::string_view field,
                                       PolicyBundle* bundle);

// Loads the policy documents written inline in `text` (the text the tree
// was read from): parsed in place with the positions of `text`, issues
// under the field's path, warnings collected.
class InlinePolicyLoader {
 public:
  // `text` and `options` outlive the loader.
  InlinePolicyLoader(absl::string_view text, const ParseOptions& options)
      : text_(text), options_(options) {}

  std::optional<JsonProblem> Load(const json::JsonValue& value, PolicyKind kind,
                                  const std::string& field, PolicyRef* out);

  // The warnings of the policies loaded so far, located in `text`.
  std::vector<Issue>& warnings() { return warnings_; }

  // 1-based line and column of `offset` in `text`.
  void Locate(uint32_t offset, int* line, int* column);

 private:
  absl::string_view text_;
  const ParseOptions& options_;
  // Built on first use: a scan from the start per policy made lines with
  // thousands of policies quadratic.
  std::optional<json::LineIndex> lines_;
  std::vector<Issue> warnings_;
};

}  // namespace iameval

#endif  // IAMEVAL_LIB_SCENARIO_JSON_H_
