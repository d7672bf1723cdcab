#include "iameval/arn.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace iameval {

using internal::GlobToken;

int SplitArnComponents(absl::string_view text,
                       std::array<absl::string_view, 6>* parts) {
  for (auto& p : *parts) p = absl::string_view();
  // A plain loop: ARN prefixes are short, and absl's find is an out-of-line
  // call per colon (it showed in W3 profiles, where every decision splits
  // the resource ARN).
  int count = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size() && count < 5; ++i) {
    if (text[i] == ':') {
      (*parts)[count++] = text.substr(start, i - start);
      start = i + 1;
    }
  }
  (*parts)[count++] = text.substr(start);
  return count;
}

std::optional<ArnView> ArnView::Parse(absl::string_view text) {
  std::array<absl::string_view, 6> parts;
  if (SplitArnComponents(text, &parts) != 6 || parts[0] != "arn") {
    return std::nullopt;
  }
  return ArnView{parts[1], parts[2], parts[3], parts[4], parts[5]};
}

std::optional<PrincipalArn> PrincipalArn::Parse(absl::string_view text) {
  std::optional<ArnView> arn = ArnView::Parse(text);
  if (!arn) return std::nullopt;
  PrincipalArn p;
  p.partition = arn->partition;
  p.service = arn->service;
  p.account = arn->account;
  p.resource = arn->resource;
  const size_t slash = p.resource.find('/');
  const bool has_slash = slash != absl::string_view::npos;
  p.entity = p.resource.substr(0, slash);
  if (has_slash) p.id = p.resource.substr(slash + 1);
  if (p.service == "iam") {
    if (p.resource == "root") {
      p.type = PrincipalArnType::kRoot;
      return p;
    }
    if (has_slash) {
      const size_t last = p.resource.rfind('/');
      p.path = p.resource.substr(slash, last - slash + 1);
      p.name = p.resource.substr(last + 1);
    }
    p.type = has_slash && p.entity == "user"   ? PrincipalArnType::kUser
             : has_slash && p.entity == "role" ? PrincipalArnType::kRole
                                               : PrincipalArnType::kOtherIam;
    return p;
  }
  if (p.service == "sts" && has_slash) {
    if (p.entity == "assumed-role") {
      p.type = PrincipalArnType::kAssumedRole;
      const size_t session = p.id.find('/');
      p.name = p.id.substr(0, session);
      if (session != absl::string_view::npos) {
        p.session = p.id.substr(session + 1);
      }
    } else if (p.entity == "federated-user") {
      p.type = PrincipalArnType::kFederatedUser;
      p.name = p.id;
    }
  }
  return p;
}

namespace {

bool IsTwelveDigits(absl::string_view s) {
  return s.size() == 12 &&
         s.find_first_not_of("0123456789") == absl::string_view::npos;
}

bool CheckAwsPrincipal(absl::string_view text, std::string* error) {
  if (text == "*" || IsTwelveDigits(text)) return true;
  if (!absl::StrContains(text, ":")) {
    // Unique ids (AIDA..., AROA...) as IAM stores them.
    bool ok = text.size() >= 16;
    for (char c : text) {
      if (!absl::ascii_isupper(static_cast<unsigned char>(c)) &&
          !absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        ok = false;
      }
    }
    if (ok) return true;
    *error = absl::StrCat("\"", text,
                          "\" is not an account id, an IAM ARN or a "
                          "unique principal id");
    return false;
  }
  if (absl::StrContains(text, "*") || absl::StrContains(text, "?")) {
    *error = absl::StrCat("\"", text,
                          "\": principals allow no partial wildcards; "
                          "use \"*\" with a condition on "
                          "aws:PrincipalArn");
    return false;
  }
  std::optional<PrincipalArn> arn = PrincipalArn::Parse(text);
  if (!arn || !IsTwelveDigits(arn->account)) {
    *error = absl::StrCat("\"", text, "\" is not a valid principal ARN");
    return false;
  }
  switch (arn->type) {
    case PrincipalArnType::kRoot:
    case PrincipalArnType::kUser:
    case PrincipalArnType::kRole:
      return true;
    case PrincipalArnType::kAssumedRole:
      if (!arn->name.empty() && !arn->session.empty()) return true;
      break;
    case PrincipalArnType::kFederatedUser:
      if (!arn->name.empty()) return true;
      break;
    case PrincipalArnType::kOtherIam:
    case PrincipalArnType::kOther:
      break;
  }
  *error = absl::StrCat("\"", text,
                        "\" cannot be a principal (IAM users, roles, "
                        "role sessions, federated users and accounts "
                        "can; groups cannot)");
  return false;
}

}  // namespace

