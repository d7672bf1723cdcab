// Decision explanations: text for people, JSON for programs.
#include "iameval/explain.h"

#include <boost/json.hpp>
#include <string>

#include "absl/strings/str_cat.h"

namespace iameval {
namespace {

constexpr absl::string_view kReset = "\x1b[0m";
constexpr absl::string_view kBold = "\x1b[1m";
constexpr absl::string_view kRed = "\x1b[31m";
constexpr absl::string_view kGreen = "\x1b[32m";
constexpr absl::string_view kYellow = "\x1b[33m";
constexpr absl::string_view kDim = "\x1b[2m";

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(absl::string_view style,
                         absl::string_view text) const {
    if (!color_) return std::string(text);
    return absl::StrCat(style, text, kReset);
  }

 private:
  bool color_;
};

// Only SCPs and RCPs have levels; showing "-1" elsewhere would confuse.
std::string LayerLabel(Layer layer, int level) {
  if ((layer == Layer::kScp || layer == Layer::kRcp) && level >= 0) {
    return absl::StrCat(LayerName(layer), " level ", level);
  }
  return LayerName(layer);
}

const char* EffectName(Effect e) {
  return e == Effect::kAllow ? "Allow" : "Deny";
}

std::string PrincipalText(const Principal& p) {
  switch (p.kind) {
    case PrincipalKind::kAnonymous:
      return "anonymous (unsigned request)";
    case PrincipalKind::kWebIdentity:
      return absl::StrCat("SAML/OIDC caller of ", p.arn);
    case PrincipalKind::kRoleSession:
      if (p.session_unknown) {
        return absl::StrCat("a session of ", p.arn,
                            " (session name unknown: assumed to be any)");
      }
      return p.arn;
    default:
      return p.arn;
  }
}

std::string Pad(absl::string_view s, size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

absl::string_view VerdictStyle(Verdict v) {
  switch (v) {
    case Verdict::kAllow:
      return kGreen;
    case Verdict::kDeny:
      return kRed;
    case Verdict::kNoMatch:
      return kYellow;
    case Verdict::kNotApplicable:
      return kDim;
  }
  return kDim;
}

// A JSON-quoted list: "a", "b".
std::string QuotedList(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out.append(", ");
    out.append(JsonQuote(v));
  }
  return out;
}

std::string RequestValuesText(const FailedCondition& c) {
  if (!c.present) return "absent";
  if (c.request_values.size() == 1) return JsonQuote(c.request_values[0]);
  return absl::StrCat("[", QuotedList(c.request_values), "]");
}

std::string StatementLabel(absl::string_view policy_id, int index,
                           absl::string_view sid, int line) {
  std::string out = absl::StrCat(policy_id, " statement ", index);
  if (!sid.empty()) absl::StrAppend(&out, " Sid \"", sid, "\"");
  if (line > 0) absl::StrAppend(&out, " (line ", line, ")");
  return out;
}

// --- JSON -------------------------------------------------------------------

// Boost.JSON's serializer writes no spaces; scenario-format.md shows result
// lines as {"id": "x", "decision": "Allowed"}, so separators are written here
// and only scalars go through boost::json::serialize (which escapes).
void AppendJson(const boost::json::value& v, std::string* out) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out->push_back('{');
      bool first = true;
      for (const auto& member : v.get_object()) {
        if (!first) out->append(", ");
        first = false;
        out->append(boost::json::serialize(
            boost::json::value(boost::json::string(member.key()))));
        out->append(": ");
        AppendJson(member.value(), out);
      }
      out->push_back('}');
      break;
    }
    case boost::json::kind::array: {
      out->push_back('[');
      bool first = true;
      for (const boost::json::value& item : v.get_array()) {
        if (!first) out->append(", ");
        first = false;
        AppendJson(item, out);
      }
      out->push_back(']');
      break;
    }
    default:
      out->append(boost::json::serialize(v));
  }
}

std::string ToText(const boost::json::value& v) {
  std::string out;
  AppendJson(v, &out);
  return out;
}

boost::json::value Str(absl::string_view s) {
  return boost::json::string(boost::json::string_view(s.data(), s.size()));
}

