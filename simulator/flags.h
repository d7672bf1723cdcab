// File: simulator/flags.h
// -----------------------------------------------------------------------------
// A small command-line flag parser for the subcommands: `--name value`,
// `--name=value`, boolean `--name`, `-h` for `--help`, `--` to end flags, and
// `-` as an ordinary argument (stdin). Flags not in the table are errors, so
// a typo never silently changes a decision.
//
// A flag has a type (FlagType): ParseFlags checks a number's range or an
// enumeration's value once, with the command's own message, so commands read
// typed values and never parse text again:
//
//   constexpr const char* kFormats[] = {"text", "json"};
//   constexpr FlagSpec kFlags[] = {
//       BoolFlag("help"),
//       IntFlag("jobs", 0, 1024, "--jobs must be a number from 0 to 1024, "
//                                "not \"$0\""),
//       EnumFlag("format", kFormats, "--format must be text or json, not "
//                                    "\"$0\""),
//   };
//   int64_t jobs = flags.GetInt("jobs", 1);
//
// A value error is reported only without --help (help wins, as it always
// has).
//
// Thread safety: plain values. Lifetime: ParsedFlags owns copies of the
// arguments.
#ifndef IAMEVAL_SIMULATOR_FLAGS_H_
#define IAMEVAL_SIMULATOR_FLAGS_H_

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace iameval::cli {

enum class FlagType : uint8_t {
  kBool,     // no value: present or not
  kString,   // one value, any text
  kStrings,  // repeatable: every value, in command-line order
  kInt,      // one integer in [min, max]
  kEnum,     // one of `choices`
};

// Aggregate initialisation ({"name"}, {"name", true}, {"name", true, true})
// declares a bool, string or repeatable string flag; the *Flag functions
// below declare any type.
struct FlagSpec {
  const char* name;  // without the leading "--"
  bool takes_value = false;
  bool repeatable = false;
  FlagType type = takes_value
                      ? (repeatable ? FlagType::kStrings : FlagType::kString)
                      : FlagType::kBool;
  int64_t min = std::numeric_limits<int64_t>::min();  // kInt
  int64_t max = std::numeric_limits<int64_t>::max();  // kInt
  absl::Span<const char* const> choices = {};         // kEnum
  // kInt, kEnum: the message for a value that does not fit, with $0 for the
  // value (absl::Substitute).
  const char* error = nullptr;
};

constexpr FlagSpec BoolFlag(const char* name) { return {name}; }
constexpr FlagSpec StringFlag(const char* name) { return {name, true}; }
constexpr FlagSpec StringsFlag(const char* name) { return {name, true, true}; }
constexpr FlagSpec IntFlag(const char* name, int64_t min, int64_t max,
                           const char* error) {
  return {name, true, false, FlagType::kInt, min, max, {}, error};
}
constexpr FlagSpec EnumFlag(const char* name,
                            absl::Span<const char* const> choices,
                            const char* error) {
  return {name, true, false, FlagType::kEnum, 0, 0, choices, error};
}

// --format of the commands that write text or JSON (default text).
inline constexpr const char* kTextOrJson[] = {"text", "json"};
constexpr FlagSpec TextOrJsonFormatFlag() {
  return EnumFlag("format", kTextOrJson,
                  "--format must be text or json, not \"$0\"");
}

class ParsedFlags {
 public:
  bool Has(absl::string_view name) const;
  // The value of a single-valued flag; `fallback` when absent.
  std::string Get(absl::string_view name,
                  absl::string_view fallback = "") const;
  // The value of an IntFlag; `fallback` when absent.
  int64_t GetInt(absl::string_view name, int64_t fallback) const;
  // Every value of a repeatable flag, in command-line order.
  const std::vector<std::string>& All(absl::string_view name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend absl::StatusOr<ParsedFlags> ParseFlags(
      absl::Span<const std::string> args, absl::Span<const FlagSpec> specs);
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::map<std::string, int64_t, std::less<>> ints_;
  std::vector<std::string> positional_;
};

// `args` excludes the program and subcommand names.
absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const std::string> args,
                                       absl::Span<const FlagSpec> specs);

}  // namespace iameval::cli

#endif  // IAMEVAL_SIMULATOR_FLAGS_H_
