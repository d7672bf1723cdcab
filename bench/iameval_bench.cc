// The benchmark suite (docs/performance.md). Every benchmark checks its
// decision before timing and fails loudly when it differs. One item = one
// decision.
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench_util.h"
#include "benchmark/benchmark.h"
#include "iameval/catalog.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/lint.h"
#include "iameval/parser.h"
#include "iameval/scenario.h"
#include "iameval/validate.h"

// Live heap bytes, for W6's memory figure (this binary only).
static std::atomic<int64_t> g_live_bytes{0};

void* operator new(size_t n) {
  void* p = malloc(n + 16);
  if (p == nullptr) throw std::bad_alloc();
  *static_cast<size_t*>(p) = n;
  g_live_bytes.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  return static_cast<char*>(p) + 16;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  char* base = static_cast<char*>(p) - 16;
  g_live_bytes.fetch_sub(static_cast<int64_t>(*reinterpret_cast<size_t*>(base)),
                         std::memory_order_relaxed);
  free(base);
}
void operator delete(void* p, size_t) noexcept { operator delete(p); }

namespace iameval::bench {
int64_t LiveHeapBytes() { return g_live_bytes.load(); }
}  // namespace iameval::bench

namespace iameval::bench {
namespace {

constexpr char kAccount[] = "111122223333";

bool Check(benchmark::State& state, const PolicyBundle& bundle,
           const Request& request, Outcome want) {
  Trace trace;
  Decision d = Evaluate(bundle, request, &trace);
  if (d.outcome != want || Evaluate(bundle, request).outcome != want) {
    state.SkipWithError(absl::StrCat("decision ", OutcomeName(d.outcome),
                                     ", expected ", OutcomeName(want))
                            .c_str());
    return false;
  }
  return true;
}

void Run(benchmark::State& state, const PolicyBundle& bundle,
         const Request& request, Outcome want) {
  if (!Check(state, bundle, request, want)) return;
  for (auto _ : state) {
    Decision d = Evaluate(bundle, request);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}

// --- W1: one identity policy, 3 statements, one condition ---------------

const PolicyBundle& W1Bundle() {
  static const auto* const kBundle = [] {
    auto* b = new PolicyBundle();
    b->identity.push_back(MustCompile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"ReadBucket","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],
       "Resource":["arn:aws:s3:::app-data","arn:aws:s3:::app-data/*"]},
      {"Sid":"WriteOverTls","Effect":"Allow","Action":"s3:PutObject",
       "Resource":"arn:aws:s3:::app-data/*",
       "Condition":{"Bool":{"aws:SecureTransport":"true"}}},
      {"Sid":"NoDelete","Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]})",
                                      PolicyKind::kIdentity, "w1"));
    return b;
  }();
  return *kBundle;
}

void BM_W1_Small_Allowed(benchmark::State& state) {
  static const Request r =
      MustRequest("arn:aws:iam::111122223333:user/alice", "s3:GetObject",
                  "arn:aws:s3:::app-data/reports/q1.csv");
  Run(state, W1Bundle(), r, Outcome::kAllowed);
}
BENCHMARK(BM_W1_Small_Allowed);

void BM_W1_Small_Denied(benchmark::State& state) {
  static const Request r =
      MustRequest("arn:aws:iam::111122223333:user/alice", "s3:DeleteObject",
                  "arn:aws:s3:::app-data/reports/q1.csv");
  Run(state, W1Bundle(), r, Outcome::kExplicitlyDenied);
}
BENCHMARK(BM_W1_Small_Denied);

// --- W2: AWS ReadOnlyAccess ---------------------------------------------

const PolicyBundle& W2Bundle() {
  static const auto* const kBundle = [] {
    auto* b = new PolicyBundle();
    b->identity.push_back(MustCompile(ManagedPolicyJson("ReadOnlyAccess"),
                                      PolicyKind::kIdentity, "ReadOnlyAccess"));
    return b;
  }();
  return *kBundle;
}

void BM_W2_ReadOnlyAccess_Allowed(benchmark::State& state) {
  static const Request r = MustRequest("arn:aws:iam::111122223333:user/alice",
                                       "ec2:DescribeInstances", "*");
  Run(state, W2Bundle(), r, Outcome::kAllowed);
}
BENCHMARK(BM_W2_ReadOnlyAccess_Allowed);

void BM_W2_ReadOnlyAccess_Denied(benchmark::State& state) {
  static const Request r =
      MustRequest("arn:aws:iam::111122223333:user/alice", "s3:PutObject",
                  "arn:aws:s3:::app-data/x");
  Run(state, W2Bundle(), r, Outcome::kImplicitlyDenied);
}
BENCHMARK(BM_W2_ReadOnlyAccess_Denied);

// --- W3: a realistic role ------------------------------------------------

const char kFullAwsAccess[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

const PolicyBundle& W3Bundle() {
  static const auto* const kBundle = [] {
    auto* b = new PolicyBundle();
    for (const char* name :
         {"PowerUserAccess", "AmazonS3FullAccess", "AmazonEC2FullAccess",
          "AmazonDynamoDBFullAccess", "AWSLambda_FullAccess",
          "CloudWatchFullAccess", "AmazonSQSFullAccess", "AmazonSNSFullAccess",
          "AmazonRDSFullAccess", "IAMReadOnlyAccess"}) {
      b->identity.push_back(
          MustCompile(ManagedPolicyJson(name), PolicyKind::kIdentity, name));
    }
    b->boundary.push_back(MustCompile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Workloads","Effect":"Allow","Action":["s3:*","ec2:*","dynamodb:*","lambda:*","sqs:*","sns:*","cloudwatch:*","logs:*","rds:*","iam:Get*","iam:List*"],"Resource":"*"},
      {"Sid":"NoIamWrites","Effect":"Deny","Action":["iam:Create*","iam:Put*","iam:Attach*"],"Resource":"*"}]})",
                                      PolicyKind::kBoundary, "boundary"));
    b->scp_levels.push_back(
        {MustCompile(kFullAwsAccess, PolicyKind::kScp, "FullAWSAccess")});
    b->scp_levels.push_back(
        {MustCompile(kFullAwsAccess, PolicyKind::kScp, "FullAWSAccess"),
         MustCompile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"RegionLock","Effect":"Deny",
       "NotAction":["iam:*","organizations:*","sts:*","support:*","cloudfront:*","route53:*"],
       "Resource":"*",
       "Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]})",
                     PolicyKind::kScp, "region-lock")});
    b->scp_levels.push_back(
        {MustCompile(kFullAwsAccess, PolicyKind::kScp, "FullAWSAccess"),
         MustCompile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"MfaForIam","Effect":"Deny","Action":"iam:*","Resource":"*",
       "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},
      {"Sid":"StayInOrg","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]})",
                     PolicyKind::kScp, "account-guardrails")});
    b->resource.push_back(MustCompile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",
       "Resource":["arn:aws:s3:::app-data","arn:aws:s3:::app-data/*"],
       "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
      {"Sid":"AppRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
       "Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::app-data/*",
       "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]})",
                                      PolicyKind::kResource, "bucket-policy"));
    return b;
  }();
  return *kBundle;
}

