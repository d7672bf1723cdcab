// File: lib/json/json_reader.h
// -----------------------------------------------------------------------------
// A strict JSON reader that keeps the byte offset of every value and object
// key, so that every problem in a policy can be reported with a JSON pointer
// and line:column. Boost.JSON's DOM drops positions; AWS policies also need
// strictness Boost.JSON does not offer in one place (duplicate keys are
// errors, NUL bytes and invalid UTF-8 are errors, depth is bounded).
//
// Not installed, not API. Thread safety: JsonValue is a plain value.
#ifndef IAMEVAL_LIB_JSON_JSON_READER_H_
#define IAMEVAL_LIB_JSON_JSON_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/issue.h"

namespace iameval::json {

struct JsonMember;

struct JsonValue {
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool bool_value = false;
  // kString: the decoded string. kNumber: the literal text as written.
  std::string text;
  std::vector<JsonValue> items;     // kArray
  std::vector<JsonMember> members;  // kObject, in document order
  uint32_t offset = 0;              // byte offset of the value's first char
  uint32_t end = 0;                 // byte offset just past the value

  bool is_string() const { return kind == Kind::kString; }
  bool is_object() const { return kind == Kind::kObject; }
  bool is_array() const { return kind == Kind::kArray; }
  // Member lookup by exact (case-sensitive) name; nullptr when absent.
  const JsonValue* Find(absl::string_view name) const;
};

struct JsonMember {
  std::string key;
  uint32_t key_offset = 0;
  JsonValue value;
};

struct ReadOptions {
  size_t max_bytes = 16u << 20;  // hard limit on the document size
  int max_depth = 64;            // hard limit on nesting
  // Strings must be valid UTF-8 without NUL characters (AWS rejects both).
  bool reject_nul = true;
};

// Reads one JSON document. On failure returns false and sets `error` with the
// pointer of the innermost value being read and its position.
bool ReadJson(absl::string_view text, const ReadOptions& options,
              JsonValue* out, Issue* error);

// Maps byte offsets to 1-based line:column in O(log lines) after one scan.
class LineIndex {
 public:
  explicit LineIndex(absl::string_view text);
  void Locate(uint32_t offset, int* line, int* column) const;

 private:
  std::vector<uint32_t> line_starts_;
  size_t size_;
};

// Maps a byte offset to a 1-based line and column (one scan; for one-off use).
void OffsetToLineColumn(absl::string_view text, uint32_t offset, int* line,
                        int* column);

// Escapes one reference token for an RFC 6901 pointer ("~" -> "~0", "/" ->
// "~1").
std::string EscapePointerToken(absl::string_view token);
// The same, appended to `out`.
void AppendPointerToken(absl::string_view token, std::string* out);

// The length of the leading run of `p[0..n)` that a JSON string holds as it
// is: ASCII from 0x20 up, other than '"' and '\\' (no escape, no control byte,
// no multi-byte UTF-8). Eight bytes at a time.
size_t PlainAsciiRun(const char* p, size_t n);

// Returns "string", "number", ... for messages.
const char* KindName(JsonValue::Kind kind);

}  // namespace iameval::json

#endif  // IAMEVAL_LIB_JSON_JSON_READER_H_
