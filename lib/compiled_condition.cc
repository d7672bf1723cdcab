// Compiling condition values (R9) and the out-of-line parts of their
// evaluation: policy variables and binary values.
#include "iameval/internal/compiled_condition.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "iameval/arn.h"

namespace iameval {
namespace internal {

bool ParseVariableTemplate(absl::string_view text, VariableTemplate* out,
                           std::string* error) {
  out->parts.clear();
  std::string literal;
  size_t i = 0;
  bool saw_reference = false;
  auto flush = [&] {
    if (!literal.empty()) {
      TemplatePart p;
      p.text = std::move(literal);
      out->parts.push_back(std::move(p));
      literal.clear();
    }
  };
  while (i < text.size()) {
    if (text[i] != '$' || i + 1 >= text.size() || text[i + 1] != '{') {
      literal.push_back(text[i++]);
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == absl::string_view::npos) {
      *error =
          absl::StrCat("policy variable at offset ", i, " has no closing '}'");
      return false;
    }
    absl::string_view body = text.substr(i + 2, close - i - 2);
    saw_reference = true;
    flush();
    TemplatePart p;
    if (body == "*" || body == "?" || body == "$") {
      // Escapes: a literal character that never acts as a wildcard. Kept as
      // a variable-free part marked by is_variable=false with a sentinel so
      // SubstituteTemplate masks it literal.
      p.is_variable = true;
      p.text = "";
      p.has_default = true;
      p.default_value = std::string(body);
      out->parts.push_back(std::move(p));
      i = close + 1;
      continue;
    }
    absl::string_view key = body;
    size_t comma = body.find(',');
    if (comma != absl::string_view::npos) {
      key = body.substr(0, comma);
      absl::string_view rest = body.substr(comma + 1);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (rest.size() < 2 || rest.front() != '\'' || rest.back() != '\'') {
        *error = absl::StrCat("policy variable \"${", body,
                              "}\": the default value must be in single "
                              "quotes after a comma");
        return false;
      }
      p.has_default = true;
      p.default_value = std::string(rest.substr(1, rest.size() - 2));
    }
    if (key.empty()) {
      *error = "empty policy variable \"${}\"";
      return false;
    }
    for (char c : key) {
      if (c == ' ' || c == '$' || c == '{' || c == '\'') {
        *error = absl::StrCat("policy variable \"${", body,
                              "}\" has an invalid character in its key");
        return false;
      }
    }
    p.is_variable = true;
    p.text = AsciiLower(key);
    p.key = std::string(key);
    out->parts.push_back(std::move(p));
    i = close + 1;
  }
  flush();
  if (!saw_reference) out->parts.clear();
  return true;
}

bool SubstituteTemplate(const VariableTemplate& tmpl,
                        const RequestContext& context, std::string* out,
                        std::vector<bool>* literal_mask) {
  out->clear();
  literal_mask->clear();
  for (const TemplatePart& p : tmpl.parts) {
    if (!p.is_variable) {
      out->append(p.text);
      literal_mask->insert(literal_mask->end(), p.text.size(), false);
      continue;
    }
    absl::string_view value;
    bool found = false;
    if (!p.text.empty()) {
      const ContextEntry* e = context.FindFolded(p.text);
      // A multi-valued key cannot be a variable (VARS, R11).
      if (e != nullptr && !e->is_list && e->values.size() == 1) {
        value = e->values[0].text;
        found = true;
      }
    }
    if (!found) {
      if (!p.has_default) return false;
      value = p.default_value;
    }
    out->append(value.data(), value.size());
    literal_mask->insert(literal_mask->end(), value.size(), true);
  }
  return true;
}

Tri BinaryMatch(absl::string_view request_text, const std::string& bytes) {
  std::optional<std::string> decoded = DecodeBase64(request_text);
  if (!decoded) return Tri::kIndeterminate;
  return FromBool(*decoded == bytes);
}

Tri MatchTemplatedValue(const CompiledCondition& c,
                        const CompiledConditionValue& v, const ContextValue& r,
                        const RequestContext& context) {
  // Scratch buffers reused per thread so a steady state allocates nothing.
  thread_local std::string text;
  thread_local std::vector<bool> mask;
  thread_local std::vector<char> chars;
  thread_local std::vector<GlobToken> kinds;
  // A request value an ARN operator cannot read is Indeterminate (R10)
  // whatever the policy value, so that comes first: a variable without a
  // value must not turn it into "fails" (and ArnNotLike into "holds").
  if (c.op.family == ConditionFamily::kArn) {
    std::array<absl::string_view, 6> got;
    if (SplitArnComponents(r.text, &got) != 6) return Tri::kIndeterminate;
  }
  if (!SubstituteTemplate(*v.variables, context, &text, &mask)) {
    return Tri::kFalse;  // no value: positive comparisons fail (R11)
  }
  auto build_tokens = [&](size_t begin, size_t end) {
    chars.clear();
    kinds.clear();
    for (size_t i = begin; i < end; ++i) {
      const char ch = text[i];
      chars.push_back(ch);
      if (mask[i] || (ch != '*' && ch != '?')) {
        kinds.push_back(GlobToken::kLiteral);
      } else {
        kinds.push_back(ch == '*' ? GlobToken::kStar : GlobToken::kAnyOne);
      }
    }
    return GlobSpan{chars, kinds};
  };
  switch (c.op.family) {
    case ConditionFamily::kString:
      return FromBool(r.text == text);
    case ConditionFamily::kStringIgnoreCase:
      return FromBool(r.text.size() == text.size() &&
                      EqualsIgnoreCaseFolded(r.text, AsciiLower(text)));
    case ConditionFamily::kStringLike:
      return FromBool(GlobMatch(build_tokens(0, text.size()), r.text));
    case ConditionFamily::kArn: {
      std::array<absl::string_view, 6> want;
      if (SplitArnComponents(text, &want) != 6) return Tri::kIndeterminate;
      std::array<absl::string_view, 6> got;
      if (SplitArnComponents(r.text, &got) != 6) return Tri::kIndeterminate;
      for (int i = 0; i < 6; ++i) {
        size_t begin = static_cast<size_t>(want[i].data() - text.data());
        if (!GlobMatch(build_tokens(begin, begin + want[i].size()), got[i])) {
          return Tri::kFalse;
        }
      }
      return Tri::kTrue;
    }
    default:
      return Tri::kIndeterminate;  // other families never hold variables
  }
}

std::vector<std::string> CompiledCondition::WrittenValues() const {
  std::vector<std::string> out;
  absl::string_view rest =
      absl::string_view(keys).substr(keys.size() - written_values_size);
  while (!rest.empty()) {
    const size_t end = rest.find('\0');
    out.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  return out;
}

namespace {

// The value grammar of every operator family, in one place. With `out` null
// the value is only checked: nothing is built (no glob, no parsed number).
bool CompileValue(const ConditionOperator& op, absl::string_view op_name,
                  absl::string_view text, bool variables_enabled,
                  CompiledConditionValue* out, std::string* error) {
  if (variables_enabled && op.supports_variables() &&
      absl::StrContains(text, "${")) {
    auto tmpl = std::make_unique<VariableTemplate>();
    if (!ParseVariableTemplate(text, tmpl.get(), error)) return false;
    if (!tmpl->empty()) {
      if (out != nullptr) out->variables = std::move(tmpl);
      return true;
    }
  }
  switch (op.family) {
    case ConditionFamily::kString:
      if (out != nullptr) out->parsed = std::string(text);
      return true;
    case ConditionFamily::kStringIgnoreCase:
      if (out != nullptr) out->parsed = AsciiLower(text);
      return true;
    case ConditionFamily::kStringLike:
      if (out != nullptr) out->parsed = Glob::FromPattern(text);
      return true;
    case ConditionFamily::kArn: {
      // Text that is not an ARN is accepted and never matches (R10).
      if (out == nullptr) return true;
      CompiledConditionValue::ArnParts globs;
      std::array<absl::string_view, 6> parts;
      if (SplitArnComponents(text, &parts) == 6) {
        auto parsed = std::make_unique<std::array<Glob, 6>>();
        for (int i = 0; i < 6; ++i) {
          (*parsed)[i] = Glob::FromPattern(parts[i]);
        }
        globs = std::move(parsed);
      }
      out->parsed = std::move(globs);
      return true;
    }
    case ConditionFamily::kNumeric: {
      std::optional<Decimal> d = Decimal::Parse(text);
      if (!d) {
        *error = absl::StrCat("\"", text, "\" is not a number (", op_name, ")");
        return false;
      }
      if (out != nullptr) {
        out->parsed = std::make_unique<const Decimal>(*std::move(d));
      }
      return true;
    }
    case ConditionFamily::kDate: {
      std::optional<Timestamp> date = Timestamp::Parse(text);
      if (!date) {
        *error = absl::StrCat("\"", text,
                              "\" is not an ISO 8601 date or epoch seconds (",
                              op_name, ")");
        return false;
      }
      if (out != nullptr) out->parsed = *date;
      return true;
    }
    case ConditionFamily::kBool:
    case ConditionFamily::kNull: {
      std::optional<bool> b = ParseBool(text);
      if (!b) {
        *error =
            absl::StrCat("\"", text, "\" is not true or false (", op_name, ")");
        return false;
      }
      if (out != nullptr) out->parsed = *b;
      return true;
    }
    case ConditionFamily::kBinary: {
      std::optional<std::string> bytes = DecodeBase64(text);
      if (!bytes) {
        *error =
            absl::StrCat("\"", text, "\" is not valid base64 (", op_name, ")");
        return false;
      }
      if (out != nullptr) out->parsed = *std::move(bytes);
      return true;
    }
    case ConditionFamily::kIp: {
      std::optional<IpRange> ip = IpRange::Parse(text);
      if (!ip) {
        *error = absl::StrCat("\"", text,
                              "\" is not an IPv4 or IPv6 address or CIDR (",
                              op_name, ")");
        return false;
      }
      if (out != nullptr) out->parsed = std::make_unique<const IpRange>(*ip);
      return true;
    }
  }
  return true;
}

}  // namespace

bool CheckConditionValue(const ConditionOperator& op, absl::string_view op_name,
                         absl::string_view text, bool variables_enabled,
                         std::string* error) {
  return CompileValue(op, op_name, text, variables_enabled, nullptr, error);
}

bool CompileCondition(absl::string_view op_name, absl::string_view key,
                      const std::vector<std::string>& values,
                      bool variables_enabled, CompiledCondition* out,
                      std::string* error, size_t* bad_value) {
  std::optional<ConditionOperator> op = ConditionOperator::Parse(op_name);
  if (!op) {
    *error = absl::StrCat("unknown condition operator \"", op_name, "\"");
    return false;
  }
  out->op = *op;
  out->keys.clear();
  out->keys.reserve(2 * key.size());
  out->keys.append(key.data(), key.size());
  AsciiLowerInPlace(&out->keys);
  out->keys.append(key.data(), key.size());
  size_t written = 0;
  for (const std::string& text : values) written += text.size() + 1;
  out->written_values_size = 0;
  if (written <= UINT16_MAX) {
    for (const std::string& text : values) {
      out->keys.append(text);
      out->keys.push_back('\0');
    }
    out->written_values_size = static_cast<uint16_t>(written);
  }
  out->values.clear();
  out->values.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    CompiledConditionValue v;
    if (!CompileValue(*op, op_name, values[i], variables_enabled, &v, error)) {
      if (bad_value != nullptr) *bad_value = i;
      return false;
    }
    out->values.push_back(std::move(v));
  }
  return true;
}

}  // namespace internal
}  // namespace iameval