Request W3Request(const char* action, const char* resource,
                  const char* region) {
  return MustRequest("arn:aws:sts::111122223333:assumed-role/app/i-0abc",
                     action, resource,
                     {{"aws:RequestedRegion", region},
                      {"aws:SecureTransport", "true"},
                      {"aws:MultiFactorAuthPresent", "true"},
                      {"aws:PrincipalOrgID", "o-abc123"}});
}

void BM_W3_RealisticRole_Allowed(benchmark::State& state) {
  static const Request r = W3Request(
      "s3:GetObject", "arn:aws:s3:::app-data/reports/q1.csv", "us-east-1");
  Run(state, W3Bundle(), r, Outcome::kAllowed);
}
BENCHMARK(BM_W3_RealisticRole_Allowed);

void BM_W3_RealisticRole_Denied(benchmark::State& state) {
  static const Request r = W3Request(
      "ec2:RunInstances", "arn:aws:ec2:ap-south-1:111122223333:instance/i-1",
      "ap-south-1");
  Run(state, W3Bundle(), r, Outcome::kExplicitlyDenied);
}
BENCHMARK(BM_W3_RealisticRole_Denied);

// --- W4: scaling with the number of statements ----------------------------

void BM_W4_Scaling(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  PolicyBundle bundle;
  bundle.identity.push_back(
      MustCompile(SyntheticPolicy(n), PolicyKind::kIdentity, "synthetic"));
  Request r = MustRequest("arn:aws:iam::111122223333:user/alice", "svc7:Get7",
                          "arn:aws:svc7:us-east-1:111122223333:thing/7/x");
  Run(state, bundle, r, Outcome::kAllowed);
  state.counters["statements"] = n;
}
BENCHMARK(BM_W4_Scaling)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000);

