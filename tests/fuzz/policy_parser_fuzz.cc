// Policy parser + compiler: never crashes, and a document that parses also
// compiles (the parser rejects everything compilation would).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "iameval/compiled_policy.h"
#include "iameval/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const iameval::PolicyKind kind = static_cast<iameval::PolicyKind>(size % 8);
  iameval::ParseResult r = iameval::ParsePolicy(text, kind);
  for (const iameval::Issue& issue : r.issues) {
    if (issue.severity == iameval::Severity::kError && issue.line <= 0) abort();
  }
  if (r.ok()) {
    auto compiled = iameval::CompilePolicy(r.policy);
    if (!compiled.ok()) abort();
  }
  return 0;
}
