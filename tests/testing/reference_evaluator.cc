// A naive, independent reading of aws-iam-semantics.md (rulings R1-R17, R18's
// character wildcards, sections 2-5). Everything is recomputed from the AST on
// every call; the only library pieces reused are the typed-value parsers of
// typed_value.h, which the brief allows.
#include "testing/reference_evaluator.h"

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iameval/typed_value.h"

namespace iameval::testing {
namespace {

// ---------------------------------------------------------------------------
// Three-valued logic (R10): kUnknown is "Indeterminate".

enum class T3 { kFalse, kTrue, kUnknown };

T3 And3(T3 a, T3 b) {
  if (a == T3::kFalse || b == T3::kFalse) return T3::kFalse;
  if (a == T3::kUnknown || b == T3::kUnknown) return T3::kUnknown;
  return T3::kTrue;
}

T3 Or3(T3 a, T3 b) {
  if (a == T3::kTrue || b == T3::kTrue) return T3::kTrue;
  if (a == T3::kUnknown || b == T3::kUnknown) return T3::kUnknown;
  return T3::kFalse;
}

T3 Not3(T3 a) {
  if (a == T3::kUnknown) return a;
  return a == T3::kTrue ? T3::kFalse : T3::kTrue;
}

T3 FromBool(bool b) { return b ? T3::kTrue : T3::kFalse; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool IsAccountId(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Splits at the first five colons. Returns the number of parts (1..6).
int SplitSix(std::string_view s, std::array<std::string_view, 6>* parts) {
  int n = 0;
  size_t start = 0;
  while (n < 5) {
    size_t colon = s.find(':', start);
    if (colon == std::string_view::npos) break;
    (*parts)[n++] = s.substr(start, colon - start);
    start = colon + 1;
  }
  (*parts)[n++] = s.substr(start);
  return n;
}

// ---------------------------------------------------------------------------
// Wildcards work on characters, never bytes (R18): both sides are decoded to
// code points first, then a plain dynamic program matches token lists.

// One character of UTF-8 text and where its bytes are. The decoder reads
// the length from the lead byte's bit pattern, assembles the value and then
// rejects overlong forms, surrogates and values past U+10FFFF; a byte that
// starts no well-formed sequence is one character on its own, given a value
// (0x110000 + byte) that no code point has, so it only equals itself.
struct Char {
  uint32_t code;
  size_t begin;
  size_t end;
};

std::vector<Char> DecodeChars(std::string_view s) {
  std::vector<Char> out;
  size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t code = 0;
    if (lead < 0x80) {
      len = 1;
      code = lead;
    } else if ((lead >> 5) == 0x6) {
      len = 2;
      code = lead & 0x1F;
    } else if ((lead >> 4) == 0xE) {
      len = 3;
      code = lead & 0x0F;
    } else if ((lead >> 3) == 0x1E) {
      len = 4;
      code = lead & 0x07;
    }
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont >> 6) != 0x2) ok = false;
      code = (code << 6) | (cont & 0x3F);
    }
    if (ok) {
      const uint32_t smallest = len == 1   ? 0
                                : len == 2 ? 0x80
                                : len == 3 ? 0x800
                                           : 0x10000;
      ok = code >= smallest && code <= 0x10FFFF &&
           (code < 0xD800 || code > 0xDFFF);
    }
    if (!ok) {
      len = 1;
      code = 0x110000 + lead;
    }
    out.push_back({code, i, i + len});
    i += len;
  }
  return out;
}

enum class Tok { kChar, kOne, kOneNoColon, kStar, kStarNoColon };

struct PatChar {
  Tok tok;
  uint32_t c;  // the character of a kChar
};

using Pattern = std::vector<PatChar>;

// m[i][j]: pattern tokens i.. match text characters j.. . Quadratic, and
// obviously so: this is the reference, not the fast path.
bool Match(const Pattern& p, std::string_view text) {
  std::vector<uint32_t> s;
  for (const Char& ch : DecodeChars(text)) s.push_back(ch.code);
  const size_t n = s.size();
  std::vector<std::vector<char>> m(p.size() + 1, std::vector<char>(n + 1, 0));
  m[p.size()][n] = 1;
  for (size_t i = p.size(); i-- > 0;) {
    for (size_t j = n + 1; j-- > 0;) {
      const bool have = j < n;
      const bool colon = have && s[j] == ':';
      bool r = false;
      switch (p[i].tok) {
        case Tok::kChar:
          r = have && s[j] == p[i].c && m[i + 1][j + 1];
          break;
        case Tok::kOne:
          r = have && m[i + 1][j + 1];
          break;
        case Tok::kOneNoColon:
          r = have && !colon && m[i + 1][j + 1];
          break;
        case Tok::kStar:
          r = m[i + 1][j] || (have && m[i][j + 1]);
          break;
        case Tok::kStarNoColon:
          r = m[i + 1][j] || (have && !colon && m[i][j + 1]);
          break;
      }
      m[i][j] = r;
    }
  }
  return m[0][0] != 0;
}