// --- W5: threads sharing one compiled bundle -----------------------------

void BM_W5_Threads(benchmark::State& state) {
  static const Request r = W3Request(
      "s3:GetObject", "arn:aws:s3:::app-data/reports/q1.csv", "us-east-1");
  Run(state, W3Bundle(), r, Outcome::kAllowed);
}
BENCHMARK(BM_W5_Threads)->Threads(1)->Threads(2)->UseRealTime();

// --- W6: parse and compile every managed policy --------------------------

void BM_W6_CompileAllManagedPolicies(benchmark::State& state) {
  const auto& policies = ManagedPolicies();
  size_t json_bytes = 0;
  for (const auto& p : policies) json_bytes += p.json.size();
  int64_t compiled_bytes = 0;
  for (auto _ : state) {
    std::vector<PolicyRef> kept;
    kept.reserve(policies.size());
    const int64_t before = g_live_bytes.load();
    for (const auto& p : policies) {
      CompileOptions options;
      options.policy_id = p.name;
      auto c = ParseAndCompile(p.json, PolicyKind::kIdentity, options);
      if (!c.ok()) {
        state.SkipWithError(std::string(c.status().message()).c_str());
        return;
      }
      kept.push_back(*std::move(c));
    }
    // Heap bytes the compiled policies hold (allocator overhead excluded).
    compiled_bytes = g_live_bytes.load() - before -
                     static_cast<int64_t>(kept.capacity() * sizeof(PolicyRef));
  }
  state.SetItemsProcessed(state.iterations() * policies.size());
  state.counters["policies"] = policies.size();
  state.counters["json_bytes"] = json_bytes;
  state.counters["compiled_bytes"] = compiled_bytes;
  state.counters["memory_ratio"] =
      static_cast<double>(compiled_bytes) / json_bytes;
}
BENCHMARK(BM_W6_CompileAllManagedPolicies)->Unit(benchmark::kMillisecond);

// `iameval validate` over every managed policy: AWS accepted all of them, so
// any error-severity finding is a false error and fails the benchmark.
void BM_Validate_AllManagedPolicies(benchmark::State& state) {
  auto catalog = Catalog::Default();
  if (!catalog.ok()) {
    state.SkipWithError(std::string(catalog.status().message()).c_str());
    return;
  }
  const auto& policies = ManagedPolicies();
  size_t warnings = 0;
  for (auto _ : state) {
    warnings = 0;
    for (const auto& p : policies) {
      std::vector<Finding> findings =
          ValidatePolicy(p.json, PolicyKind::kIdentity, **catalog);
      if (HasErrors(findings)) {
        state.SkipWithError(("false error in " + p.name).c_str());
        return;
      }
      warnings += findings.size();
    }
  }
  state.SetItemsProcessed(state.iterations() * policies.size());
  state.counters["findings"] = warnings;
}
BENCHMARK(BM_Validate_AllManagedPolicies)->Unit(benchmark::kMillisecond);

// `iameval lint` over every managed policy (issue 15: under 2 s on one
// core). A grammar or text ERROR would be a false error and fails the
// benchmark; catalog-class ERRORs (docs/lint.md) are counted.
void BM_LintManagedPolicies(benchmark::State& state) {
  auto catalog = Catalog::Default();
  if (!catalog.ok()) {
    state.SkipWithError(std::string(catalog.status().message()).c_str());
    return;
  }
  const auto& policies = ManagedPolicies();
  LintOptions options;
  options.catalog = catalog->get();
  options.parse.check_size_quotas = false;
  size_t findings = 0;
  for (auto _ : state) {
    findings = 0;
    for (const auto& p : policies) {
      findings += LintPolicy(p.json, PolicyKind::kIdentity, options).size();
    }
  }
  state.SetItemsProcessed(state.iterations() * policies.size());
  state.counters["findings"] = findings;
}
BENCHMARK(BM_LintManagedPolicies)->Unit(benchmark::kMillisecond);

