// `iameval test`: policy unit tests. A test file (docs/formats.md) is a
// scenario template: policies by path or inline, a default request, and a
// list of tests that each complete the request, may replace policies, and
// state the expected decision.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "commands/commands.h"
#include "common.h"
#include "flags.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/managed_policies.h"
#include "iameval/scenario.h"
#include "request_checks.h"

namespace iameval::cli {
namespace {

constexpr char kHelp[] =
    R"(Usage: iameval test FILE... [--junit FILE] [--strict]
                    [--coverage] [--coverage-json FILE] [--min-coverage PERCENT]

Runs policy unit tests: each FILE is a JSON test file (docs/formats.md)
naming policies by path (relative to the test file), by AWS managed policy
ARN (arn:aws:iam::aws:policy/ReadOnlyAccess) or inline, a default request,
and tests with the decision they expect ("Denied" accepts either kind of
deny; "actions" and "resources" make one test per action and resource).
Prints one line per test (a check mark or a cross), FILE:LINE:COLUMN and
the explanation of every failure, and a summary line "N passed, N failed".
Every problem of a test file is reported; the tests without one still run.
Requests are checked against the service catalog: unknown actions, ARNs
that are none of the action's resource types and context values not of
their key's type are warnings on stderr.

Options:
  --junit FILE            also write a JUnit XML report to FILE
  --strict                make those request warnings errors: the test fails
                          with an input error
  --coverage              after the summary, list the statements of the
                          tests' policies that no test applied, and the Deny
                          statements that never alone denied a test
  --coverage-json FILE    write that coverage report as JSON to FILE
  --min-coverage PERCENT  fail (exit 2) when fewer than PERCENT of the
                          statements applied in some test
  -h, --help              show this help

Exit status: 0 every test passed, 2 some test failed (or the coverage is
below --min-coverage), 1 an input error (a test file, policy or request
that cannot be read; such tests count as failed).
)";

constexpr FlagSpec kFlags[] = {
    {"help"},     {"junit", true},         {"strict"},
    {"coverage"}, {"coverage-json", true}, {"min-coverage", true},
};

constexpr char kCommand[] = "test";

using json::JsonMember;
using json::JsonValue;

// Policy fields, as in a scenario; at file level they are the defaults, in
// a test they replace the file's field of the same name.
constexpr const char* kPolicyFields[] = {
    "identityPolicies", "permissionBoundaries", "sessionPolicy", "scps", "rcps",
    "resourcePolicy",   "vpcEndpointPolicies"};

bool IsPolicyField(absl::string_view name) {
  for (const char* f : kPolicyFields) {
    if (name == f) return true;
  }
  return false;
}

constexpr const char* kLayerNames[] = {"none",     "identity", "boundary",
                                       "session",  "scp",      "rcp",
                                       "resource", "vpce"};

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

// Removes the " (line L, column C)" that ParseScenario appends: the
// positions are those of the request text built here, not of the file.
std::string StripPosition(absl::string_view message) {
  size_t at = message.rfind(" (line ");
  if (at != absl::string_view::npos && absl::EndsWith(message, ")")) {
    return std::string(message.substr(0, at));
  }
  return std::string(message);
}

// Sets `key` of a JSON object, replacing the member if there is one.
void SetMember(JsonValue* object, absl::string_view key,
               const JsonValue& value) {
  for (JsonMember& m : object->members) {
    if (m.key == key) {
      m.value = value;
      return;
    }
  }
  JsonMember m;
  m.key = std::string(key);
  m.value = value;
  object->members.push_back(std::move(m));
}

bool ExpectationHolds(absl::string_view expect, Outcome outcome) {
  if (expect == "Denied") return outcome != Outcome::kAllowed;
  return expect == OutcomeName(outcome);
}

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
  bool Load(std::vector<std::string>* errors) {
    Issue issue;
    if (!json::ReadJson(text_, json::ReadOptions(), &root_, &issue)) {
      errors->push_back(FormatIssue(path_, issue));
      return false;
    }
    std::vector<InputError> file_errors = CheckShape();
    if (file_errors.empty()) return true;
    // No test runs, but the tests' own problems are said as well, so that
    // one run shows everything to fix.
    size_t total = file_errors.size();
    for (const Case& c : cases_) total += c.errors.size();
    std::vector<std::pair<InputError, std::string>> all;
    all.reserve(total);
    for (InputError& e : file_errors) all.push_back({std::move(e), ""});
    for (const Case& c : cases_) {
      for (const InputError& e : c.errors) {
        all.push_back({e, absl::StrCat("test \"", c.name, "\": ")});
      }
    }
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return a.first.offset < b.first.offset;
    });
    for (const auto& [e, prefix] : all) {
      errors->push_back(PositionedError(path_, text_, e.offset,
                                        absl::StrCat(prefix, e.message)));
    }
    return false;
  }

  const std::vector<Case>& cases() const { return cases_; }

  TestOutcome Run(size_t index, bool color) {
    const Case& c = cases_[index];
    const JsonValue& test = *c.test;
    TestOutcome out;
    out.name = c.name;
    out.line = LineOf(c.offset);
    auto located = [&](uint32_t offset, absl::string_view message) {
      return PositionedError(
          path_, text_, offset,
          absl::StrCat("test \"", out.name, "\": ", message));
    };
    auto fail_input = [&](const std::vector<InputError>& errors) {
      out.error = true;
      std::vector<std::string> messages;
      for (const InputError& e : errors) {
        std::string line = located(e.offset, e.message);
        std::fprintf(stderr, "%s\n", line.c_str());
        out.located.push_back(
            PositionedError(path_, text_, e.offset, e.message));
        messages.push_back(e.message);
      }
      out.message = absl::StrJoin(messages, "; ");
      return out;
    };
    if (!c.errors.empty()) return fail_input(c.errors);

    // The request first: whether the resource policy is a trust policy
    // depends on it.
    JsonValue request =
        MergeRequest(root_.Find("request"), test.Find("request"));
    // A matrix entry's action and resource keep their offsets in the
    // file, so that warnings point at the list item.
    if (c.action != nullptr) SetMember(&request, "action", *c.action);
    if (c.resource != nullptr) SetMember(&request, "resource", *c.resource);
    // Merged members keep their offsets in this file; the catalog checks
    // below point at them.
    const RequestPlaces places = Places(request);
    JsonValue scenario;
    scenario.kind = JsonValue::Kind::kObject;
    JsonMember id;
    id.key = "id";
    id.value.kind = JsonValue::Kind::kString;
    id.value.text = out.name;
    scenario.members.push_back(std::move(id));
    JsonMember req;
    req.key = "request";
    req.value = std::move(request);
    scenario.members.push_back(std::move(req));
    PolicyBundle empty;
    ScenarioOptions options;
    options.shared_bundle = &empty;
    ParsedScenario parsed = ParseScenario(json::ToJson(scenario), options);
    if (!parsed.status.ok()) {
      return fail_input({{c.offset, StripPosition(parsed.status.message())}});
    }
    const Request& r = parsed.scenario.request;
    if (std::vector<InputError> problems = CheckRequest(r, places);
        !problems.empty()) {
      if (strict_) return fail_input(problems);
      for (const InputError& p : problems) {
        // A problem of the file's default request is said once, not once
        // per test that inherits it.
        const bool own = p.offset >= test.offset && p.offset < test.end;
        if (!warned_.insert({p.offset, p.message}).second) continue;
        std::string line = PositionedWarning(
            path_, text_, p.offset,
            own ? absl::StrCat("test \"", out.name, "\": ", p.message)
                : p.message);
        std::fprintf(stderr, "%s\n", line.c_str());
      }
    }
    const bool trust = ResourcePolicyKindFor(r) == PolicyKind::kTrust;

    PolicyBundle bundle;
    std::optional<InputError> e =
        BuildBundle(test, c.test_index, trust, &bundle);
    if (e) return fail_input({*e});
    if (absl::Status s = bundle.Validate(r.principal); !s.ok()) {
      return fail_input({{c.offset, std::string(s.message())}});
    }

    Trace trace;
    Decision d = Evaluate(bundle, r, &trace);
    if (coverage_) NoteCoverage(d, trace);
    std::vector<std::string> problems;
    const std::string expect = test.Find("expect")->text;
    if (!ExpectationHolds(expect, d.outcome)) {
      problems.push_back(
          absl::StrCat("expected ", expect, ", got ", OutcomeName(d.outcome)));
    }
    if (const JsonValue* layer = test.Find("expectLayer");
        layer != nullptr && layer->text != LayerName(d.layer)) {
      problems.push_back(absl::StrCat("expected layer ", layer->text,
                                      ", decided by ", LayerName(d.layer)));
    }
    if (const JsonValue* sid = test.Find("expectMatchedSid")) {
      std::vector<std::string> sids;
      bool found = false;
      for (const MatchedStatement& m : trace.matched) {
        if (m.sid == sid->text) found = true;
        if (!m.sid.empty()) sids.push_back(absl::StrCat("\"", m.sid, "\""));
      }
      if (!found) {
        problems.push_back(absl::StrCat(
            "expected a statement with Sid \"", sid->text, "\" to apply; ",
            sids.empty()
                ? "no statement with a Sid applied"
                : absl::StrCat("applied: ", absl::StrJoin(sids, ", "))));
      }
    }
    if (problems.empty()) {
      out.passed = true;
      return out;
    }
    out.message = absl::StrJoin(problems, "; ");
    out.located.push_back(absl::StrCat(path_, ":", out.line, ":",
                                       ColumnOf(c.offset), ": ", out.message));
    out.details = FormatDecisionText(d, &trace, r, false);
    out.details_for_terminal =
        color ? FormatDecisionText(d, &trace, r, true) : out.details;
    return out;
  }

  // Adds the statements of every policy this file loaded, and which of
  // them its tests applied, to `coverage`. AWS managed policies are left
  // out: they are AWS's to test, not the project's.
  void AddCoverage(Coverage* coverage) const {
    for (const auto& [key, cached] : cache_) {
      if (cached.ref == nullptr || IsAwsManagedPolicyArn(cached.ref->id())) {
        continue;
      }
      auto [it, added] = coverage->try_emplace(cached.ref->id());
      if (!added) continue;
      for (const CompiledStatement& s : cached.ref->statements()) {
        StatementCoverage sc;
        sc.index = s.index;
        sc.line = s.line;
        sc.sid = std::string(s.sid);
        sc.effect = s.effect;
        it->second.statements.push_back(std::move(sc));
      }
    }
    auto mark = [&](const std::pair<std::string, int>& hit, bool decided) {
      auto it = coverage->find(hit.first);
      if (it == coverage->end()) return;  // an AWS managed policy
      for (StatementCoverage& s : it->second.statements) {
        if (s.index != hit.second) continue;
        s.applied = true;
        s.decided |= decided;
      }
    };
    for (const auto& hit : applied_) mark(hit, false);
    for (const auto& hit : decided_) mark(hit, true);
  }

 private:
  int LineOf(uint32_t offset) const {
    int line = 0, column = 0;
    json::OffsetToLineColumn(text_, offset, &line, &column);
    return line;
  }
  int ColumnOf(uint32_t offset) const {
    int line = 0, column = 0;
    json::OffsetToLineColumn(text_, offset, &line, &column);
    return column;
  }

  // A Deny "decided" a test when it was the only Deny that applied: without
  // it the test would not have been explicitly denied. A Deny that only
  // ever applies next to another one is not tested on its own.
  void NoteCoverage(const Decision& d, const Trace& trace) {
    const MatchedStatement* only_deny = nullptr;
    int denies = 0;
    for (const MatchedStatement& m : trace.matched) {
      applied_.insert({m.policy_id, m.statement_index});
      if (m.effect == Effect::kDeny) {
        ++denies;
        only_deny = &m;
      }
    }
    if (d.outcome == Outcome::kExplicitlyDenied && denies == 1) {
      decided_.insert({only_deny->policy_id, only_deny->statement_index});
    }
  }

  std::vector<InputError> CheckShape() {
    std::vector<InputError> errors;
    if (!root_.is_object()) {
      errors.push_back({root_.offset, "a test file is a JSON object"});
      return errors;
    }
    for (const JsonMember& m : root_.members) {
      if (m.key == "description" || m.key == "tests" || m.key == "facts" ||
          m.key == "request" || IsPolicyField(m.key)) {
        continue;
      }
      errors.push_back(
          {m.key_offset,
           absl::StrCat("unknown field \"", m.key,
                        "\" (known: description, request, tests, facts, ",
                        absl::StrJoin(kPolicyFields, ", "), ")")});
    }
    CheckRequest(root_.Find("request"), &errors);
    CheckFacts(root_.Find("facts"), &errors);
    const JsonValue* tests = root_.Find("tests");
    if (tests == nullptr || !tests->is_array() || tests->items.empty()) {
      errors.push_back({tests ? tests->offset : root_.offset,
                        "\"tests\" must be a non-empty array of tests"});
      return errors;
    }
    std::set<std::string> names;
    for (size_t i = 0; i < tests->items.size(); ++i) {
      CheckTest(tests->items[i], i, &names);
    }
    return errors;
  }

  // Turns one test into its cases; a test with problems becomes one case
  // that carries them all.
  void CheckTest(const JsonValue& t, size_t index,
                 std::set<std::string>* names) {
    Case c;
    c.test = &t;
    c.test_index = index;
    c.offset = t.offset;
    c.name = absl::StrCat("(test ", index + 1, ")");
    std::vector<InputError>& errors = c.errors;
    if (!t.is_object()) {
      errors.push_back({t.offset, "a test is a JSON object"});
      cases_.push_back(std::move(c));
      return;
    }
    for (const JsonMember& m : t.members) {
      if (m.key == "name" || m.key == "description" || m.key == "request" ||
          m.key == "expect" || m.key == "expectLayer" ||
          m.key == "expectMatchedSid" || m.key == "facts" ||
          m.key == "actions" || m.key == "resources" || IsPolicyField(m.key)) {
        continue;
      }
      errors.push_back(
          {m.key_offset,
           absl::StrCat("unknown field \"", m.key,
                        "\" in a test (known: name, description, request, "
                        "actions, resources, expect, expectLayer, "
                        "expectMatchedSid, facts and the policy fields)")});
    }
    const JsonValue* name = t.Find("name");
    if (name == nullptr || !name->is_string() || name->text.empty()) {
      errors.push_back({name ? name->offset : t.offset,
                        "a test needs a non-empty string \"name\""});
    } else {
      c.name = name->text;
      if (!names->insert(name->text).second) {
        errors.push_back({name->offset, absl::StrCat("two tests are named \"",
                                                     name->text, "\"")});
      }
    }
    const JsonValue* expect = t.Find("expect");
    if (expect == nullptr || !expect->is_string() ||
        (expect->text != "Allowed" && expect->text != "Denied" &&
         expect->text != "ExplicitlyDenied" &&
         expect->text != "ImplicitlyDenied")) {
      errors.push_back({expect ? expect->offset : t.offset,
                        "\"expect\" must be \"Allowed\", \"Denied\" (either "
                        "kind of deny), \"ExplicitlyDenied\" or "
                        "\"ImplicitlyDenied\""});
    }
    if (const JsonValue* layer = t.Find("expectLayer")) {
      bool known = false;
      for (const char* l : kLayerNames)
        known |= layer->is_string() && layer->text == l;
      if (!known) {
        errors.push_back(
            {layer->offset, absl::StrCat("\"expectLayer\" must be one of ",
                                         absl::StrJoin(kLayerNames, ", "))});
      }
    }
    if (const JsonValue* sid = t.Find("expectMatchedSid");
        sid != nullptr && !sid->is_string()) {
      errors.push_back({sid->offset, "\"expectMatchedSid\" must be a string"});
    }
    const JsonValue* request = t.Find("request");
    CheckRequest(request, &errors);
    CheckFacts(t.Find("facts"), &errors);
    const JsonValue* actions = CheckMatrix(t, "actions", "action", &errors);
    const JsonValue* resources =
        CheckMatrix(t, "resources", "resource", &errors);
    if (!errors.empty()) {
      cases_.push_back(std::move(c));
      return;
    }
    // The matrix: one case per action and resource, named after them.
    const std::vector<const JsonValue*> none = {nullptr};
    std::vector<const JsonValue*> as = none, rs = none;
    if (actions != nullptr) {
      as.clear();
      for (const JsonValue& a : actions->items) as.push_back(&a);
    }
    if (resources != nullptr) {
      rs.clear();
      for (const JsonValue& r : resources->items) rs.push_back(&r);
    }
    for (const JsonValue* a : as) {
      for (const JsonValue* r : rs) {
        Case m;
        m.test = &t;
        m.test_index = index;
        m.action = a;
        m.resource = r;
        m.name = c.name;
        m.offset = a ? a->offset : r ? r->offset : t.offset;
        if (a != nullptr || r != nullptr) {
          absl::StrAppend(&m.name, " [", a ? a->text : "", a && r ? " on " : "",
                          r ? r->text : "", "]");
        }
        cases_.push_back(std::move(m));
      }
    }
  }

  // "actions" or "resources": a non-empty list of distinct strings, which
  // replaces the request's "action" or "resource" (so the test cannot also
  // give that). Returns the list when it is there and valid.
  static const JsonValue* CheckMatrix(const JsonValue& test,
                                      absl::string_view list,
                                      absl::string_view field,
                                      std::vector<InputError>* errors) {
    const JsonValue* v = test.Find(list);
    if (v == nullptr) return nullptr;
    if (!v->is_array() || v->items.empty()) {
      errors->push_back(
          {v->offset, absl::StrCat("\"", list,
                                   "\" must be a non-empty array of strings")});
      return nullptr;
    }
    const size_t before = errors->size();
    std::set<std::string> seen;
    for (const JsonValue& item : v->items) {
      if (!item.is_string() || item.text.empty()) {
        errors->push_back(
            {item.offset,
             absl::StrCat("an item of \"", list, "\" is a non-empty string")});
      } else if (!seen.insert(item.text).second) {
        errors->push_back(
            {item.offset, absl::StrCat("\"", item.text, "\" is listed twice")});
      }
    }
    if (const JsonValue* request = test.Find("request");
        request != nullptr && request->is_object()) {
      if (const JsonValue* f = request->Find(field)) {
        errors->push_back(
            {f->offset, absl::StrCat("a test with \"", list,
                                     "\" cannot also give request.", field)});
      }
    }
    return errors->size() == before ? v : nullptr;
  }

  static void CheckRequest(const JsonValue* request,
                           std::vector<InputError>* errors) {
    if (request == nullptr) return;
    if (!request->is_object()) {
      errors->push_back({request->offset, "\"request\" must be an object"});
      return;
    }
    if (const JsonValue* c = request->Find("context");
        c != nullptr && !c->is_object()) {
      errors->push_back({c->offset, "\"context\" must be an object"});
    }
  }

  static void CheckFacts(const JsonValue* facts,
                         std::vector<InputError>* errors) {
    if (facts == nullptr) return;
    if (!facts->is_object()) {
      errors->push_back({facts->offset, "\"facts\" must be an object"});
      return;
    }
    for (const JsonMember& m : facts->members) {
      const bool ok =
          (m.key == "managementAccount" &&
           (m.value.is_string() || m.value.kind == JsonValue::Kind::kNull)) ||
          (m.key == "awsManagedKey" &&
           (m.value.kind == JsonValue::Kind::kBool ||
            m.value.kind == JsonValue::Kind::kNull));
      if (!ok) {
        errors->push_back({m.key_offset,
                           "unknown fact or wrong type (known: "
                           "managementAccount string, awsManagedKey boolean)"});
      }
    }
  }

  // The file's request with the test's fields on top; context keys merge
  // one by one (case-insensitively) and a null value removes a default.
  static JsonValue MergeRequest(const JsonValue* defaults,
                                const JsonValue* test) {
    JsonValue out;
    out.kind = JsonValue::Kind::kObject;
    auto context_of = [](const JsonValue* v) -> const JsonValue* {
      return v == nullptr ? nullptr : v->Find("context");
    };
    for (const JsonValue* source : {defaults, test}) {
      if (source == nullptr) continue;
      for (const JsonMember& m : source->members) {
        if (m.key == "context") continue;
        bool replaced = false;
        for (JsonMember& o : out.members) {
          if (o.key == m.key) {
            o.value = m.value;
            replaced = true;
          }
        }
        if (!replaced) out.members.push_back(m);
      }
    }
    const JsonValue* dc = context_of(defaults);
    const JsonValue* tc = context_of(test);
    if (dc == nullptr && tc == nullptr) return out;
    JsonMember context;
    context.key = "context";
    context.value.kind = JsonValue::Kind::kObject;
    std::vector<JsonMember>& keys = context.value.members;
    for (const JsonValue* source : {dc, tc}) {
      if (source == nullptr) continue;
      for (const JsonMember& m : source->members) {
        const std::string folded = absl::AsciiStrToLower(m.key);
        std::erase_if(keys, [&](const JsonMember& k) {
          return absl::AsciiStrToLower(k.key) == folded;
        });
        if (m.value.kind != JsonValue::Kind::kNull) keys.push_back(m);
      }
    }
    out.members.push_back(std::move(context));
    return out;
  }

  // Where the merged request's fields are in the file.
  struct RequestPlaces {
    uint32_t action = 0;
    uint32_t resource = 0;
    std::vector<std::pair<std::string, uint32_t>> context;  // key, value
  };
  static RequestPlaces Places(const JsonValue& request) {
    RequestPlaces places;
    if (const JsonValue* a = request.Find("action")) places.action = a->offset;
    if (const JsonValue* r = request.Find("resource")) {
      places.resource = r->offset;
    }
    if (const JsonValue* c = request.Find("context")) {
      for (const JsonMember& m : c->members) {
        places.context.emplace_back(m.key, m.value.offset);
      }
    }
    return places;
  }

  // The request against the service catalog (request_checks.h), each
  // problem at the place in the file that caused it. Only the context keys
  // the file gives are judged; derived keys are the engine's own.
  std::vector<InputError> CheckRequest(const Request& r,
                                       const RequestPlaces& places) const {
    std::vector<InputError> out;
    if (catalog_ == nullptr) return out;
    if (std::optional<std::string> p = CheckAction(*catalog_, r.action)) {
      out.push_back({places.action, *std::move(p)});
    } else if (std::optional<std::string> p =
                   CheckResource(*catalog_, r.action, r.resource)) {
      out.push_back({places.resource, *std::move(p)});
    }
    for (const auto& [key, offset] : places.context) {
      const ContextEntry* entry = r.context.Find(key);
      if (entry == nullptr) continue;
      for (std::string& p : CheckContextEntry(*catalog_, *entry)) {
        out.push_back({offset, std::move(p)});
      }
    }
    return out;
  }

  // The test's field if it has it, else the file's; null when neither (or
  // when the test removes it with null).
  struct Field {
    const JsonValue* value = nullptr;
    std::string pointer;
  };
  Field Lookup(const JsonValue& test, size_t index, absl::string_view name) {
    if (const JsonValue* v = test.Find(name)) {
      if (v->kind == JsonValue::Kind::kNull) return {};
      return {v, absl::StrCat("/tests/", index, "/", name)};
    }
    if (const JsonValue* v = root_.Find(name)) {
      if (v->kind == JsonValue::Kind::kNull) return {};
      return {v, absl::StrCat("/", name)};
    }
    return {};
  }

  std::optional<InputError> BuildBundle(const JsonValue& test, size_t index,
                                        bool trust, PolicyBundle* bundle) {
    auto list = [&](absl::string_view name, PolicyKind kind,
                    std::vector<PolicyRef>* out) -> std::optional<InputError> {
      Field f = Lookup(test, index, name);
      if (f.value == nullptr) return std::nullopt;
      if (!f.value->is_array()) {
        return InputError{f.value->offset,
                          absl::StrCat("\"", name,
                                       "\" must be an array of policies (paths "
                                       "or inline documents)")};
      }
      for (size_t i = 0; i < f.value->items.size(); ++i) {
        PolicyRef ref;
        if (auto e = GetPolicy(f.value->items[i], kind,
                               absl::StrCat(f.pointer, "/", i), &ref)) {
          return e;
        }
        out->push_back(std::move(ref));
      }
      return std::nullopt;
    };
    auto single =
        [&](absl::string_view name, PolicyKind kind,
            std::vector<PolicyRef>* out) -> std::optional<InputError> {
      Field f = Lookup(test, index, name);
      if (f.value == nullptr) return std::nullopt;
      PolicyRef ref;
      if (auto e = GetPolicy(*f.value, kind, f.pointer, &ref)) return e;
      out->push_back(std::move(ref));
      return std::nullopt;
    };
    auto levels = [&](absl::string_view name, PolicyKind kind,
                      std::vector<std::vector<PolicyRef>>* out)
        -> std::optional<InputError> {
      Field f = Lookup(test, index, name);
      if (f.value == nullptr) return std::nullopt;
      if (!f.value->is_array()) {
        return InputError{f.value->offset,
                          absl::StrCat("\"", name,
                                       "\" must be an array of levels (root "
                                       "first), each an array of policies")};
      }
      for (size_t l = 0; l < f.value->items.size(); ++l) {
        const JsonValue& level = f.value->items[l];
        if (!level.is_array() || level.items.empty()) {
          return InputError{level.offset,
                            "a level is a non-empty array of policies (paths "
                            "or inline documents)"};
        }
        out->emplace_back();
        for (size_t i = 0; i < level.items.size(); ++i) {
          PolicyRef ref;
          if (auto e =
                  GetPolicy(level.items[i], kind,
                            absl::StrCat(f.pointer, "/", l, "/", i), &ref)) {
            return e;
          }
          out->back().push_back(std::move(ref));
        }
      }
      return std::nullopt;
    };
    std::optional<InputError> e;
    if ((e = list("identityPolicies", PolicyKind::kIdentity,
                  &bundle->identity)) ||
        (e = list("permissionBoundaries", PolicyKind::kBoundary,
                  &bundle->boundary)) ||
        (e = single("sessionPolicy", PolicyKind::kSession, &bundle->session)) ||
        (e = levels("scps", PolicyKind::kScp, &bundle->scp_levels)) ||
        (e = levels("rcps", PolicyKind::kRcp, &bundle->rcp_levels)) ||
        (e = single("resourcePolicy",
                    trust ? PolicyKind::kTrust : PolicyKind::kResource,
                    &bundle->resource)) ||
        (e = list("vpcEndpointPolicies", PolicyKind::kVpcEndpoint,
                  &bundle->vpc_endpoint))) {
      return e;
    }
    // Facts merge one by one: a test can change one and keep the other.
    for (const JsonValue* facts : {root_.Find("facts"), test.Find("facts")}) {
      if (facts == nullptr) continue;
      for (const JsonMember& m : facts->members) {
        if (m.key == "managementAccount") {
          bundle->management_account = m.value.is_string() ? m.value.text : "";
        } else if (m.key == "awsManagedKey") {
          bundle->aws_managed_key = m.value.bool_value;
        }
      }
    }
    return std::nullopt;
  }

  // A policy by path (relative to this file) or inline; compiled once per
  // (source, kind) and shared by every test that names it.
  std::optional<InputError> GetPolicy(const JsonValue& v, PolicyKind kind,
                                      const std::string& pointer,
                                      PolicyRef* out) {
    std::string key;
    if (v.is_string() && IsAwsManagedPolicyArn(v.text)) {
      key = v.text;
    } else if (v.is_string()) {
      key = (dir_ / v.text).lexically_normal().generic_string();
    } else if (v.is_object()) {
      key = absl::StrCat("#", v.offset);
    } else {
      return InputError{v.offset,
                        absl::StrCat("expected a policy file path (string) or "
                                     "an inline policy document (object), "
                                     "found ",
                                     json::KindName(v.kind))};
    }
    auto cache_key = std::make_pair(key, kind);
    auto it = cache_.find(cache_key);
    if (it == cache_.end()) {
      Cached c;
      if (v.is_string()) {
        absl::StatusOr<PolicyInput> input = ReadPolicyInput(key);
        if (!input.ok()) {
          // "PATH: cannot read: REASON", or why an ARN is not vendored.
          c.error = std::string(input.status().message());
        } else {
          absl::StatusOr<PolicyRef> ref = CompilePolicyText(
              input->text, kind, key, key, {}, PolicyParseOptions(*input));
          if (ref.ok()) {
            c.ref = *std::move(ref);
          } else {
            c.error = absl::StrCat("the ", PolicyKindName(kind), " policy ",
                                   key, " has errors (reported on stderr)");
          }
        }
      } else {
        TextOrigin origin;
        int line = 0, column = 0;
        json::OffsetToLineColumn(text_, v.offset, &line, &column);
        origin.line = line;
        origin.column = column;
        origin.pointer_prefix = pointer;
        absl::StatusOr<PolicyRef> ref = CompilePolicyText(
            absl::string_view(text_).substr(v.offset, v.end - v.offset), kind,
            path_, absl::StrCat(path_, "#", pointer), origin);
        if (ref.ok()) {
          c.ref = *std::move(ref);
        } else {
          c.error =
              absl::StrCat("the inline ", PolicyKindName(kind), " policy ",
                           pointer, " has errors (reported on stderr)");
        }
      }
      it = cache_.emplace(cache_key, std::move(c)).first;
    }
    if (!it->second.error.empty())
      return InputError{v.offset, it->second.error};
    *out = it->second.ref;
    return std::nullopt;
  }

  struct Cached {
    PolicyRef ref;
    std::string error;
  };

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

