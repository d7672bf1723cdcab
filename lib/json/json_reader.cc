#include "json/json_reader.h"

#include <algorithm>
#include <cstring>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace iameval::json {
namespace {

// The reader (and JsonValue's destructor) recurse once per nesting level,
// ~1 KB of stack each: whatever a caller asks for, nesting stops here, well
// inside a 1 MB thread stack (10,000 levels overflowed the default 8 MB one).
constexpr int kMaxSupportedDepth = 1000;

class Reader {
 public:
  Reader(absl::string_view text, const ReadOptions& options)
      : text_(text),
        options_(options),
        max_depth_(std::min(options.max_depth, kMaxSupportedDepth)) {}

  bool Read(JsonValue* out, Issue* error) {
    error_ = error;
    SkipSpace();
    if (!ParseValue(out, 0, path_)) return false;
    SkipSpace();
    if (pos_ != text_.size()) {
      return Fail("", "unexpected text after the end of the JSON document");
    }
    return true;
  }

 private:
  bool Fail(std::string pointer, std::string message) {
    error_->severity = Severity::kError;
    error_->code = "JSON_SYNTAX";
    error_->message = std::move(message);
    error_->pointer = std::move(pointer);
    OffsetToLineColumn(text_, static_cast<uint32_t>(pos_), &error_->line,
                       &error_->column);
    return false;
  }

  void SkipSpace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  bool ParseValue(JsonValue* out, int depth, const std::string& pointer) {
    if (depth > max_depth_) {
      return Fail(pointer, absl::StrCat("JSON nesting deeper than ", max_depth_,
                                        " levels"));
    }
    if (pos_ >= text_.size()) return Fail(pointer, "unexpected end of input");
    out->offset = static_cast<uint32_t>(pos_);
    bool ok = ParseValueAt(out, depth, pointer);
    out->end = static_cast<uint32_t>(pos_);
    return ok;
  }

  bool ParseValueAt(JsonValue* out, int depth, const std::string& pointer) {
    char c = text_[pos_];
    switch (c) {
      case '{':
        return ParseObject(out, depth, pointer);
      case '[':
        return ParseArray(out, depth, pointer);
      case '"':
        out->kind = JsonValue::Kind::kString;
        return ParseString(&out->text, pointer);
      case 't':
        return ParseLiteral("true", out, JsonValue::Kind::kBool, true, pointer);
      case 'f':
        return ParseLiteral("false", out, JsonValue::Kind::kBool, false,
                            pointer);
      case 'n':
        return ParseLiteral("null", out, JsonValue::Kind::kNull, false,
                            pointer);
      default:
        if (c == '-' || (c >= '0' && c <= '9'))
          return ParseNumber(out, pointer);
        return Fail(pointer,
                    absl::StrCat("unexpected character '", Printable(c), "'"));
    }
  }

  static std::string Printable(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string(1, c);
    return absl::StrCat("\\x", absl::Hex(u, absl::kZeroPad2));
  }

  bool ParseLiteral(absl::string_view word, JsonValue* out,
                    JsonValue::Kind kind, bool value,
                    const std::string& pointer) {
    if (text_.substr(pos_, word.size()) != word) {
      return Fail(pointer, "invalid literal");
    }
    pos_ += word.size();
    out->kind = kind;
    out->bool_value = value;
    out->text = std::string(word);
    return true;
  }

