// Redundant entries inside one statement: an action (or resource) that
// another entry of the same element already covers, such as "s3:GetObject"
// next to "s3:Get*", or "arn:aws:s3:::b/logs/*" next to "arn:aws:s3:::b/*".
// The test is a sound inclusion of wildcard languages (GlobCovers): an entry
// is reported only when it is certainly covered, never by the catalog's
// current list of actions.
#include <array>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "iameval/arn.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"REDUNDANT_ACTION", T::kSuggestion, "redundant",
     "An action entry another entry of the same statement already covers.",
     false},
    {"REDUNDANT_RESOURCE", T::kSuggestion, "redundant",
     "A resource entry another entry of the same statement already covers.",
     false},
};

bool ResourceCovers(absl::string_view wide, absl::string_view narrow) {
  if (wide == "*") return true;
  if (wide == narrow) return true;
  std::array<absl::string_view, 6> w, n;
  if (SplitArnComponents(wide, &w) != 6 ||
      SplitArnComponents(narrow, &n) != 6) {
    return false;
  }
  // Field by field: a wildcard does not reach across the first five colons
  // (ruling R7), so whole-string inclusion could claim too much.
  for (size_t i = 0; i < 6; ++i) {
    if (!GlobCovers(w[i], n[i], /*ignore_case=*/false)) return false;
  }
  return true;
}

template <typename Covers>
void CheckList(Context& ctx, const JsonValue& list, const std::string& ptr,
               absl::string_view code, absl::string_view what, Covers covers) {
  if (!list.is_array() || list.items.size() < 2) return;
  const std::vector<JsonValue>& items = list.items;
  for (size_t j = 0; j < items.size(); ++j) {
    if (!items[j].is_string()) continue;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i == j || !items[i].is_string()) continue;
      if (!covers(items[i].text, items[j].text)) continue;
      // Two entries that cover each other (the same pattern, maybe in
      // another case): the later one is the redundant one.
      if (covers(items[j].text, items[i].text) && i > j) continue;
      LintFinding& f =
          ctx.Report(code, absl::StrCat(ptr, "/", j), items[j],
                     absl::StrCat("\"", items[j].text, "\" is redundant: \"",
                                  items[i].text, "\" in the same ", what,
                                  " already covers it"));
      ctx.AddLocation(f, absl::StrCat(ptr, "/", i), items[i].offset,
                      items[i].end);
      break;
    }
  }
}

}  // namespace

absl::Span<const LintCheckInfo> RedundancyChecks() { return kChecks; }

void CheckRedundancy(Context& ctx) {
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
    for (const char* element : {"Action", "NotAction"}) {
      if (const JsonValue* v = s.Find(element)) {
        CheckList(ctx, *v, absl::StrCat(ptr, "/", element), "REDUNDANT_ACTION",
                  element, [](absl::string_view w, absl::string_view n) {
                    return ActionPatternMatches(w, n);
                  });
      }
    }
    for (const char* element : {"Resource", "NotResource"}) {
      if (const JsonValue* v = s.Find(element)) {
        CheckList(ctx, *v, absl::StrCat(ptr, "/", element),
                  "REDUNDANT_RESOURCE", element, ResourceCovers);
      }
    }
  });
}

}  // namespace iameval::lint_internal