bool CheckPolicyPrincipal(PrincipalType type, absl::string_view text,
                          std::string* error) {
  if (text.empty()) {
    *error = "empty principal";
    return false;
  }
  switch (type) {
    case PrincipalType::kAws:
      return CheckAwsPrincipal(text, error);
    case PrincipalType::kService:
      if (text == "*" || absl::StrContains(text, "*") ||
          absl::StrContains(text, "?")) {
        *error = "a Service principal must name one service; no wildcards";
        return false;
      }
      return true;
    case PrincipalType::kFederated:
    case PrincipalType::kCanonicalUser:
      if (absl::StrContains(text, "*")) {
        *error = "no wildcards in Federated or CanonicalUser principals";
        return false;
      }
      return true;
  }
  return false;
}

void AppendResourceTokens(absl::string_view pattern,
                          const std::vector<bool>* literal_mask,
                          std::vector<char>* chars,
                          std::vector<GlobToken>* kinds) {
  // Field index of each character: 0 arn, 1 partition, 2 service, 3 region,
  // 4 account, 5 resource. In fields 1, 3 and 4 a `?` and a non-final `*` stay
  // inside the field; a field-final `*` may run across colons (E-RESOURCE).
  int field = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    const bool literal = literal_mask != nullptr && (*literal_mask)[i];
    chars->push_back(c);
    if (literal || (c != '*' && c != '?')) {
      kinds->push_back(GlobToken::kLiteral);
      if (!literal && c == ':' && field < 5) ++field;
      continue;
    }
    if (field >= 5) {
      kinds->push_back(c == '*' ? GlobToken::kStar : GlobToken::kAnyOne);
      continue;
    }
    if (c == '?') {
      kinds->push_back(GlobToken::kAnyOneNoColon);
      continue;
    }
    const bool field_final = i + 1 == pattern.size() || pattern[i + 1] == ':';
    kinds->push_back(field_final ? GlobToken::kStar : GlobToken::kStarNoColon);
  }
}

bool CheckResourcePattern(absl::string_view pattern, std::string* error) {
  if (pattern == "*") return true;
  std::array<absl::string_view, 6> parts;
  int n = SplitArnComponents(pattern, &parts);
  if (parts[0] != "arn" || n < 3) {
    *error = absl::StrCat("resource \"", pattern,
                          "\" is neither \"*\" nor an ARN (arn:partition:"
                          "service:region:account:resource)");
    return false;
  }
  for (char c : parts[2]) {
    if (c == '*' || c == '?') {
      *error = absl::StrCat("resource \"", pattern,
                            "\" has a wildcard in the ARN service field");
      return false;
    }
    if (c >= 'A' && c <= 'Z') {
      *error = absl::StrCat("resource \"", pattern,
                            "\" has upper case in the ARN service field");
      return false;
    }
  }
  if (parts[2].empty()) {
    *error = absl::StrCat("resource \"", pattern,
                          "\" has an empty ARN service field");
    return false;
  }
  return true;
}

std::optional<Glob> CompileResourcePattern(absl::string_view pattern,
                                           std::string* error) {
  if (pattern == "*") return Glob::FromPattern("*");
  if (!CheckResourcePattern(pattern, error)) return std::nullopt;
  std::vector<char> chars;
  std::vector<GlobToken> kinds;
  chars.reserve(pattern.size());
  kinds.reserve(pattern.size());
  AppendResourceTokens(pattern, nullptr, &chars, &kinds);
  return Glob::FromTokens(std::move(chars), std::move(kinds));
}

}  // namespace iameval
