// A team's own lint rules (`.iameval-lint.json`): suppressions with a
// reason, and a naming convention for Sids as a Boost.Regex (Perl) pattern.
// Boost.Regex throws, on a pattern it cannot compile and on a match that
// exceeds its complexity bound; both are caught here and become a Status or
// a finding, never an exception across the API.
#include <fnmatch.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "boost/regex.hpp"
#include "lint/lint_internal.h"

namespace iameval {

struct LintRules::Impl {
  struct Suppression {
    std::string code;     // a code, or "*"
    std::string file;     // glob ("" = any file)
    std::string pointer;  // "" = anywhere
    std::string reason;
  };
  std::vector<Suppression> suppressions;
  std::string sid_pattern;
  std::optional<boost::regex> sid;
};

LintRules::LintRules(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LintRules::~LintRules() = default;

namespace {

using json::JsonMember;
using json::JsonValue;

absl::Status Error(absl::string_view text, absl::string_view pointer,
                   uint32_t offset, absl::string_view message) {
  int line = 0, column = 0;
  json::OffsetToLineColumn(text, offset, &line, &column);
  return absl::InvalidArgumentError(
      absl::StrCat("rules ", pointer.empty() ? "(document)" : pointer,
                   " (line ", line, ", column ", column, "): ", message));
}

absl::Status ParseSuppression(absl::string_view text, const JsonValue& v,
                              const std::string& ptr,
                              LintRules::Impl::Suppression* out) {
  if (!v.is_object()) return Error(text, ptr, v.offset, "expected an object");
  for (const JsonMember& m : v.members) {
    const std::string mptr = absl::StrCat(ptr, "/", m.key);
    if (!m.value.is_string()) {
      return Error(text, mptr, m.value.offset, "expected a string");
    }
    if (m.key == "code") {
      out->code = m.value.text;
    } else if (m.key == "file") {
      out->file = m.value.text;
    } else if (m.key == "pointer") {
      out->pointer = m.value.text;
      if (!out->pointer.empty() && out->pointer[0] != '/') {
        return Error(text, mptr, m.value.offset,
                     "a JSON pointer starts with \"/\"");
      }
    } else if (m.key == "reason") {
      out->reason = m.value.text;
    } else {
      return Error(text, mptr, m.key_offset,
                   absl::StrCat("unknown member \"", m.key,
                                "\" (code, file, pointer, reason)"));
    }
  }
  if (out->code.empty()) {
    return Error(text, ptr, v.offset, "a suppression needs a \"code\"");
  }
  if (out->code != "*" && FindLintCheck(out->code) == nullptr) {
    return Error(text, ptr + "/code", v.offset,
                 absl::StrCat("no check has the code \"", out->code,
                              "\" (iameval lint --list-checks)"));
  }
  if (out->reason.empty()) {
    return Error(text, ptr, v.offset,
                 "a suppression needs a \"reason\" (it is printed with every "
                 "finding it hides)");
  }
  return absl::OkStatus();
}

bool PointerWithin(absl::string_view path, absl::string_view prefix) {
  if (prefix.empty() || path == prefix) return true;
  return path.size() > prefix.size() &&
         path.substr(0, prefix.size()) == prefix && path[prefix.size()] == '/';
}

}  // namespace

absl::StatusOr<std::shared_ptr<const LintRules>> LintRules::Parse(
    absl::string_view text) {
  JsonValue root;
  Issue issue;
  if (!json::ReadJson(text, json::ReadOptions(), &root, &issue)) {
    return absl::InvalidArgumentError(absl::StrCat("rules (line ", issue.line,
                                                   ", column ", issue.column,
                                                   "): ", issue.message));
  }
  if (!root.is_object()) {
    return Error(text, "", root.offset, "the rules are a JSON object");
  }
  auto impl = std::make_unique<Impl>();
  for (const JsonMember& m : root.members) {
    const std::string ptr = absl::StrCat("/", m.key);
    if (m.key == "suppressions") {
      if (!m.value.is_array()) {
        return Error(text, ptr, m.value.offset, "expected an array");
      }
      for (size_t i = 0; i < m.value.items.size(); ++i) {
        Impl::Suppression s;
        absl::Status st = ParseSuppression(text, m.value.items[i],
                                           absl::StrCat(ptr, "/", i), &s);
        if (!st.ok()) return st;
        impl->suppressions.push_back(std::move(s));
      }
    } else if (m.key == "naming") {
      if (!m.value.is_object()) {
        return Error(text, ptr, m.value.offset, "expected an object");
      }
      for (const JsonMember& n : m.value.members) {
        const std::string nptr = absl::StrCat(ptr, "/", n.key);
        if (n.key != "sid") {
          return Error(text, nptr, n.key_offset,
                       absl::StrCat("unknown member \"", n.key,
                                    "\" (this version names Sids: \"sid\")"));
        }
        if (!n.value.is_string()) {
          return Error(text, nptr, n.value.offset,
                       "expected a regular expression string");
        }
        try {
          impl->sid.emplace(n.value.text, boost::regex::perl);
        } catch (const std::exception& e) {
          return Error(
              text, nptr, n.value.offset,
              absl::StrCat("the pattern does not compile: ", e.what()));
        }
        impl->sid_pattern = n.value.text;
      }
    } else {
      return Error(text, ptr, m.key_offset,
                   absl::StrCat("unknown member \"", m.key,
                                "\" (suppressions, naming)"));
    }
  }
  return std::shared_ptr<const LintRules>(new LintRules(std::move(impl)));
}

namespace lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"IAMEVAL_SID_NAMING", T::kWarning, "rules",
     "A Sid that does not follow the rules file's naming pattern.", false},
    {"IAMEVAL_RULE_PATTERN_FAILED", T::kError, "rules",
     "A rules-file pattern exceeded Boost.Regex's complexity bound on this "
     "input; simplify the pattern.",
     false},
};

}  // namespace

