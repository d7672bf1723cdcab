// ScenarioLineReader against ParseScenario: for any input, one reader kept
// across inputs (so stale state from earlier lines would show) must give the
// same status, id and request as the strict parser, and the same decision.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "iameval/evaluate.h"
#include "iameval/scenario.h"
#include "testing/request_dump.h"

namespace {

const iameval::PolicyBundle& SharedBundle() {
  static const auto* const kBundle = [] {
    iameval::ParsedScenario p = iameval::ParseScenario(
        R"({"id":"b","request":{"principal":"arn:aws:iam::111122223333:user/b","action":"s3:GetObject","resource":"*"},
        "identityPolicies":[{"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}}},
          {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:username}"}}}]}]})");
    if (!p.status.ok()) abort();
    return new iameval::PolicyBundle(std::move(p.scenario.bundle));
  }();
  return *kBundle;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static iameval::ScenarioOptions options = [] {
    iameval::ScenarioOptions o;
    o.shared_bundle = &SharedBundle();
    return o;
  }();
  static iameval::ScenarioLineReader* reader =
      new iameval::ScenarioLineReader(options);
  const std::string text(reinterpret_cast<const char*>(data), size);
  iameval::ParsedScenario want = iameval::ParseScenario(text, options);
  absl::Status got = reader->Read(text);
  if (got != want.status || reader->id() != want.id) abort();
  if (!got.ok()) return 0;
  if (iameval::testing::DumpRequest(reader->request()) !=
      iameval::testing::DumpRequest(want.scenario.request)) {
    abort();
  }
  if (iameval::Evaluate(reader->bundle(), reader->request()).outcome !=
      iameval::Evaluate(want.scenario.bundle, want.scenario.request).outcome) {
    abort();
  }
  return 0;
}
