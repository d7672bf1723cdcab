// CompiledPolicy: the public handle and the index of its representation.
#include "iameval/compiled_policy.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iameval/evaluate.h"
#include "iameval/internal/compiled_policy.h"
#include "testing/status_matchers.h"

namespace iameval {
namespace {

using ::iameval::internal::CompiledStatement;
using ::iameval::testing::IsOk;

PolicyRef Compile(const char* json, PolicyKind kind, const char* id) {
  CompileOptions o;
  o.policy_id = id;
  auto p = ParseAndCompile(json, kind, o);
  EXPECT_THAT(p, IsOk());
  return p.ok() ? *p : nullptr;
}

Request Make(const char* principal, const char* action, const char* resource) {
  RequestSpec spec;
  spec.principal = principal;
  spec.action = action;
  spec.resource = resource;
  return *BuildRequest(std::move(spec));
}

TEST(CompiledPolicy, HandleAnswersForItsRepresentation) {
  PolicyRef p = Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Deny","Action":"s3:*","Resource":"*"}]})",
                        PolicyKind::kScp, "deny-s3");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->kind(), PolicyKind::kScp);
  EXPECT_EQ(p->id(), "deny-s3");
  EXPECT_EQ(&p->id(), &internal::ImplOf(*p).id());
  EXPECT_EQ(p->ApproximateMemoryBytes(),
            internal::ImplOf(*p).ApproximateMemoryBytes());
  EXPECT_GT(p->ApproximateMemoryBytes(), sizeof(internal::CompiledPolicyImpl));
}

TEST(CompiledPolicy, OutlivesItsSource) {
  PolicyRef p;
  {
    std::string json = R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]})";
    p = Compile(json.c_str(), PolicyKind::kIdentity, "p");
    json.assign(json.size(), 'x');
  }
  PolicyBundle b;
  b.identity.push_back(p);
  EXPECT_TRUE(Evaluate(b, Make("arn:aws:iam::111122223333:user/a",
                               "s3:GetObject", "arn:aws:s3:::b/k"))
                  .allowed());
}

TEST(CompiledPolicy, IndexVisitsOnlyMatchingStatements) {
  auto p = Compile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":["s3:GetObject","s3:Get*"],"Resource":"*"},
      {"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"},
      {"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
      {"Effect":"Allow","Action":"*","Resource":"*"}]})",
                   PolicyKind::kIdentity, "p");
  std::vector<int> visited;
  internal::ImplOf(*p).ForEachActionMatch("s3:getobject", "s3",
                                          [&](const CompiledStatement& s) {
                                            visited.push_back(s.index);
                                            return true;
                                          });
  std::sort(visited.begin(), visited.end());
  EXPECT_EQ(visited, (std::vector<int>{0, 2, 3}));
}

}  // namespace
}  // namespace iameval