boost::json::value Level(Layer layer, int level) {
  if ((layer == Layer::kScp || layer == Layer::kRcp) && level >= 0) {
    return level;
  }
  return nullptr;
}

boost::json::value OptionalString(absl::string_view s) {
  if (s.empty()) return nullptr;
  return Str(s);
}

// Where a statement is and what it says: the fields a matched statement and
// a near miss share.
template <typename Statement>
boost::json::object StatementJson(const Statement& m) {
  boost::json::object o;
  o["policy"] = Str(m.policy_id);
  o["sid"] = OptionalString(m.sid);
  o["index"] = m.statement_index;
  o["line"] = m.line;
  o["effect"] = EffectName(m.effect);
  o["layer"] = LayerName(m.layer);
  o["level"] = Level(m.layer, m.level);
  return o;
}

boost::json::array MatchedJson(const Trace* trace) {
  boost::json::array out;
  if (trace == nullptr) return out;
  for (const MatchedStatement& m : trace->matched) {
    out.push_back(StatementJson(m));
  }
  return out;
}

boost::json::array MissingJson(const Trace* trace) {
  boost::json::array out;
  if (trace == nullptr) return out;
  for (const std::string& k : trace->missing_keys) out.push_back(Str(k));
  return out;
}

boost::json::array StringsJson(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const std::string& v : values) out.push_back(Str(v));
  return out;
}

boost::json::array NearMissesJson(const Trace* trace) {
  boost::json::array out;
  if (trace == nullptr) return out;
  for (const NearMiss& m : trace->near_misses) {
    boost::json::object o = StatementJson(m);
    o["failed"] = FailedElementName(m.element);
    boost::json::array conditions;
    for (const FailedCondition& c : m.conditions) {
      boost::json::object f;
      f["operator"] = Str(c.op);
      f["key"] = Str(c.key);
      f["policyValues"] = StringsJson(c.policy_values);
      if (c.present) {
        f["requestValues"] = StringsJson(c.request_values);
      } else {
        f["requestValues"] = nullptr;
      }
      f["result"] = c.indeterminate ? "Indeterminate" : "false";
      conditions.push_back(std::move(f));
    }
    o["conditions"] = std::move(conditions);
    out.push_back(std::move(o));
  }
  return out;
}

// The request's context after derivation: a string for a single value, an
// array for a key given as a list.
boost::json::object ContextJson(const RequestContext& context) {
  boost::json::object out;
  for (const ContextEntry* e : context.SortedEntries()) {
    if (e->unknown) {
      out[e->key] = nullptr;  // present, value unknown (R19)
    } else if (e->is_list || e->values.size() != 1) {
      boost::json::array values;
      for (const ContextValue& v : e->values) values.push_back(Str(v.text));
      out[e->key] = std::move(values);
    } else {
      out[e->key] = Str(e->values[0].text);
    }
  }
  return out;
}

void AddDecision(const Decision& d, boost::json::object* o) {
  (*o)["decision"] = OutcomeName(d.outcome);
  (*o)["layer"] = LayerName(d.layer);
  (*o)["level"] = Level(d.layer, d.level);
  (*o)["reason"] = ReasonText(d.reason);
  (*o)["reasonCode"] = ReasonName(d.reason);
}

}  // namespace

