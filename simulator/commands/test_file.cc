// A test file of `iameval test`: loading and running (test_file.h).
#include "commands/test_file.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/internal/compiled_policy.h"
#include "iameval/managed_policies.h"
#include "iameval/scenario.h"
#include "request_checks.h"
#include "scenario_json.h"

namespace iameval::cli {
namespace {

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

}  // namespace

bool TestFile::Load(std::vector<std::string>* errors) {
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

TestOutcome TestFile::Run(size_t index, bool color) {
  const Case& c = cases_[index];
  const JsonValue& test = *c.test;
  TestOutcome out;
  out.name = c.name;
  out.line = LineOf(c.offset);
  auto located = [&](uint32_t offset, absl::string_view message) {
    return PositionedError(path_, text_, offset,
                           absl::StrCat("test \"", out.name, "\": ", message));
  };
  auto fail_input = [&](const std::vector<InputError>& errors) {
    out.error = true;
    std::vector<std::string> messages;
    for (const InputError& e : errors) {
      std::string line = located(e.offset, e.message);
      std::fprintf(stderr, "%s\n", line.c_str());
      out.located.push_back(PositionedError(path_, text_, e.offset, e.message));
      messages.push_back(e.message);
    }
    out.message = absl::StrJoin(messages, "; ");
    return out;
  };
  if (!c.errors.empty()) return fail_input(c.errors);

  // The request first: whether the resource policy is a trust policy
  // depends on it.
  JsonValue request = MergeRequest(root_.Find("request"), test.Find("request"));
  // A matrix entry's action and resource keep their offsets in the
  // file, so that warnings point at the list item.
  if (c.action != nullptr) SetMember(&request, "action", *c.action);
  if (c.resource != nullptr) SetMember(&request, "resource", *c.resource);
  // Merged members keep their offsets in this file; the catalog checks
  // below point at them.
  const RequestPlaces places = Places(request);
  // Problems of a merged value point at the value in this file; those of
  // the merged object itself at the test.
  request.offset = c.offset;
  Request r;
  if (std::optional<JsonProblem> p = RequestFromJson(request, &r)) {
    return fail_input({{p->offset, absl::StrCat(p->field, ": ", p->message)}});
  }
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
  std::optional<InputError> e = BuildBundle(test, c.test_index, trust, &bundle);
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
          sids.empty() ? "no statement with a Sid applied"
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

void TestFile::AddCoverage(Coverage* coverage) const {
  for (const auto& [key, cached] : cache_) {
    if (cached.ref == nullptr || IsAwsManagedPolicyArn(cached.ref->id())) {
      continue;
    }
    auto [it, added] = coverage->try_emplace(cached.ref->id());
    if (!added) continue;
    for (const internal::CompiledStatement& s :
         internal::ImplOf(*cached.ref).statements()) {
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

int TestFile::LineOf(uint32_t offset) const {
  int line = 0, column = 0;
  json::OffsetToLineColumn(text_, offset, &line, &column);
  return line;
}

int TestFile::ColumnOf(uint32_t offset) const {
  int line = 0, column = 0;
  json::OffsetToLineColumn(text_, offset, &line, &column);
  return column;
}

void TestFile::NoteCoverage(const Decision& d, const Trace& trace) {
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

std::vector<InputError> TestFile::CheckShape() {
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

void TestFile::CheckTest(const JsonValue& t, size_t index,
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
        m.key == "expectMatchedSid" || m.key == "facts" || m.key == "actions" ||
        m.key == "resources" || IsPolicyField(m.key)) {
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
  const JsonValue* resources = CheckMatrix(t, "resources", "resource", &errors);
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

const JsonValue* TestFile::CheckMatrix(const JsonValue& test,
                                       absl::string_view list,
                                       absl::string_view field,
                                       std::vector<InputError>* errors) {
  const JsonValue* v = test.Find(list);
  if (v == nullptr) return nullptr;
  if (!v->is_array() || v->items.empty()) {
    errors->push_back(
        {v->offset,
         absl::StrCat("\"", list, "\" must be a non-empty array of strings")});
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

void TestFile::CheckRequest(const JsonValue* request,
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

void TestFile::CheckFacts(const JsonValue* facts,
                          std::vector<InputError>* errors) {
  if (facts == nullptr) return;
  if (!facts->is_object()) {
    errors->push_back({facts->offset, "\"facts\" must be an object"});
    return;
  }
  PolicyBundle scratch;
  for (JsonProblem& p : FactsFromJson(*facts, "facts", &scratch)) {
    errors->push_back({p.offset, std::move(p.message)});
  }
}

JsonValue TestFile::MergeRequest(const JsonValue* defaults,
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

TestFile::RequestPlaces TestFile::Places(const JsonValue& request) {
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

std::vector<InputError> TestFile::CheckRequest(
    const Request& r, const RequestPlaces& places) const {
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

TestFile::Field TestFile::Lookup(const JsonValue& test, size_t index,
                                 absl::string_view name) {
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

std::optional<InputError> TestFile::BuildBundle(const JsonValue& test,
                                                size_t index, bool trust,
                                                PolicyBundle* bundle) {
  auto lookup = [&](absl::string_view name, std::string* field) {
    Field f = Lookup(test, index, name);
    *field = std::move(f.pointer);
    return f.value;
  };
  // A test file's own errors carry their place; its messages leave out
  // the field's path, which the place already names.
  auto load = [&](const JsonValue& v, PolicyKind kind, const std::string& field,
                  PolicyRef* out) -> std::optional<JsonProblem> {
    std::optional<InputError> e = GetPolicy(v, kind, field, out);
    if (!e) return std::nullopt;
    return JsonProblem{e->offset, field, std::move(e->message)};
  };
  if (std::optional<JsonProblem> p = PoliciesFromJson(
          lookup, load, trust ? PolicyKind::kTrust : PolicyKind::kResource,
          bundle)) {
    return InputError{p->offset, p->message};
  }
  // Facts merge one by one: a test can change one and keep the other
  // (CheckFacts has reported any problem).
  for (const JsonValue* facts : {root_.Find("facts"), test.Find("facts")}) {
    if (facts != nullptr) FactsFromJson(*facts, "facts", bundle);
  }
  return std::nullopt;
}

std::optional<InputError> TestFile::GetPolicy(const JsonValue& v,
                                              PolicyKind kind,
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
          c.error = absl::StrCat("the ", PolicyKindName(kind), " policy ", key,
                                 " has errors (reported on stderr)");
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
        c.error = absl::StrCat("the inline ", PolicyKindName(kind), " policy ",
                               pointer, " has errors (reported on stderr)");
      }
    }
    it = cache_.emplace(cache_key, std::move(c)).first;
  }
  if (!it->second.error.empty()) return InputError{v.offset, it->second.error};
  *out = it->second.ref;
  return std::nullopt;
}

}  // namespace iameval::cli
