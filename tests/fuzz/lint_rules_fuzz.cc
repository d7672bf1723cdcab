// LintRules::Parse over arbitrary rules files, then the rules applied to a
// policy with Sids: no crash and no exception escapes, whatever the
// patterns (Boost.Regex throws on bad patterns and on complexity blow-ups;
// the library must catch both).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "iameval/lint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto rules = iameval::LintRules::Parse(text);
  if (!rules.ok()) {
    if (rules.status().message().empty()) abort();
    return 0;
  }
  static const char kPolicy[] =
      R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "prodDataReadonly", "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"},
  {"Sid": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Effect": "Deny", "Action": "*", "Resource": "*"}]})";
  iameval::LintOptions options;
  options.rules = rules->get();
  options.file = "policies/app/p.json";
  for (const iameval::LintFinding& f :
       iameval::LintPolicy(kPolicy, iameval::PolicyKind::kIdentity, options)) {
    if (f.suppressed && f.suppression_reason.empty()) abort();
  }
  return 0;
}
