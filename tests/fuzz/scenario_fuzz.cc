// Scenario parser + evaluation: never crashes; traced and fast decisions agree.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "iameval/evaluate.h"
#include "iameval/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  iameval::ParsedScenario p = iameval::ParseScenario(text);
  if (!p.status.ok()) return 0;
  iameval::Trace trace;
  iameval::Decision slow =
      iameval::Evaluate(p.scenario.bundle, p.scenario.request, &trace);
  iameval::Decision fast =
      iameval::Evaluate(p.scenario.bundle, p.scenario.request);
  if (slow.outcome != fast.outcome) abort();
  return 0;
}
