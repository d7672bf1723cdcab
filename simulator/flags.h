// File: simulator/flags.h
// -----------------------------------------------------------------------------
// A small command-line flag parser for the subcommands: `--name value`,
// `--name=value`, boolean `--name`, `-h` for `--help`, `--` to end flags, and
// `-` as an ordinary argument (stdin). Flags not in the table are errors, so
// a typo never silently changes a decision.
//
// Thread safety: plain values. Lifetime: ParsedFlags owns copies of the
// arguments.
#ifndef IAMEVAL_SIMULATOR_FLAGS_H_
#define IAMEVAL_SIMULATOR_FLAGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace iameval::cli {

struct FlagSpec {
  const char* name;  // without the leading "--"
  bool takes_value = false;
  bool repeatable = false;
};

class ParsedFlags {
 public:
  bool Has(absl::string_view name) const;
  // The value of a single-valued flag; `fallback` when absent.
  std::string Get(absl::string_view name,
                  absl::string_view fallback = "") const;
  // Every value of a repeatable flag, in command-line order.
  const std::vector<std::string>& All(absl::string_view name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend absl::StatusOr<ParsedFlags> ParseFlags(
      absl::Span<const std::string> args, absl::Span<const FlagSpec> specs);
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::vector<std::string> positional_;
};

// `args` excludes the program and subcommand names.
absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const std::string> args,
                                       absl::Span<const FlagSpec> specs);

}  // namespace iameval::cli

#endif  // IAMEVAL_SIMULATOR_FLAGS_H_
