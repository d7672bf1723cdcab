// LintPolicy: runs the check families of lib/lint/ over one document and
// applies the team's rules. The registry is the concatenation of the
// families' slices.
#include "iameval/lint.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "lint/lint_internal.h"

namespace iameval {

const char* LintFindingTypeName(LintFindingType type) {
  switch (type) {
    case LintFindingType::kError:
      return "ERROR";
    case LintFindingType::kSecurityWarning:
      return "SECURITY_WARNING";
    case LintFindingType::kWarning:
      return "WARNING";
    case LintFindingType::kSuggestion:
      return "SUGGESTION";
  }
  return "WARNING";
}

std::optional<LintFindingType> ParseLintFindingType(absl::string_view name) {
  for (LintFindingType t :
       {LintFindingType::kError, LintFindingType::kSecurityWarning,
        LintFindingType::kWarning, LintFindingType::kSuggestion}) {
    if (absl::EqualsIgnoreCase(name, LintFindingTypeName(t))) return t;
  }
  return std::nullopt;
}

namespace {

std::vector<LintCheckInfo> BuildRegistry() {
  std::vector<LintCheckInfo> all;
  for (absl::Span<const LintCheckInfo> slice :
       {lint_internal::MappedChecks(), lint_internal::SecurityChecks(),
        lint_internal::ArnChecks(), lint_internal::RedundancyChecks(),
        lint_internal::ResourceTypeChecks(), lint_internal::ConditionChecks(),
        lint_internal::ElementChecks(), lint_internal::ConditionKeyChecks(),
        lint_internal::GrantChecks(), lint_internal::RuleChecks()}) {
    all.insert(all.end(), slice.begin(), slice.end());
  }
  std::sort(all.begin(), all.end(),
            [](const LintCheckInfo& a, const LintCheckInfo& b) {
              return absl::string_view(a.code) < absl::string_view(b.code);
            });
  // A code registered twice would make --list-checks and SARIF rules
  // ambiguous: keep the first (the registry test asserts there is none).
  all.erase(std::unique(all.begin(), all.end(),
                        [](const LintCheckInfo& a, const LintCheckInfo& b) {
                          return absl::string_view(a.code) ==
                                 absl::string_view(b.code);
                        }),
            all.end());
  return all;
}

const std::vector<LintCheckInfo>& Registry() {
  static const std::vector<LintCheckInfo>* registry =
      new std::vector<LintCheckInfo>(BuildRegistry());
  return *registry;
}

}  // namespace

absl::Span<const LintCheckInfo> LintChecks() { return Registry(); }

const LintCheckInfo* FindLintCheck(absl::string_view code) {
  const std::vector<LintCheckInfo>& r = Registry();
  auto it = std::lower_bound(r.begin(), r.end(), code,
                             [](const LintCheckInfo& a, absl::string_view c) {
                               return absl::string_view(a.code) < c;
                             });
  if (it == r.end() || absl::string_view(it->code) != code) return nullptr;
  return &*it;
}

namespace lint_internal {

LintLocation Context::MakeLocation(std::string path, uint32_t start,
                                   uint32_t end) const {
  LintLocation loc;
  loc.path = std::move(path);
  loc.start.offset = start;
  loc.end.offset = end < start ? start : end;
  lines_.Locate(loc.start.offset, &loc.start.line, &loc.start.column);
  lines_.Locate(loc.end.offset, &loc.end.line, &loc.end.column);
  return loc;
}

LintFinding& Context::ReportSpan(absl::string_view code, std::string path,
                                 uint32_t start, uint32_t end,
                                 std::string message) {
  LintFinding f;
  f.code = std::string(code);
  const LintCheckInfo* info = FindLintCheck(code);
  f.type = info != nullptr ? info->type : LintFindingType::kWarning;
  f.message = std::move(message);
  f.locations.push_back(MakeLocation(std::move(path), start, end));
  out_->push_back(std::move(f));
  return out_->back();
}

LintFinding& Context::Report(absl::string_view code, std::string path,
                             const JsonValue& v, std::string message) {
  return ReportSpan(code, std::move(path), v.offset, v.end, std::move(message));
}

void Context::AddLocation(LintFinding& f, std::string path, uint32_t start,
                          uint32_t end) const {
  f.locations.push_back(MakeLocation(std::move(path), start, end));
}

uint32_t Context::OffsetOf(int line, int column) const {
  if (line <= 0) return 0;
  size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    size_t nl = text_.find('\n', pos);
    if (nl == absl::string_view::npos)
      return static_cast<uint32_t>(text_.size());
    pos = nl + 1;
  }
  pos += column > 0 ? static_cast<size_t>(column - 1) : 0;
  return static_cast<uint32_t>(std::min(pos, text_.size()));
}

bool IsAllow(const JsonValue& statement) {
  const JsonValue* effect = statement.Find("Effect");
  return effect != nullptr && effect->is_string() && effect->text == "Allow";
}

bool GlobCovers(absl::string_view wide, absl::string_view narrow,
                bool ignore_case) {
  // Whether one character of `wide` (not a star) covers one of `narrow`: a
  // '?' covers any single character but a star (which stands for a run); a
  // literal covers only the same literal.
  auto one = [ignore_case](char w, char a) {
    if (w == '?') return a != '*';
    if (a == '*' || a == '?') return false;
    return ignore_case ? absl::ascii_tolower(static_cast<unsigned char>(w)) ==
                             absl::ascii_tolower(static_cast<unsigned char>(a))
                       : w == a;
  };
  // Wildcard matching with backtracking to the last star, which is exact
  // for any per-character predicate: a star of `wide` takes any run of
  // `narrow`, its wildcards included. Linear in the common cases, no
  // allocation (lint compares every pair of entries of a statement).
  size_t i = 0, j = 0;
  size_t star = absl::string_view::npos, resume = 0;
  while (j < narrow.size()) {
    if (i < wide.size() && wide[i] == '*') {
      star = i++;
      resume = j;
    } else if (i < wide.size() && one(wide[i], narrow[j])) {
      ++i;
      ++j;
    } else if (star != absl::string_view::npos) {
      i = star + 1;
      j = ++resume;
    } else {
      return false;
    }
  }
  while (i < wide.size() && wide[i] == '*') ++i;
  return i == wide.size();
}

bool ActionPatternMatches(absl::string_view pattern, absl::string_view action) {
  return GlobCovers(pattern, action, /*ignore_case=*/true);
}

}  // namespace lint_internal

