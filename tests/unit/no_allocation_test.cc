// evaluate.h promises that Evaluate never allocates on the fast path (no
// Trace, policies without variables). This executable replaces the global
// allocation functions with counting ones and checks the promise on a
// realistic bundle, and checks that the counter does see the allocations a
// Trace evaluation makes.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "iameval/compiled_policy.h"
#include "iameval/evaluate.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"

namespace {

// Relaxed: only the difference around a single-threaded loop is read.
std::atomic<uint64_t> g_allocations{0};

void* CountedAlloc(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}

void* CountedAlignedAlloc(std::size_t size, std::align_val_t align) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const std::size_t a = static_cast<std::size_t>(align);
  // aligned_alloc needs a size that is a multiple of the alignment.
  return std::aligned_alloc(a, (size + a - 1) / a * a);
}

}  // namespace

// Replacements for every allocation function (this test executable only).
// GCC flags free() in a replaced operator delete as mismatched once it
// inlines both sides; here malloc/free are exactly the pair underneath.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  if (void* p = CountedAlloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = CountedAlloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAlloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAlloc(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  if (void* p = CountedAlignedAlloc(size, align)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) {
  if (void* p = CountedAlignedAlloc(size, align)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t align,
                   const std::nothrow_t&) noexcept {
  return CountedAlignedAlloc(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align,
                     const std::nothrow_t&) noexcept {
  return CountedAlignedAlloc(size, align);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t,
                     const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t,
                       const std::nothrow_t&) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace iameval {
namespace {

constexpr int kCalls = 10000;

// Keeps the compiler from hoisting the (inline) evaluation out of the loop:
// the bundle and request may have changed as far as it knows.
template <typename T>
void Clobber(const T& value) {
  asm volatile("" : : "r"(&value) : "memory");
}

PolicyRef Compile(const char* json, PolicyKind kind) {
  absl::StatusOr<PolicyRef> p = ParseAndCompile(json, kind);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : nullptr;
}

// A user in a member account reading an object in its own account: three
// identity statements (one with conditions), a boundary, two SCP levels and
// a bucket policy.
PolicyBundle RealisticBundle() {
  PolicyBundle b;
  b.identity.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
    {"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:List*"],
     "Resource":["arn:aws:s3:::reports/*","arn:aws:s3:::reports"],
     "Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24"]},
                  "Bool":{"aws:SecureTransport":"true"}}},
    {"Sid":"Queues","Effect":"Allow","Action":"sqs:*",
     "Resource":"arn:aws:sqs:us-east-1:111122223333:*"},
    {"Sid":"NoDeletes","Effect":"Deny","Action":"s3:Delete*",
     "Resource":"*"}]})",
                               PolicyKind::kIdentity));
  b.boundary.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"}]})",
                               PolicyKind::kBoundary));
  b.scp_levels.push_back({Compile(
      R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
      PolicyKind::kScp)});
  b.scp_levels.push_back({Compile(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Action":"*","Resource":"*"},
    {"Effect":"Deny","Action":"*","Resource":"*",
     "Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]})",
                                  PolicyKind::kScp)});
  b.resource.push_back(Compile(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Deny","Principal":"*","Action":"s3:*",
     "Resource":"arn:aws:s3:::reports/*",
     "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
    {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/auditor"},
     "Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]})",
                               PolicyKind::kResource));
  return b;
}

Request MakeRequest(const std::string& action, const std::string& ip) {
  RequestSpec spec;
  spec.principal = "arn:aws:iam::111122223333:user/alice";
  spec.action = action;
  spec.resource = "arn:aws:s3:::reports/2024/q1.csv";
  spec.resource_account = "111122223333";
  spec.context.Set("aws:SourceIp", ip);
  spec.context.Set("aws:SecureTransport", "true");
  spec.context.Set("aws:RequestedRegion", "us-east-1");
  absl::StatusOr<Request> r = BuildRequest(std::move(spec));
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *std::move(r) : Request();
}

// Allocations made by `kCalls` evaluations, after a warm-up.
uint64_t AllocationsOver(const PolicyBundle& bundle, const Request& request,
                         Outcome* outcome) {
  for (int i = 0; i < 100; ++i) *outcome = Evaluate(bundle, request).outcome;
  const uint64_t before = g_allocations.load(std::memory_order_relaxed);
  for (int i = 0; i < kCalls; ++i) {
    Clobber(bundle);
    Clobber(request);
    *outcome = Evaluate(bundle, request).outcome;
    Clobber(*outcome);
  }
  return g_allocations.load(std::memory_order_relaxed) - before;
}

TEST(NoAllocationTest, CounterSeesAllocations) {
  const uint64_t before = g_allocations.load();
  auto* p = new std::string(100, 'x');
  Clobber(*p);
  delete p;
  EXPECT_GT(g_allocations.load() - before, 0u);
}

TEST(NoAllocationTest, EvaluateDoesNotAllocate) {
  const PolicyBundle bundle = RealisticBundle();
  ASSERT_TRUE(
      bundle.Validate(MakeRequest("s3:GetObject", "203.0.113.7").principal)
          .ok());
  struct Case {
    const char* action;
    const char* ip;
    Outcome expect;
  };
  // One request per path: allowed, implicitly denied (the condition fails),
  // explicitly denied.
  for (const Case& c :
       {Case{"s3:GetObject", "203.0.113.7", Outcome::kAllowed},
        Case{"s3:GetObject", "198.51.100.1", Outcome::kImplicitlyDenied},
        Case{"s3:DeleteObject", "203.0.113.7", Outcome::kExplicitlyDenied}}) {
    const Request request = MakeRequest(c.action, c.ip);
    Outcome outcome = Outcome::kAllowed;
    const uint64_t allocations = AllocationsOver(bundle, request, &outcome);
    EXPECT_EQ(outcome, c.expect) << c.action << " from " << c.ip;
    EXPECT_EQ(allocations, 0u) << kCalls << " evaluations of " << c.action
                               << " from " << c.ip << " allocated";
  }
}

TEST(NoAllocationTest, TraceEvaluationAllocates) {
  const PolicyBundle bundle = RealisticBundle();
  const Request request = MakeRequest("s3:GetObject", "203.0.113.7");
  Trace trace;
  const uint64_t before = g_allocations.load();
  const Decision d = Evaluate(bundle, request, &trace);
  const uint64_t allocations = g_allocations.load() - before;
  EXPECT_EQ(d.outcome, Outcome::kAllowed);
  // The trace copies policy ids and Sids of matched statements: the counter
  // must see those, or a zero above would prove nothing.
  EXPECT_GT(allocations, 0u);
  EXPECT_FALSE(trace.matched.empty());
}

}  // namespace
}  // namespace iameval
