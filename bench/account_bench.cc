// Account-model benchmarks on the generated large account (10,000
// principals, 2,000 policies, 5,000 resources): load, who-can, assume-paths.
// Each checks its answer against the generator's closed form first.
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "fixtures/accounts/large_account_generator.h"
#include "iameval/account.h"
#include "iameval/catalog.h"

namespace iameval::bench {
int64_t LiveHeapBytes();  // iameval_bench.cc's counting allocator
namespace {

using ::iameval::testing::ExpectedGetObject;
using ::iameval::testing::GenerateLargeAccount;
using ::iameval::testing::LargeAccount;
using ::iameval::testing::LargeAccountParams;
using ::iameval::testing::LargeBucketArn;

const LargeAccount& Data() {
  static const auto* const kData =
      new LargeAccount(GenerateLargeAccount(LargeAccountParams()));
  return *kData;
}

absl::StatusOr<std::shared_ptr<const AccountModel>> LoadLarge() {
  AccountModelBuilder builder;
  absl::Status s = builder.AddSnapshot(Data().snapshot, "large.json");
  if (!s.ok()) return s;
  s = builder.AddResources(Data().resources, "resources.json", ".");
  if (!s.ok()) return s;
  return builder.Build();
}

void BM_Account_LoadLarge(benchmark::State& state) {
  Data();
  int64_t model_bytes = 0;
  for (auto _ : state) {
    const int64_t before = LiveHeapBytes();
    auto model = LoadLarge();
    if (!model.ok()) {
      state.SkipWithError(std::string(model.status().message()).c_str());
      return;
    }
    model_bytes = LiveHeapBytes() - before;  // the loaded model, kept alive
    benchmark::DoNotOptimize(model);
  }
  state.counters["model_bytes"] = static_cast<double>(model_bytes);
  state.SetBytesProcessed(state.iterations() *
                          (Data().snapshot.size() + Data().resources.size()));
  state.counters["principals"] = 10000;
}
BENCHMARK(BM_Account_LoadLarge)->Unit(benchmark::kMillisecond);

void BM_Account_WhoCanLarge(benchmark::State& state) {
  auto model = LoadLarge();
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  const int k = 120;  // a bucket with a bucket policy (k % 10 == 0)
  const std::string resource = absl::StrCat(LargeBucketArn(k), "/key");
  auto first = WhoCan(**model, "s3:GetObject", resource);
  if (!first.ok()) {
    state.SkipWithError(std::string(first.status().message()).c_str());
    return;
  }
  std::set<std::string> got;
  for (const WhoCanEntry& e : first->allowed) got.insert(e.principal);
  if (got != ExpectedGetObject(LargeAccountParams(), k)) {
    state.SkipWithError("who-can answer differs from the closed form");
    return;
  }
  for (auto _ : state) {
    auto r = WhoCan(**model, "s3:GetObject", resource);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * first->principals_evaluated);
  state.counters["allowed"] = got.size();
}
BENCHMARK(BM_Account_WhoCanLarge)->Unit(benchmark::kMillisecond);

// The command line's who-can: the human session profile, needs-context
// re-evaluation, external principals and pivots (the issue-13 goal: <= 0.2 s).
void BM_Account_WhoCanLargeHuman(benchmark::State& state) {
  auto model = LoadLarge();
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  const int k = 120;
  const std::string resource = absl::StrCat(LargeBucketArn(k), "/key");
  QueryOptions options;
  options.profile = HumanSessionProfile(1767225600);
  size_t allowed = 0, pivots = 0;
  for (auto _ : state) {
    auto r = WhoCan(**model, "s3:GetObject", resource, options);
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    allowed = r->allowed.size();
    pivots = r->pivots.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["allowed"] = allowed;
  state.counters["pivots"] = pivots;
}
BENCHMARK(BM_Account_WhoCanLargeHuman)->Unit(benchmark::kMillisecond);

void BM_Account_AssumePathsLarge(benchmark::State& state) {
  auto model = LoadLarge();
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  size_t edges = 0;
  for (auto _ : state) {
    AssumeGraph g = AssumePaths(**model);
    edges = g.edges.size();
    benchmark::DoNotOptimize(g);
  }
  state.counters["edges"] = edges;
}
BENCHMARK(BM_Account_AssumePathsLarge)->Unit(benchmark::kMillisecond);

// The parameters of a ~50 MB snapshot (the issue-13 review goal: <= 3 s):
// the default account scaled by 11.
LargeAccountParams Params50MB() {
  LargeAccountParams p;
  p.users *= 11;
  p.roles *= 11;
  p.policies *= 11;
  p.groups *= 11;
  p.buckets *= 11;
  return p;
}

// The command line's review (human session profile, service catalog,
// escalation search) on a generated ~50 MB snapshot.
void BM_Account_Review50MB(benchmark::State& state) {
  static const auto* const kData =
      new LargeAccount(GenerateLargeAccount(Params50MB()));
  AccountModelBuilder builder;
  absl::Status s = builder.AddSnapshot(kData->snapshot, "large50.json");
  if (s.ok()) s = builder.AddResources(kData->resources, "resources.json", ".");
  absl::StatusOr<std::shared_ptr<const AccountModel>> model =
      s.ok() ? builder.Build()
             : absl::StatusOr<std::shared_ptr<const AccountModel>>(s);
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  ReviewOptions options;
  options.query.profile = HumanSessionProfile(1767225600);
  options.assume_mfa = false;
  options.catalog = catalog.ok() ? catalog->get() : nullptr;
  options.now_unix_seconds = 1767225600;
  size_t principals = 0, flagged = 0;
  for (auto _ : state) {
    ReviewResult r = Review(**model, options);
    principals = r.principals.size();
    flagged = 0;
    for (const PrincipalReview& p : r.principals) flagged += !p.flags.empty();
    benchmark::DoNotOptimize(r);
  }
  state.counters["snapshot_mb"] =
      static_cast<double>(kData->snapshot.size()) / (1 << 20);
  state.counters["principals"] = principals;
  state.counters["flagged"] = flagged;
  state.counters["catalog"] = options.catalog != nullptr;
}
BENCHMARK(BM_Account_Review50MB)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace iameval::bench
