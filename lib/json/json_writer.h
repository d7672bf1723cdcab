// File: lib/json/json_writer.h
// -----------------------------------------------------------------------------
// The one JSON writer for everything the library and the CLI write: a small
// streaming writer that appends to a string, places separators and escapes
// strings, so no caller builds JSON by concatenation.
//
// The CLI's documented outputs have a house layout (`{"id": "x", "n": 1}`)
// with line breaks at chosen places (SARIF, coverage); kSpaced writes the
// former and Break() the latter, so the writer reproduces each document
// byte for byte rather than imposing one indentation. kPretty indents every
// member and item.
//
// Not installed, not API. Thread safety: one writer per thread.
#ifndef IAMEVAL_LIB_JSON_JSON_WRITER_H_
#define IAMEVAL_LIB_JSON_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "json/json_reader.h"

namespace iameval::json {

// Appends `text` as a JSON string: quotes, '"' and '\\' escaped, \b \f \n \r
// \t by name, other control bytes as \u00xx; everything else (UTF-8 included)
// as is.
void AppendQuoted(absl::string_view text, std::string* out);
// The same, returned.
std::string Quote(absl::string_view text);

class JsonWriter {
 public:
  enum class Layout : uint8_t {
    kCompact,  // {"a":1,"b":[2,3]}
    kSpaced,   // {"a": 1, "b": [2, 3]}
    kPretty,   // two-space indentation, one member or item a line
  };

  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string* out, Layout layout = Layout::kSpaced)
      : out_(out), layout_(layout) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The next member's name; a value must follow.
  JsonWriter& Key(absl::string_view key);

  JsonWriter& String(absl::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  // Shortest text that reads back as `value`; non-finite values as null.
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // An already serialised value, written as is (the caller vouches for it).
  JsonWriter& Raw(absl::string_view json);

  // A value read by ReadJson, numbers as written.
  JsonWriter& Value(const JsonValue& value);

  // Shorthand for a string member: Key(key) then String(value).
  JsonWriter& Member(absl::string_view key, absl::string_view value) {
    return Key(key).String(value);
  }

  // Starts the next member, item or closing bracket on a new line indented
  // by `indent` spaces instead of the layout's separator (kSpaced and
  // kCompact only; kPretty breaks everywhere already).
  JsonWriter& Break(int indent);

  // True when every opened container is closed again.
  bool complete() const { return stack_.empty(); }

 private:
  void BeforeValue();
  void Open(char bracket);
  void Close(char bracket);
  void NewLine(int indent);

  std::string* out_;
  Layout layout_;
  // Per open container: whether it holds anything yet.
  std::vector<bool> stack_;
  bool after_key_ = false;
  int pending_break_ = -1;  // indentation of a requested Break, or -1
};

// `object` (a serialised JSON object) with the member `key`: `value` (a
// serialised JSON value) put first, in kSpaced layout; the other members keep
// their bytes. `object` is returned as is when it is not an object. For
// reports that wrap a document another writer produced, without re-reading
// it.
std::string WithLeadingMember(absl::string_view key, absl::string_view value,
                              absl::string_view object);

// Serialises a value read by ReadJson back to compact JSON.
std::string ToJson(const JsonValue& value);

}  // namespace iameval::json

#endif  // IAMEVAL_LIB_JSON_JSON_WRITER_H_
