#include "iameval/typed_value.h"

#include <cstring>

namespace iameval {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool ReadFixed(absl::string_view s, size_t pos, size_t len, int* out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < len; ++i) {
    if (!IsDigit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<Decimal> Decimal::Parse(absl::string_view text) {
  Decimal d;
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    d.negative = text[i] == '-';
    ++i;
  }
  size_t int_start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  absl::string_view int_part = text.substr(int_start, i - int_start);
  absl::string_view frac_part;
  if (i < text.size() && text[i] == '.') {
    ++i;
    size_t frac_start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    frac_part = text.substr(frac_start, i - frac_start);
    if (frac_part.empty()) return std::nullopt;
  }
  if (i != text.size() || (int_part.empty() && frac_part.empty())) {
    return std::nullopt;
  }
  while (!int_part.empty() && int_part.front() == '0')
    int_part.remove_prefix(1);
  while (!frac_part.empty() && frac_part.back() == '0')
    frac_part.remove_suffix(1);
  d.integer = std::string(int_part);
  d.fraction = std::string(frac_part);
  if (d.integer.empty() && d.fraction.empty()) d.negative = false;  // -0 == 0
  return d;
}

int Compare(const Decimal& a, const Decimal& b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  int magnitude;
  if (a.integer.size() != b.integer.size()) {
    magnitude = a.integer.size() < b.integer.size() ? -1 : 1;
  } else {
    int c = a.integer.compare(b.integer);
    if (c == 0) {
      // Compare fractions digit by digit, the shorter padded with zeros.
      size_t n = std::max(a.fraction.size(), b.fraction.size());
      c = 0;
      for (size_t i = 0; i < n && c == 0; ++i) {
        char x = i < a.fraction.size() ? a.fraction[i] : '0';
        char y = i < b.fraction.size() ? b.fraction[i] : '0';
        c = x < y ? -1 : (x > y ? 1 : 0);
      }
    }
    magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return a.negative ? -magnitude : magnitude;
}

std::optional<Timestamp> Timestamp::Parse(absl::string_view s,
                                          bool* missing_zone) {
  if (missing_zone != nullptr) *missing_zone = false;
  if (s.empty()) return std::nullopt;
  // Epoch seconds: all digits (optionally a fraction), except exactly four
  // digits, which is the W3C year profile.
  bool all_digits = true;
  size_t dot = absl::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' && dot == absl::string_view::npos && i > 0) {
      dot = i;
    } else if (!IsDigit(s[i])) {
      all_digits = false;
      break;
    }
  }
  if (all_digits && !(s.size() == 4 && dot == absl::string_view::npos)) {
    absl::string_view whole = s.substr(0, dot);
    if (whole.size() > 12) return std::nullopt;  // beyond year 33658
    int64_t secs = 0;
    for (char c : whole) secs = secs * 10 + (c - '0');
    int64_t micros = 0;
    if (dot != absl::string_view::npos) {
      absl::string_view frac = s.substr(dot + 1);
      if (frac.empty()) return std::nullopt;
      int64_t scale = 100000;
      for (size_t i = 0; i < frac.size() && i < 6; ++i) {
        micros += (frac[i] - '0') * scale;
        scale /= 10;
      }
    }
    return Timestamp{secs * 1000000 + micros};
  }
  int year, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t micros = 0;
  if (!ReadFixed(s, 0, 4, &year)) return std::nullopt;
  size_t pos = 4;
  bool has_time = false;
  if (pos < s.size()) {
    if (s[pos] != '-' || !ReadFixed(s, pos + 1, 2, &month)) return std::nullopt;
    pos += 3;
    if (month < 1 || month > 12) return std::nullopt;
    if (pos < s.size()) {
      if (s[pos] != '-' || !ReadFixed(s, pos + 1, 2, &day)) return std::nullopt;
      pos += 3;
      if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
      if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't') return std::nullopt;
        has_time = true;
        if (!ReadFixed(s, pos + 1, 2, &hour) || pos + 3 >= s.size() ||
            s[pos + 3] != ':' || !ReadFixed(s, pos + 4, 2, &minute)) {
          return std::nullopt;
        }
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
          if (!ReadFixed(s, pos + 1, 2, &second)) return std::nullopt;
          pos += 3;
          if (pos < s.size() && s[pos] == '.') {
            ++pos;
            size_t start = pos;
            int64_t scale = 100000;
            while (pos < s.size() && IsDigit(s[pos])) {
              if (scale > 0) {
                micros += (s[pos] - '0') * scale;
                scale /= 10;
              }
              ++pos;
            }
            if (pos == start) return std::nullopt;
          }
        }
        if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
      }
    }
  }
  int64_t offset_seconds = 0;
  if (has_time) {
    if (pos == s.size()) {
      if (missing_zone != nullptr) *missing_zone = true;
    } else if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      if (!ReadFixed(s, pos + 1, 2, &oh) || pos + 3 >= s.size() ||
          s[pos + 3] != ':' || !ReadFixed(s, pos + 4, 2, &om) || oh > 23 ||
          om > 59) {
        return std::nullopt;
      }
      offset_seconds =
          (int64_t{oh} * 3600 + int64_t{om} * 60) * (s[pos] == '+' ? 1 : -1);
      pos += 6;
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month),
                               static_cast<unsigned>(day));
  int64_t secs = days * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 +
                 second - offset_seconds;
  return Timestamp{secs * 1000000 + micros};
}

