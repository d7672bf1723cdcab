// Differential fuzzing of the decision: the engine (compiled policies,
// iameval::Evaluate) against the naive reference evaluator
// (tests/testing/reference_evaluator), on scenarios built from the input.
//
// The input is read as choices. Its first eight bytes seed the scenario
// generator (tests/testing/scenario_generator), which draws a whole scenario:
// caller, request, context and every policy layer. Each following group of
// bytes is one edit of that scenario: add or replace generated statements
// and policies (the generator reseeded from the input), drop a policy, redraw
// the context, set a context value to text from the input, add a statement
// whose condition, action pattern or resource pattern is text from the
// input, change the request, toggle the organization facts. So libFuzzer's
// mutations move through the space of scenarios, and strings it invents
// reach the matchers of both implementations.
//
// Aborts when
//  - the engine and the reference decide differently,
//  - the traced and the fast engine decide differently,
//  - the scenario printed in the scenario format (ParseScenario) decides
//    differently from the one built directly,
//  - a scenario made only of generator output fails to build (generator bug).
// The scenario line is printed first, for `iameval batch` or a unit test.
//
// Text from the input is mapped onto a small alphabet (wildcards, variable
// syntax, separators, digits) and kept short with at most three stars, so the
// reference's plain recursive matcher stays fast.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "iameval/evaluate.h"
#include "iameval/parser.h"
#include "iameval/scenario.h"
#include "iameval/wildcard.h"
#include "testing/reference_evaluator.h"
#include "testing/scenario_generator.h"