  bool ParseNumber(JsonValue* out, const std::string& pointer) {
    size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size()) return Fail(pointer, "invalid number");
    if (text_[pos_] == '0') {
      ++pos_;
    } else if (text_[pos_] >= '1' && text_[pos_] <= '9') {
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    } else {
      return Fail(pointer, "invalid number");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
        return Fail(pointer, "invalid number: digits expected after '.'");
      }
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        ++pos_;
      }
      if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
        return Fail(pointer, "invalid number: digits expected in exponent");
      }
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    out->kind = JsonValue::Kind::kNumber;
    out->text = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  static int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool ReadHex4(uint32_t* value) {
    if (pos_ + 4 > text_.size()) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      int h = HexValue(text_[pos_ + i]);
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    pos_ += 4;
    *value = v;
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // Validates one UTF-8 sequence starting at pos_ and copies it.
  bool CopyUtf8(std::string* out) {
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    int len;
    uint32_t min;
    if (c < 0x80) {
      len = 1;
      min = 0;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      min = 0x10000;
    } else {
      return false;
    }
    if (pos_ + len > text_.size()) return false;
    uint32_t cp = len == 1 ? c : (c & (0x7F >> len));
    for (int i = 1; i < len; ++i) {
      unsigned char d = static_cast<unsigned char>(text_[pos_ + i]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    out->append(text_.data() + pos_, len);
    pos_ += len;
    return true;
  }

  bool ParseString(std::string* out, const std::string& pointer) {
    ++pos_;  // opening quote
    out->clear();
    while (true) {
      if (pos_ >= text_.size()) return Fail(pointer, "unterminated string");
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        if (c == 0) return Fail(pointer, "NUL byte inside a string");
        return Fail(pointer, "control character inside a string");
      }
      if (c != '\\') {
        // Fast path: a run of plain ASCII is copied in one append.
        const size_t run =
            pos_ + PlainAsciiRun(text_.data() + pos_, text_.size() - pos_);
        if (run > pos_) {
          out->append(text_.data() + pos_, run - pos_);
          pos_ = run;
          continue;
        }
        if (!CopyUtf8(out)) return Fail(pointer, "invalid UTF-8 in a string");
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size()) return Fail(pointer, "unterminated string");
      char e = text_[pos_++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!ReadHex4(&cp)) return Fail(pointer, "invalid \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (pos_ + 2 > text_.size() || text_[pos_] != '\\' ||
                text_[pos_ + 1] != 'u') {
              return Fail(pointer, "unpaired UTF-16 surrogate in \\u escape");
            }
            pos_ += 2;
            if (!ReadHex4(&low) || low < 0xDC00 || low > 0xDFFF) {
              return Fail(pointer, "unpaired UTF-16 surrogate in \\u escape");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail(pointer, "unpaired UTF-16 surrogate in \\u escape");
          }
          if (cp == 0 && options_.reject_nul) {
            return Fail(pointer, "NUL character (\\u0000) inside a string");
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return Fail(pointer, "invalid escape sequence");
      }
    }
  }

  bool ParseArray(JsonValue* out, int depth, const std::string& pointer) {
    out->kind = JsonValue::Kind::kArray;
    ++pos_;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      // path_ is the pointer of the value being read; extended in place so
      // reading allocates no pointer strings.
      const size_t mark = path_.size();
      absl::StrAppend(&path_, "/", out->items.size());
      out->items.emplace_back();
      if (!ParseValue(&out->items.back(), depth + 1, path_)) return false;
      path_.resize(mark);
      SkipSpace();
      if (pos_ >= text_.size()) return Fail(pointer, "unterminated array");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail(pointer, "expected ',' or ']' in array");
    }
  }

  // Whether `key` is already a member name. Small objects are scanned; from
  // kScanMembers members on, the names go into `names` so that an object of
  // n members costs O(n), not n²/2 comparisons (a 1 MB policy holds ~90,000
  // members: minutes of comparisons).
  static constexpr size_t kScanMembers = 16;
  static bool IsDuplicate(const std::vector<JsonMember>& members,
                          const std::string& key,
                          absl::flat_hash_set<std::string>* names) {
    if (members.size() < kScanMembers) {
      for (const JsonMember& other : members) {
        if (other.key == key) return true;
      }
      return false;
    }
    if (names->empty()) {
      for (const JsonMember& other : members) names->insert(other.key);
    }
    return !names->insert(key).second;
  }

  bool ParseObject(JsonValue* out, int depth, const std::string& pointer) {
    out->kind = JsonValue::Kind::kObject;
    absl::flat_hash_set<std::string> names;  // filled for large objects only
    ++pos_;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return Fail(pointer, "expected a quoted member name");
      }
      JsonMember member;
      member.key_offset = static_cast<uint32_t>(pos_);
      if (!ParseString(&member.key, pointer)) return false;
      const size_t mark = path_.size();
      path_.push_back('/');
      AppendPointerToken(member.key, &path_);
      if (IsDuplicate(out->members, member.key, &names)) {
        pos_ = member.key_offset;
        return Fail(path_,
                    absl::StrCat("duplicate member name \"", member.key, "\""));
      }
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        return Fail(path_, "expected ':' after member name");
      }
      ++pos_;
      SkipSpace();
      if (!ParseValue(&member.value, depth + 1, path_)) return false;
      path_.resize(mark);
      out->members.push_back(std::move(member));
      SkipSpace();
      if (pos_ >= text_.size()) return Fail(pointer, "unterminated object");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail(pointer, "expected ',' or '}' in object");
    }
  }

  absl::string_view text_;
  const ReadOptions& options_;
  const int max_depth_;
  size_t pos_ = 0;
  Issue* error_ = nullptr;
  std::string path_;
};

}  // namespace

