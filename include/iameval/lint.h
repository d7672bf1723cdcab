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
// Nothing throws across this API.
//
// Thread safety: LintPolicy is a pure function; the Catalog it is given is
// only read, so one may serve many threads at once. Lifetime:
// `options.catalog` must outlive the call; findings own their strings.
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

struct LintOptions {
  ParseOptions parse;
  // Catalog checks (unknown actions, resource types, ...) run only with a
  // catalog; without one they are skipped.
  const Catalog* catalog = nullptr;
};

// Findings sorted by position (document-level ones first), ties in the
// order of the checks.
std::vector<LintFinding> LintPolicy(absl::string_view json, PolicyKind kind,
                                    const LintOptions& options = {});

}  // namespace iameval

#endif  // IAMEVAL_LINT_H_
