// Statement elements used where they do not work: an empty Sid, a wildcard
// in an action's service prefix, policy variables outside Resource and
// Condition or under a Version that does not substitute them (ruling R11),
// and the exact kind of a malformed variable.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"EMPTY_SID_VALUE", T::kSuggestion, "elements",
     "An empty Sid: remove it or name the statement.", false},
    {"WILDCARD_IN_SERVICE_NAME", T::kSuggestion, "elements",
     "A wildcard in an action's service prefix (s3*:Get*) may match services "
     "added later.",
     false},
    {"VARIABLE_UNSUPPORTED_IN_ELEMENT", T::kError, "elements",
     "A policy variable in Action, NotAction, Principal or NotPrincipal, "
     "where it is not substituted.",
     false},
    {"VARIABLE_UNSUPPORTED_IN_VERSION", T::kError, "elements",
     "A policy variable under Version 2008-10-17, which does not substitute "
     "variables.",
     false},
    {"RCP_SYNTAX_ERROR_NOTACTION", T::kError, "elements",
     "NotAction in a resource control policy, which supports only Action.",
     false},
    {"EMPTY_VARIABLE", T::kError, "elements", "An empty policy variable ${}.",
     false},
    {"MISSING_BRACE_IN_VARIABLE", T::kError, "elements",
     "A policy variable without its closing brace.", false},
    {"UNSUPPORTED_SPACE_IN_VARIABLE", T::kError, "elements",
     "A space inside a policy variable's key.", false},
    {"MISSING_QUOTE_IN_VARIABLE", T::kError, "elements",
     "A policy variable's default value without its single quotes "
     "(${key, 'default'}).",
     false},
};

void CheckVariableElements(Context& ctx, const JsonValue& s,
                           const std::string& ptr) {
  for (const char* element : {"Action", "NotAction"}) {
    if (const JsonValue* v = s.Find(element)) {
      ForEachString(*v, absl::StrCat(ptr, "/", element),
                    [&](const JsonValue& item, const std::string& p) {
                      if (absl::StrContains(item.text, "${")) {
                        ctx.Report(
                            "VARIABLE_UNSUPPORTED_IN_ELEMENT", p, item,
                            absl::StrCat(element,
                                         " does not substitute policy "
                                         "variables: \"",
                                         item.text, "\" is taken literally"));
                      }
                    });
    }
  }
  for (const char* element : {"Principal", "NotPrincipal"}) {
    const JsonValue* v = s.Find(element);
    if (v == nullptr || !v->is_object()) continue;
    for (const JsonMember& m : v->members) {
      ForEachString(
          m.value,
          absl::StrCat(ptr, "/", element, "/", json::EscapePointerToken(m.key)),
          [&](const JsonValue& item, const std::string& p) {
            if (absl::StrContains(item.text, "${")) {
              ctx.Report("VARIABLE_UNSUPPORTED_IN_ELEMENT", p, item,
                         absl::StrCat(element,
                                      " does not substitute policy "
                                      "variables: \"",
                                      item.text, "\" is taken literally"));
            }
          });
    }
  }
}

void CheckVariablesInVersion(Context& ctx, const JsonValue& s,
                             const std::string& ptr) {
  auto report = [&](const JsonValue& item, const std::string& p) {
    if (absl::StrContains(item.text, "${")) {
      ctx.Report("VARIABLE_UNSUPPORTED_IN_VERSION", p, item,
                 absl::StrCat("Version 2008-10-17 does not substitute policy "
                              "variables: \"",
                              item.text,
                              "\" is taken literally; use Version "
                              "2012-10-17"));
    }
  };
  for (const char* element : {"Resource", "NotResource"}) {
    if (const JsonValue* v = s.Find(element)) {
      ForEachString(*v, absl::StrCat(ptr, "/", element), report);
    }
  }
  const JsonValue* cond = s.Find("Condition");
  if (cond == nullptr || !cond->is_object()) return;
  for (const JsonMember& op : cond->members) {
    if (!op.value.is_object()) continue;
    for (const JsonMember& k : op.value.members) {
      ForEachString(
          k.value,
          absl::StrCat(ptr, "/Condition/", json::EscapePointerToken(op.key),
                       "/", json::EscapePointerToken(k.key)),
          report);
    }
  }
}

}  // namespace

absl::Span<const LintCheckInfo> ElementChecks() { return kChecks; }

const char* InvalidVariableCode(absl::string_view text) {
  size_t at = 0;
  while ((at = text.find("${", at)) != absl::string_view::npos) {
    const size_t close = text.find('}', at + 2);
    if (close == absl::string_view::npos) return "MISSING_BRACE_IN_VARIABLE";
    absl::string_view body = text.substr(at + 2, close - at - 2);
    if (absl::StripAsciiWhitespace(body).empty()) return "EMPTY_VARIABLE";
    absl::string_view key = body;
    const size_t comma = body.find(',');
    if (comma != absl::string_view::npos) {
      key = body.substr(0, comma);
      absl::string_view def =
          absl::StripAsciiWhitespace(body.substr(comma + 1));
      if (def.size() < 2 || def.front() != '\'' || def.back() != '\'') {
        return "MISSING_QUOTE_IN_VARIABLE";
      }
    }
    if (key.find(' ') != absl::string_view::npos) {
      return "UNSUPPORTED_SPACE_IN_VARIABLE";
    }
    at = close + 1;
  }
  return "IAMEVAL_INVALID_VARIABLE";
}

void CheckElements(Context& ctx) {
  const JsonValue* version =
      ctx.root()->is_object() ? ctx.root()->Find("Version") : nullptr;
  const bool old_version = version != nullptr && version->is_string() &&
                           version->text == "2008-10-17";
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
    if (const JsonValue* sid = s.Find("Sid")) {
      if (sid->is_string() && sid->text.empty()) {
        ctx.Report("EMPTY_SID_VALUE", ptr + "/Sid", *sid,
                   "an empty Sid names nothing: remove it or name the "
                   "statement");
      }
    }
    for (const char* element : {"Action", "NotAction"}) {
      if (const JsonValue* v = s.Find(element)) {
        ForEachString(
            *v, absl::StrCat(ptr, "/", element),
            [&](const JsonValue& item, const std::string& p) {
              const size_t colon = item.text.find(':');
              if (colon == std::string::npos) return;
              if (item.text.find_first_of("*?") < colon) {
                ctx.Report("WILDCARD_IN_SERVICE_NAME", p, item,
                           absl::StrCat("the service prefix of \"", item.text,
                                        "\" has a wildcard: it matches "
                                        "every service whose prefix fits, "
                                        "including future ones"));
              }
            });
      }
    }
    CheckVariableElements(ctx, s, ptr);
    if (ctx.kind() == PolicyKind::kRcp) {
      if (const JsonValue* v = s.Find("NotAction")) {
        ctx.Report("RCP_SYNTAX_ERROR_NOTACTION", ptr + "/NotAction", *v,
                   "resource control policies do not support NotAction; "
                   "list the actions in Action");
      }
    }
    if (old_version) CheckVariablesInVersion(ctx, s, ptr);
  });
}

}  // namespace iameval::lint_internal