// Baseline from the foundation issue: matching one compiled policy.
void BM_Trace_W3_RealisticRole(benchmark::State& state) {
  static const Request r = W3Request(
      "s3:GetObject", "arn:aws:s3:::app-data/reports/q1.csv", "us-east-1");
  if (!Check(state, W3Bundle(), r, Outcome::kAllowed)) return;
  Trace trace;
  for (auto _ : state) {
    Decision d = Evaluate(W3Bundle(), r, &trace);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Trace_W3_RealisticRole);

// --- W7 in process: request-only lines against a shared bundle -----------
// The per-line work of `iameval batch --bundle` (decode, evaluate, write the
// result line) without the I/O; bench/batch/w7.sh measures the whole command.

const PolicyBundle& W7Bundle() {
  static const auto* const kBundle = [] {
    std::ifstream in(std::string(IAMEVAL_SOURCE_DIR) +
                     "/examples/batch/developer-bundle.json");
    std::string text((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
    // The bundle file has no request; lend it one as `iameval batch` does.
    text.insert(
        text.find('{') + 1,
        R"("id":"bundle","request":{"principal":"arn:aws:sts::000000000000:assumed-role/bundle/bundle","action":"iameval:Bundle","resource":"*"},)");
    ParsedScenario p = ParseScenario(text);
    if (!p.status.ok()) {
      fprintf(stderr, "W7 bundle: %s\n",
              std::string(p.status.message()).c_str());
      abort();
    }
    return new PolicyBundle(std::move(p.scenario.bundle));
  }();
  return *kBundle;
}

std::vector<std::string> W7Lines() {
  const char* const actions[] = {"s3:GetObject", "s3:PutObject",
                                 "s3:DeleteObject", "ec2:RunInstances"};
  const char* const regions[] = {"us-east-1", "eu-west-1", "ap-south-1"};
  std::vector<std::string> lines;
  for (int i = 0; i < 1000; ++i) {
    lines.push_back(absl::StrCat(
        R"({"id":"r)", i,
        R"(","request":{"principal":"arn:aws:sts::111122223333:assumed-role/developer/alice","action":")",
        actions[i % 4], R"(","resource":"arn:aws:s3:::dev-data/)", i,
        R"(.csv","context":{"aws:RequestedRegion":")", regions[i % 3],
        R"(","aws:MultiFactorAuthPresent":"true"}}})"));
  }
  return lines;
}

void BM_W7_RequestLines(benchmark::State& state) {
  const PolicyBundle& bundle = W7Bundle();
  const std::vector<std::string> lines = W7Lines();
  ScenarioOptions options;
  options.shared_bundle = &bundle;
  ScenarioLineReader reader(options);
  // Every line must take the in-place path and decide as the strict parser
  // and a traced evaluation do.
  int allowed = 0;
  for (const std::string& line : lines) {
    ParsedScenario want = ParseScenario(line, options);
    Trace trace;
    const Outcome expected =
        want.status.ok()
            ? Evaluate(want.scenario.bundle, want.scenario.request, &trace)
                  .outcome
            : Outcome::kImplicitlyDenied;
    if (!want.status.ok() || !reader.Read(line).ok() ||
        !reader.last_read_was_fast() ||
        Evaluate(reader.bundle(), reader.request()).outcome != expected) {
      state.SkipWithError(absl::StrCat("W7 line differs: ", line).c_str());
      return;
    }
    allowed += expected == Outcome::kAllowed;
  }
  if (allowed == 0 || allowed == static_cast<int>(lines.size())) {
    state.SkipWithError("W7 lines should mix allowed and denied requests");
    return;
  }
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const std::string& line : lines) {
      if (!reader.Read(line).ok()) abort();
      AppendBatchDecisionJson(
          reader.id(), Evaluate(reader.bundle(), reader.request()).outcome,
          &out);
      out.push_back('\n');
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * lines.size());
}
BENCHMARK(BM_W7_RequestLines);

}  // namespace
}  // namespace iameval::bench

BENCHMARK_MAIN();
