// Condition blocks whose values cannot mean what they say: wildcards under
// an operator that compares literally, several Booleans or several bounds
// where one decides, tag keys left out, VPC and VPC endpoint IDs that are no
// IDs, private addresses tested against aws:SourceIp (which only ever holds
// public ones), CIDR blocks with host bits set, and ForAnyValue on an OIDC
// audience.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"WILDCARD_WITHOUT_LIKE_OPERATOR", T::kWarning, "conditions",
     "A * or ? in a value of StringEquals-like operators, which compare "
     "literally; use StringLike.",
     false},
    {"INVALID_CONDITION_MULTIPLE_BOOLEAN", T::kError, "conditions",
     "A Bool condition with both true and false: it always matches when the "
     "key is present.",
     false},
    {"REDUNDANT_CONDITION_VALUE_NUM", T::kSuggestion, "conditions",
     "Several values under a Numeric less/greater operator: one of them "
     "decides.",
     false},
    {"MISSING_TAG_KEY_IN_CONDITION", T::kError, "conditions",
     "A tag condition key without the tag's name (aws:RequestTag/ ...).",
     false},
    {"INVALID_VPC_FORMAT", T::kError, "conditions",
     "An aws:SourceVpc value that is no VPC ID (vpc-...).", false},
    {"INVALID_VPCE_FORMAT", T::kError, "conditions",
     "An aws:SourceVpce value that is no VPC endpoint ID (vpce-...).", false},
    {"PRIVATE_IP_ADDRESS", T::kError, "conditions",
     "IpAddress on aws:SourceIp with a private range: aws:SourceIp never "
     "holds one.",
     false},
    {"PRIVATE_NOT_IP_ADDRESS", T::kError, "conditions",
     "NotIpAddress on aws:SourceIp with a private range: it always matches.",
     false},
    {"PRIVATE_IP_ADDRESS_SUBSET", T::kSuggestion, "conditions",
     "IpAddress on aws:SourceIp with a range that includes private "
     "addresses.",
     false},
    {"PRIVATE_NOT_IP_ADDRESS_SUBSET", T::kSuggestion, "conditions",
     "NotIpAddress on aws:SourceIp with a range that includes private "
     "addresses.",
     false},
    {"IMPROVE_IP_RANGE", T::kSuggestion, "conditions",
     "A CIDR block with host bits set (10.0.0.1/8): they are ignored.", false},
    {"FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE", T::kSecurityWarning, "conditions",
     "ForAnyValue on an OIDC audience (aud) claim: a token with any matching "
     "audience, or none, may pass.",
     false},
};

// "ForAllValues:StringEqualsIfExists" -> "StringEquals".
std::string BaseOperator(absl::string_view op, std::string* qualifier) {
  const size_t colon = op.find(':');
  if (colon != absl::string_view::npos) {
    if (qualifier != nullptr) *qualifier = std::string(op.substr(0, colon));
    op.remove_prefix(colon + 1);
  }
  if (absl::EndsWith(op, "IfExists")) op.remove_suffix(8);
  return std::string(op);
}

bool HasVariable(absl::string_view s) { return absl::StrContains(s, "${"); }

struct Cidr {
  uint32_t address = 0;
  int bits = 32;
};

std::optional<Cidr> ParseIpv4Cidr(absl::string_view text) {
  Cidr c;
  absl::string_view addr = text;
  const size_t slash = text.find('/');
  if (slash != absl::string_view::npos) {
    addr = text.substr(0, slash);
    if (!absl::SimpleAtoi(text.substr(slash + 1), &c.bits) || c.bits < 0 ||
        c.bits > 32) {
      return std::nullopt;
    }
  }
  std::vector<absl::string_view> parts = absl::StrSplit(addr, '.');
  if (parts.size() != 4) return std::nullopt;
  for (absl::string_view p : parts) {
    int v = 0;
    if (p.empty() || p.size() > 3 || !absl::SimpleAtoi(p, &v) || v < 0 ||
        v > 255) {
      return std::nullopt;
    }
    c.address = (c.address << 8) | static_cast<uint32_t>(v);
  }
  return c;
}

uint32_t Mask(int bits) { return bits == 0 ? 0 : ~uint32_t{0} << (32 - bits); }

// RFC 1918 private ranges (what AWS's check names "private").
constexpr Cidr kPrivate[] = {
    {0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16}};

// 2 when the block lies inside a private range, 1 when it contains one,
// 0 when it is public.
int PrivateOverlap(const Cidr& c) {
  const uint32_t base = c.address & Mask(c.bits);
  for (const Cidr& p : kPrivate) {
    if (c.bits >= p.bits && (base & Mask(p.bits)) == p.address) return 2;
    if (c.bits < p.bits && (p.address & Mask(c.bits)) == base) return 1;
  }
  return 0;
}

std::string Ipv4(uint32_t a) {
  return absl::StrCat(a >> 24, ".", (a >> 16) & 255, ".", (a >> 8) & 255, ".",
                      a & 255);
}