absl::Span<const LintCheckInfo> RuleChecks() { return kChecks; }

void ApplyRules(Context& ctx, const LintRules& rules, absl::string_view file,
                std::vector<LintFinding>* out,
                std::vector<LintFinding>* findings) {
  const LintRules::Impl& impl = rules.impl();
  if (impl.sid) {
    ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
      const JsonValue* sid = s.Find("Sid");
      if (sid == nullptr || !sid->is_string()) return;
      bool matched = false;
      try {
        matched = boost::regex_match(sid->text, *impl.sid);
      } catch (const std::exception& e) {
        ctx.Report("IAMEVAL_RULE_PATTERN_FAILED", ptr + "/Sid", *sid,
                   absl::StrCat("the Sid pattern \"", impl.sid_pattern,
                                "\" could not be matched against \"", sid->text,
                                "\": ", e.what()));
        return;
      }
      if (!matched) {
        ctx.Report("IAMEVAL_SID_NAMING", ptr + "/Sid", *sid,
                   absl::StrCat("Sid \"", sid->text,
                                "\" does not match the naming pattern \"",
                                impl.sid_pattern, "\""));
      }
    });
    if (!out->empty()) {
      for (LintFinding& f : *out) findings->push_back(std::move(f));
      out->clear();
      std::stable_sort(findings->begin(), findings->end(),
                       [](const LintFinding& a, const LintFinding& b) {
                         return a.locations.front().start.offset <
                                b.locations.front().start.offset;
                       });
    }
  }
  const std::string name(file);
  for (LintFinding& f : *findings) {
    for (const LintRules::Impl::Suppression& s : impl.suppressions) {
      if (s.code != "*" && s.code != f.code) continue;
      if (!s.file.empty() &&
          fnmatch(s.file.c_str(), name.c_str(), /*flags=*/0) != 0) {
        continue;
      }
      if (!PointerWithin(f.locations.front().path, s.pointer)) continue;
      f.suppressed = true;
      f.suppression_reason = s.reason;
      break;
    }
  }
}

}  // namespace lint_internal
}  // namespace iameval
