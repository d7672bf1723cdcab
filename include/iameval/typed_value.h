// File: iameval/typed_value.h
// -----------------------------------------------------------------------------
// The typed values condition operators compare: exact decimals (Numeric*),
// instants (Date*), IP addresses and CIDR ranges (IpAddress), booleans (Bool)
// and bytes (BinaryEquals). Parsing is strict: anything that is not exactly
// one of the documented forms fails, and callers decide what a failure means
// (a compile error on the policy side, Indeterminate on the request side;
// rulings R9 and R10).
//
// Thread safety: value types and pure functions. Lifetime: values own their
// data.
#ifndef IAMEVAL_TYPED_VALUE_H_
#define IAMEVAL_TYPED_VALUE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace iameval {

// An exact decimal number. Comparison is exact (no binary floating point):
// a 20-digit account-like number never compares equal to its neighbour.
struct Decimal {
  bool negative = false;
  std::string integer;   // no leading zeros ("" for zero)
  std::string fraction;  // no trailing zeros

  // Accepts [-+]?digits[.digits] and [-+]?.digits; no exponent, no spaces.
  static std::optional<Decimal> Parse(absl::string_view text);
  friend int Compare(const Decimal& a, const Decimal& b);
};

// An instant with microsecond precision, as microseconds since the Unix epoch.
struct Timestamp {
  int64_t micros = 0;
  // W3C ISO 8601 profiles: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[TZD],
  // YYYY-MM-DDThh:mm:ss[.s+][TZD] (TZD Z or ±hh:mm; absent means UTC and
  // `*missing_zone` is set), or epoch seconds (an integer of any other length
  // than four digits, optionally with a fraction). Partial dates denote the
  // first instant of the period.
  static std::optional<Timestamp> Parse(absl::string_view text,
                                        bool* missing_zone = nullptr);
};

// An IPv4 or IPv6 address with a prefix length.
struct IpRange {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4
  int prefix = 0;                   // 0..32 or 0..128

  // Parses "a.b.c.d[/n]" or an IPv6 address (compressed forms and embedded
  // IPv4 allowed; zone ids rejected) with an optional "/n". A bare address
  // means /32 or /128; `*bare_v6` is set for a bare IPv6 address (lint, R17).
  static std::optional<IpRange> Parse(absl::string_view text,
                                      bool* bare_v6 = nullptr);
  // True if `address` (prefix ignored) lies in this range. IPv4 never lies in
  // an IPv6 range or the reverse (R17).
  bool Contains(const IpRange& address) const;
};

// "true"/"false" in any letter case (R17).
std::optional<bool> ParseBool(absl::string_view text);

// Standard base64 with padding; nullopt for anything else.
std::optional<std::string> DecodeBase64(absl::string_view text);

}  // namespace iameval

#endif  // IAMEVAL_TYPED_VALUE_H_