void CheckKey(Context& ctx, const std::string& op, const JsonMember& key,
              const std::string& kptr) {
  std::string qualifier;
  const std::string base = BaseOperator(op, &qualifier);
  const JsonValue& v = key.value;
  const std::string lower_key = absl::AsciiStrToLower(key.key);

  if (absl::EndsWith(lower_key, "tag/")) {
    ctx.Report("MISSING_TAG_KEY_IN_CONDITION", kptr, key.value,
               absl::StrCat("\"", key.key,
                            "\" names no tag: add the tag key after the "
                            "slash"));
  }
  if (base == "StringEquals" || base == "StringNotEquals" ||
      base == "StringEqualsIgnoreCase" || base == "StringNotEqualsIgnoreCase") {
    ForEachString(v, kptr, [&](const JsonValue& item, const std::string& p) {
      if (item.text.find_first_of("*?") != std::string::npos &&
          !HasVariable(item.text)) {
        ctx.Report("WILDCARD_WITHOUT_LIKE_OPERATOR", p, item,
                   absl::StrCat(op, " compares \"", item.text,
                                "\" literally: its wildcard matches only \"*\" "
                                "or \"?\" itself; use ",
                                absl::StrContains(base, "Not") ? "StringNotLike"
                                                               : "StringLike"));
      }
    });
  }
  if (base == "Bool" && v.is_array()) {
    bool seen_true = false, seen_false = false;
    for (const JsonValue& item : v.items) {
      const std::string t =
          item.is_string() || item.kind == JsonValue::Kind::kBool
              ? (item.is_string() ? absl::AsciiStrToLower(item.text)
                                  : (item.bool_value ? "true" : "false"))
              : "";
      seen_true |= t == "true";
      seen_false |= t == "false";
    }
    if (seen_true && seen_false) {
      ctx.Report(
          "INVALID_CONDITION_MULTIPLE_BOOLEAN", kptr, v,
          absl::StrCat("\"", key.key, "\" is tested for both true and false"));
    }
  }
  if ((base == "NumericLessThan" || base == "NumericLessThanEquals" ||
       base == "NumericGreaterThan" || base == "NumericGreaterThanEquals") &&
      qualifier.empty() && v.is_array() && v.items.size() > 1) {
    ctx.Report(
        "REDUNDANT_CONDITION_VALUE_NUM", kptr, v,
        absl::StrCat(op, " with ", v.items.size(),
                     " values is one test against the ",
                     absl::StrContains(base, "Less") ? "largest" : "smallest",
                     "; keep that one"));
  }
  if (lower_key == "aws:sourcevpc" || lower_key == "aws:sourcevpce") {
    const bool vpce = lower_key == "aws:sourcevpce";
    const std::string prefix = vpce ? "vpce-" : "vpc-";
    ForEachString(v, kptr, [&](const JsonValue& item, const std::string& p) {
      if (item.text.find_first_of("*?") != std::string::npos ||
          HasVariable(item.text)) {
        return;
      }
      bool ok = absl::StartsWith(item.text, prefix) &&
                item.text.size() > prefix.size();
      for (size_t i = prefix.size(); ok && i < item.text.size(); ++i) {
        ok = absl::ascii_isxdigit(static_cast<unsigned char>(item.text[i]));
      }
      if (!ok) {
        ctx.Report(vpce ? "INVALID_VPCE_FORMAT" : "INVALID_VPC_FORMAT", p, item,
                   absl::StrCat("\"", item.text, "\" is no ",
                                vpce ? "VPC endpoint ID (vpce-0123abcd...)"
                                     : "VPC ID (vpc-0123abcd...)"));
      }
    });
  }
  if (base == "IpAddress" || base == "NotIpAddress") {
    const bool source_ip = lower_key == "aws:sourceip";
    const bool negated = base == "NotIpAddress";
    ForEachString(v, kptr, [&](const JsonValue& item, const std::string& p) {
      std::optional<Cidr> c = ParseIpv4Cidr(item.text);
      if (!c) return;  // IPv6, or the grammar's business
      const uint32_t base_address = c->address & Mask(c->bits);
      if (base_address != c->address) {
        ctx.Report("IMPROVE_IP_RANGE", p, item,
                   absl::StrCat("the host bits of \"", item.text,
                                "\" are ignored: write ", Ipv4(base_address),
                                "/", c->bits));
      }
      if (!source_ip) return;
      const int overlap = PrivateOverlap(*c);
      if (overlap == 2) {
        ctx.Report(negated ? "PRIVATE_NOT_IP_ADDRESS" : "PRIVATE_IP_ADDRESS", p,
                   item,
                   absl::StrCat("\"", item.text,
                                "\" is private: aws:SourceIp holds public "
                                "addresses only, so this ",
                                negated ? "always matches" : "never matches",
                                "; use aws:VpcSourceIp for traffic through "
                                "a VPC endpoint"));
      } else if (overlap == 1) {
        ctx.Report(negated ? "PRIVATE_NOT_IP_ADDRESS_SUBSET"
                           : "PRIVATE_IP_ADDRESS_SUBSET",
                   p, item,
                   absl::StrCat("\"", item.text,
                                "\" includes private addresses, which "
                                "aws:SourceIp never holds"));
      }
    });
  }
  if (qualifier == "ForAnyValue" && absl::EndsWith(lower_key, ":aud") &&
      !absl::StartsWith(lower_key, "aws:")) {
    ctx.Report("FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE", kptr, key.value,
               absl::StrCat("ForAnyValue on \"", key.key,
                            "\" passes a token whose audiences include "
                            "any listed one, and one with none at all; "
                            "use the plain operator"));
  }
}

}  // namespace

absl::Span<const LintCheckInfo> ConditionChecks() { return kChecks; }

void CheckConditions(Context& ctx) {
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
    const JsonValue* cond = s.Find("Condition");
    if (cond == nullptr || !cond->is_object()) return;
    for (const JsonMember& op : cond->members) {
      if (!op.value.is_object()) continue;
      const std::string optr =
          absl::StrCat(ptr, "/Condition/", json::EscapePointerToken(op.key));
      for (const JsonMember& key : op.value.members) {
        CheckKey(ctx, op.key, key,
                 absl::StrCat(optr, "/", json::EscapePointerToken(key.key)));
      }
    }
  });
}

}  // namespace iameval::lint_internal