std::vector<LintFinding> LintPolicy(absl::string_view json, PolicyKind kind,
                                    const LintOptions& options) {
  std::vector<LintFinding> out;
  std::vector<Finding> validated;
  if (options.catalog != nullptr) {
    ValidateOptions vo;
    vo.parse = options.parse;
    validated = ValidatePolicy(json, kind, *options.catalog, vo);
  } else {
    // Without a catalog only the grammar speaks: the parser's issues, the
    // first part of what ValidatePolicy gives.
    validated = ParsePolicy(json, kind, options.parse).issues;
  }
  json::ReadOptions read;
  read.max_bytes = options.parse.max_document_bytes;
  read.max_depth = options.parse.max_depth;
  json::JsonValue root;
  Issue error;
  const bool readable = json::ReadJson(json, read, &root, &error);
  lint_internal::Context ctx(json, kind, options.catalog,
                             readable ? &root : nullptr, &out);
  lint_internal::MapValidatorFindings(ctx, std::move(validated));
  if (readable) {
    lint_internal::CheckSecurity(ctx);
    lint_internal::CheckArnFields(ctx);
    lint_internal::CheckRedundancy(ctx);
    lint_internal::CheckConditions(ctx);
    lint_internal::CheckElements(ctx);
    if (options.catalog != nullptr) {
      lint_internal::CheckResourceTypes(ctx);
      lint_internal::CheckConditionKeys(ctx);
      lint_internal::CheckGrants(ctx);
    }
  }
  // One finding per code and element: the grammar and a family may both
  // see the same broken ARN.
  absl::flat_hash_set<std::pair<std::string, std::string>> seen;
  std::vector<LintFinding> unique;
  unique.reserve(out.size());
  for (LintFinding& f : out) {
    if (seen.insert({f.code, f.locations.front().path}).second) {
      unique.push_back(std::move(f));
    }
  }
  std::stable_sort(unique.begin(), unique.end(),
                   [](const LintFinding& a, const LintFinding& b) {
                     return a.locations.front().start.offset <
                            b.locations.front().start.offset;
                   });
  if (options.rules != nullptr) {
    out.clear();
    lint_internal::ApplyRules(ctx, *options.rules, options.file, &out, &unique);
  }
  return unique;
}

}  // namespace iameval
