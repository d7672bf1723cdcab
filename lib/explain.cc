// Decision explanations: text for people, JSON for programs.
#include "iameval/explain.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "json/json_reader.h"
#include "json/json_writer.h"

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

using json::JsonWriter;

void Level(Layer layer, int level, JsonWriter* w) {
  w->Key("level");
  if ((layer == Layer::kScp || layer == Layer::kRcp) && level >= 0) {
    w->Int(level);
  } else {
    w->Null();
  }
}

void OptionalString(absl::string_view key, absl::string_view s, JsonWriter* w) {
  w->Key(key);
  if (s.empty()) {
    w->Null();
  } else {
    w->String(s);
  }
}

void Strings(const std::vector<std::string>& values, JsonWriter* w) {
  w->BeginArray();
  for (const std::string& v : values) w->String(v);
  w->EndArray();
}

// Where a statement is and what it says: the members a matched statement and
// a near miss share.
template <typename Statement>
void StatementMembers(const Statement& m, JsonWriter* w) {
  w->Member("policy", m.policy_id);
  OptionalString("sid", m.sid, w);
  w->Key("index").Int(m.statement_index);
  w->Key("line").Int(m.line);
  w->Member("effect", EffectName(m.effect));
  w->Member("layer", LayerName(m.layer));
  Level(m.layer, m.level, w);
}

void Matched(const Trace* trace, JsonWriter* w) {
  w->Key("matchedStatements").BeginArray();
  if (trace != nullptr) {
    for (const MatchedStatement& m : trace->matched) {
      w->BeginObject();
      StatementMembers(m, w);
      w->EndObject();
    }
  }
  w->EndArray();
}

void Missing(const Trace* trace, JsonWriter* w) {
  w->Key("missingContextKeys").BeginArray();
  if (trace != nullptr) {
    for (const std::string& k : trace->missing_keys) w->String(k);
  }
  w->EndArray();
}

void NearMisses(const Trace* trace, JsonWriter* w) {
  w->Key("nearMisses").BeginArray();
  if (trace != nullptr) {
    for (const NearMiss& m : trace->near_misses) {
      w->BeginObject();
      StatementMembers(m, w);
      w->Member("failed", FailedElementName(m.element));
      w->Key("conditions").BeginArray();
      for (const FailedCondition& c : m.conditions) {
        w->BeginObject().Member("operator", c.op).Member("key", c.key);
        w->Key("policyValues");
        Strings(c.policy_values, w);
        w->Key("requestValues");
        if (c.present) {
          Strings(c.request_values, w);
        } else {
          w->Null();
        }
        w->Member("result", c.indeterminate ? "Indeterminate" : "false");
        w->EndObject();
      }
      w->EndArray().EndObject();
    }
  }
  w->EndArray();
}

// The request's context after derivation: a string for a single value, an
// array for a key given as a list.
void Context(const RequestContext& context, JsonWriter* w) {
  w->Key("context").BeginObject();
  for (const ContextEntry* e : context.SortedEntries()) {
    w->Key(e->key);
    if (e->unknown) {
      w->Null();  // present, value unknown (R19)
    } else if (e->is_list || e->values.size() != 1) {
      w->BeginArray();
      for (const ContextValue& v : e->values) w->String(v.text);
      w->EndArray();
    } else {
      w->String(e->values[0].text);
    }
  }
  w->EndObject();
}

void DecisionMembers(const Decision& d, JsonWriter* w) {
  w->Member("decision", OutcomeName(d.outcome));
  w->Member("layer", LayerName(d.layer));
  Level(d.layer, d.level, w);
  w->Member("reason", ReasonText(d.reason));
  w->Member("reasonCode", ReasonName(d.reason));
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
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  if (fields.request) {
    const Principal& p = request.principal;
    w.Member("principal",
             p.kind == PrincipalKind::kAnonymous ? "anonymous" : p.arn);
    if (p.session_unknown) w.Key("sessionNameUnknown").Bool(true);
    w.Member("action", request.action);
    w.Member("resource", request.resource);
  }
  DecisionMembers(decision, &w);
  Matched(trace, &w);
  Missing(trace, &w);
  if (fields.layers) {
    w.Key("layers").BeginArray();
    if (trace != nullptr) {
      for (const LayerVerdict& v : trace->layers) {
        w.BeginObject().Member("layer", LayerName(v.layer));
        Level(v.layer, v.level, &w);
        w.Member("verdict", VerdictName(v.verdict)).EndObject();
      }
    }
    w.EndArray();
  }
  if (fields.indeterminate) {
    w.Key("indeterminate").BeginArray();
    if (trace != nullptr) {
      for (const IndeterminateCondition& c : trace->indeterminate) {
        w.BeginObject().Member("policy", c.policy_id);
        w.Key("index").Int(c.statement_index);
        w.Member("operator", c.op).Member("key", c.key);
        w.Member("effect", EffectName(c.effect)).Member("why", c.why);
        w.EndObject();
      }
    }
    w.EndArray();
  }
  if (fields.near_misses) NearMisses(trace, &w);
  if (fields.warnings) {
    w.Key("warnings");
    Strings(trace == nullptr ? std::vector<std::string>() : trace->warnings,
            &w);
  }
  if (fields.context) Context(request.context, &w);
  w.EndObject();
  return out;
}

std::string BatchResultJson(absl::string_view id, const Decision& decision,
                            const Trace* details) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Member("id", id);
  if (details == nullptr) {
    w.Member("decision", OutcomeName(decision.outcome));
  } else {
    DecisionMembers(decision, &w);
    Matched(details, &w);
    Missing(details, &w);
  }
  w.EndObject();
  return out;
}

void AppendBatchDecisionJson(absl::string_view id, Outcome outcome,
                             std::string* out) {
  // The batch hot path: one line per request, without the writer's state.
  // explain_test (AppendBatchDecisionJson.SameBytesAsBatchResultJson) holds
  // these bytes equal to the writer's.
  out->append("{\"id\": ");
  const size_t plain = json::PlainAsciiRun(id.data(), id.size());
  if (plain == id.size()) {
    out->push_back('"');
    out->append(id.data(), id.size());
    out->push_back('"');
  } else {
    json::AppendQuoted(id, out);
  }
  out->append(", \"decision\": \"");
  out->append(OutcomeName(outcome));
  out->append("\"}");
}

std::string BatchErrorJson(absl::string_view id, absl::string_view error) {
  std::string out;
  JsonWriter(&out)
      .BeginObject()
      .Member("id", id)
      .Member("error", error)
      .EndObject();
  return out;
}

std::string JsonQuote(absl::string_view text) { return json::Quote(text); }

}  // namespace iameval
