// ARN templates: compiling, matching, and how templates relate.
#include "catalog/arn_template.h"

#include <array>
#include <cstdint>

#include "absl/container/inlined_vector.h"
#include "absl/strings/match.h"
#include "iameval/arn.h"

namespace iameval::catalog_internal {

ArnTemplate CompileTemplate(absl::string_view text, int type_id) {
  ArnTemplate t;
  t.type_id = type_id;
  std::string literal;
  auto flush = [&]() {
    if (!literal.empty()) {
      t.literal_chars += static_cast<int>(literal.size());
      t.tokens.push_back({TemplateTokenKind::kLiteral, std::move(literal)});
      literal.clear();
    }
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      size_t close = text.find('}', i + 2);
      if (close != absl::string_view::npos) {
        flush();
        t.tokens.push_back({TemplateTokenKind::kPlaceholder, ""});
        i = close;
        continue;
      }
    }
    if (text[i] == '*') {
      flush();
      t.tokens.push_back({TemplateTokenKind::kStar, ""});
      continue;
    }
    literal.push_back(text[i]);
  }
  flush();
  if (!t.tokens.empty() &&
      t.tokens.back().kind == TemplateTokenKind::kPlaceholder) {
    t.tokens.back().kind = TemplateTokenKind::kTail;
  }
  return t;
}

std::string TemplateService(absl::string_view text) {
  std::array<absl::string_view, 6> parts;
  if (SplitArnComponents(text, &parts) < 3) return "";
  if (absl::StrContains(parts[2], "${") || absl::StrContains(parts[2], "*")) {
    return "";
  }
  return std::string(parts[2]);
}

namespace {

// Matches a template against a concrete ARN. A backtracking search over
// (token, position) with failed states remembered, so even a hostile ARN
// (many '/' under "${A}/${B}/${C}/${D}") costs at most tokens x length
// steps per start position instead of exponential time.
class TemplateMatcher {
 public:
  TemplateMatcher(const std::vector<TemplateToken>& tokens,
                  absl::string_view text)
      : tokens_(tokens), text_(text) {}

  bool Match() {
    // Cheap rejection first: every literal must occur somewhere.
    for (const TemplateToken& t : tokens_) {
      if (t.kind == TemplateTokenKind::kLiteral &&
          text_.find(t.text) == absl::string_view::npos) {
        return false;
      }
    }
    failed_.assign(tokens_.size() * (text_.size() + 1), 0);
    return MatchFrom(0, 0);
  }

 private:
  bool MatchFrom(size_t i, size_t pos) {
    if (i == tokens_.size()) return pos == text_.size();
    uint8_t& failed = failed_[i * (text_.size() + 1) + pos];
    if (failed) return false;
    if (!Step(i, pos)) {
      failed = 1;
      return false;
    }
    return true;
  }

  bool Step(size_t i, size_t pos) {
    const TemplateToken& t = tokens_[i];
    switch (t.kind) {
      case TemplateTokenKind::kLiteral:
        if (text_.size() - pos < t.text.size() ||
            text_.compare(pos, t.text.size(), t.text) != 0) {
          return false;
        }
        return MatchFrom(i + 1, pos + t.text.size());
      case TemplateTokenKind::kTail:
        return pos < text_.size();
      case TemplateTokenKind::kPlaceholder:
      case TemplateTokenKind::kStar: {
        // A run up to the next ':' (non-empty for placeholders), longest
        // first; when a literal follows, only where its first character is.
        const size_t min_end =
            t.kind == TemplateTokenKind::kStar ? pos : pos + 1;
        size_t end = text_.find(':', pos);
        if (end == absl::string_view::npos) end = text_.size();
        const TemplateToken* next =
            i + 1 < tokens_.size() ? &tokens_[i + 1] : nullptr;
        const bool literal_next =
            next != nullptr && next->kind == TemplateTokenKind::kLiteral;
        for (size_t e = end + 1; e-- > min_end;) {
          if (literal_next &&
              (e == text_.size() || text_[e] != next->text[0])) {
            continue;
          }
          if (MatchFrom(i + 1, e)) return true;
        }
        return false;
      }
    }
    return false;
  }

  const std::vector<TemplateToken>& tokens_;
  absl::string_view text_;
  absl::InlinedVector<uint8_t, 512> failed_;
};

}  // namespace

bool MatchTokens(const std::vector<TemplateToken>& tokens,
                 absl::string_view text) {
  return TemplateMatcher(tokens, text).Match();
}

bool Extends(const ArnTemplate& longer, const ArnTemplate& shorter) {
  const auto& s = shorter.tokens;
  const auto& l = longer.tokens;
  if (s.empty() || s.back().kind != TemplateTokenKind::kTail) return false;
  if (l.size() <= s.size()) return false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i].kind != l[i].kind || s[i].text != l[i].text) return false;
  }
  if (l[s.size() - 1].kind != TemplateTokenKind::kPlaceholder ||
      l[s.size()].kind != TemplateTokenKind::kLiteral) {
    return false;
  }
  // A bare ":${Qualifier}" suffix (Lambda versions and aliases, Step
  // Functions aliases, Batch revisions...) qualifies the same resource: AWS
  // authorizes qualified ARNs against the unqualified type too, so it does
  // not cut the tail back.
  const bool qualifier = l.size() == s.size() + 2 && l[s.size()].text == ":" &&
                         l.back().kind == TemplateTokenKind::kTail;
  return !qualifier;
}

void AppendTemplateGlobTokens(const ArnTemplate& t, std::vector<char>* chars,
                              std::vector<GlobToken>* kinds) {
  std::vector<char>& tc = *chars;
  std::vector<GlobToken>& tk = *kinds;
  for (const TemplateToken& tok : t.tokens) {
    switch (tok.kind) {
      case TemplateTokenKind::kLiteral:
        for (char c : tok.text) {
          tc.push_back(c);
          tk.push_back(GlobToken::kLiteral);
        }
        break;
      case TemplateTokenKind::kStar:
        tc.push_back('*');
        tk.push_back(GlobToken::kStarNoColon);
        break;
      case TemplateTokenKind::kPlaceholder:
        tc.insert(tc.end(), {'?', '*'});
        tk.insert(tk.end(),
                  {GlobToken::kAnyOneNoColon, GlobToken::kStarNoColon});
        break;
      case TemplateTokenKind::kTail:
        tc.insert(tc.end(), {'?', '*'});
        tk.insert(tk.end(), {GlobToken::kAnyOne, GlobToken::kStar});
        break;
    }
  }
}

}  // namespace iameval::catalog_internal
