// File: lib/lint/lint_internal.h
// -----------------------------------------------------------------------------
// What the check families of LintPolicy (iameval/lint.h) share: the context
// a check reads (the document as a positioned JSON tree, the policy kind, the
// catalog) and reports to, and the registry slice each family file defines.
// One family per file; registry.cc concatenates the slices.
//
// Not installed, not API. Thread safety: a Context is used by one call of
// LintPolicy only.
#ifndef IAMEVAL_LIB_LINT_LINT_INTERNAL_H_
#define IAMEVAL_LIB_LINT_LINT_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "iameval/catalog.h"
#include "iameval/lint.h"
#include "iameval/policy.h"
#include "iameval/validate.h"
#include "json/json_reader.h"

namespace iameval::lint_internal {

using json::JsonMember;
using json::JsonValue;

class Context {
 public:
  Context(absl::string_view text, PolicyKind kind, const Catalog* catalog,
          const JsonValue* root, std::vector<LintFinding>* out)
      : text_(text),
        kind_(kind),
        catalog_(catalog),
        root_(root),
        lines_(text),
        out_(out) {}

  absl::string_view text() const { return text_; }
  PolicyKind kind() const { return kind_; }
  const Catalog* catalog() const { return catalog_; }
  // nullptr when the document is not readable JSON (only the mapped parser
  // findings then exist).
  const JsonValue* root() const { return root_; }

  // Reports `code` (which must be in the registry: its type comes from
  // there) at the element `v` whose pointer is `path`.
  LintFinding& Report(absl::string_view code, std::string path,
                      const JsonValue& v, std::string message);
  LintFinding& ReportSpan(absl::string_view code, std::string path,
                          uint32_t start, uint32_t end, std::string message);
  // A further location for the finding just reported.
  void AddLocation(LintFinding& f, std::string path, uint32_t start,
                   uint32_t end) const;
  LintLocation MakeLocation(std::string path, uint32_t start,
                            uint32_t end) const;
  // Byte offset of a 1-based line:column (validator findings carry those).
  uint32_t OffsetOf(int line, int column) const;

 private:
  absl::string_view text_;
  PolicyKind kind_;
  const Catalog* catalog_;
  const JsonValue* root_;
  json::LineIndex lines_;
  std::vector<LintFinding>* out_;
};

// Calls fn(statement, pointer) for every statement object of the document.
template <typename Fn>
void ForEachStatement(const Context& ctx, Fn&& fn) {
  if (ctx.root() == nullptr || !ctx.root()->is_object()) return;
  const JsonValue* st = ctx.root()->Find("Statement");
  if (st == nullptr) return;
  if (st->is_object()) {
    fn(*st, std::string("/Statement"));
  } else if (st->is_array()) {
    for (size_t i = 0; i < st->items.size(); ++i) {
      if (st->items[i].is_object()) {
        fn(st->items[i], absl::StrCat("/Statement/", i));
      }
    }
  }
}

// Calls fn(item, pointer) for each string of a string-or-array element.
template <typename Fn>
void ForEachString(const JsonValue& v, const std::string& ptr, Fn&& fn) {
  if (v.is_string()) {
    fn(v, ptr);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.items.size(); ++i) {
      if (v.items[i].is_string()) fn(v.items[i], absl::StrCat(ptr, "/", i));
    }
  }
}

// Whether a statement's Effect is exactly "Allow" (the grammar reports the
// other spellings).
bool IsAllow(const JsonValue& statement);

// Whether every string that glob `narrow` (IAM wildcards `*`, `?`) matches
// is also matched by glob `wide`: a sound inclusion test (true only when
// certain). `ignore_case` for action names.
bool GlobCovers(absl::string_view wide, absl::string_view narrow,
                bool ignore_case);

// Whether the action pattern `pattern` matches the action `action`
// (case-insensitive, IAM wildcards).
bool ActionPatternMatches(absl::string_view pattern, absl::string_view action);

// The Access Analyzer code for a Resource entry the grammar rejects
// (INVALID_ARN_PREFIX, MISSING_ARN_FIELD, INVALID_ARN_SERVICE_CASE), or
// IAMEVAL_INVALID_RESOURCE when none fits. Defined with the ARN checks.
const char* InvalidResourceCode(absl::string_view resource);

// Registry slices, one per family file, and the checks that run.
absl::Span<const LintCheckInfo> MappedChecks();  // validator_map.cc
void MapValidatorFindings(Context& ctx, std::vector<Finding> findings);

absl::Span<const LintCheckInfo> SecurityChecks();  // security.cc
void CheckSecurity(Context& ctx);

absl::Span<const LintCheckInfo> ArnChecks();  // arn_fields.cc
void CheckArnFields(Context& ctx);

absl::Span<const LintCheckInfo> RedundancyChecks();  // redundant.cc
void CheckRedundancy(Context& ctx);

absl::Span<const LintCheckInfo> ResourceTypeChecks();  // resource_type.cc
void CheckResourceTypes(Context& ctx);

absl::Span<const LintCheckInfo> ConditionChecks();  // conditions.cc
void CheckConditions(Context& ctx);

absl::Span<const LintCheckInfo> ElementChecks();  // elements.cc
void CheckElements(Context& ctx);
// The Access Analyzer code of a string with a malformed policy variable
// (EMPTY_VARIABLE, MISSING_BRACE_IN_VARIABLE, ...), or
// IAMEVAL_INVALID_VARIABLE.
const char* InvalidVariableCode(absl::string_view text);

absl::Span<const LintCheckInfo> ConditionKeyChecks();  // condition_keys.cc
void CheckConditionKeys(Context& ctx);                 // needs the catalog

absl::Span<const LintCheckInfo> GrantChecks();  // grants.cc
void CheckGrants(Context& ctx);                 // needs the catalog

absl::Span<const LintCheckInfo> RuleChecks();  // rules.cc
// Adds the naming findings to `findings` (reporting through `ctx`, whose
// output must be empty), sorts, then marks the suppressed ones.
void ApplyRules(Context& ctx, const LintRules& rules, absl::string_view file,
                std::vector<LintFinding>* out,
                std::vector<LintFinding>* findings);

}  // namespace iameval::lint_internal

#endif  // IAMEVAL_LIB_LINT_LINT_INTERNAL_H_
