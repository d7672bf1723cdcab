#include "flags.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"

namespace iameval::cli {

bool ParsedFlags::Has(absl::string_view name) const {
  return values_.find(name) != values_.end();
}

std::string ParsedFlags::Get(absl::string_view name,
                             absl::string_view fallback) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::string(fallback);
  return it->second.back();
}

int64_t ParsedFlags::GetInt(absl::string_view name, int64_t fallback) const {
  auto it = ints_.find(name);
  return it == ints_.end() ? fallback : it->second;
}

const std::vector<std::string>& ParsedFlags::All(absl::string_view name) const {
  static const std::vector<std::string>* const kEmpty =
      new std::vector<std::string>();
  auto it = values_.find(name);
  return it == values_.end() ? *kEmpty : it->second;
}

namespace {

// The typed value of `spec` from `value`, or the spec's error.
absl::Status CheckValue(const FlagSpec& spec, const std::string& value,
                        std::map<std::string, int64_t, std::less<>>* ints) {
  bool ok = true;
  switch (spec.type) {
    case FlagType::kBool:
    case FlagType::kString:
    case FlagType::kStrings:
      return absl::OkStatus();
    case FlagType::kInt: {
      int64_t n = 0;
      ok = absl::SimpleAtoi(value, &n) && n >= spec.min && n <= spec.max;
      if (ok) (*ints)[spec.name] = n;
      break;
    }
    case FlagType::kEnum:
      ok = std::find(spec.choices.begin(), spec.choices.end(), value) !=
           spec.choices.end();
      break;
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::Substitute(spec.error, value));
}

}  // namespace

absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const std::string> args,
                                       absl::Span<const FlagSpec> specs) {
  ParsedFlags out;
  absl::Status value_error;  // the first; reported unless --help
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg == "-" || !absl::StartsWith(arg, "-")) {
      out.positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    std::string name;
    std::string value;
    bool has_inline_value = false;
    if (arg == "-h") {
      name = "help";
    } else if (absl::StartsWith(arg, "--")) {
      absl::string_view body = absl::string_view(arg).substr(2);
      size_t eq = body.find('=');
      if (eq != absl::string_view::npos) {
        value = std::string(body.substr(eq + 1));
        body = body.substr(0, eq);
        has_inline_value = true;
      }
      name = std::string(body);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag ", arg, " (flags start with --)"));
    }
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& s : specs) {
      if (name == s.name) spec = &s;
    }
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    if (spec->takes_value) {
      if (!has_inline_value) {
        if (i + 1 >= args.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("flag --", name, " needs a value"));
        }
        value = args[++i];
      }
    } else if (has_inline_value) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " takes no value"));
    }
    std::vector<std::string>& slot = out.values_[name];
    if (!slot.empty() && !spec->repeatable) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " given more than once"));
    }
    if (value_error.ok()) value_error = CheckValue(*spec, value, &out.ints_);
    slot.push_back(std::move(value));
  }
  if (!value_error.ok() && !out.Has("help")) return value_error;
  return out;
}

}  // namespace iameval::cli