// Text whose characters remember whether they came from a substituted
// variable or an escape: those are literal even if they are `*` or `?` (R11).
struct Text {
  std::string chars;
  std::vector<bool> literal;
  void Add(char c, bool lit) {
    chars.push_back(c);
    literal.push_back(lit);
  }
  Text Sub(size_t begin, size_t end) const {
    Text t;
    for (size_t i = begin; i < end; ++i) t.Add(chars[i], literal[i]);
    return t;
  }
};

// Whether character `ch` of `t` is an unsubstituted `*` or `?`.
char WildcardOf(const Text& t, const Char& ch) {
  if (ch.end != ch.begin + 1 || t.literal[ch.begin]) return 0;
  const char c = t.chars[ch.begin];
  return c == '*' || c == '?' ? c : 0;
}

Pattern GlobOf(const Text& t) {
  Pattern p;
  for (const Char& ch : DecodeChars(t.chars)) {
    const char w = WildcardOf(t, ch);
    if (w == '*') {
      p.push_back({Tok::kStar, 0});
    } else if (w == '?') {
      p.push_back({Tok::kOne, 0});
    } else {
      p.push_back({Tok::kChar, ch.code});
    }
  }
  return p;
}

Text PlainText(std::string_view s) {
  Text t;
  for (char c : s) t.Add(c, false);
  return t;
}

// ---------------------------------------------------------------------------
// Policy variables (section 3, R11).

// A variable's value: the key must be present and single-valued.
std::optional<std::string> VariableValue(const RequestContext& ctx,
                                         std::string_view key) {
  const ContextEntry* e = ctx.FindFolded(Lower(key));
  if (e == nullptr || e->is_list || e->values.size() != 1) return std::nullopt;
  return e->values[0].text;
}