namespace {

std::optional<std::array<uint8_t, 4>> ParseV4(absl::string_view s) {
  std::array<uint8_t, 4> out{};
  size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= s.size() || s[pos] != '.') return std::nullopt;
      ++pos;
    }
    size_t start = pos;
    int v = 0;
    while (pos < s.size() && IsDigit(s[pos]) && pos - start < 3) {
      v = v * 10 + (s[pos] - '0');
      ++pos;
    }
    if (pos == start || v > 255) return std::nullopt;
    if (pos - start > 1 && s[start] == '0') return std::nullopt;  // no octal
    out[part] = static_cast<uint8_t>(v);
  }
  if (pos != s.size()) return std::nullopt;
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::array<uint8_t, 16>> ParseV6(absl::string_view s) {
  std::array<uint16_t, 8> groups{};
  int count = 0;
  int gap = -1;  // group index where "::" stands
  size_t pos = 0;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    gap = 0;
    pos = 2;
    if (pos == s.size()) return std::array<uint8_t, 16>{};
  } else if (!s.empty() && s[0] == ':') {
    return std::nullopt;
  }
  while (pos < s.size()) {
    if (count >= 8) return std::nullopt;
    // Embedded IPv4 in the last 32 bits.
    size_t next_colon = s.find(':', pos);
    absl::string_view rest = s.substr(pos);
    if (next_colon == absl::string_view::npos &&
        rest.find('.') != absl::string_view::npos) {
      auto v4 = ParseV4(rest);
      if (!v4 || count > 6) return std::nullopt;
      groups[count++] = static_cast<uint16_t>(((*v4)[0] << 8) | (*v4)[1]);
      groups[count++] = static_cast<uint16_t>(((*v4)[2] << 8) | (*v4)[3]);
      pos = s.size();
      break;
    }
    size_t start = pos;
    uint32_t v = 0;
    while (pos < s.size() && HexDigit(s[pos]) >= 0 && pos - start < 4) {
      v = v * 16 + static_cast<uint32_t>(HexDigit(s[pos]));
      ++pos;
    }
    if (pos == start) return std::nullopt;
    groups[count++] = static_cast<uint16_t>(v);
    if (pos == s.size()) break;
    if (s[pos] != ':') return std::nullopt;
    ++pos;
    if (pos < s.size() && s[pos] == ':') {
      if (gap >= 0) return std::nullopt;  // two "::"
      gap = count;
      ++pos;
      if (pos == s.size()) break;
    } else if (pos == s.size()) {
      return std::nullopt;  // trailing single ':'
    }
  }
  std::array<uint16_t, 8> full{};
  if (gap >= 0) {
    if (count > 7) return std::nullopt;
    int tail = count - gap;
    for (int i = 0; i < gap; ++i) full[i] = groups[i];
    for (int i = 0; i < tail; ++i) full[8 - tail + i] = groups[gap + i];
  } else {
    if (count != 8) return std::nullopt;
    full = groups;
  }
  std::array<uint8_t, 16> out{};
  for (size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(full[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(full[i] & 0xff);
  }
  return out;
}

}  // namespace

std::optional<IpRange> IpRange::Parse(absl::string_view text, bool* bare_v6) {
  if (bare_v6 != nullptr) *bare_v6 = false;
  IpRange r;
  absl::string_view addr = text;
  int prefix = -1;
  size_t slash = text.find('/');
  if (slash != absl::string_view::npos) {
    addr = text.substr(0, slash);
    absl::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3) return std::nullopt;
    prefix = 0;
    for (char c : p) {
      if (!IsDigit(c)) return std::nullopt;
      prefix = prefix * 10 + (c - '0');
    }
    if (p.size() > 1 && p[0] == '0') return std::nullopt;
  }
  if (addr.find(':') != absl::string_view::npos) {
    auto v6 = ParseV6(addr);
    if (!v6) return std::nullopt;
    r.v6 = true;
    r.bytes = *v6;
    if (prefix > 128) return std::nullopt;
    if (prefix < 0 && bare_v6 != nullptr) *bare_v6 = true;
    r.prefix = prefix < 0 ? 128 : prefix;
  } else {
    auto v4 = ParseV4(addr);
    if (!v4) return std::nullopt;
    std::memcpy(r.bytes.data(), v4->data(), 4);
    if (prefix > 32) return std::nullopt;
    r.prefix = prefix < 0 ? 32 : prefix;
  }
  return r;
}

bool IpRange::Contains(const IpRange& address) const {
  if (v6 != address.v6) return false;
  int full_bytes = prefix / 8;
  if (std::memcmp(bytes.data(), address.bytes.data(), full_bytes) != 0) {
    return false;
  }
  int bits = prefix % 8;
  if (bits == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - bits));
  return (bytes[full_bytes] & mask) == (address.bytes[full_bytes] & mask);
}

std::optional<bool> ParseBool(absl::string_view text) {
  auto eq = [&](const char* word) {
    size_t n = std::strlen(word);
    if (text.size() != n) return false;
    for (size_t i = 0; i < n; ++i) {
      char c = text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  if (eq("true")) return true;
  if (eq("false")) return false;
  return std::nullopt;
}

std::optional<std::string> DecodeBase64(absl::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=') {
        if (i + 4 != text.size() || j < 2) return std::nullopt;
        v[j] = 0;
        ++pad;
      } else {
        if (pad > 0) return std::nullopt;
        v[j] = value(c);
        if (v[j] < 0) return std::nullopt;
      }
    }
    uint32_t triple = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<char>((triple >> 16) & 0xff));
    if (pad < 2) out.push_back(static_cast<char>((triple >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(triple & 0xff));
  }
  return out;
}

}  // namespace iameval
