// File: iameval/lint.h
// -----------------------------------------------------------------------------
// LintPolicy: IAM Access Analyzer's ValidatePolicy offline. Every finding
// carries Access Analyzer's issue code and finding type exactly (ERROR,
// SECURITY_WARNING, WARNING, SUGGESTION); checks Access Analyzer does not
// have are prefixed IAMEVAL_ so that codes never collide. Findings are
// located by RFC 6901 JSON pointer and a [start, end) span of the element
// (line, column, byte offset).
//
//   IAMEVAL_ASSIGN_OR_RETURN(std::shared_ptr<const Catalog> catalog,
//                            Catalog::Default());
//   LintOptions options;
//   options.catalog = catalog.get();
//   std::vector<LintFinding> findings =
//       LintPolicy(json_text, PolicyKind::kIdentity, options);
//
// The grammar and catalog findings come from ValidatePolicy (validate.h),
// mapped to Access Analyzer's codes in one table; the other checks live in
// lib/lint/, one family per file, and LintChecks() lists them all (the
// registry behind `iameval lint --list-checks` and docs/lint.md).
//
// Team rules (LintRules: suppressions and Sid naming patterns) are parsed
// once and shared; a rule pattern that fails to compile is an error of
// LintRules::Parse, one that exceeds Boost.Regex's complexity bound while
// matching becomes an IAMEVAL_RULE_PATTERN_FAILED finding. Nothing throws
// across this API.
//
// Thread safety: LintPolicy is a pure function; the Catalog and LintRules it
// is given are only read, so one of each may serve many threads at once.
// Lifetime: `options.catalog` and `options.rules` must outlive the call;
// findings own their strings.
#ifndef IAMEVAL_LINT_H_
#define IAMEVAL_LINT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "iameval/catalog.h"
#include "iameval/parser.h"
#include "iameval/policy.h"

namespace iameval {

// Access Analyzer's finding types, most severe first.
enum class LintFindingType { kError, kSecurityWarning, kWarning, kSuggestion };

// "ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION".
const char* LintFindingTypeName(LintFindingType type);
// The inverse, case-insensitively; nullopt for anything else.
std::optional<LintFindingType> ParseLintFindingType(absl::string_view name);

struct LintPosition {
  int line = 0;         // 1-based
  int column = 0;       // 1-based, in bytes
  uint32_t offset = 0;  // 0-based byte offset
};

struct LintLocation {
  std::string path;  // RFC 6901 pointer ("" is the whole document)
  LintPosition start;
  LintPosition end;  // just past the element
};

struct LintFinding {
  std::string code;  // Access Analyzer issue code, or IAMEVAL_...
  LintFindingType type = LintFindingType::kWarning;
  std::string message;
  std::vector<LintLocation> locations;  // never empty
  // Set when a suppression of the rules matched; the finding is kept (so
  // that it can be printed with its reason) but never blocks.
  bool suppressed = false;
  std::string suppression_reason;
};

// One entry of the registry.
struct LintCheckInfo {
  const char* code;
  LintFindingType type;
  const char* family;  // the lib/lint/ file (or "grammar"/"catalog")
  const char* help;    // one line
  // The check cannot be reproduced exactly offline (a curated table, the
  // catalog snapshot, a heuristic); docs/lint.md says why.
  bool approximate;
};

// Every check, sorted by code. Static storage.
absl::Span<const LintCheckInfo> LintChecks();
// nullptr when no check has `code`.
const LintCheckInfo* FindLintCheck(absl::string_view code);

// A team's own rules (`.iameval-lint.json`, docs/lint.md#rules): immutable
// once parsed.
class LintRules {
 public:
  struct Impl;

  ~LintRules();
  LintRules(const LintRules&) = delete;
  LintRules& operator=(const LintRules&) = delete;

  // Parses the rules file's text. Errors (invalid JSON, unknown members, a
  // suppression without a code or a reason, a pattern Boost.Regex rejects)
  // name the member by JSON pointer and line:column.
  static absl::StatusOr<std::shared_ptr<const LintRules>> Parse(
      absl::string_view json);

  const Impl& impl() const { return *impl_; }

 private:
  explicit LintRules(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct LintOptions {
  ParseOptions parse;
  // Catalog checks (unknown actions, resource types, ...) run only with a
  // catalog; without one they are skipped.
  const Catalog* catalog = nullptr;
  const LintRules* rules = nullptr;  // optional
  // The document's file name as the rules' suppression globs see it.
  std::string file;
};

// Findings sorted by position (document-level ones first), ties in the
// order of the checks.
std::vector<LintFinding> LintPolicy(absl::string_view json, PolicyKind kind,
                                    const LintOptions& options = {});

}  // namespace iameval

#endif  // IAMEVAL_LINT_H_
