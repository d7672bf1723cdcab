// The output formats of the queries in query.h: text, JSON, DOT.
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "account/account_internal.h"
#include "iameval/account/query.h"
#include "iameval/arn.h"
#include "iameval/condition.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/internal/compiled_policy.h"
#include "json/json_writer.h"

namespace iameval {

namespace account_internal {

void WriteStrings(const std::vector<std::string>& items, json::JsonWriter* w) {
  w->BeginArray();
  for (const std::string& item : items) w->String(item);
  w->EndArray();
}

void WriteStatementRef(const StatementRef& s, json::JsonWriter* w) {
  w->BeginObject().Member("policy", s.policy).Key("sid");
  if (s.sid.empty()) {
    w->Null();
  } else {
    w->String(s.sid);
  }
  w->Key("index").Int(s.index).Key("line").Int(s.line);
  w->Member("layer", LayerName(s.layer)).Key("level");
  if (s.level < 0) {
    w->Null();
  } else {
    w->Int(s.level);
  }
  w->Member("effect", s.effect == Effect::kAllow ? "Allow" : "Deny");
  w->EndObject();
}

void WriteStatements(const std::vector<StatementRef>& items,
                     json::JsonWriter* w) {
  w->BeginArray();
  for (const StatementRef& s : items) WriteStatementRef(s, w);
  w->EndArray();
}

}  // namespace account_internal

using account_internal::ShortName;
using account_internal::WriteStatementRef;
using account_internal::WriteStatements;
using account_internal::WriteStrings;

std::string StatementRefToJson(const StatementRef& s) {
  std::string out;
  json::JsonWriter w(&out);
  WriteStatementRef(s, &w);
  return out;
}

std::string StatementRefToText(const StatementRef& s) {
  std::string out = s.policy;
  if (!s.sid.empty()) {
    absl::StrAppend(&out, " ", s.sid);
  } else {
    absl::StrAppend(&out, " statement ", s.index);
  }
  absl::StrAppend(&out, " (", LayerName(s.layer));
  if (s.level >= 0) absl::StrAppend(&out, " level ", s.level);
  if (s.line > 0) absl::StrAppend(&out, ", line ", s.line);
  out += ")";
  return out;
}

std::string CanResultToText(const CanResult& result) {
  return absl::StrCat("principal: ", result.principal, "\n",
                      FormatDecisionText(result.decision, &result.trace,
                                         result.request, false));
}

std::string CanResultToJson(const CanResult& result) {
  std::string body =
      DecisionToJson(result.decision, &result.trace, result.request);
  // {"entity": ..., <the simulator's fields>}
  return json::WithLeadingMember("entity", json::Quote(result.principal), body);
}

// --- WhoCan ------------------------------------------------------------------

namespace {

void WriteWhoCanEntry(const WhoCanEntry& e, json::JsonWriter* w) {
  w->BeginObject().Member("principal", e.principal).Member("type", e.type);
  w->Member("account", e.account).Member("evaluatedAs", e.evaluated_as);
  w->Member("decision", OutcomeName(e.decision.outcome));
  w->Member("layer", LayerName(e.decision.layer));
  w->Member("reason", ReasonText(e.decision.reason));
  WriteStatements(e.granting, &w->Key("grantingStatements"));
  WriteStrings(e.condition_keys, &w->Key("conditionKeys"));
  WriteStrings(e.needs, &w->Key("needs"));
  w->EndObject();
}

}  // namespace

std::string WhoCanToText(const WhoCanResult& result) {
  std::string out = absl::StrCat(
      "who can ", result.action, " on ", result.resource,
      result.resource_account.empty()
          ? std::string()
          : absl::StrCat(" (account ", result.resource_account, ")"),
      ": ", result.allowed.size(), " of ", result.principals_evaluated,
      " principals\n");
  for (const WhoCanEntry& e : result.allowed) {
    absl::StrAppend(&out, "  ", e.principal, " (", e.type, ")\n");
    for (const StatementRef& s : e.granting) {
      absl::StrAppend(&out, "      granted by ", StatementRefToText(s), "\n");
    }
    if (!e.condition_keys.empty()) {
      absl::StrAppend(&out, "      depends on missing keys: ",
                      absl::StrJoin(e.condition_keys, ", "), "\n");
    }
  }
  if (!result.conditional.empty()) {
    absl::StrAppend(&out, "needs context: allowed once these keys are given (",
                    result.conditional.size(), "):\n");
    for (const WhoCanEntry& e : result.conditional) {
      absl::StrAppend(&out, "  ", e.principal, " (", e.type, "): needs ",
                      absl::StrJoin(e.needs, ", "), "\n");
    }
  }
  if (!result.external.empty()) {
    absl::StrAppend(&out, "outside the snapshot, named by the policy (",
                    result.external.size(), "):\n");
    for (const WhoCanExternal& e : result.external) {
      absl::StrAppend(&out, "  ", e.principal, " (", e.kind, ")");
      if (!e.needs.empty()) {
        absl::StrAppend(&out, ": needs ", absl::StrJoin(e.needs, ", "));
      }
      out += "\n";
      for (const StatementRef& s : e.granting) {
        absl::StrAppend(&out, "      granted by ", StatementRefToText(s), "\n");
      }
    }
  }
  if (!result.incomplete.empty()) {
    absl::StrAppend(&out,
                    "incomplete: attached policies not found, answer unknown (",
                    result.incomplete.size(), "):\n");
    for (const WhoCanIncomplete& e : result.incomplete) {
      absl::StrAppend(
          &out, "  ", e.principal,
          e.allowed_on_what_loaded ? " (allowed on what loaded)" : "",
          ": missing ", absl::StrJoin(e.missing, ", "), "\n");
    }
  }
  if (!result.pivots.empty()) {
    absl::StrAppend(&out, "through role assumption (", result.pivots.size(),
                    "):\n");
    for (const WhoCanPivot& p : result.pivots) {
      std::vector<std::string> names;
      for (const std::string& n : p.path) names.push_back(ShortName(n));
      absl::StrAppend(&out, "  ", p.principal, " via ",
                      absl::StrJoin(names, " -> "), "\n");
    }
  }
  return out;
}

std::string WhoCanToJson(const WhoCanResult& result) {
  std::string out;
  json::JsonWriter w(&out);
  w.BeginObject().Member("action", result.action);
  w.Member("resource", result.resource);
  w.Member("resourceAccount", result.resource_account);
  w.Key("principalsEvaluated").Uint(result.principals_evaluated);
  w.Key("allowed").BeginArray();
  for (const WhoCanEntry& e : result.allowed) WriteWhoCanEntry(e, &w);
  w.EndArray().Key("conditional").BeginArray();
  for (const WhoCanEntry& e : result.conditional) WriteWhoCanEntry(e, &w);
  w.EndArray().Key("external").BeginArray();
  for (const WhoCanExternal& e : result.external) {
    w.BeginObject().Member("principal", e.principal).Member("kind", e.kind);
    WriteStatements(e.granting, &w.Key("grantingStatements"));
    WriteStrings(e.needs, &w.Key("needs"));
    w.EndObject();
  }
  w.EndArray().Key("incomplete").BeginArray();
  for (const auto& inc : result.incomplete) {
    w.BeginObject().Member("principal", inc.principal);
    w.Key("allowedOnWhatLoaded").Bool(inc.allowed_on_what_loaded);
    WriteStrings(inc.missing, &w.Key("missing"));
    w.EndObject();
  }
  w.EndArray().Key("pivots").BeginArray();
  for (const auto& pivot : result.pivots) {
    w.BeginObject().Member("principal", pivot.principal);
    WriteStrings(pivot.path, &w.Key("path"));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

// --- WhatCan -----------------------------------------------------------------

std::string WhatCanToText(const WhatCanResult& result, size_t limit) {
  std::string out = absl::StrCat(
      "what can ", result.principal, " do on ", result.resource, ": ",
      result.actions.size(), " action/resource pairs",
      result.catalog_used ? "" : " (no catalog: patterns not expanded)", "\n");
  size_t shown = 0;
  for (const WhatCanEntry& e : result.actions) {
    if (limit != 0 && shown == limit) {
      absl::StrAppend(&out, "  ... and ", result.actions.size() - shown,
                      " more (--limit 0 shows all, --summary counts them)\n");
      break;
    }
    ++shown;
    const char* prefix = e.decision.allowed() ? ""
                         : e.needs.empty()    ? "DENIED "
                                              : "NEEDS CONTEXT ";
    absl::StrAppend(&out, "  ", prefix, e.action, " on ", e.resource);
    if (e.access_level != "unknown")
      absl::StrAppend(&out, " [", e.access_level, "]");
    if (!e.from_pattern.empty())
      absl::StrAppend(&out, " (from ", e.from_pattern, ")");
    if (!e.needs.empty()) {
      absl::StrAppend(&out, " (needs ", absl::StrJoin(e.needs, ", "), ")");
    } else if (!e.condition_keys.empty()) {
      absl::StrAppend(&out, " (depends on missing keys: ",
                      absl::StrJoin(e.condition_keys, ", "), ")");
    }
    out += "\n";
  }
  if (!result.patterns.empty()) {
    absl::StrAppend(&out, "patterns not evaluated:\n");
    for (const WhatCanPattern& p : result.patterns) {
      absl::StrAppend(
          &out, "  ", p.pattern, " on ", absl::StrJoin(p.resources, ", "),
          p.policy.empty() ? "" : absl::StrCat(" (", p.policy, ")"), "\n");
    }
  }
  return out;
}

std::string WhatCanSummaryText(const WhatCanResult& result) {
  // service -> access level -> (allowed pairs, needs-context pairs)
  std::map<std::string, std::map<std::string, std::pair<int, int>>> counts;
  for (const WhatCanEntry& e : result.actions) {
    if (!e.decision.allowed() && e.needs.empty()) continue;
    std::string service = e.action.substr(0, e.action.find(':'));
    auto& c = counts[service][e.access_level];
    (e.decision.allowed() ? c.first : c.second)++;
  }
  std::string out =
      absl::StrCat("what can ", result.principal, " do on ", result.resource,
                   ": ", counts.size(), " services\n");
  for (const auto& [service, levels] : counts) {
    std::vector<std::string> parts;
    for (const auto& [level, c] : levels) {
      std::string part = absl::StrCat(level, " ", c.first);
      if (c.second)
        absl::StrAppend(&part, " (+", c.second, " needing context)");
      parts.push_back(std::move(part));
    }
    absl::StrAppend(&out, "  ", service, ": ", absl::StrJoin(parts, ", "),
                    "\n");
  }
  return out;
}

std::string WhatCanToJson(const WhatCanResult& result) {
  std::string out;
  json::JsonWriter w(&out);
  w.BeginObject().Member("principal", result.principal);
  w.Member("resource", result.resource);
  w.Key("catalogUsed").Bool(result.catalog_used);
  w.Key("actions").BeginArray();
  for (const WhatCanEntry& e : result.actions) {
    w.BeginObject().Member("action", e.action).Member("resource", e.resource);
    w.Member("decision", OutcomeName(e.decision.outcome));
    w.Member("accessLevel", e.access_level).Key("fromPattern");
    if (e.from_pattern.empty()) {
      w.Null();
    } else {
      w.String(e.from_pattern);
    }
    WriteStatements(e.granting, &w.Key("grantingStatements"));
    WriteStrings(e.condition_keys, &w.Key("conditionKeys"));
    WriteStrings(e.needs, &w.Key("needs"));
    w.EndObject();
  }
  w.EndArray().Key("patterns").BeginArray();
  for (const WhatCanPattern& p : result.patterns) {
    w.BeginObject().Member("pattern", p.pattern).Member("policy", p.policy);
    w.Key("statement").Int(p.statement_index);
    WriteStrings(p.resources, &w.Key("resources"));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

// --- AssumePaths ------------------------------------------------------------

namespace {

// Display names: the short name, with "@account" when two nodes share it.
std::map<std::string, std::string> NodeLabels(const AssumeGraph& graph) {
  std::map<std::string, int> count;
  auto base = [](const std::string& n) {
    // An account principal is its account id, not "root".
    if (std::optional<ArnView> v = ArnView::Parse(n);
        v && v->resource == "root") {
      return std::string(v->account);
    }
    return ShortName(n);
  };
  for (const std::string& n : graph.nodes) ++count[base(n)];
  std::map<std::string, std::string> out;
  for (const std::string& n : graph.nodes) {
    std::string label = base(n);
    if (count[label] > 1) {
      if (std::optional<ArnView> v = ArnView::Parse(n);
          v && !v->account.empty()) {
        absl::StrAppend(&label, "@", v->account);
      } else {
        label = n;
      }
    }
    out[n] = label;
  }
  return out;
}

std::string ShortStatement(const StatementRef& s) {
  std::string out = ShortName(s.policy);
  absl::StrAppend(&out, " ",
                  s.sid.empty() ? absl::StrCat("statement ", s.index) : s.sid);
  if (s.line > 0) absl::StrAppend(&out, " (line ", s.line, ")");
  return out;
}

}  // namespace

std::string AssumeGraphToText(const AssumeGraph& graph) {
  std::map<std::string, std::string> label = NodeLabels(graph);
  std::map<std::string, std::string> kinds;
  for (const AssumeEdge& e : graph.edges) {
    kinds[e.from] = e.from_kind;
    kinds.emplace(e.to, "role");
  }
  std::string out = absl::StrCat("role assumption: ", graph.edges.size(),
                                 " edges, ", graph.nodes.size(), " nodes\n");
  out += "nodes:\n";
  for (const std::string& n : graph.nodes) {
    absl::StrAppend(&out, "  ", label[n], " (", kinds[n], ") ", n, "\n");
  }
  out += "edges:\n";
  for (const AssumeEdge& e : graph.edges) {
    absl::StrAppend(&out, "  ", label[e.from], " -> ", label[e.to]);
    if (e.cross_account) out += " [cross-account]";
    if (e.outside_organization) out += " [outside organization]";
    if (!e.needs.empty()) {
      absl::StrAppend(&out, " [needs ", absl::StrJoin(e.needs, ", "), "]");
    }
    out += "\n";
    for (const StatementRef& s : e.trust_statements) {
      absl::StrAppend(&out, "      trust: ", ShortStatement(s), "\n");
    }
    for (const std::string& c : e.conditions) {
      absl::StrAppend(&out, "      condition: ", c, "\n");
    }
    for (const StatementRef& s : e.identity_statements) {
      absl::StrAppend(&out, "      identity: ", ShortStatement(s), "\n");
    }
    if (!e.condition_keys.empty() && e.needs.empty()) {
      absl::StrAppend(&out, "      depends on missing keys: ",
                      absl::StrJoin(e.condition_keys, ", "), "\n");
    }
  }
  absl::StrAppend(&out, "reachable (transitive):\n");
  for (const AssumeReach& r : graph.closure) {
    absl::StrAppend(&out, "  ", label[r.from], " => ", label[r.to]);
    if (r.path.size() > 2) {
      std::vector<std::string> names;
      for (const std::string& n : r.path) names.push_back(label[n]);
      absl::StrAppend(&out, " via ", absl::StrJoin(names, " -> "));
    }
    out += "\n";
  }
  return out;
}

std::string AssumeGraphToJson(const AssumeGraph& graph) {
  std::string out;
  json::JsonWriter w(&out);
  w.BeginObject();
  WriteStrings(graph.nodes, &w.Key("nodes"));
  w.Key("edges").BeginArray();
  for (const AssumeEdge& e : graph.edges) {
    w.BeginObject().Member("from", e.from).Member("fromKind", e.from_kind);
    w.Member("to", e.to).Key("crossAccount").Bool(e.cross_account);
    w.Key("outsideOrganization").Bool(e.outside_organization);
    WriteStatements(e.trust_statements, &w.Key("trustStatements"));
    WriteStatements(e.identity_statements, &w.Key("identityStatements"));
    WriteStrings(e.condition_keys, &w.Key("conditionKeys"));
    WriteStrings(e.needs, &w.Key("needs"));
    WriteStrings(e.conditions, &w.Key("conditions"));
    w.EndObject();
  }
  w.EndArray().Key("closure").BeginArray();
  for (const AssumeReach& r : graph.closure) {
    w.BeginObject().Member("from", r.from).Member("to", r.to);
    WriteStrings(r.path, &w.Key("path"));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

std::string AssumeGraphToDot(const AssumeGraph& graph) {
  auto quote = [](absl::string_view s) {
    std::string out = "\"";
    // DOT's escString: \n is a line break, \" a quote, \\ a backslash.
    for (char c : s) {
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += "\"";
    return out;
  };
  std::map<std::string, std::string> kinds;
  for (const AssumeEdge& e : graph.edges) {
    kinds[e.from] = e.from_kind;
    if (!kinds.count(e.to)) kinds[e.to] = "role";
  }
  std::string out =
      "digraph assume_paths {\n  rankdir=LR;\n  node [shape=box, "
      "fontname=\"Helvetica\"];\n";
  for (const std::string& n : graph.nodes) {
    std::optional<ArnView> v = ArnView::Parse(n);
    std::string label = ShortName(n);
    if (v && !v->account.empty()) absl::StrAppend(&label, "\n", v->account);
    const std::string& kind = kinds[n];
    std::string shape = kind == "user"   ? "ellipse"
                        : kind == "role" ? "box"
                                         : "diamond";
    absl::StrAppend(&out, "  ", quote(n), " [label=", quote(label),
                    ", shape=", shape, "];\n");
  }
  for (const AssumeEdge& e : graph.edges) {
    absl::StrAppend(&out, "  ", quote(e.from), " -> ", quote(e.to));
    std::vector<std::string> attrs;
    if (e.cross_account) attrs.push_back("style=dashed");
    if (e.outside_organization) attrs.push_back("color=red");
    if (!e.needs.empty()) {
      attrs.push_back("style=dotted");
      std::vector<std::string> keys;
      for (const std::string& n : e.needs)
        keys.push_back(n.substr(0, n.find('=')));
      attrs.push_back(absl::StrCat(
          "label=", quote(absl::StrCat("needs ", absl::StrJoin(keys, "\n")))));
    }
    if (!attrs.empty())
      absl::StrAppend(&out, " [", absl::StrJoin(attrs, ", "), "]");
    out += ";\n";
  }
  out += "}\n";
  return out;
}

}  // namespace iameval
