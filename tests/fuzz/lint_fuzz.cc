// LintPolicy over arbitrary documents: never crashes, whatever the parser
// says of the input, and every finding is registered and located inside the
// document with start <= end.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "iameval/catalog.h"
#include "iameval/lint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const iameval::Catalog>* catalog = [] {
    auto c = iameval::Catalog::Default();
    return c.ok() ? new std::shared_ptr<const iameval::Catalog>(*c) : nullptr;
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  iameval::LintOptions options;
  // Half of the inputs without a catalog, so both paths are exercised.
  if (catalog != nullptr && size % 2 == 0) options.catalog = catalog->get();
  const auto kind = static_cast<iameval::PolicyKind>((size / 2) % 8);
  for (const iameval::LintFinding& f :
       iameval::LintPolicy(text, kind, options)) {
    if (iameval::FindLintCheck(f.code) == nullptr) abort();
    if (f.locations.empty()) abort();
    for (const iameval::LintLocation& l : f.locations) {
      if (l.start.offset > l.end.offset || l.end.offset > text.size()) abort();
    }
  }
  return 0;
}
