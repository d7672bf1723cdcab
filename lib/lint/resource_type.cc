// Resource ARNs that fit the statement's actions only loosely: read as an
// ARN, the entry is a resource type none of the actions acts on, as
// "s3:ListBucket" on "arn:aws:s3:::bucket/*" (objects; ListBucket acts on
// the bucket). The catalog check RESOURCE_MATCHES_NO_TYPE is lenient (a
// wildcard may still reach a bucket); this one reads the entry's wildcards
// as literal text and applies the catalog's sub-resource rule
// (Catalog::ResolveResourceType), which is what people mean by "bucket/*".
// With wildcards it reports only what they cannot repair (see below).
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"IAMEVAL_RESOURCE_TYPE_MISMATCH", T::kWarning, "resource_type",
     "A Resource ARN (wildcards read as text) is a resource type none of the "
     "statement's actions acts on, e.g. s3:ListBucket on bucket/*.",
     true},
};

// Whether `deeper` is a sub-resource of `type`: one of its ARN templates
// extends one of `type`'s ("bucket" -> "bucket/object").
bool IsAncestor(const ResourceTypeInfo& type, const ResourceTypeInfo& deeper) {
  for (const std::string& ta : type.arns) {
    for (const std::string& td : deeper.arns) {
      if (td.size() > ta.size() && absl::StartsWith(td, ta) &&
          (td[ta.size()] == '/' || td[ta.size()] == ':')) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

absl::Span<const LintCheckInfo> ResourceTypeChecks() { return kChecks; }

void CheckResourceTypes(Context& ctx) {
  const Catalog& catalog = *ctx.catalog();
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
    const JsonValue* action = s.Find("Action");
    const JsonValue* resource = s.Find("Resource");
    if (action == nullptr || resource == nullptr) return;
    // The statement's actions, only when every entry resolves: an unknown
    // action could act on anything.
    std::vector<const ActionInfo*> actions;
    absl::flat_hash_set<int> ids;
    bool complete = true;
    ForEachString(*action, "", [&](const JsonValue& item, const std::string&) {
      if (item.text == "*") complete = false;
      std::vector<const ActionInfo*> found;
      if (item.text.find_first_of("*?") != std::string::npos) {
        found = catalog.Expand(item.text);
      } else if (const ActionInfo* a = catalog.FindAction(item.text)) {
        found.push_back(a);
      }
      if (found.empty()) complete = false;
      for (const ActionInfo* a : found) {
        if (!a->resources.empty() && ids.insert(a->id).second) {
          actions.push_back(a);
        }
      }
    });
    if (!complete || actions.empty()) return;
    ForEachString(
        *resource, ptr + "/Resource",
        [&](const JsonValue& item, const std::string& p) {
          if (!absl::StartsWith(item.text, "arn:")) return;
          bool loose_fit = false;
          for (const ActionInfo* a : actions) {
            if (catalog.ResolveResourceType(*a, item.text) != nullptr) return;
            for (const ActionResource& r : a->resources) {
              loose_fit |= catalog.ResourcePatternMayMatch(*r.type, item.text);
            }
          }
          // No loose fit either: the catalog check already says so.
          if (!loose_fit) return;
          std::vector<const ResourceTypeInfo*> is =
              catalog.ResolveResourceTypeAny(item.text);
          if (is.empty()) return;
          // A wildcard (or a variable) may stand for the part that would
          // make the ARN the action's type: "arn:aws:s3:::logs-*" can be an
          // object. It only adds text, though, and never removes the literal
          // part that makes the ARN a sub-resource ("bucket/*" stays below
          // the bucket). So with wildcards, every action type that may match
          // at all must be an ancestor of what the entry names.
          const bool wild =
              item.text.find_first_of("*?") != std::string::npos ||
              absl::StrContains(item.text, "${");
          if (wild) {
            for (const ActionInfo* a : actions) {
              for (const ActionResource& r : a->resources) {
                if (!catalog.ResourcePatternMayMatch(*r.type, item.text)) {
                  continue;
                }
                bool above = false;
                for (const ResourceTypeInfo* t : is) {
                  above |= IsAncestor(*r.type, *t);
                }
                if (!above) return;
              }
            }
          }
          std::vector<std::string> is_names, want;
          for (const ResourceTypeInfo* t : is) {
            is_names.push_back(absl::StrCat(t->service->prefix, " ", t->name));
          }
          absl::flat_hash_set<std::string> seen;
          for (const ActionInfo* a : actions) {
            for (const ActionResource& r : a->resources) {
              std::string name =
                  absl::StrCat(r.type->service->prefix, " ", r.type->name);
              if (seen.insert(name).second) want.push_back(name);
            }
          }
          if (want.size() > 6) want.resize(6), want.push_back("...");
          ctx.Report("IAMEVAL_RESOURCE_TYPE_MISMATCH", p, item,
                     absl::StrCat("\"", item.text, "\" names ",
                                  absl::StrJoin(is_names, " or "),
                                  " resources, but the statement's actions act "
                                  "on ",
                                  absl::StrJoin(want, ", ")));
        });
  });
}

}  // namespace iameval::lint_internal
