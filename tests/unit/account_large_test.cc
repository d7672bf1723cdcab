// Scale: a generated account of 10,000 principals, 2,000 managed policies and
// 5,000 resources (tests/fixtures/accounts/large_account_generator.h) loads,
// and WhoCan answers exactly the closed-form expectation. Correctness only:
// the times are printed for information (the benchmark records them).
#include <chrono>
#include <cstdio>
#include <set>
#include <string>

#include "fixtures/accounts/large_account_generator.h"
#include "gtest/gtest.h"
#include "iameval/account.h"

namespace iameval {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

TEST(AccountLarge, LoadsAndAnswersWhoCan) {
  testing::LargeAccountParams params;
  auto t0 = std::chrono::steady_clock::now();
  testing::LargeAccount account = testing::GenerateLargeAccount(params);
  const double generate = Seconds(t0);

  t0 = std::chrono::steady_clock::now();
  AccountModelBuilder builder;
  ASSERT_TRUE(builder.AddSnapshot(account.snapshot, "large.json").ok());
  ASSERT_TRUE(
      builder.AddResources(account.resources, "large-resources.json", "").ok());
  absl::StatusOr<std::shared_ptr<const AccountModel>> model = builder.Build();
  ASSERT_TRUE(model.ok()) << model.status();
  const double load = Seconds(t0);
  const AccountModel& m = **model;
  ASSERT_EQ(m.users().size() + m.roles().size(), 10000u);
  ASSERT_EQ(m.managed_policies().size(), 2001u);
  ASSERT_EQ(m.resources().size(), 5000u);
  // Managed policies are compiled once, not per attachment.
  EXPECT_LT(m.compiled_policy_count(), 2001u + 700u + 3000u + 500u + 1u);

  double worst = 0;
  size_t allowed_total = 0;
  for (int k : {0, 1234, 2010, 4999}) {
    const std::string object = testing::LargeBucketArn(k) + "/data.csv";
    t0 = std::chrono::steady_clock::now();
    absl::StatusOr<WhoCanResult> r = WhoCan(m, "s3:GetObject", object);
    const double took = Seconds(t0);
    worst = std::max(worst, took);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->principals_evaluated, 10000u);
    std::set<std::string> got;
    for (const WhoCanEntry& e : r->allowed) got.insert(e.principal);
    std::set<std::string> want = testing::ExpectedGetObject(params, k);
    EXPECT_EQ(got, want) << "bucket " << k;
    EXPECT_TRUE(r->conditional.empty());
    allowed_total += got.size();
  }
  EXPECT_GT(allowed_total, 4u * 20u);

  // Without the traced pass over denied principals.
  QueryOptions fast;
  fast.include_conditional = false;
  t0 = std::chrono::steady_clock::now();
  absl::StatusOr<WhoCanResult> r =
      WhoCan(m, "s3:GetObject", testing::LargeBucketArn(77) + "/x", fast);
  const double fast_took = Seconds(t0);
  ASSERT_TRUE(r.ok());
  std::set<std::string> got;
  for (const WhoCanEntry& e : r->allowed) got.insert(e.principal);
  EXPECT_EQ(got, testing::ExpectedGetObject(params, 77));

  // The role-assumption graph: 3,000 roles trusting the account, 10,000
  // candidate principals; only those whose policies allow sts:AssumeRole
  // are evaluated.
  t0 = std::chrono::steady_clock::now();
  AssumeGraph graph = AssumePaths(m);
  const double assume_took = Seconds(t0);
  std::set<std::pair<std::string, std::string>> edges;
  for (const AssumeEdge& e : graph.edges) edges.insert({e.from, e.to});
  EXPECT_EQ(edges, testing::ExpectedAssumeEdges(params));

  std::printf(
      "[ timing ] generate %.2fs (%zu + %zu bytes); load %.2fs (%zu compiled "
      "policies); who-can over 10,000 principals: worst %.3fs, without "
      "conditional pass %.3fs; assume-paths %.3fs (%zu edges)\n",
      generate, account.snapshot.size(), account.resources.size(), load,
      m.compiled_policy_count(), worst, fast_took, assume_took, edges.size());
  RecordProperty("load_seconds", std::to_string(load));
  RecordProperty("who_can_seconds", std::to_string(worst));
}

}  // namespace
}  // namespace iameval
