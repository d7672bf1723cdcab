// One compiled bundle evaluated from several threads: every thread sees the
// same decisions (run under ThreadSanitizer in CI: build-tsan).
#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "iameval/evaluate.h"
#include "iameval/scenario.h"

namespace iameval {
namespace {

TEST(Concurrency, SharedBundleFromManyThreads) {
  ParsedScenario base = ParseScenario(
      R"({"id":"b","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},
    "identityPolicies":[{"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::data/${aws:username}/*"},
      {"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}],
    "scps":[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}]]})");
  ASSERT_TRUE(base.status.ok()) << base.status;
  const PolicyBundle& bundle = base.scenario.bundle;
  std::vector<Request> requests;
  std::vector<Outcome> want;
  for (const char* ip : {"203.0.113.9", "198.51.100.1"}) {
    for (const char* user : {"a", "b"}) {
      RequestSpec spec;
      spec.principal = std::string("arn:aws:iam::111122223333:user/") + user;
      spec.action = "s3:GetObject";
      spec.resource = "arn:aws:s3:::data/a/file";
      spec.context.Set("aws:SourceIp", ip);
      requests.push_back(*BuildRequest(std::move(spec)));
      want.push_back(Evaluate(bundle, requests.back()).outcome);
    }
  }
  EXPECT_EQ(want[0], Outcome::kAllowed);
  EXPECT_EQ(want[1], Outcome::kImplicitlyDenied);
  EXPECT_EQ(want[2], Outcome::kExplicitlyDenied);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Trace trace;
      for (int i = 0; i < 5000; ++i) {
        size_t k = static_cast<size_t>(i + t) % requests.size();
        Decision d = (i % 3 == 0) ? Evaluate(bundle, requests[k], &trace)
                                  : Evaluate(bundle, requests[k]);
        if (d.outcome != want[k]) mismatches.fetch_add(1);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace iameval
