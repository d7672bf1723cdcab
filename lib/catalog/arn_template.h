// File: lib/catalog/arn_template.h
// -----------------------------------------------------------------------------
// The ARN templates of the service reference
// ("arn:${Partition}:s3:::${BucketName}/${ObjectName}"): compiled to tokens,
// matched against concrete ARNs, and related to each other (a template that
// extends another cuts a shorter one's tail back).
//
// Not installed, not API. Thread safety: pure functions over values.
#ifndef IAMEVAL_LIB_CATALOG_ARN_TEMPLATE_H_
#define IAMEVAL_LIB_CATALOG_ARN_TEMPLATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/internal/glob_token.h"
#include "iameval/wildcard.h"

namespace iameval::catalog_internal {

using ::iameval::internal::GlobToken;

enum class TemplateTokenKind : uint8_t {
  kLiteral,      // `text`, matched exactly (case-sensitive)
  kPlaceholder,  // ${Name} inside the template: non-empty, no ':'
  kTail,         // ${Name} ending the template: non-empty, anything
  kStar,         // a literal `*` in a template: any run without ':'
};

struct TemplateToken {
  TemplateTokenKind kind;
  std::string text;  // kLiteral
};

struct ArnTemplate {
  int type_id = 0;
  std::vector<TemplateToken> tokens;
  int literal_chars = 0;
  std::string service;          // the literal service field; "" if templated
  std::vector<int> extensions;  // templates that extend this one (Extends)
  // AppendTemplateGlobTokens' output, built at load: ResourcePatternMayMatch
  // built it on every call, and account reviews call it for every new
  // (action, pattern) (issue 13).
  std::vector<char> glob_chars;
  std::vector<GlobToken> glob_kinds;
};

// "arn:${Partition}:s3:::${BucketName}/${ObjectName}" -> tokens.
ArnTemplate CompileTemplate(absl::string_view text, int type_id);

// The literal service field of a template ("s3"), or "" when it has a
// placeholder there.
std::string TemplateService(absl::string_view text);

// Does the concrete ARN `text` match the template's tokens? At most
// tokens x length steps per start position, even for a hostile ARN.
bool MatchTokens(const std::vector<TemplateToken>& tokens,
                 absl::string_view text);

// Does `longer` extend `shorter` (same tokens, placeholders equal whatever
// their names, then the shorter one's tail is a placeholder followed by a
// literal)?
bool Extends(const ArnTemplate& longer, const ArnTemplate& shorter);

// Appends the template at character level as glob tokens: placeholders are
// non-empty text without ':', the tail any non-empty text; no sub-resource
// cut here.
void AppendTemplateGlobTokens(const ArnTemplate& t, std::vector<char>* chars,
                              std::vector<GlobToken>* kinds);

}  // namespace iameval::catalog_internal

#endif  // IAMEVAL_LIB_CATALOG_ARN_TEMPLATE_H_