namespace {

using iameval::PolicyKind;
using iameval::testing::GeneratedContextKey;
using iameval::testing::GeneratedPolicy;
using iameval::testing::GeneratedScenario;
using iameval::testing::ScenarioGenerator;

constexpr size_t kMaxEdits = 24;
constexpr size_t kMaxText = 24;
constexpr int kMaxStars = 3;

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint64_t U64(int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t{Byte()} << (8 * i);
    return v;
  }
  size_t Pick(size_t n) { return n == 0 ? 0 : Byte() % n; }
  // A short string over an alphabet that matters to the matchers and the
  // typed parsers, JSON-safe (no quote, no backslash).
  std::string Text() {
    static constexpr char kAlphabet[] = "abcdelrAB*?:/${}.-_0123456789 ,'TZ+f";
    const size_t n = Byte() % (kMaxText + 1);
    std::string out;
    int stars = 0;
    for (size_t i = 0; i < n && !empty(); ++i) {
      char c = kAlphabet[Byte() % (sizeof(kAlphabet) - 1)];
      if (c == '*' && ++stars > kMaxStars) c = 'a';
      out.push_back(c);
    }
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

template <typename T>
const T& PickFrom(Bytes& in, const std::vector<T>& v) {
  return v[in.Pick(v.size())];
}

// Every policy of the scenario with its kind, for edits that pick one.
std::vector<GeneratedPolicy*> AllPolicies(GeneratedScenario& s) {
  std::vector<GeneratedPolicy*> out;
  for (auto* list :
       {&s.identity, &s.boundary, &s.session, &s.resource, &s.vpc_endpoint}) {
    for (GeneratedPolicy& p : *list) out.push_back(&p);
  }
  for (auto* levels : {&s.scp_levels, &s.rcp_levels}) {
    for (auto& level : *levels) {
      for (GeneratedPolicy& p : level) out.push_back(&p);
    }
  }
  return out;
}

bool HasPrincipalElement(PolicyKind k) {
  return k == PolicyKind::kResource || k == PolicyKind::kTrust ||
         k == PolicyKind::kVpcEndpoint || k == PolicyKind::kRcp;
}

// Whether `statement` is grammatical in a policy of `kind`.
bool Grammatical(PolicyKind kind, const std::string& statement) {
  iameval::ParseOptions options;
  options.check_size_quotas = false;
  return iameval::ParsePolicy(
             absl::StrCat(R"({"Version":"2012-10-17","Statement":[)", statement,
                          "]}"),
             kind, options)
      .ok();
}

// A statement for a policy of `kind` around `body` (Action/Resource/
// Condition members), with the Principal and Resource the kind needs.
std::string Wrap(PolicyKind kind, bool allow, const std::string& body,
                 bool has_resource) {
  if (kind == PolicyKind::kRcp) allow = false;
  std::string out =
      absl::StrCat(R"({"Effect":")", allow ? "Allow" : "Deny", R"(",)", body);
  if (HasPrincipalElement(kind)) absl::StrAppend(&out, R"(,"Principal":"*")");
  if (!has_resource && kind != PolicyKind::kTrust) {
    absl::StrAppend(&out, R"(,"Resource":"*")");
  }
  out.push_back('}');
  return out;
}

const std::vector<std::string>& Operators() {
  static const auto* const kOps = [] {
    auto* ops = new std::vector<std::string>;
    for (const char* base : {"StringEquals",
                             "StringNotEquals",
                             "StringEqualsIgnoreCase",
                             "StringNotEqualsIgnoreCase",
                             "StringLike",
                             "StringNotLike",
                             "NumericEquals",
                             "NumericNotEquals",
                             "NumericLessThan",
                             "NumericGreaterThanEquals",
                             "DateEquals",
                             "DateLessThan",
                             "DateGreaterThan",
                             "Bool",
                             "BinaryEquals",
                             "IpAddress",
                             "NotIpAddress",
                             "ArnEquals",
                             "ArnLike",
                             "ArnNotEquals",
                             "ArnNotLike"}) {
      ops->push_back(base);
      ops->push_back(absl::StrCat(base, "IfExists"));
      ops->push_back(absl::StrCat("ForAnyValue:", base));
      ops->push_back(absl::StrCat("ForAllValues:", base));
    }
    ops->push_back("Null");
    return ops;
  }();
  return *kOps;
}

const std::vector<std::string>& ContextKeys() {
  static const auto* const kKeys =
      new std::vector<std::string>{"aws:username",
                                   "aws:PrincipalTag/team",
                                   "aws:SourceIp",
                                   "aws:TagKeys",
                                   "aws:MultiFactorAuthAge",
                                   "aws:CurrentTime",
                                   "aws:MultiFactorAuthPresent",
                                   "s3:x-amz-blob",
                                   "aws:PrincipalArn",
                                   "aws:SourceArn",
                                   "AWS:UserName",
                                   "aws:userid"};
  return *kKeys;
}

void SetContext(GeneratedScenario& s, GeneratedContextKey entry) {
  const std::string folded = iameval::internal::AsciiLower(entry.key);
  std::vector<GeneratedContextKey> kept;
  for (GeneratedContextKey& k : s.context) {
    if (iameval::internal::AsciiLower(k.key) != folded)
      kept.push_back(std::move(k));
  }
  kept.push_back(std::move(entry));
  s.context = std::move(kept);
}

struct Edited {
  bool injected = false;  // some text came from the input, not the generator
};

// Applies one edit; an edit that does not fit the scenario is skipped.
void Edit(Bytes& in, ScenarioGenerator& gen, GeneratedScenario& s,
          Edited* edited) {
  const uint8_t op = in.Byte() % 11;
  std::vector<GeneratedPolicy*> policies = AllPolicies(s);
  auto reseed = [&] { gen.rng().seed(in.U64(4)); };
  switch (op) {
    case 0: {  // a generated statement added to some policy
      if (policies.empty()) return;
      GeneratedPolicy* p = PickFrom(in, policies);
      reseed();
      p->statements.push_back(gen.RandomStatement(p->kind, s));
      return;
    }
    case 1: {  // a policy replaced by a generated one of its kind
      if (policies.empty()) return;
      GeneratedPolicy* p = PickFrom(in, policies);
      reseed();
      *p = gen.RandomPolicy(p->kind, s);
      return;
    }
    case 2:  // a new context
      reseed();
      gen.RerollContext(&s);
      return;
    case 3: {  // a policy dropped (a level with it, if it was the last)
      const size_t which = in.Byte();
      for (auto* list : {&s.identity, &s.boundary, &s.session, &s.resource,
                         &s.vpc_endpoint}) {
        if (!list->empty() && which % 7 == 0) {
          list->erase(list->begin() + which / 7 % list->size());
          return;
        }
      }
      for (auto* levels : {&s.scp_levels, &s.rcp_levels}) {
        if (levels->empty() || which % 2 != 0) continue;
        auto& level = (*levels)[which / 2 % levels->size()];
        if (level.size() > 1) {
          level.erase(level.begin() + which / 8 % level.size());
        } else {
          levels->erase(levels->begin() + which / 2 % levels->size());
        }
        return;
      }
      return;
    }
    case 4: {  // a context value (or list) from the input
      GeneratedContextKey entry;
      entry.key = PickFrom(in, ContextKeys());
      const uint8_t shape = in.Byte();
      entry.is_list = shape % 4 == 0;
      const size_t n = entry.is_list ? shape / 4 % 4 : 1;
      for (size_t i = 0; i < n; ++i) entry.values.push_back(in.Text());
      SetContext(s, std::move(entry));
      edited->injected = true;
      return;
    }
    case 5: {  // a statement with a condition from the input
      if (policies.empty()) return;
      GeneratedPolicy* p = PickFrom(in, policies);
      const std::string& op_name = PickFrom(in, Operators());
      const std::string& key = PickFrom(in, ContextKeys());
      const size_t n = 1 + in.Pick(3);
      std::string values;
      for (size_t i = 0; i < n; ++i) {
        absl::StrAppend(&values, i ? "," : "", "\"", in.Text(), "\"");
      }
      const bool allow = in.Byte() % 2 == 0;
      const std::string statement =
          Wrap(p->kind, allow,
               absl::StrCat(R"("Action":"*","Condition":{")", op_name,
                            R"(":{")", key, R"(":[)", values, "]}}"),
               false);
      if (!Grammatical(p->kind, statement)) return;
      p->statements.push_back(statement);
      edited->injected = true;
      return;
    }
    case 6: {  // an action pattern from the input
      if (policies.empty()) return;
      GeneratedPolicy* p = PickFrom(in, policies);
      static const std::vector<std::string> kServices = {
          "s3:", "sts:", "kms:", "sqs:", "S3:", ""};
      const std::string pattern = PickFrom(in, kServices) + in.Text();
      const bool not_action = in.Byte() % 4 == 0;
      const bool allow = in.Byte() % 2 == 0;
      const std::string statement =
          Wrap(p->kind, allow,
               absl::StrCat(not_action ? R"("NotAction":")" : R"("Action":")",
                            pattern, "\""),
               false);
      if (!Grammatical(p->kind, statement)) return;
      p->statements.push_back(statement);
      edited->injected = true;
      return;
    }
    case 7: {  // a resource pattern from the input
      if (policies.empty()) return;
      GeneratedPolicy* p = PickFrom(in, policies);
      if (p->kind == PolicyKind::kTrust) return;
      static const std::vector<std::string> kPrefixes = {
          "arn:aws:s3:::", "arn:aws:sqs:", "arn:aws:kms:us-east-1:",
          "arn:aws:iam::", "arn:aws:",     "arn:aws:s3:::bucket-a/"};
      const std::string pattern = PickFrom(in, kPrefixes) + in.Text();
      const bool not_resource = in.Byte() % 4 == 0;
      const bool allow = in.Byte() % 2 == 0;
      const std::string statement = Wrap(
          p->kind, allow,
          absl::StrCat(R"("Action":"*",)",
                       not_resource ? R"("NotResource":")" : R"("Resource":")",
                       pattern, "\""),
          true);
      if (!Grammatical(p->kind, statement)) return;
      p->statements.push_back(statement);
      edited->injected = true;
      return;
    }
    case 8: {  // the request's action or resource
      GeneratedScenario before = s;
      static const std::vector<std::string> kActions = {
          "s3:GetObject",    "s3:PutObject",   "S3:GETOBJECT",
          "sqs:SendMessage", "kms:Decrypt",    "kms:RetireGrant",
          "sts:AssumeRole",  "sts:TagSession", "s3:ListAllMyBuckets",
          "s3:Get"};
      if (in.Byte() % 2 == 0) {
        s.action = PickFrom(in, kActions);
      } else {
        static const std::vector<std::string> kPrefixes = {
            "arn:aws:s3:::bucket-a/",
            "arn:aws:s3:::", "arn:aws:sqs:us-east-1:111111111111:",
            "arn:aws:kms:us-east-1:111111111111:key/",
            "arn:aws:iam::111111111111:role/"};
        s.resource_arn = PickFrom(in, kPrefixes) + in.Text();
        edited->injected = true;
      }
      // A resource policy's grammar follows the request (trust or not).
      if (s.resource_policy_kind() != before.resource_policy_kind()) {
        for (GeneratedPolicy& p : s.resource) {
          reseed();
          p = gen.RandomPolicy(s.resource_policy_kind(), s);
        }
      }
      if (!iameval::BuildRequest(s.ToRequestSpec()).ok()) s = std::move(before);
      return;
    }
    case 9: {  // organization and key facts
      static const std::vector<std::string> kAccounts = {
          "", "999999999999", "111111111111", "222222222222"};
      s.management_account = PickFrom(in, kAccounts);
      s.aws_managed_key = in.Byte() % 2 == 0;
      return;
    }
    default: {  // a new SCP or RCP level
      const bool scp = in.Byte() % 2 == 0;
      reseed();
      const iameval::PrincipalKind k = s.principal_kind();
      if (scp) {
        if (k == iameval::PrincipalKind::kAnonymous) return;
        s.scp_levels.push_back(gen.RandomLevel(PolicyKind::kScp, s));
      } else {
        s.rcp_levels.push_back(gen.RandomLevel(PolicyKind::kRcp, s));
      }
      return;
    }
  }
}

