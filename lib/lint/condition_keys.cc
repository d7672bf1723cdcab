// Condition keys that only some of a statement's actions support: for the
// others the condition is not evaluated, which is rarely what the author
// meant (Access Analyzer's UNSUPPORTED_ACTION_FOR_CONDITION_KEY). Judged
// against the catalog, for action entries without wildcards; when no action
// of the statement supports the key, the validator's
// IAMEVAL_CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS says so instead.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"UNSUPPORTED_ACTION_FOR_CONDITION_KEY", T::kError, "condition_keys",
     "A condition key some actions of the statement support and others do "
     "not: for those the condition is not evaluated.",
     true},
};

}  // namespace

absl::Span<const LintCheckInfo> ConditionKeyChecks() { return kChecks; }

void CheckConditionKeys(Context& ctx) {
  const Catalog& catalog = *ctx.catalog();
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
    const JsonValue* action = s.Find("Action");
    const JsonValue* cond = s.Find("Condition");
    if (action == nullptr || cond == nullptr || !cond->is_object()) return;
    struct Entry {
      const JsonValue* item;
      std::string ptr;
      const ActionInfo* info;
    };
    std::vector<Entry> entries;
    ForEachString(*action, ptr + "/Action",
                  [&](const JsonValue& item, const std::string& p) {
                    if (item.text.find_first_of("*?") != std::string::npos) {
                      return;
                    }
                    if (const ActionInfo* a = catalog.FindAction(item.text)) {
                      entries.push_back({&item, p, a});
                    }
                  });
    if (entries.size() < 2) return;
    for (const JsonMember& op : cond->members) {
      if (!op.value.is_object()) continue;
      for (const JsonMember& key : op.value.members) {
        if (absl::StartsWithIgnoreCase(key.key, "aws:") ||
            catalog.IsGlobalConditionKey(key.key)) {
          continue;
        }
        std::vector<const Entry*> unsupported;
        bool supported = false;
        for (const Entry& e : entries) {
          if (catalog.ActionSupportsConditionKey(*e.info, key.key)) {
            supported = true;
          } else {
            unsupported.push_back(&e);
          }
        }
        if (!supported) continue;  // the validator's finding
        const std::string kptr =
            absl::StrCat(ptr, "/Condition/", json::EscapePointerToken(op.key),
                         "/", json::EscapePointerToken(key.key));
        for (const Entry* e : unsupported) {
          LintFinding& f = ctx.Report(
              "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", e->ptr, *e->item,
              absl::StrCat(e->info->full_name,
                           " does not support the condition key ", key.key,
                           ": the condition is not evaluated for it; move it "
                           "to a statement without this key"));
          ctx.AddLocation(f, kptr, key.value.offset, key.value.end);
        }
      }
    }
  });
}

}  // namespace iameval::lint_internal