struct CoverageTotals {
  size_t statements = 0;
  size_t applied = 0;
  double percent = 100;  // of statements applied; 100 when there are none
};

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

std::string StatementName(const StatementCoverage& s) {
  return absl::StrCat(s.effect == Effect::kDeny ? "Deny" : "Allow",
                      " statement ", s.index,
                      s.sid.empty() ? "" : absl::StrCat(" Sid \"", s.sid, "\""),
                      " (line ", s.line, ")");
}

// A percentage as people read it: one decimal, without rounding up to a
// threshold that was not reached.
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
  auto statement = [](const StatementCoverage& s) {
    return absl::StrCat(
        "{\"index\": ", s.index,
        ", \"sid\": ", s.sid.empty() ? "null" : JsonQuote(s.sid),
        ", \"effect\": \"", s.effect == Effect::kDeny ? "Deny" : "Allow",
        "\", \"line\": ", s.line, "}");
  };
  std::vector<std::string> policies;
  for (const auto& [id, policy] : coverage) {
    size_t applied = 0;
    std::vector<std::string> never, undecided;
    for (const StatementCoverage& s : policy.statements) {
      applied += s.applied;
      if (!s.applied) {
        never.push_back(statement(s));
      } else if (s.effect == Effect::kDeny && !s.decided) {
        undecided.push_back(statement(s));
      }
    }
    policies.push_back(absl::StrCat(
        "    {\"policy\": ", JsonQuote(id),
        ", \"statements\": ", policy.statements.size(),
        ", \"applied\": ", applied, ",\n     \"neverApplied\": [",
        absl::StrJoin(never, ", "), "],\n     \"denyNeverDecided\": [",
        absl::StrJoin(undecided, ", "), "]}"));
  }
  return absl::StrCat("{\"statements\": ", t.statements,
                      ", \"applied\": ", t.applied, ", \"percent\": ",
                      absl::StrFormat("%.1f", std::floor(t.percent * 10) / 10),
                      min_coverage >= 0
                          ? absl::StrCat(", \"minCoverage\": ", min_coverage)
                          : "",
                      ",\n  \"policies\": [\n", absl::StrJoin(policies, ",\n"),
                      policies.empty() ? "" : "\n", "  ]}\n");
}

}  // namespace