// IAMEVAL_FUZZ_VERBOSE=1 prints each scenario and its outcome (replay a
// corpus file with decision_replay to see what it decides).
bool Verbose() {
  static const bool verbose = [] {
    const char* v = std::getenv("IAMEVAL_FUZZ_VERBOSE");
    return v != nullptr && *v != '\0' && *v != '0';
  }();
  return verbose;
}

[[noreturn]] void Fail(const GeneratedScenario& s, const std::string& what) {
  std::fprintf(stderr, "decision_fuzz: %s\nscenario: %s\n", what.c_str(),
               s.ToScenarioJson().c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  ScenarioGenerator gen(in.U64(8));
  GeneratedScenario s = gen.Next();
  Edited edited;
  for (size_t i = 0; i < kMaxEdits && !in.empty(); ++i)
    Edit(in, gen, s, &edited);

  iameval::testing::BuiltScenario built;
  absl::Status status =
      iameval::testing::BuildScenario(s, /*with_reference=*/true, &built);
  if (!status.ok()) {
    if (!edited.injected)
      Fail(s, absl::StrCat("does not build: ", status.ToString()));
    return 0;
  }
  const iameval::Decision engine =
      iameval::Evaluate(built.bundle, built.request);
  iameval::Trace trace;
  const iameval::Decision traced =
      iameval::Evaluate(built.bundle, built.request, &trace);
  const iameval::testing::ReferenceDecision reference =
      iameval::testing::ReferenceEvaluate(built.reference, built.request);
  if (engine.outcome != reference.outcome) {
    Fail(s, absl::StrCat("engine ", iameval::OutcomeName(engine.outcome), " (",
                         iameval::LayerName(engine.layer), ": ",
                         iameval::ReasonText(engine.reason), "), reference ",
                         iameval::OutcomeName(reference.outcome), " (",
                         reference.why, ")"));
  }
  if (traced.outcome != engine.outcome) {
    Fail(s, absl::StrCat("traced ", iameval::OutcomeName(traced.outcome),
                         ", fast ", iameval::OutcomeName(engine.outcome)));
  }
  if (Verbose()) {
    std::fprintf(stderr, "%s %s%s\n", iameval::OutcomeName(engine.outcome),
                 edited.injected ? "(edited) " : "",
                 s.ToScenarioJson().c_str());
  }
  // The printed scenario must replay to the same decision.
  iameval::ParsedScenario replay = iameval::ParseScenario(s.ToScenarioJson());
  if (!replay.status.ok()) {
    Fail(s, absl::StrCat("printed scenario does not parse: ",
                         replay.status.ToString()));
  }
  const iameval::Decision replayed =
      iameval::Evaluate(replay.scenario.bundle, replay.scenario.request);
  if (replayed.outcome != engine.outcome) {
    Fail(s, absl::StrCat("printed scenario decides ",
                         iameval::OutcomeName(replayed.outcome), ", built ",
                         iameval::OutcomeName(engine.outcome)));
  }
  return 0;
}
