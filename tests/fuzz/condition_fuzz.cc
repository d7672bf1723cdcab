// Condition compile + evaluate: arbitrary operator, key, policy values and
// request values never crash; fast evaluation is deterministic.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "iameval/condition.h"
#include "iameval/internal/compiled_condition.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  // Lines: operator, key, policy values (comma-separated), request values
  // ('|' separated; a leading '[' makes it a list).
  std::vector<std::string> lines = absl::StrSplit(in, '\n');
  if (lines.size() < 4) return 0;
  std::vector<std::string> values = absl::StrSplit(lines[2], ',');
  iameval::internal::CompiledCondition c;
  std::string error;
  if (!iameval::internal::CompileCondition(lines[0], lines[1], values,
                                           size % 2 == 0, &c, &error)) {
    return 0;
  }
  iameval::RequestContext ctx;
  std::string request = lines[3];
  if (!request.empty() && request[0] == '[') {
    std::vector<std::string> list = absl::StrSplit(request.substr(1), '|');
    ctx.SetList(lines[1], list);
  } else if (!request.empty()) {
    ctx.Set(lines[1], request);
  }
  if (lines.size() > 4) ctx.Set("aws:username", lines[4]);
  bool missing1, missing2;
  iameval::internal::Tri a =
      iameval::internal::EvaluateCondition(c, ctx, &missing1);
  iameval::internal::Tri b =
      iameval::internal::EvaluateCondition(c, ctx, &missing2);
  if (a != b || missing1 != missing2) abort();
  return 0;
}
