// File: lib/catalog/key_pattern.h
// -----------------------------------------------------------------------------
// The condition key names of the service reference as patterns: a plain
// name compares folded, a templated one ("aws:RequestTag/${TagKey}") as a
// glob.
//
// Not installed, not API. Thread safety: pure functions over values.
#ifndef IAMEVAL_LIB_CATALOG_KEY_PATTERN_H_
#define IAMEVAL_LIB_CATALOG_KEY_PATTERN_H_

#include <string>

#include "absl/strings/string_view.h"
#include "iameval/wildcard.h"

namespace iameval::catalog_internal {

// A condition key name of the reference, folded; templated ones
// ("aws:requesttag/${tagkey}", "s3:existingobjecttag/<key>",
// "aws:principaltag/tag-key") as a glob where the placeholder is
// non-empty text.
struct KeyPattern {
  std::string folded;
  bool templated = false;
  Glob glob;
  int literal_chars = 0;
};

KeyPattern CompileKey(absl::string_view name);

// `folded`: a condition key name in lower case.
inline bool KeyMatches(const KeyPattern& k, absl::string_view folded) {
  return k.templated ? k.glob.Matches(folded) : k.folded == folded;
}

}  // namespace iameval::catalog_internal

#endif  // IAMEVAL_LIB_CATALOG_KEY_PATTERN_H_
