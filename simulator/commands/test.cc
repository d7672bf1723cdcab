// `iameval test`: policy unit tests. A test file (docs/formats.md) is a
// scenario template: policies by path or inline, a default request, and a
// list of tests that each complete the request, may replace policies, and
// state the expected decision.
#include <unistd.h>

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
#include "absl/strings/str_cat.h"
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

Runs policy unit tests: each FILE is a JSON test file (docs/formats.md)
naming policies by path (relative to the test file), by AWS managed policy
ARN (arn:aws:iam::aws:policy/ReadOnlyAccess) or inline, a default request,
and tests with the decision they expect. Prints one line per test (a check
mark or a cross), the explanation of every failure, and a summary line
"N passed, N failed". Requests are checked against the service catalog:
unknown actions, ARNs that are none of the action's resource types and
context values not of their key's type are warnings on stderr.

Options:
  --junit FILE   also write a JUnit XML report to FILE
  --strict       make those request warnings errors: the test fails with an
                 input error
  -h, --help     show this help

Exit status: 0 every test passed, 2 some test failed, 1 an input error (a
test file, policy or request that cannot be read; such tests count as
failed).
)";

constexpr FlagSpec kFlags[] = {
    {"help"},
    {"junit", true},
    {"strict"},
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
  bool error = false;   // input error rather than a wrong decision
  std::string message;  // first line of the failure
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

// Removes the " (line L, column C)" that ParseScenario appends: the
// positions are those of the request text built here, not of the file.
std::string StripPosition(absl::string_view message) {
  size_t at = message.rfind(" (line ");
  if (at != absl::string_view::npos && absl::EndsWith(message, ")")) {
    return std::string(message.substr(0, at));
  }
  return std::string(message);
}

class TestFile {
 public:
  // `catalog` (may be null: no request checks) outlives the TestFile.
  TestFile(std::string path, std::string text, const Catalog* catalog,
           bool strict)
      : path_(std::move(path)),
        text_(std::move(text)),
        catalog_(catalog),
        strict_(strict) {
    dir_ = std::filesystem::path(path_).parent_path();
  }

  // Parses the file and checks its shape; on failure `error` is a
  // compiler-style message.
  bool Load(std::string* error) {
    Issue issue;
    if (!json::ReadJson(text_, json::ReadOptions(), &root_, &issue)) {
      *error = FormatIssue(path_, issue);
      return false;
    }
    std::optional<InputError> e = CheckShape();
    if (e) {
      *error = PositionedError(path_, text_, e->offset, e->message);
      return false;
    }
    return true;
  }

  const std::vector<const JsonValue*>& tests() const { return tests_; }

  TestOutcome Run(size_t index, bool color) {
    const JsonValue& test = *tests_[index];
    TestOutcome out;
    out.name = test.Find("name")->text;
    auto fail_input = [&](const InputError& e) {
      out.error = true;
      out.message = e.message;
      std::string line =
          PositionedError(path_, text_, e.offset,
                          absl::StrCat("test \"", out.name, "\": ", e.message));
      std::fprintf(stderr, "%s\n", line.c_str());
      return out;
    };

    // The request first: whether the resource policy is a trust policy
    // depends on it.
    JsonValue request =
        MergeRequest(root_.Find("request"), test.Find("request"));
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
      return fail_input({test.offset, StripPosition(parsed.status.message())});
    }
    const Request& r = parsed.scenario.request;
    if (std::vector<InputError> problems = CheckRequest(r, places);
        !problems.empty()) {
      if (strict_) {
        std::vector<std::string> messages;
        for (const InputError& p : problems) {
          std::string line = PositionedError(
              path_, text_, p.offset,
              absl::StrCat("test \"", out.name, "\": ", p.message));
          std::fprintf(stderr, "%s\n", line.c_str());
          messages.push_back(p.message);
        }
        out.error = true;
        out.message = absl::StrJoin(messages, "; ");
        return out;
      }
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
    std::optional<InputError> e = BuildBundle(test, index, trust, &bundle);
    if (e) return fail_input(*e);
    if (absl::Status s = bundle.Validate(r.principal); !s.ok()) {
      return fail_input({test.offset, std::string(s.message())});
    }

    Trace trace;
    Decision d = Evaluate(bundle, r, &trace);
    std::vector<std::string> problems;
    const std::string expect = test.Find("expect")->text;
    if (expect != OutcomeName(d.outcome)) {
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
    out.details = FormatDecisionText(d, &trace, r, false);
    out.details_for_terminal =
        color ? FormatDecisionText(d, &trace, r, true) : out.details;
    return out;
  }

 private:
  std::optional<InputError> CheckShape() {
    if (!root_.is_object()) {
      return InputError{root_.offset, "a test file is a JSON object"};
    }
    for (const JsonMember& m : root_.members) {
      if (m.key == "description" || m.key == "tests" || m.key == "facts" ||
          m.key == "request" || IsPolicyField(m.key)) {
        continue;
      }
      return InputError{
          m.key_offset,
          absl::StrCat("unknown field \"", m.key,
                       "\" (known: description, request, tests, facts, ",
                       absl::StrJoin(kPolicyFields, ", "), ")")};
    }
    if (auto e = CheckRequest(root_.Find("request"))) return e;
    if (auto e = CheckFacts(root_.Find("facts"))) return e;
    const JsonValue* tests = root_.Find("tests");
    if (tests == nullptr || !tests->is_array() || tests->items.empty()) {
      return InputError{tests ? tests->offset : root_.offset,
                        "\"tests\" must be a non-empty array of tests"};
    }
    std::set<std::string> names;
    for (const JsonValue& t : tests->items) {
      if (!t.is_object()) {
        return InputError{t.offset, "a test is a JSON object"};
      }
      for (const JsonMember& m : t.members) {
        if (m.key == "name" || m.key == "description" || m.key == "request" ||
            m.key == "expect" || m.key == "expectLayer" ||
            m.key == "expectMatchedSid" || m.key == "facts" ||
            IsPolicyField(m.key)) {
          continue;
        }
        return InputError{
            m.key_offset,
            absl::StrCat("unknown field \"", m.key,
                         "\" in a test (known: name, description, request, "
                         "expect, expectLayer, expectMatchedSid, facts and the "
                         "policy fields)")};
      }
      const JsonValue* name = t.Find("name");
      if (name == nullptr || !name->is_string() || name->text.empty()) {
        return InputError{name ? name->offset : t.offset,
                          "a test needs a non-empty string \"name\""};
      }
      if (!names.insert(name->text).second) {
        return InputError{name->offset, absl::StrCat("two tests are named \"",
                                                     name->text, "\"")};
      }
      const JsonValue* expect = t.Find("expect");
      if (expect == nullptr || !expect->is_string() ||
          (expect->text != "Allowed" && expect->text != "ExplicitlyDenied" &&
           expect->text != "ImplicitlyDenied")) {
        return InputError{expect ? expect->offset : t.offset,
                          "\"expect\" must be \"Allowed\", "
                          "\"ExplicitlyDenied\" or \"ImplicitlyDenied\""};
      }
      if (const JsonValue* layer = t.Find("expectLayer")) {
        bool known = false;
        for (const char* l : kLayerNames)
          known |= layer->is_string() && layer->text == l;
        if (!known) {
          return InputError{layer->offset,
                            absl::StrCat("\"expectLayer\" must be one of ",
                                         absl::StrJoin(kLayerNames, ", "))};
        }
      }
      if (const JsonValue* sid = t.Find("expectMatchedSid");
          sid != nullptr && !sid->is_string()) {
        return InputError{sid->offset, "\"expectMatchedSid\" must be a string"};
      }
      if (auto e = CheckRequest(t.Find("request"))) return e;
      if (auto e = CheckFacts(t.Find("facts"))) return e;
      tests_.push_back(&t);
    }
    return std::nullopt;
  }

  static std::optional<InputError> CheckRequest(const JsonValue* request) {
    if (request == nullptr) return std::nullopt;
    if (!request->is_object()) {
      return InputError{request->offset, "\"request\" must be an object"};
    }
    if (const JsonValue* c = request->Find("context");
        c != nullptr && !c->is_object()) {
      return InputError{c->offset, "\"context\" must be an object"};
    }
    return std::nullopt;
  }

  static std::optional<InputError> CheckFacts(const JsonValue* facts) {
    if (facts == nullptr) return std::nullopt;
    if (!facts->is_object()) {
      return InputError{facts->offset, "\"facts\" must be an object"};
    }
    for (const JsonMember& m : facts->members) {
      const bool ok =
          (m.key == "managementAccount" &&
           (m.value.is_string() || m.value.kind == JsonValue::Kind::kNull)) ||
          (m.key == "awsManagedKey" &&
           (m.value.kind == JsonValue::Kind::kBool ||
            m.value.kind == JsonValue::Kind::kNull));
      if (!ok) {
        return InputError{m.key_offset,
                          "unknown fact or wrong type (known: "
                          "managementAccount string, awsManagedKey boolean)"};
      }
    }
    return std::nullopt;
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
  std::set<std::pair<uint32_t, std::string>> warned_;
  std::filesystem::path dir_;
  JsonValue root_;
  std::vector<const JsonValue*> tests_;
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
    std::string cases;
    const std::string cls = XmlEscape(f.path);
    if (!f.error.empty()) {
      t = er = 1;
      absl::StrAppend(&cases, "    <testcase classname=\"", cls,
                      "\" name=\"(test file)\">\n      <error message=\"",
                      XmlEscape(f.error), "\" type=\"InputError\"/>\n",
                      "    </testcase>\n");
    }
    for (const TestOutcome& o : f.tests) {
      ++t;
      absl::StrAppend(&cases, "    <testcase classname=\"", cls, "\" name=\"",
                      XmlEscape(o.name), "\"");
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
                    "\" failures=\"", fl, "\" errors=\"", er, "\">\n", cases,
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

}  // namespace

int RunTest(absl::Span<const std::string> args) {
  int exit_code = kExitOk;
  std::optional<ParsedFlags> parsed =
      ParseCommandLine(kCommand, kHelp, args, kFlags, &exit_code);
  if (!parsed) return exit_code;
  const ParsedFlags& flags = *parsed;
  if (flags.positional().empty())
    return UsageError(kCommand, "give at least one test file");
  const Catalog* catalog = CatalogForChecks(kCommand);

  const bool color = StdoutWantsColor();
  auto paint = [&](const char* style, absl::string_view text) {
    return color ? absl::StrCat(style, text, "\x1b[0m") : std::string(text);
  };
  std::vector<FileOutcome> files;
  size_t passed = 0, failed = 0;
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
    std::string error;
    std::optional<TestFile> file;
    if (!text.ok()) {
      // "PATH: error: cannot read: REASON", like the other lines here.
      error = absl::StrCat(
          f.path, ": error: ",
          absl::StripPrefix(text.status().message(), f.path + ": "));
    } else {
      file.emplace(f.path, *std::move(text), catalog, flags.Has("strict"));
      if (!file->Load(&error)) file.reset();
    }
    if (!file) {
      std::fprintf(stderr, "%s\n", error.c_str());
      f.error = error;
      input_error = true;
      absl::StrAppend(&out, "  ", paint("\x1b[31m", "\u2717"), " ", error,
                      "\n");
      continue;
    }
    for (size_t i = 0; i < file->tests().size(); ++i) {
      TestOutcome o = file->Run(i, color);
      if (o.passed) {
        ++passed;
        absl::StrAppend(&out, "  ", paint("\x1b[32m", "\u2713"), " ", o.name,
                        "\n");
      } else {
        ++failed;
        input_error |= o.error;
        absl::StrAppend(&out, "  ", paint("\x1b[31m", "\u2717"), " ", o.name,
                        "\n", "      ", o.error ? "error: " : "", o.message,
                        "\n");
        if (!o.details.empty()) {
          absl::StrAppend(&out, Indent(o.details_for_terminal, "      | "));
        }
      }
      f.tests.push_back(std::move(o));
    }
  }
  absl::StrAppend(&out, "\n", passed, " passed, ", failed, " failed\n");
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);

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
  if (input_error) return kExitFailure;
  return failed > 0 ? kExitDenied : kExitOk;
}

}  // namespace iameval::cli