std::string FormatDecisionText(const Decision& decision, const Trace* trace,
                               const Request& request, bool color,
                               bool show_context) {
  const Painter paint(color);
  std::string out;
  const std::string style =
      absl::StrCat(kBold, decision.allowed() ? kGreen : kRed);
  absl::StrAppend(
      &out, "Decision:   ", paint(style, OutcomeName(decision.outcome)), "\n");
  absl::StrAppend(&out, "Principal:  ", PrincipalText(request.principal), "\n");
  absl::StrAppend(&out, "Action:     ", request.action, "\n");
  absl::StrAppend(&out, "Resource:   ", request.resource);
  // Cross-account requests follow different rules; make the owner visible.
  if (!request.resource_account.empty() &&
      request.resource_account != request.principal.account) {
    absl::StrAppend(&out, " (account ", request.resource_account, ")");
  }
  out.push_back('\n');
  absl::StrAppend(
      &out, "Decided by: ", LayerLabel(decision.layer, decision.level), "\n");
  absl::StrAppend(&out, "Reason:     ", ReasonText(decision.reason), "\n");
  auto append_context = [&] {
    if (!show_context) return;
    absl::StrAppend(&out, "Request context (after derivation):\n");
    const std::vector<const ContextEntry*> entries =
        request.context.SortedEntries();
    if (entries.empty()) absl::StrAppend(&out, "  (none)\n");
    for (const ContextEntry* e : entries) {
      if (e->unknown) {
        absl::StrAppend(&out, "  ", e->key,
                        " = (unknown: the session name is not known)\n");
        continue;
      }
      std::vector<std::string> values;
      for (const ContextValue& v : e->values) values.push_back(v.text);
      absl::StrAppend(&out, "  ", e->key, " = ",
                      e->is_list || values.size() != 1
                          ? absl::StrCat("[", QuotedList(values), "]")
                          : JsonQuote(values[0]),
                      "\n");
    }
  };
  if (trace == nullptr) {
    append_context();
    return out;
  }

  if (!trace->layers.empty()) {
    absl::StrAppend(&out, "Layers:\n");
    for (const LayerVerdict& v : trace->layers) {
      absl::StrAppend(&out, "  ", Pad(LayerLabel(v.layer, v.level), 16),
                      paint(VerdictStyle(v.verdict), VerdictName(v.verdict)),
                      "\n");
    }
  }
  if (trace->matched.empty()) {
    absl::StrAppend(&out, "Matched statements: none\n");
  } else {
    absl::StrAppend(&out, "Matched statements:\n");
    for (const MatchedStatement& m : trace->matched) {
      absl::StrAppend(&out, "  ",
                      paint(m.effect == Effect::kAllow ? kGreen : kRed,
                            Pad(EffectName(m.effect), 5)),
                      " ", Pad(LayerLabel(m.layer, m.level), 14), " ",
                      m.policy_id, " statement ", m.statement_index);
      if (!m.sid.empty()) absl::StrAppend(&out, " Sid \"", m.sid, "\"");
      if (m.line > 0) absl::StrAppend(&out, " (line ", m.line, ")");
      if (m.indeterminate) {
        absl::StrAppend(&out,
                        " [applies because a condition is Indeterminate]");
      }
      out.push_back('\n');
    }
  }
  if (!trace->missing_keys.empty()) {
    absl::StrAppend(
        &out,
        "Missing context keys (the decision may change when the request "
        "has them):\n");
    for (const std::string& key : trace->missing_keys) {
      absl::StrAppend(&out, "  ", paint(kYellow, key),
                      ": supply it with --context ", key,
                      "=VALUE (or in the request's \"context\")\n");
    }
  }
  if (!trace->indeterminate.empty()) {
    absl::StrAppend(&out, "Indeterminate conditions:\n");
    for (const IndeterminateCondition& c : trace->indeterminate) {
      // Principal and NotResource entries (R19, R20) have no key.
      absl::StrAppend(&out, "  ", Pad(EffectName(c.effect), 5), " ",
                      c.policy_id, " statement ", c.statement_index, ": ", c.op,
                      c.key.empty() ? "" : " on ", c.key, ": ", c.why, "\n");
    }
  }
  if (!trace->near_misses.empty()) {
    absl::StrAppend(&out,
                    "Near misses (action and resource matched, the statement "
                    "did not apply):\n");
    for (const NearMiss& m : trace->near_misses) {
      absl::StrAppend(
          &out, "  ", Pad(EffectName(m.effect), 5), " ",
          Pad(LayerLabel(m.layer, m.level), 14), " ",
          StatementLabel(m.policy_id, m.statement_index, m.sid, m.line), ": ");
      switch (m.element) {
        case FailedElement::kPrincipal:
          absl::StrAppend(&out, "Principal does not match the caller\n");
          break;
        case FailedElement::kNotPrincipal:
          absl::StrAppend(&out, "NotPrincipal lists the caller\n");
          break;
        case FailedElement::kCondition:
          absl::StrAppend(&out, "Condition does not hold\n");
          for (const FailedCondition& c : m.conditions) {
            absl::StrAppend(&out, "      ", c.op, " ", c.key, ": policy ",
                            QuotedList(c.policy_values), ", request ",
                            RequestValuesText(c),
                            c.indeterminate ? " (Indeterminate)" : "", "\n");
          }
          break;
      }
    }
  }
  if (!trace->warnings.empty()) {
    absl::StrAppend(&out, "Warnings (the decision rests on a guess):\n");
    for (const std::string& w : trace->warnings) {
      absl::StrAppend(&out, "  ", paint(kYellow, w), "\n");
    }
  }
  append_context();
  return out;
}