int RunTest(absl::Span<const std::string> args) {
  int exit_code = kExitOk;
  std::optional<ParsedFlags> parsed =
      ParseCommandLine(kCommand, kHelp, args, kFlags, &exit_code);
  if (!parsed) return exit_code;
  const ParsedFlags& flags = *parsed;
  if (flags.positional().empty())
    return UsageError(kCommand, "give at least one test file");
  double min_coverage = -1;
  if (flags.Has("min-coverage")) {
    if (!absl::SimpleAtod(flags.Get("min-coverage"), &min_coverage) ||
        !(min_coverage >= 0 && min_coverage <= 100)) {
      return UsageError(
          kCommand,
          absl::StrCat("--min-coverage must be a percentage from 0 to 100, "
                       "not \"",
                       flags.Get("min-coverage"), "\""));
    }
  }
  const bool coverage_wanted =
      flags.Has("coverage") || flags.Has("coverage-json") || min_coverage >= 0;
  const Catalog* catalog = CatalogForChecks(kCommand);

  const bool color = StdoutWantsColor();
  auto paint = [&](const char* style, absl::string_view text) {
    return color ? absl::StrCat(style, text, "\x1b[0m") : std::string(text);
  };
  std::vector<FileOutcome> files;
  size_t passed = 0, failed = 0;
  Coverage coverage;
  size_t unreadable = 0;
  const std::vector<std::string> paths =
      ExpandDirectories(kCommand, flags.positional(), &unreadable);
  bool input_error = unreadable > 0;
  std::string out;
  for (const std::string& path : paths) {
    FileOutcome& f = files.emplace_back();
    f.path = DisplayName(path);
    if (!out.empty()) out.push_back('\n');
    absl::StrAppend(&out, f.path, "\n");
    absl::StatusOr<std::string> text = ReadInput(path);
    std::vector<std::string> errors;
    std::optional<TestFile> file;
    if (!text.ok()) {
      // "PATH: error: cannot read: REASON", like the other lines here.
      errors.push_back(absl::StrCat(
          f.path, ": error: ",
          absl::StripPrefix(text.status().message(), f.path + ": ")));
    } else {
      file.emplace(f.path, *std::move(text), catalog, flags.Has("strict"),
                   coverage_wanted);
      if (!file->Load(&errors)) file.reset();
    }
    if (!file) {
      // A file that runs no test still counts as one failure, so that the
      // summary never says "0 failed" of a run that failed.
      ++failed;
      input_error = true;
      for (const std::string& error : errors) {
        std::fprintf(stderr, "%s\n", error.c_str());
        absl::StrAppend(&out, "  ", paint("\x1b[31m", "\u2717"), " ", error,
                        "\n");
      }
      f.error = absl::StrJoin(errors, "; ");
      continue;
    }
    for (size_t i = 0; i < file->cases().size(); ++i) {
      const auto start = std::chrono::steady_clock::now();
      TestOutcome o = file->Run(i, color);
      o.seconds = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
      if (o.passed) {
        ++passed;
        absl::StrAppend(&out, "  ", paint("\x1b[32m", "\u2713"), " ", o.name,
                        "\n");
      } else {
        ++failed;
        input_error |= o.error;
        absl::StrAppend(&out, "  ", paint("\x1b[31m", "\u2717"), " ", o.name,
                        "\n");
        for (const std::string& line : o.located) {
          absl::StrAppend(&out, "      ", line, "\n");
        }
        if (!o.details.empty()) {
          absl::StrAppend(&out, Indent(o.details_for_terminal, "      | "));
        }
      }
      f.tests.push_back(std::move(o));
    }
    if (coverage_wanted) file->AddCoverage(&coverage);
  }
  absl::StrAppend(&out, "\n", passed, " passed, ", failed, " failed\n");
  bool coverage_low = false;
  if (coverage_wanted) {
    if (flags.Has("coverage") || min_coverage >= 0) {
      absl::StrAppend(&out, CoverageText(coverage));
    }
    coverage_low = min_coverage >= 0 && Totals(coverage).percent < min_coverage;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (coverage_low) {
    PrintError(
        kCommand,
        absl::StrCat("statement coverage ", Percent(Totals(coverage).percent),
                     " is below --min-coverage ", min_coverage, "%"));
  }

  if (flags.Has("junit")) {
    const std::string junit_path = flags.Get("junit");
    std::ofstream junit(junit_path, std::ios::binary | std::ios::trunc);
    std::string xml = JUnitXml(files);
    junit << xml;
    junit.close();
    if (!junit) {
      PrintError(kCommand,
                 absl::StrCat(junit_path, ": cannot write the JUnit report"));
      return kExitFailure;
    }
  }
  if (flags.Has("coverage-json")) {
    const std::string json_path = flags.Get("coverage-json");
    std::ofstream json_file(json_path, std::ios::binary | std::ios::trunc);
    json_file << CoverageJson(coverage, min_coverage);
    json_file.close();
    if (!json_file) {
      PrintError(kCommand,
                 absl::StrCat(json_path, ": cannot write the coverage report"));
      return kExitFailure;
    }
  }
  if (input_error) return kExitFailure;
  return failed > 0 || coverage_low ? kExitDenied : kExitOk;
}

}  // namespace iameval::cli
