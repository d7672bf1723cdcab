// ARN parsing and resource patterns: never crash; an ARN always matches the
// resource pattern made of itself, and "*" matches it.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "iameval/arn.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::array<absl::string_view, 6> parts;
  int n = iameval::SplitArnComponents(text, &parts);
  if (n < 1 || n > 6) abort();
  std::string error;
  auto glob = iameval::CompileResourcePattern(text, &error);
  if (glob && text.find_first_of("*?") == std::string::npos &&
      !glob->Matches(text)) {
    abort();
  }
  auto star = iameval::CompileResourcePattern("*", &error);
  if (!star || !star->Matches(text)) abort();
  return 0;
}
