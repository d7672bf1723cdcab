// File: simulator/commands/test_file.h
// -----------------------------------------------------------------------------
// One test file of `iameval test` (docs/formats.md): loading it (its JSON
// and its shape, every problem located in the file), and running its cases
// (request, policies, decision, expectations), with what the run learns for
// --coverage. test_report.h writes the results; test.cc drives the command.
//
// Thread safety: a TestFile is used by one thread at a time.
#ifndef IAMEVAL_SIMULATOR_COMMANDS_TEST_FILE_H_
#define IAMEVAL_SIMULATOR_COMMANDS_TEST_FILE_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/catalog.h"
#include "iameval/compiled_policy.h"
#include "iameval/decision.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"
#include "json/json_reader.h"

namespace iameval::cli {

using json::JsonMember;
using json::JsonValue;

struct TestOutcome {
  std::string name;
  bool passed = false;
  bool error = false;  // input error rather than a wrong decision
  int line = 0;        // where the test (or its matrix entry) is written
  double seconds = 0;
  std::string message;  // what differed, or the input errors, on one line
  // What the report prints under the cross, one "FILE:LINE:COLUMN: ..."
  // line each, so that an editor can jump to the test.
  std::vector<std::string> located;
  std::string details;  // the explanation (failures only), no colour
  std::string details_for_terminal;  // the same, coloured when stdout is
};

struct FileOutcome {
  std::string path;
  std::string error;  // the file could not be read as a test file
  std::vector<TestOutcome> tests;
};

// A located problem in a test file; printed compiler-style.
struct InputError {
  uint32_t offset = 0;
  std::string message;
};

// One decision a test file asks for: a test, or one action and resource of
// a test's matrix. A case with `errors` is reported, not run.
struct Case {
  const JsonValue* test = nullptr;
  size_t test_index = 0;
  std::string name;
  uint32_t offset = 0;
  const JsonValue* action = nullptr;  // an item of the test's "actions"
  const JsonValue* resource = nullptr;
  std::vector<InputError> errors;
};

// Which statements the tests applied, over every test file of the run.
struct StatementCoverage {
  int index = 0;
  int line = 0;
  std::string sid;
  Effect effect = Effect::kAllow;
  bool applied = false;  // matched action, resource, principal, conditions
  bool decided = false;  // a Deny that was the only one of a denied test
};
struct PolicyCoverage {
  std::vector<StatementCoverage> statements;
};
using Coverage = std::map<std::string, PolicyCoverage>;  // by policy id

class TestFile {
 public:
  // `catalog` (may be null: no request checks) outlives the TestFile.
  TestFile(std::string path, std::string text, const Catalog* catalog,
           bool strict, bool coverage)
      : path_(std::move(path)),
        text_(std::move(text)),
        catalog_(catalog),
        strict_(strict),
        coverage_(coverage) {
    dir_ = std::filesystem::path(path_).parent_path();
  }

  // Parses the file and checks its shape. Fails, with compiler-style
  // messages in `errors`, when the file as a whole is unusable (not JSON,
  // or a problem outside the tests, which every test depends on); problems
  // of single tests only make those tests error cases.
  bool Load(std::vector<std::string>* errors);

  const std::vector<Case>& cases() const { return cases_; }

  TestOutcome Run(size_t index, bool color);

  // Adds the statements of every policy this file loaded, and which of
  // them its tests applied, to `coverage`. AWS managed policies are left
  // out: they are AWS's to test, not the project's.
  void AddCoverage(Coverage* coverage) const;

 private:
  // Where the merged request's fields are in the file.
  struct RequestPlaces {
    uint32_t action = 0;
    uint32_t resource = 0;
    std::vector<std::pair<std::string, uint32_t>> context;  // key, value
  };

  // The test's field if it has it, else the file's; null when neither (or
  // when the test removes it with null).
  struct Field {
    const JsonValue* value = nullptr;
    std::string pointer;
  };

  struct Cached {
    PolicyRef ref;
    std::string error;
  };

  int LineOf(uint32_t offset) const;
  int ColumnOf(uint32_t offset) const;
  // A Deny "decided" a test when it was the only Deny that applied: without
  // it the test would not have been explicitly denied. A Deny that only
  // ever applies next to another one is not tested on its own.
  void NoteCoverage(const Decision& d, const Trace& trace);
  std::vector<InputError> CheckShape();
  // Turns one test into its cases; a test with problems becomes one case
  // that carries them all.
  void CheckTest(const JsonValue& t, size_t index,
                 std::set<std::string>* names);
  // "actions" or "resources": a non-empty list of distinct strings, which
  // replaces the request's "action" or "resource" (so the test cannot also
  // give that). Returns the list when it is there and valid.
  static const JsonValue* CheckMatrix(const JsonValue& test,
                                      absl::string_view list,
                                      absl::string_view field,
                                      std::vector<InputError>* errors);
  static void CheckRequest(const JsonValue* request,
                           std::vector<InputError>* errors);
  static void CheckFacts(const JsonValue* facts,
                         std::vector<InputError>* errors);
  // The file's request with the test's fields on top; context keys merge
  // one by one (case-insensitively) and a null value removes a default.
  static JsonValue MergeRequest(const JsonValue* defaults,
                                const JsonValue* test);
  static RequestPlaces Places(const JsonValue& request);
  // The request against the service catalog (request_checks.h), each
  // problem at the place in the file that caused it. Only the context keys
  // the file gives are judged; derived keys are the engine's own.
  std::vector<InputError> CheckRequest(const Request& r,
                                       const RequestPlaces& places) const;
  Field Lookup(const JsonValue& test, size_t index, absl::string_view name);
  std::optional<InputError> BuildBundle(const JsonValue& test, size_t index,
                                        bool trust, PolicyBundle* bundle);
  // A policy by path (relative to this file) or inline; compiled once per
  // (source, kind) and shared by every test that names it.
  std::optional<InputError> GetPolicy(const JsonValue& v, PolicyKind kind,
                                      const std::string& pointer,
                                      PolicyRef* out);

  std::string path_;
  std::string text_;
  const Catalog* catalog_;
  bool strict_;
  bool coverage_;
  std::set<std::pair<uint32_t, std::string>> warned_;
  std::filesystem::path dir_;
  JsonValue root_;
  std::vector<Case> cases_;
  // Statements (policy id, index) the tests applied, and the Deny
  // statements that alone denied a test (--coverage only).
  std::set<std::pair<std::string, int>> applied_;
  std::set<std::pair<std::string, int>> decided_;
  std::map<std::pair<std::string, PolicyKind>, Cached> cache_;
};

}  // namespace iameval::cli

#endif  // IAMEVAL_SIMULATOR_COMMANDS_TEST_FILE_H_