std::string DecisionToJson(const Decision& decision, const Trace* trace,
                           const Request& request, const JsonFields& fields) {
  boost::json::object o;
  if (fields.request) {
    const Principal& p = request.principal;
    o["principal"] = p.kind == PrincipalKind::kAnonymous
                         ? boost::json::value("anonymous")
                         : Str(p.arn);
    if (p.session_unknown) o["sessionNameUnknown"] = true;
    o["action"] = Str(request.action);
    o["resource"] = Str(request.resource);
  }
  AddDecision(decision, &o);
  o["matchedStatements"] = MatchedJson(trace);
  o["missingContextKeys"] = MissingJson(trace);
  if (fields.layers) {
    boost::json::array layers;
    if (trace != nullptr) {
      for (const LayerVerdict& v : trace->layers) {
        boost::json::object l;
        l["layer"] = LayerName(v.layer);
        l["level"] = Level(v.layer, v.level);
        l["verdict"] = VerdictName(v.verdict);
        layers.push_back(std::move(l));
      }
    }
    o["layers"] = std::move(layers);
  }
  if (fields.indeterminate) {
    boost::json::array ind;
    if (trace != nullptr) {
      for (const IndeterminateCondition& c : trace->indeterminate) {
        boost::json::object i;
        i["policy"] = Str(c.policy_id);
        i["index"] = c.statement_index;
        i["operator"] = Str(c.op);
        i["key"] = Str(c.key);
        i["effect"] = EffectName(c.effect);
        i["why"] = Str(c.why);
        ind.push_back(std::move(i));
      }
    }
    o["indeterminate"] = std::move(ind);
  }
  if (fields.near_misses) o["nearMisses"] = NearMissesJson(trace);
  if (fields.warnings) {
    o["warnings"] =
        trace == nullptr ? boost::json::array() : StringsJson(trace->warnings);
  }
  if (fields.context) o["context"] = ContextJson(request.context);
  return ToText(o);
}

std::string BatchResultJson(absl::string_view id, const Decision& decision,
                            const Trace* details) {
  boost::json::object o;
  o["id"] = Str(id);
  if (details == nullptr) {
    o["decision"] = OutcomeName(decision.outcome);
    return ToText(o);
  }
  AddDecision(decision, &o);
  o["matchedStatements"] = MatchedJson(details);
  o["missingContextKeys"] = MissingJson(details);
  return ToText(o);
}

void AppendBatchDecisionJson(absl::string_view id, Outcome outcome,
                             std::string* out) {
  // Printable ASCII other than '"' and '\\' is written as is by Boost.JSON
  // too; anything else takes its serializer, so the bytes never differ.
  bool plain = true;
  for (char c : id) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  out->append("{\"id\": ");
  if (plain) {
    out->push_back('"');
    out->append(id.data(), id.size());
    out->push_back('"');
  } else {
    out->append(JsonQuote(id));
  }
  out->append(", \"decision\": \"");
  out->append(OutcomeName(outcome));
  out->append("\"}");
}

std::string BatchErrorJson(absl::string_view id, absl::string_view error) {
  boost::json::object o;
  o["id"] = Str(id);
  o["error"] = Str(error);
  return ToText(o);
}

std::string JsonQuote(absl::string_view text) { return ToText(Str(text)); }

}  // namespace iameval