const JsonValue* JsonValue::Find(absl::string_view name) const {
  for (const JsonMember& m : members) {
    if (m.key == name) return &m.value;
  }
  return nullptr;
}

bool ReadJson(absl::string_view text, const ReadOptions& options,
              JsonValue* out, Issue* error) {
  *out = JsonValue();
  if (text.size() > options.max_bytes) {
    error->severity = Severity::kError;
    error->code = "DOCUMENT_TOO_LARGE";
    error->message =
        absl::StrCat("document is ", text.size(), " bytes; the limit is ",
                     options.max_bytes, " bytes");
    error->pointer = "";
    error->line = 1;
    error->column = 1;
    return false;
  }
  Reader reader(text, options);
  return reader.Read(out, error);
}

LineIndex::LineIndex(absl::string_view text) : size_(text.size()) {
  line_starts_.push_back(0);
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* p = begin;
       (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr;
       ++p) {
    line_starts_.push_back(static_cast<uint32_t>(p - begin + 1));
  }
}

void LineIndex::Locate(uint32_t offset, int* line, int* column) const {
  if (offset > size_) offset = static_cast<uint32_t>(size_);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  *line = static_cast<int>(index) + 1;
  *column = static_cast<int>(offset - line_starts_[index]) + 1;
}

void OffsetToLineColumn(absl::string_view text, uint32_t offset, int* line,
                        int* column) {
  int l = 1;
  size_t line_start = 0;
  size_t end = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++l;
      line_start = i + 1;
    }
  }
  *line = l;
  *column = static_cast<int>(end - line_start) + 1;
}

void AppendPointerToken(absl::string_view token, std::string* out) {
  // Called for every member the reader enters: no temporary string, and no
  // absl::string_view::find_first_of (it builds a table per call and showed
  // in profiles of W6).
  if (std::memchr(token.data(), '~', token.size()) == nullptr &&
      std::memchr(token.data(), '/', token.size()) == nullptr) {
    out->append(token.data(), token.size());
    return;
  }
  for (char c : token) {
    if (c == '~') {
      out->append("~0");
    } else if (c == '/') {
      out->append("~1");
    } else {
      out->push_back(c);
    }
  }
}

std::string EscapePointerToken(absl::string_view token) {
  std::string out;
  out.reserve(token.size());
  AppendPointerToken(token, &out);
  return out;
}

const char* KindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return "boolean";
    case JsonValue::Kind::kNumber:
      return "number";
    case JsonValue::Kind::kString:
      return "string";
    case JsonValue::Kind::kArray:
      return "array";
    case JsonValue::Kind::kObject:
      return "object";
  }
  return "value";
}

// The length of the leading run of bytes that a JSON string copies as they
// are: ASCII from 0x20 up, other than '"' and '\\'. Eight bytes at a time,
// since strings are most of a policy's bytes. For each byte b of a word w (the
// usual zero-byte trick, exact for the lowest flagged byte, which is all
// that is used): b < 0x20, b >= 0x80, b == '"' or b == '\\'.
size_t PlainAsciiRun(const char* p, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = kOnes * 0x80;
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    const uint64_t special = ((w - kOnes * 0x20) & ~w & kHigh) | (w & kHigh) |
                             has_zero(w ^ (kOnes * '"')) |
                             has_zero(w ^ (kOnes * '\\'));
    if (special != 0) {
      return i + static_cast<size_t>(__builtin_ctzll(special)) / 8;
    }
  }
  for (; i < n; ++i) {
    const unsigned char u = static_cast<unsigned char>(p[i]);
    if (u < 0x20 || u >= 0x80 || u == '"' || u == '\\') break;
  }
  return i;
}

}  // namespace iameval::json
