// The JSON writer (json_writer.h).
#include "json/json_writer.h"

#include <charconv>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"

namespace iameval::json {

void AppendQuoted(absl::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t plain = 0;  // start of the run not yet copied
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(escape, sizeof(escape));
      }
    }
  }
  out->append(text.data() + plain, text.size() - plain);
  out->push_back('"');
}

std::string Quote(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  AppendQuoted(text, &out);
  return out;
}

void JsonWriter::NewLine(int indent) {
  out_->push_back('\n');
  out_->append(static_cast<size_t>(indent), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  const bool first = !stack_.back();
  stack_.back() = true;
  if (!first) out_->push_back(',');
  if (pending_break_ >= 0) {
    NewLine(pending_break_);
    pending_break_ = -1;
  } else if (layout_ == Layout::kPretty) {
    NewLine(2 * static_cast<int>(stack_.size()));
  } else if (!first && layout_ == Layout::kSpaced) {
    out_->push_back(' ');
  }
}

void JsonWriter::Open(char bracket) {
  BeforeValue();
  out_->push_back(bracket);
  stack_.push_back(false);
}

void JsonWriter::Close(char bracket) {
  const bool empty = !stack_.back();
  stack_.pop_back();
  if (pending_break_ >= 0) {
    NewLine(pending_break_);
    pending_break_ = -1;
  } else if (layout_ == Layout::kPretty && !empty) {
    NewLine(2 * static_cast<int>(stack_.size()));
  }
  out_->push_back(bracket);
}

JsonWriter& JsonWriter::BeginObject() {
  Open('{');
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  Close('}');
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Open('[');
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  Close(']');
  return *this;
}

JsonWriter& JsonWriter::Key(absl::string_view key) {
  BeforeValue();
  AppendQuoted(key, out_);
  out_->append(layout_ == Layout::kCompact ? ":" : ": ");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(absl::string_view value) {
  BeforeValue();
  AppendQuoted(value, out_);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  absl::StrAppend(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  absl::StrAppend(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_->append("null");  // JSON has no NaN or infinity
    return *this;
  }
  char buffer[32];
  const std::to_chars_result r =
      std::to_chars(buffer, buffer + sizeof(buffer), value);
  out_->append(buffer, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
  return *this;
}

JsonWriter& JsonWriter::Raw(absl::string_view json) {
  BeforeValue();
  out_->append(json.data(), json.size());
  return *this;
}

JsonWriter& JsonWriter::Value(const JsonValue& value) {
  switch (value.kind) {
    case JsonValue::Kind::kNull:
      return Null();
    case JsonValue::Kind::kBool:
      return Bool(value.bool_value);
    case JsonValue::Kind::kNumber:
      return Raw(value.text);
    case JsonValue::Kind::kString:
      return String(value.text);
    case JsonValue::Kind::kArray:
      BeginArray();
      for (const JsonValue& item : value.items) Value(item);
      return EndArray();
    case JsonValue::Kind::kObject:
      BeginObject();
      for (const JsonMember& m : value.members) Key(m.key).Value(m.value);
      return EndObject();
  }
  return *this;
}

std::string ToJson(const JsonValue& value) {
  std::string out;
  JsonWriter(&out, JsonWriter::Layout::kCompact).Value(value);
  return out;
}

JsonWriter& JsonWriter::Break(int indent) {
  pending_break_ = indent;
  return *this;
}

std::string WithLeadingMember(absl::string_view key, absl::string_view value,
                              absl::string_view object) {
  if (object.empty() || object[0] != '{') return std::string(object);
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key(key).Raw(value);
  // The writer is left open: the object's own members and its closing brace
  // follow as serialised.
  absl::string_view rest = object.substr(1);
  if (rest.size() > 1) out.append(", ");
  out.append(rest.data(), rest.size());
  return out;
}

}  // namespace iameval::json