// Substitutes ${...} when `enabled` (Version 2012-10-17); nullopt when a
// variable has no value and no default.
std::optional<Text> Expand(std::string_view raw, bool enabled,
                           const RequestContext& ctx) {
  if (!enabled) return PlainText(raw);
  Text out;
  size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] == '$' && i + 1 < raw.size() && raw[i + 1] == '{') {
      size_t close = raw.find('}', i + 2);
      if (close == std::string_view::npos) {
        for (; i < raw.size(); ++i) out.Add(raw[i], false);
        break;
      }
      std::string_view inner = raw.substr(i + 2, close - i - 2);
      if (inner == "*" || inner == "?" || inner == "$") {
        out.Add(inner[0], true);
      } else {
        std::string_view key = inner;
        std::optional<std::string> fallback;
        size_t comma = inner.find(',');
        if (comma != std::string_view::npos) {
          key = inner.substr(0, comma);
          std::string_view d = Trim(inner.substr(comma + 1));
          if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'') {
            d = d.substr(1, d.size() - 2);
          }
          fallback = std::string(d);
        }
        std::optional<std::string> value = VariableValue(ctx, Trim(key));
        if (!value) value = fallback;
        if (!value) return std::nullopt;
        for (char c : *value) out.Add(c, true);
      }
      i = close + 1;
    } else {
      out.Add(raw[i], false);
      ++i;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Resource / NotResource (R7).

Pattern ResourcePattern(const Text& t) {
  // Field boundaries: the first five colons that are not substituted text.
  const std::vector<Char> cs = DecodeChars(t.chars);
  auto is_separator = [&](const Char& ch) {
    return ch.code == ':' && !t.literal[ch.begin];
  };
  Pattern p;
  int field = 0;
  for (size_t k = 0; k < cs.size(); ++k) {
    const Char& ch = cs[k];
    const char w = WildcardOf(t, ch);
    if (w == 0) {
      p.push_back({Tok::kChar, ch.code});
      if (field < 5 && is_separator(ch)) ++field;
    } else if (field == 5) {
      // The resource part is a free glob.
      p.push_back({w == '*' ? Tok::kStar : Tok::kOne, 0});
    } else if (w == '?') {
      p.push_back({Tok::kOneNoColon, 0});
    } else {
      // A field-final `*` may swallow colons and everything after them.
      const bool last = k + 1 == cs.size() || is_separator(cs[k + 1]);
      p.push_back({last ? Tok::kStar : Tok::kStarNoColon, 0});
    }
  }
  return p;
}

T3 ResourceMatches(const Statement& s, bool vars, const Request& req) {
  if (s.resource_mode == Statement::ResourceMode::kNone) {
    return T3::kTrue;  // trust policy: the statement is about its own role
  }
  bool any = false, unresolved = false;
  for (const std::string& pattern : s.resources) {
    std::optional<Text> t = Expand(pattern, vars, req.context);
    if (!t) {
      unresolved = true;  // R11: this entry matches nothing
      continue;
    }
    if (Match(ResourcePattern(*t), req.resource)) any = true;
  }
  if (s.resource_mode == Statement::ResourceMode::kResource) {
    return any ? T3::kTrue : T3::kFalse;
  }
  // R20: NotResource with an unresolved entry and no matching one.
  if (any) return T3::kFalse;
  return unresolved ? T3::kUnknown : T3::kTrue;
}

bool ActionMatches(const Statement& s, std::string_view action_lower) {
  bool any = false;
  for (const std::string& a : s.actions) {
    if (Match(GlobOf(PlainText(Lower(a))), action_lower)) any = true;
  }
  return s.not_action ? !any : any;
}

// ---------------------------------------------------------------------------
// Conditions (section 4, R9-R11, R17).

enum class Family {
  kString,
  kStringIgnoreCase,
  kStringLike,
  kNumeric,
  kDate,
  kBool,
  kBinary,
  kIp,
  kArn,
  kNull
};
enum class Cmp { kEq, kLt, kLe, kGt, kGe };
enum class Qualifier { kNone, kAll, kAny };

struct Op {
  Family family = Family::kString;
  Cmp cmp = Cmp::kEq;
  bool negated = false;
  bool if_exists = false;
  Qualifier qualifier = Qualifier::kNone;
};

std::optional<Op> ParseOp(std::string_view name) {
  Op op;
  auto strip_prefix = [&](std::string_view prefix) {
    if (name.substr(0, prefix.size()) == prefix) {
      name.remove_prefix(prefix.size());
      return true;
    }
    return false;
  };
  if (strip_prefix("ForAllValues:")) {
    op.qualifier = Qualifier::kAll;
  } else if (strip_prefix("ForAnyValue:")) {
    op.qualifier = Qualifier::kAny;
  }
  constexpr std::string_view kIfExists = "IfExists";
  if (name.size() > kIfExists.size() &&
      name.substr(name.size() - kIfExists.size()) == kIfExists) {
    op.if_exists = true;
    name.remove_suffix(kIfExists.size());
  }
  struct Entry {
    std::string_view name;
    Family family;
    Cmp cmp;
    bool negated;
  };
  static constexpr Entry kTable[] = {
      {"StringEquals", Family::kString, Cmp::kEq, false},
      {"StringNotEquals", Family::kString, Cmp::kEq, true},
      {"StringEqualsIgnoreCase", Family::kStringIgnoreCase, Cmp::kEq, false},
      {"StringNotEqualsIgnoreCase", Family::kStringIgnoreCase, Cmp::kEq, true},
      {"StringLike", Family::kStringLike, Cmp::kEq, false},
      {"StringNotLike", Family::kStringLike, Cmp::kEq, true},
      {"NumericEquals", Family::kNumeric, Cmp::kEq, false},
      {"NumericNotEquals", Family::kNumeric, Cmp::kEq, true},
      {"NumericLessThan", Family::kNumeric, Cmp::kLt, false},
      {"NumericLessThanEquals", Family::kNumeric, Cmp::kLe, false},
      {"NumericGreaterThan", Family::kNumeric, Cmp::kGt, false},
      {"NumericGreaterThanEquals", Family::kNumeric, Cmp::kGe, false},
      {"DateEquals", Family::kDate, Cmp::kEq, false},
      {"DateNotEquals", Family::kDate, Cmp::kEq, true},
      {"DateLessThan", Family::kDate, Cmp::kLt, false},
      {"DateLessThanEquals", Family::kDate, Cmp::kLe, false},
      {"DateGreaterThan", Family::kDate, Cmp::kGt, false},
      {"DateGreaterThanEquals", Family::kDate, Cmp::kGe, false},
      {"Bool", Family::kBool, Cmp::kEq, false},
      {"BinaryEquals", Family::kBinary, Cmp::kEq, false},
      {"IpAddress", Family::kIp, Cmp::kEq, false},
      {"NotIpAddress", Family::kIp, Cmp::kEq, true},
      {"ArnEquals", Family::kArn, Cmp::kEq, false},
      {"ArnLike", Family::kArn, Cmp::kEq, false},
      {"ArnNotEquals", Family::kArn, Cmp::kEq, true},
      {"ArnNotLike", Family::kArn, Cmp::kEq, true},
      {"Null", Family::kNull, Cmp::kEq, false},
  };
  for (const Entry& e : kTable) {
    if (e.name == name) {
      op.family = e.family;
      op.cmp = e.cmp;
      op.negated = e.negated;
      if (op.family == Family::kNull && op.if_exists) return std::nullopt;
      return op;
    }
  }
  return std::nullopt;
}

template <typename T>
bool Compares(Cmp cmp, const T& r, const T& v) {
  switch (cmp) {
    case Cmp::kEq:
      return !(r < v) && !(v < r);
    case Cmp::kLt:
      return r < v;
    case Cmp::kLe:
      return !(v < r);
    case Cmp::kGt:
      return v < r;
    case Cmp::kGe:
      return !(r < v);
  }
  return false;
}

struct DecimalLess {
  Decimal d;
  bool operator<(const DecimalLess& o) const { return Compare(d, o.d) < 0; }
};

// The positive base comparison of one request value with one policy value.
T3 MatchOne(const Op& op, const std::string& r, const std::string& v, bool vars,
            const RequestContext& ctx) {
  switch (op.family) {
    case Family::kString:
    case Family::kStringIgnoreCase:
    case Family::kStringLike: {
      std::optional<Text> t = Expand(v, vars, ctx);
      if (!t) return T3::kFalse;  // R11: no value never matches
      if (op.family == Family::kString) return FromBool(t->chars == r);
      if (op.family == Family::kStringIgnoreCase) {
        return FromBool(Lower(t->chars) == Lower(r));
      }
      return FromBool(Match(GlobOf(*t), r));
    }
    case Family::kArn: {
      std::array<std::string_view, 6> rv;
      if (SplitSix(r, &rv) != 6) return T3::kUnknown;
      std::optional<Text> t = Expand(v, vars, ctx);
      if (!t) return T3::kFalse;
      // Split the pattern at its first five colons; each part is a glob
      // that never leaves its component.
      std::vector<size_t> colons;
      for (size_t i = 0; i < t->chars.size() && colons.size() < 5; ++i) {
        if (t->chars[i] == ':') colons.push_back(i);
      }
      if (colons.size() != 5) return T3::kUnknown;
      size_t begin = 0;
      for (int part = 0; part < 6; ++part) {
        size_t end = part < 5 ? colons[part] : t->chars.size();
        if (!Match(GlobOf(t->Sub(begin, end)), rv[part])) return T3::kFalse;
        begin = end + 1;
      }
      return T3::kTrue;
    }
    case Family::kNumeric: {
      std::optional<Decimal> rn = Decimal::Parse(r);
      std::optional<Decimal> vn = Decimal::Parse(v);
      if (!rn || !vn) return T3::kUnknown;
      return FromBool(Compares(op.cmp, DecimalLess{*rn}, DecimalLess{*vn}));
    }
    case Family::kDate: {
      std::optional<Timestamp> rd = Timestamp::Parse(r);
      std::optional<Timestamp> vd = Timestamp::Parse(v);
      if (!rd || !vd) return T3::kUnknown;
      return FromBool(Compares(op.cmp, rd->micros, vd->micros));
    }
    case Family::kBool: {
      std::optional<bool> rb = ParseBool(r);
      std::optional<bool> vb = ParseBool(v);
      if (!rb || !vb) return T3::kUnknown;
      return FromBool(*rb == *vb);
    }
    case Family::kBinary: {
      std::optional<std::string> rb = DecodeBase64(r);
      std::optional<std::string> vb = DecodeBase64(v);
      if (!rb || !vb) return T3::kUnknown;
      return FromBool(*rb == *vb);
    }
    case Family::kIp: {
      // The request carries one address, never a range (R17).
      if (r.find('/') != std::string::npos) return T3::kUnknown;
      std::optional<IpRange> ra = IpRange::Parse(r);
      std::optional<IpRange> range = IpRange::Parse(v);
      if (!ra || !range) return T3::kUnknown;
      return FromBool(range->Contains(*ra));
    }
    case Family::kNull:
      break;
  }
  return T3::kUnknown;
}

T3 EvalCondition(const ConditionEntry& ce, bool vars,
                 const RequestContext& ctx) {
  std::optional<Op> parsed = ParseOp(ce.op);
  if (!parsed) return T3::kUnknown;  // the parser rejects these (R9)
  const Op& op = *parsed;
  const ContextEntry* e = ctx.FindFolded(Lower(ce.key));
  if (e != nullptr && e->unknown) return T3::kUnknown;  // R19: aws:userid
  const bool empty =
      e != nullptr && (e->values.empty() ||
                       (e->values.size() == 1 && e->values[0].text.empty()));
  if (op.family == Family::kNull) {
    if (empty) return T3::kUnknown;  // R10: Null on an empty value
    T3 result = T3::kFalse;
    for (const std::string& v : ce.values) {
      std::optional<bool> want_absent = ParseBool(v);
      if (want_absent && *want_absent == (e == nullptr)) result = T3::kTrue;
    }
    return result;
  }
  if (e == nullptr) {
    // Section 4.2: missing keys.
    if (op.if_exists) return T3::kTrue;
    if (op.qualifier == Qualifier::kAll) return T3::kTrue;
    if (op.qualifier == Qualifier::kAny) return T3::kFalse;
    return op.negated ? T3::kTrue : T3::kFalse;
  }
  auto match_any_policy_value = [&](const std::string& r) {
    T3 m = T3::kFalse;
    for (const std::string& v : ce.values)
      m = Or3(m, MatchOne(op, r, v, vars, ctx));
    return m;
  };
  if (op.qualifier != Qualifier::kNone) {
    // Section 4.9; an empty string is a null data set (section 4.2).
    const bool all = op.qualifier == Qualifier::kAll;
    if (empty) return all ? T3::kTrue : T3::kFalse;
    T3 acc = all ? T3::kTrue : T3::kFalse;
    for (const ContextValue& r : e->values) {
      T3 m = match_any_policy_value(r.text);
      T3 item = op.negated ? Not3(m) : m;
      acc = all ? And3(acc, item) : Or3(acc, item);
    }
    return acc;
  }
  // R10: an unqualified operator needs exactly one value; none (an empty
  // list) is read fail-closed as Indeterminate too.
  if (e->values.size() != 1) return T3::kUnknown;
  T3 m = match_any_policy_value(e->values[0].text);
  return op.negated ? Not3(m) : m;
}

// ---------------------------------------------------------------------------
// Principals (section 2.3, R3-R6, R13, R15, R16).

// Through which kind of principal value a statement matched the caller;
// same-account resource-policy grants differ by it (R3-R6).
constexpr unsigned kFormIdentity = 1u << 0;    // no Principal element
constexpr unsigned kFormSelf = 1u << 1;        // caller's own user/session ARN
constexpr unsigned kFormRole = 1u << 2;        // the role of the session
constexpr unsigned kFormUserParent = 1u << 3;  // user behind a fed session
constexpr unsigned kFormEveryone = 1u << 4;    // "*" or {"AWS":"*"}
constexpr unsigned kFormAccount = 1u << 5;     // the caller's account
constexpr unsigned kFormService = 1u << 6;     // the calling service
constexpr unsigned kFormProvider = 1u << 7;    // the SAML/OIDC provider
constexpr unsigned kFormNotPrincipal = 1u << 8;  // a NotPrincipal Deny
constexpr unsigned kFormMaybeSession = 1u << 9;  // R19: unknown session name

bool IsAwsIdentity(PrincipalKind k) {
  return k == PrincipalKind::kUser || k == PrincipalKind::kRoleSession ||
         k == PrincipalKind::kFederatedUser || k == PrincipalKind::kRoot;
}

// The account named by an account principal, or "" if `value` is not one.
std::string AccountOf(const std::string& value, std::string* partition) {
  if (IsAccountId(value)) return value;
  std::array<std::string_view, 6> parts;
  if (SplitSix(value, &parts) == 6 && parts[0] == "arn" && parts[2] == "iam" &&
      parts[3].empty() && IsAccountId(parts[4]) && parts[5] == "root") {
    if (partition) *partition = std::string(parts[1]);
    return std::string(parts[4]);
  }
  return "";
}

bool NamesRoleOf(const std::string& value, const Principal& p) {
  if (p.kind != PrincipalKind::kRoleSession) return false;
  std::array<std::string_view, 6> parts;
  if (SplitSix(value, &parts) != 6 || parts[2] != "iam" ||
      parts[5].substr(0, 5) != "role/") {
    return false;
  }
  std::string_view path_and_name = parts[5].substr(5);
  size_t slash = path_and_name.rfind('/');
  std::string_view name = slash == std::string_view::npos
                              ? path_and_name
                              : path_and_name.substr(slash + 1);
  // R8: role names compare case-insensitively, ignoring the path.
  return parts[1] == p.partition && parts[4] == p.account &&
         Lower(name) == p.role_name_folded;
}

bool IsUserArn(const std::string& value) {
  std::array<std::string_view, 6> parts;
  return SplitSix(value, &parts) == 6 && parts[2] == "iam" &&
         parts[5].substr(0, 5) == "user/";
}

bool IsStsArn(const std::string& value) {
  std::array<std::string_view, 6> parts;
  return SplitSix(value, &parts) == 6 && parts[2] == "sts";
}

unsigned EntryForms(const PrincipalEntry& entry, const Principal& p, bool allow,
                    bool vpc_endpoint) {
  const std::string& v = entry.value;
  switch (entry.type) {
    case PrincipalType::kAws: {
      if (v == "*") {
        // R16: {"AWS":"*"} grants nothing to service principals. The project
        // reads it as excluding SAML/OIDC callers too (docs/semantics.md
        // section 2; R16's letter names only services): they have no AWS
        // identity, and the narrower reading allows less.
        if (allow && (p.kind == PrincipalKind::kService ||
                      p.kind == PrincipalKind::kWebIdentity)) {
          return 0;
        }
        return kFormEveryone;
      }
      std::string partition;
      std::string account = AccountOf(v, &partition);
      if (!account.empty()) {
        if (!IsAwsIdentity(p.kind) || p.account != account) return 0;
        if (!partition.empty() && partition != p.partition) return 0;
        // VPCE: an account in an Allow means that account's root only.
        if (vpc_endpoint && allow && p.kind != PrincipalKind::kRoot) return 0;
        return kFormAccount;
      }
      if (IsUserArn(v)) {
        if (p.kind == PrincipalKind::kUser && p.arn == v) return kFormSelf;
        if (p.kind == PrincipalKind::kFederatedUser && p.issuer_arn == v) {
          return kFormUserParent;
        }
        return 0;
      }
      if (NamesRoleOf(v, p)) return kFormRole;
      if (IsStsArn(v) && p.kind == PrincipalKind::kRoleSession &&
          p.session_unknown) {
        // R19: a session of the caller's role might be the caller.
        std::array<std::string_view, 6> parts;
        SplitSix(v, &parts);
        std::string_view rest = parts[5];
        if (parts[4] == p.account && parts[1] == p.partition &&
            rest.substr(0, 13) == "assumed-role/") {
          rest.remove_prefix(13);
          if (Lower(std::string(rest.substr(0, rest.find('/')))) ==
              p.role_name_folded) {
            return kFormMaybeSession;
          }
        }
        return 0;
      }
      if (IsStsArn(v) && (p.kind == PrincipalKind::kRoleSession ||
                          p.kind == PrincipalKind::kFederatedUser)) {
        return p.arn == v ? kFormSelf : 0;
      }
      return 0;  // unique ids and anything else
    }
    case PrincipalType::kService:
      return p.kind == PrincipalKind::kService && p.arn == v ? kFormService : 0;
    case PrincipalType::kFederated:
      return p.kind == PrincipalKind::kWebIdentity && p.arn == v ? kFormProvider
                                                                 : 0;
    case PrincipalType::kCanonicalUser:
      return 0;
  }
  return 0;
}

// R15: the caller escapes a NotPrincipal Deny only when every identifier of
// its chain is listed, and never when its user or role has a boundary.
bool EscapesNotPrincipal(const PrincipalSet& set, const Principal& p,
                         bool has_boundary) {
  if (has_boundary) return false;
  bool account = false, exact = false, role = false, service = false;
  for (const PrincipalEntry& e : set.entries) {
    if (e.type == PrincipalType::kService) {
      if (p.kind == PrincipalKind::kService && e.value == p.arn) service = true;
      continue;
    }
    if (e.type != PrincipalType::kAws) continue;
    std::string partition;
    std::string acct = AccountOf(e.value, &partition);
    if (!acct.empty() && IsAwsIdentity(p.kind) && acct == p.account) {
      account = true;
    }
    // R19: an unknown session cannot be shown to be the one listed.
    if (e.value == p.arn && !p.session_unknown) exact = true;
    if (NamesRoleOf(e.value, p)) role = true;
  }
  switch (p.kind) {
    case PrincipalKind::kRoot:
      return account;
    case PrincipalKind::kUser:
    case PrincipalKind::kFederatedUser:
      return exact && account;
    case PrincipalKind::kRoleSession:
      return exact && role && account;
    case PrincipalKind::kService:
      return service;
    case PrincipalKind::kAnonymous:
    case PrincipalKind::kWebIdentity:
      return false;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Statements and layers.

struct LayerResult {
  bool allow = false;
  bool deny = false;
  unsigned forms = 0;  // of the applicable Allow statements
};

struct EvalContext {
  const Request* request;
  std::string action_lower;
  bool has_boundary;
};

void ApplyPolicy(const Policy& policy, bool vpc_endpoint, const EvalContext& ec,
                 LayerResult* out) {
  const Request& req = *ec.request;
  const bool vars = policy.version == "2012-10-17";
  for (const Statement& s : policy.statements) {
    const bool allow = s.effect == Effect::kAllow;
    if (!ActionMatches(s, ec.action_lower)) continue;
    const T3 resource = ResourceMatches(s, vars, req);
    if (resource == T3::kFalse) continue;
    unsigned forms = 0;
    switch (s.principal_mode) {
      case Statement::PrincipalMode::kNone:
        forms = kFormIdentity;
        break;
      case Statement::PrincipalMode::kPrincipal:
        if (s.principal.any) {
          forms = kFormEveryone;  // R16: "*" is every caller
        } else {
          for (const PrincipalEntry& e : s.principal.entries) {
            forms |= EntryForms(e, req.principal, allow, vpc_endpoint);
          }
        }
        break;
      case Statement::PrincipalMode::kNotPrincipal:
        if (!EscapesNotPrincipal(s.principal, req.principal, ec.has_boundary)) {
          forms = kFormNotPrincipal;
        }
        break;
    }
    if (forms == 0) continue;
    T3 cond = resource;
    // R19: matched only as "maybe the caller's unknown session".
    if (forms == kFormMaybeSession) cond = T3::kUnknown;
    for (const ConditionEntry& ce : s.conditions) {
      cond = And3(cond, EvalCondition(ce, vars, req.context));
    }
    // R10: Indeterminate makes an Allow not apply and a Deny apply.
    if (allow && cond == T3::kTrue) {
      out->allow = true;
      out->forms |= forms;
    } else if (!allow && cond != T3::kFalse) {
      out->deny = true;
    }
  }
}

// Policies OR-ed together (one set).
LayerResult ApplySet(const std::vector<Policy>& policies, bool vpc_endpoint,
                     const EvalContext& ec) {
  LayerResult r;
  for (const Policy& p : policies) ApplyPolicy(p, vpc_endpoint, ec, &r);
  return r;
}

// Policies AND-ed: each must allow (boundaries, VPC endpoint policies).
LayerResult ApplyEach(const std::vector<Policy>& policies, bool vpc_endpoint,
                      const EvalContext& ec) {
  LayerResult r;
  r.allow = true;
  for (const Policy& p : policies) {
    LayerResult one;
    ApplyPolicy(p, vpc_endpoint, ec, &one);
    r.allow = r.allow && one.allow;
    r.deny = r.deny || one.deny;
  }
  return r;
}

bool IsKmsKey(const std::string& resource) {
  std::array<std::string_view, 6> parts;
  return SplitSix(resource, &parts) == 6 && parts[0] == "arn" &&
         parts[2] == "kms" && parts[5].substr(0, 4) == "key/";
}

bool IsRoleResource(const std::string& resource) {
  std::array<std::string_view, 6> parts;
  return SplitSix(resource, &parts) == 6 && parts[0] == "arn" &&
         parts[2] == "iam" && parts[5].substr(0, 5) == "role/";
}

ReferenceDecision Make(Outcome o, std::string why) {
  return ReferenceDecision{o, std::move(why)};
}

}  // namespace

namespace {

// R21 and R23, written from the rulings' text: decisions no policy changes.
std::optional<ReferenceDecision> FixedRule(const Request& request) {
  const Principal& p = request.principal;
  const std::string action = Lower(request.action);
  std::array<std::string_view, 6> arn;
  const bool is_arn = SplitSix(request.resource, &arn) == 6 && arn[0] == "arn";
  if (action.rfind("sts:", 0) == 0 && IsAwsIdentity(p.kind)) {
    if (action == "sts:getcalleridentity") {
      return Make(Outcome::kAllowed, "GetCallerIdentity needs no permission");
    }
    if (p.kind == PrincipalKind::kFederatedUser) {
      return Make(Outcome::kImplicitlyDenied, "federated user: no STS");
    }
    if (p.kind == PrincipalKind::kRoleSession &&
        (action == "sts:getfederationtoken" ||
         action == "sts:getsessiontoken")) {
      return Make(Outcome::kImplicitlyDenied, "role session: no GFT/GST");
    }
    if (p.kind == PrincipalKind::kRoot && action == "sts:assumerole") {
      return Make(Outcome::kImplicitlyDenied, "root cannot assume roles");
    }
    return std::nullopt;
  }
  if (!is_arn) return std::nullopt;
  static const std::set<std::string> kPolicyWrites = {
      "iam:createpolicy",
      "iam:createpolicyversion",
      "iam:deletepolicy",
      "iam:deletepolicyversion",
      "iam:setdefaultpolicyversion",
      "iam:tagpolicy",
      "iam:untagpolicy"};
  static const std::set<std::string> kRoleWrites = {
      "iam:attachrolepolicy",
      "iam:createrole",
      "iam:deleterole",
      "iam:deleterolepermissionsboundary",
      "iam:deleterolepolicy",
      "iam:detachrolepolicy",
      "iam:putrolepermissionsboundary",
      "iam:putrolepolicy",
      "iam:tagrole",
      "iam:untagrole",
      "iam:updateassumerolepolicy",
      "iam:updaterole",
      "iam:updateroledescription",
      "iam:deleteservicelinkedrole"};
  const std::string_view res = arn[5];
  if (arn[2] == "iam" && action.rfind("iam:", 0) == 0) {
    if (arn[4] == "aws" && res.rfind("policy/", 0) == 0 &&
        kPolicyWrites.count(action)) {
      return Make(Outcome::kImplicitlyDenied, "AWS managed policy");
    }
    if (res.rfind("role/aws-reserved/sso.amazonaws.com/", 0) == 0 &&
        kRoleWrites.count(action)) {
      return Make(Outcome::kImplicitlyDenied, "Identity Center role");
    }
    if (res.rfind("role/aws-service-role/", 0) == 0 &&
        kRoleWrites.count(action) && action != "iam:updateroledescription" &&
        action != "iam:deleteservicelinkedrole") {
      return Make(Outcome::kImplicitlyDenied, "service-linked role");
    }
  }
  if (arn[2] == "kms" && res.rfind("alias/aws/", 0) == 0 &&
      (action == "kms:createalias" || action == "kms:updatealias" ||
       action == "kms:deletealias")) {
    return Make(Outcome::kImplicitlyDenied, "reserved KMS alias");
  }
  return std::nullopt;
}

}  // namespace

ReferenceDecision ReferenceEvaluate(const ReferenceBundle& bundle,
                                    const Request& request) {
  if (std::optional<ReferenceDecision> fixed = FixedRule(request)) {
    return *fixed;
  }
  const Principal& p = request.principal;
  const PrincipalKind kind = p.kind;
  const bool aws_identity = IsAwsIdentity(kind);
  const bool caller_policies = aws_identity && kind != PrincipalKind::kRoot;
  const bool is_session = kind == PrincipalKind::kRoleSession ||
                          kind == PrincipalKind::kFederatedUser;
  EvalContext ec{&request, Lower(request.action),
                 caller_policies && !bundle.boundary.empty()};

  const bool kms_key = IsKmsKey(request.resource);
  const bool assume_with_federation =
      ec.action_lower == "sts:assumerolewithsaml" ||
      ec.action_lower == "sts:assumerolewithwebidentity";
  // Section 5.7: TagSession and SetSourceIdentity are authorized by the
  // trust policy alongside AssumeRole.
  const bool trust_request =
      IsRoleResource(request.resource) &&
      (ec.action_lower == "sts:assumerole" || assume_with_federation ||
       ec.action_lower == "sts:tagsession" ||
       ec.action_lower == "sts:setsourceidentity");
  const bool management_principal = !bundle.management_account.empty() &&
                                    p.account == bundle.management_account;
  const bool management_resource =
      !bundle.management_account.empty() &&
      request.resource_account == bundle.management_account;
  // R14: SCPs govern member-account AWS identities except service-linked
  // roles; RCPs govern member-account resources except AWS managed keys,
  // kms:RetireGrant and service-linked-role callers.
  const bool scp_applies = !bundle.scp_levels.empty() && aws_identity &&
                           !p.service_linked_role && !management_principal;
  const bool rcp_applies = !bundle.rcp_levels.empty() && !management_resource &&
                           !(kms_key && bundle.aws_managed_key) &&
                           ec.action_lower != "kms:retiregrant" &&
                           !p.service_linked_role;

  // 1. Any applicable Deny anywhere.
  bool deny = false;
  std::string deny_where;
  auto note = [&](const LayerResult& r, const char* where) {
    if (r.deny && !deny) {
      deny = true;
      deny_where = where;
    }
  };
  std::vector<LayerResult> scp_results;
  if (scp_applies) {
    for (const auto& level : bundle.scp_levels) {
      scp_results.push_back(ApplySet(level, false, ec));
      note(scp_results.back(), "scp");
    }
  }
  if (rcp_applies) {
    for (const auto& level : bundle.rcp_levels) {
      note(ApplySet(level, false, ec), "rcp");
    }
  }
  LayerResult vpce = ApplyEach(bundle.vpc_endpoint, true, ec);
  note(vpce, "vpc endpoint");
  LayerResult resource = ApplySet(bundle.resource, false, ec);
  note(resource, "resource");
  LayerResult identity, boundary, session;
  boundary.allow = true;
  if (caller_policies) {
    identity = ApplySet(bundle.identity, false, ec);
    note(identity, "identity");
    boundary = ApplyEach(bundle.boundary, false, ec);
    note(boundary, "boundary");
    if (is_session) {
      session = ApplySet(bundle.session, false, ec);
      note(session, "session");
    }
  }
  if (deny) return Make(Outcome::kExplicitlyDenied, "Deny in " + deny_where);

  // 2-4. Gates (R1): every SCP level and every endpoint policy must allow.
  // RCP levels always hold RCPFullAWSAccess, so they only deny.
  for (size_t i = 0; i < scp_results.size(); ++i) {
    if (!scp_results[i].allow) {
      return Make(Outcome::kImplicitlyDenied,
                  "SCP level " + std::to_string(i) + " has no Allow");
    }
  }
  if (!vpce.allow) {
    return Make(Outcome::kImplicitlyDenied, "VPC endpoint policy no Allow");
  }

  const unsigned forms = resource.allow ? resource.forms : 0;
  auto allowed = [](std::string why) {
    return Make(Outcome::kAllowed, std::move(why));
  };
  auto denied = [](std::string why) {
    return Make(Outcome::kImplicitlyDenied, std::move(why));
  };

  // Callers without an AWS identity (R13, R5).
  switch (kind) {
    case PrincipalKind::kAnonymous:
      return (forms & kFormEveryone) ? allowed("anonymous via \"*\"")
                                     : denied("anonymous: no \"*\" grant");
    case PrincipalKind::kService:
      return (forms & (kFormService | kFormEveryone))
                 ? allowed("service principal granted")
                 : denied("service principal: no grant");
    case PrincipalKind::kWebIdentity:
      // R5 covers only the AssumeRoleWith* calls; anything else such a
      // caller attempts is read fail-closed as not allowed.
      return assume_with_federation && trust_request && (forms & kFormProvider)
                 ? allowed("Federated trust")
                 : denied("no Federated trust grant");
    default:
      break;
  }

  const bool same_account = p.account == request.resource_account;

  if (kind == PrincipalKind::kRoot) {
    // R13: own account is open except roles (b) and KMS keys (a).
    if (trust_request) return denied("root cannot assume roles");
    if (kms_key || !same_account) {
      return forms != 0 ? allowed("root: resource policy grant")
                        : denied("root: resource policy must allow");
    }
    return allowed("root in its own account");
  }

  if (kind == PrincipalKind::kFederatedUser && trust_request) {
    return denied("federated-user sessions cannot assume roles");
  }

  // IAM user, role session, federated-user session.
  const bool identity_allows = identity.allow;
  const bool boundary_allows = boundary.allow;  // true without a boundary
  const bool session_allows =
      !is_session ||
      (bundle.session.empty() ? kind == PrincipalKind::kRoleSession  // R2
                              : session.allow);
  const bool principal_side =
      identity_allows && boundary_allows && session_allows;
  const bool capped_ok = boundary_allows && session_allows;

  if (!same_account) {
    // XACCT: both sides; the session policy is on the principal side (R6).
    return principal_side && forms != 0
               ? allowed("cross-account: both sides allow")
               : denied("cross-account: a side is silent");
  }

  if (trust_request) {
    // R5: the trust policy must allow even within one account.
    bool ok = false;
    if (forms & kFormSelf) {
      // A user named directly: its boundary must allow (TRUST-UPD); a
      // session named directly: the role's boundary and session policy.
      ok = ok || (kind == PrincipalKind::kUser ? boundary_allows : capped_ok);
    }
    if (forms & kFormRole) ok = ok || capped_ok;  // R3(a)
    if (forms & (kFormAccount | kFormEveryone)) ok = ok || principal_side;
    return ok ? allowed("trust policy grant") : denied("trust: not allowed");
  }

  // Same-account grants by the principal value that matched (R3, R4, R6).
  bool by_resource = false;
  if (forms & kFormSelf) by_resource = true;  // R3(b)(c)
  if (forms & (kFormRole | kFormUserParent))
    by_resource |= capped_ok;  // R3(a)(d)
  if (forms & kFormEveryone) {
    // R3(e): not capped for users and role sessions; capped for
    // GetFederationToken sessions.
    by_resource |= kind == PrincipalKind::kFederatedUser ? capped_ok : true;
  }
  if (kms_key) {
    // KMS-KP: the key policy must allow; an account grant only enables IAM
    // policies (R4).
    if (by_resource) return allowed("key policy grant");
    return (forms & kFormAccount) && principal_side
               ? allowed("key policy enables IAM; identity side allows")
               : denied("key policy does not allow");
  }
  if (principal_side) return allowed("identity side allows");
  if (by_resource) return allowed("resource policy grant");
  return denied("no applicable Allow");
}

}  // namespace iameval::testing
