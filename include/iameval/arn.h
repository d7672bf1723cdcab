// File: iameval/arn.h
// -----------------------------------------------------------------------------
// ARNs: splitting at the first five colons (the sixth component is everything
// after, colons included), the Resource-element pattern rules (ruling R7) and
// the per-component matching of the Arn* condition operators.
//
// Thread safety: value types and pure functions. Lifetime: ArnView borrows
// the string it was parsed from.
#ifndef IAMEVAL_ARN_H_
#define IAMEVAL_ARN_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/wildcard.h"

namespace iameval {

// arn:partition:service:region:account-id:resource
struct ArnView {
  absl::string_view partition;
  absl::string_view service;
  absl::string_view region;
  absl::string_view account;
  absl::string_view resource;

  // Splits `text`; nullopt unless it starts with "arn:" and has at least
  // five colons.
  static std::optional<ArnView> Parse(absl::string_view text);
};

// Splits any text at its first five colons; returns the number of components
// found (1..6). Components past the count are empty.
int SplitArnComponents(absl::string_view text,
                       std::array<absl::string_view, 6>* parts);

// Compiles a Resource/NotResource pattern under ruling R7. `error` is set and
// nullopt returned for patterns AWS rejects (wildcard in, or upper case in,
// the service field; text that is neither "*" nor an ARN).
std::optional<Glob> CompileResourcePattern(absl::string_view pattern,
                                           std::string* error);
// The same checks without building the glob (the parser validates, the
// compiler builds).
bool CheckResourcePattern(absl::string_view pattern, std::string* error);

// Appends R7 tokens for `pattern` to chars/kinds, treating characters whose
// `literal_mask` entry is true as literal (substituted policy variables).
// Used both at compile time and when variables are substituted at
// evaluation time.
void AppendResourceTokens(absl::string_view pattern,
                          const std::vector<bool>* literal_mask,
                          std::vector<char>* chars,
                          std::vector<internal::GlobToken>* kinds);

}  // namespace iameval

#endif  // IAMEVAL_ARN_H_
