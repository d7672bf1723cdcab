// Queries over an AccountModel: Can, WhoCan, WhatCan, AssumePaths.
#include "iameval/account/query.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "account/account_internal.h"
#include "iameval/arn.h"
#include "iameval/catalog.h"
#include "iameval/condition.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/internal/compiled_policy.h"
#include "iameval/internal/status_macros.h"
#include "iameval/wildcard.h"
#include "json/json_writer.h"

namespace iameval {

using internal::AsciiLower;
using internal::CompiledCondition;
using internal::CompiledPolicyImpl;
using internal::CompiledResource;
using internal::CompiledStatement;
using internal::kGrantNone;
using internal::PrincipalMatcher;
using internal::Tri;

// --- shared helpers ----------------------------------------------------------

namespace account_internal {

PolicyRef AllowAllIdentity() {
  static const PolicyRef* policy = [] {
    absl::StatusOr<PolicyRef> p = ParseAndCompile(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
        PolicyKind::kIdentity, CompileOptions{"iameval:allow-all"});
    return new PolicyRef(p.ok() ? *p : nullptr);
  }();
  return *policy;
}

bool StatementCoversAction(const Statement& s,
                           absl::string_view action_folded) {
  bool any = false;
  for (const std::string& a : s.actions) {
    if (Glob::FromPattern(AsciiLower(a)).Matches(action_folded)) {
      any = true;
      break;
    }
  }
  return s.not_action ? !any : any;
}

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

std::string CallerType(const ResolvedCaller& caller) {
  switch (caller.principal.kind) {
    case PrincipalKind::kUser:
      return "user";
    case PrincipalKind::kRoleSession:
      return "role";
    case PrincipalKind::kRoot:
      return "root";
    case PrincipalKind::kFederatedUser:
      return "federated-user";
    default:
      return PrincipalKindName(caller.principal.kind);
  }
}

std::string SubstituteKnownVariables(absl::string_view text,
                                     const RequestContext& context) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = text.find("${", pos);
    if (start == absl::string_view::npos) break;
    size_t end = text.find('}', start);
    if (end == absl::string_view::npos) break;
    absl::string_view key = text.substr(start + 2, end - start - 2);
    out.append(text.data() + pos, start - pos);
    const ContextEntry* e = context.Find(key);
    if (e != nullptr && !e->is_list && e->values.size() == 1) {
      out += e->values[0].text;
    } else {
      out.append(text.data() + start, end + 1 - start);
    }
    pos = end + 1;
  }
  out.append(text.data() + pos, text.size() - pos);
  return out;
}

std::string ShortName(absl::string_view arn) {
  size_t slash = arn.rfind('/');
  if (slash != absl::string_view::npos && slash + 1 < arn.size()) {
    return std::string(arn.substr(slash + 1));
  }
  size_t colon = arn.rfind(':');
  if (colon != absl::string_view::npos && colon + 1 < arn.size()) {
    return std::string(arn.substr(colon + 1));
  }
  return std::string(arn);
}

Decision EvaluateTraced(const Resolution& r, Trace* trace) {
  return Evaluate(r.bundle, r.request, trace);
}

namespace {

bool DependsOnMissingKey(const CompiledStatement& s,
                         const RequestContext& context) {
  for (const CompiledCondition& c : s.conditions) {
    if (context.FindFolded(c.key_folded()) == nullptr) return true;
  }
  return false;
}

template <typename Fn>
void ForEachPolicy(const PolicyBundle& b, Fn&& fn) {
  for (const PolicyRef& p : b.identity) fn(internal::ImplOf(*p), false);
  for (const PolicyRef& p : b.boundary) fn(internal::ImplOf(*p), false);
  for (const PolicyRef& p : b.session) fn(internal::ImplOf(*p), false);
  for (const PolicyRef& p : b.resource) fn(internal::ImplOf(*p), true);
  for (const auto& level : b.scp_levels) {
    for (const PolicyRef& p : level) fn(internal::ImplOf(*p), false);
  }
  for (const auto& level : b.rcp_levels) {
    for (const PolicyRef& p : level) fn(internal::ImplOf(*p), true);
  }
  for (const PolicyRef& p : b.vpc_endpoint) fn(internal::ImplOf(*p), true);
}

}  // namespace

bool IdentityMayAllow(const std::vector<PolicyRef>& identity,
                      absl::string_view action_folded,
                      absl::string_view resource) {
  absl::string_view service = action_folded.substr(0, action_folded.find(':'));
  bool found = false;
  for (const PolicyRef& p : identity) {
    internal::ImplOf(*p).ForEachActionMatch(
        action_folded, service, [&](const CompiledStatement& s) {
          if (s.effect != Effect::kAllow) return true;
          bool matches = s.resource_mode == Statement::ResourceMode::kNone;
          if (!matches) {
            bool any = false, unknown = false;
            for (const CompiledResource& r : s.resources) {
              if (r.variables != nullptr) {
                unknown = true;  // depends on the request: assume it may match
              } else if (r.glob.Matches(resource)) {
                any = true;
              }
            }
            matches =
                unknown ||
                (s.resource_mode == Statement::ResourceMode::kResource ? any
                                                                       : !any);
          }
          if (matches) found = true;
          return !found;
        });
    if (found) return true;
  }
  return false;
}

bool MayBeAllowedOnStar(const ResolvedCaller& caller,
                        absl::string_view action_folded) {
  const PrincipalKind k = caller.principal.kind;
  if (k != PrincipalKind::kUser && k != PrincipalKind::kRoleSession) {
    return true;
  }
  return IdentityMayAllow(caller.identity, action_folded, "*");
}

bool AnyConditionOnMissingKey(const PolicyBundle& bundle,
                              const Request& request) {
  bool found = false;
  ForEachPolicy(bundle, [&](const CompiledPolicyImpl& p, bool) {
    if (found) return;
    p.ForEachActionMatch(request.action_folded, request.service_folded(),
                         [&](const CompiledStatement& s) {
                           if (!s.conditions.empty() &&
                               DependsOnMissingKey(s, request.context)) {
                             found = true;
                           }
                           return !found;
                         });
  });
  return found;
}

bool AllowWaitsForMissingKey(const PolicyBundle& bundle,
                             const Request& request) {
  bool candidate = false;
  ForEachPolicy(bundle, [&](const CompiledPolicyImpl& p, bool has_principal) {
    if (candidate) return;
    p.ForEachActionMatch(
        request.action_folded, request.service_folded(),
        [&](const CompiledStatement& s) {
          if (s.effect != Effect::kAllow || s.conditions.empty() ||
              !DependsOnMissingKey(s, request.context) ||
              internal::ResourceMatches(s, request) == Tri::kFalse) {
            return true;
          }
          if (has_principal &&
              s.principal_mode == Statement::PrincipalMode::kPrincipal) {
            bool any = false;
            for (const PrincipalMatcher& m : s.principals) {
              any |= internal::MatchPrincipal(m, s.effect, request.principal,
                                              false) != kGrantNone;
            }
            if (!any) return true;
          }
          candidate = true;
          return false;
        });
  });
  return candidate;
}

bool ContextCouldAllow(const PolicyBundle& bundle, const Request& request,
                       const Decision& decision, const Trace& trace) {
  if (decision.allowed() || trace.missing_keys.empty()) return false;
  // Every Deny that applied must hinge on a missing key.
  for (const MatchedStatement& m : trace.matched) {
    if (m.effect != Effect::kDeny) continue;
    bool hinges = false;
    ForEachPolicy(bundle, [&](const CompiledPolicyImpl& p, bool) {
      if (hinges || p.id() != m.policy_id) return;
      for (const CompiledStatement& s : p.statements()) {
        if (s.index == m.statement_index &&
            DependsOnMissingKey(s, request.context)) {
          hinges = true;
        }
      }
    });
    if (!hinges) return false;
  }
  return AllowWaitsForMissingKey(bundle, request);
}

RequestContext PrincipalContext(const QueryOptions& options) {
  RequestContext out = ProfilePrincipalContext(options.profile);
  MergeContext(options.context, &out);
  return out;
}

RequestContext SamlContext(const QueryOptions& options) {
  RequestContext out = ProfileSamlContext(options.profile);
  MergeContext(options.context, &out);
  return out;
}

RequestContext WebIdentityContext(const QueryOptions& options) {
  RequestContext out = ProfileWebIdentityContext(options.profile);
  MergeContext(options.context, &out);
  return out;
}

namespace {

std::string NumberText(double d) {
  if (d == static_cast<double>(static_cast<int64_t>(d))) {
    return absl::StrCat(static_cast<int64_t>(d));
  }
  return absl::StrCat(d);
}

// A value for the condition's key under which the condition evaluates to
// `want`; nullopt when none can be written (the key must stay absent, or the
// value has policy variables). Sets `*list` for set operators.
std::optional<std::string> ValueMaking(const ConditionEntry& c, bool want,
                                       bool* list) {
  std::optional<ConditionOperator> op = ConditionOperator::Parse(c.op);
  if (!op || c.values.empty()) return std::nullopt;
  *list = op->qualifier != SetQualifier::kNone;
  const std::string& v = c.values[0];
  if (absl::StrContains(v, "${")) return std::nullopt;
  if (op->family == ConditionFamily::kNull) {
    // Present makes `Null: false` true and `Null: true` false.
    const bool present_makes_true = v == "false";
    if (present_makes_true != (want != op->negated)) return std::nullopt;
    return std::string("iameval");
  }
  const bool t = want != op->negated;  // want the base operator true
  constexpr char kEarly[] = "1970-01-02T00:00:00Z";
  constexpr char kLate[] = "2999-01-01T00:00:00Z";
  switch (op->family) {
    case ConditionFamily::kString:
    case ConditionFamily::kStringIgnoreCase:
    case ConditionFamily::kBinary:
      return t ? v : absl::StrCat(v, "-iameval-other");
    case ConditionFamily::kStringLike:
    case ConditionFamily::kArn: {
      if (!t) return absl::StrCat("iameval-other-", v);
      std::string out;
      for (char ch : v) out += (ch == '*' || ch == '?') ? 'x' : ch;
      return out;
    }
    case ConditionFamily::kBool:
      if (t) return v;
      return std::string(AsciiLower(v) == "true" ? "false" : "true");
    case ConditionFamily::kNumeric: {
      double d = 0;
      if (!absl::SimpleAtod(v, &d)) return std::nullopt;
      switch (op->comparison) {
        case Comparison::kEquals:
          return t ? v : NumberText(d + 1);
        case Comparison::kLess:
          return t ? NumberText(d - 1) : v;
        case Comparison::kLessEquals:
          return t ? v : NumberText(d + 1);
        case Comparison::kGreater:
          return t ? NumberText(d + 1) : v;
        case Comparison::kGreaterEquals:
          return t ? v : NumberText(d - 1);
      }
      return std::nullopt;
    }
    case ConditionFamily::kDate:
      switch (op->comparison) {
        case Comparison::kEquals:
          return t ? v : std::string(kEarly);
        case Comparison::kLess:
          return std::string(t ? kEarly : kLate);
        case Comparison::kLessEquals:
          return t ? v : std::string(kLate);
        case Comparison::kGreater:
          return std::string(t ? kLate : kEarly);
        case Comparison::kGreaterEquals:
          return t ? v : std::string(kEarly);
      }
      return std::nullopt;
    case ConditionFamily::kIp: {
      if (t) return v.substr(0, v.find('/'));
      return std::string(absl::StrContains(v, ':') ? "2001:db8::1"
                                                   : "192.0.2.1");
    }
    case ConditionFamily::kNull:
      break;
  }
  return std::nullopt;
}

struct Assignment {
  std::string key;
  std::string value;
  bool list = false;
};

}  // namespace

std::optional<Supplied> AllowedOnceSupplied(
    const std::vector<const Policy*>& docs, const PolicyBundle& bundle,
    const Request& request, const Trace& trace) {
  if (trace.missing_keys.empty()) return std::nullopt;
  absl::flat_hash_set<std::string> missing;
  for (const std::string& k : trace.missing_keys) missing.insert(AsciiLower(k));
  // Candidate assignments: one per Allow statement (its conditions made
  // true), plus the Deny statements' conditions made false.
  std::vector<std::vector<Assignment>> allows;
  std::vector<Assignment> deny_falsifiers;
  for (const Policy* p : docs) {
    for (const Statement& s : p->statements) {
      if (s.conditions.empty() ||
          !StatementCoversAction(s, request.action_folded)) {
        continue;
      }
      std::vector<Assignment> a;
      for (const ConditionEntry& c : s.conditions) {
        if (!missing.contains(AsciiLower(c.key))) continue;
        bool list = false;
        std::optional<std::string> v =
            ValueMaking(c, s.effect == Effect::kAllow, &list);
        if (v) a.push_back({c.key, *v, list});
      }
      if (a.empty()) continue;
      if (s.effect == Effect::kAllow) {
        allows.push_back(std::move(a));
      } else {
        for (Assignment& x : a) deny_falsifiers.push_back(std::move(x));
      }
    }
  }
  std::vector<std::vector<Assignment>> attempts;
  {
    // Everything at once: the first value each key was given.
    std::vector<Assignment> all;
    absl::flat_hash_set<std::string> seen;
    for (const auto& a : allows) {
      for (const Assignment& x : a) {
        if (seen.insert(AsciiLower(x.key)).second) all.push_back(x);
      }
    }
    for (const Assignment& x : deny_falsifiers) {
      if (seen.insert(AsciiLower(x.key)).second) all.push_back(x);
    }
    if (!all.empty()) attempts.push_back(std::move(all));
  }
  for (const auto& a : allows) {
    if (attempts.size() >= 16) break;
    std::vector<Assignment> one = a;
    absl::flat_hash_set<std::string> seen;
    for (const Assignment& x : a) seen.insert(AsciiLower(x.key));
    for (const Assignment& x : deny_falsifiers) {
      if (seen.insert(AsciiLower(x.key)).second) one.push_back(x);
    }
    attempts.push_back(std::move(one));
  }
  for (const std::vector<Assignment>& attempt : attempts) {
    Request r = request;
    for (const Assignment& x : attempt) {
      if (x.list) {
        r.context.SetList(x.key, {x.value});
      } else {
        r.context.Set(x.key, x.value);
      }
    }
    Supplied out;
    out.decision = Evaluate(bundle, r, &out.trace);
    if (!out.decision.allowed()) continue;
    for (const Assignment& x : attempt) {
      out.needs.push_back(absl::StrCat(x.key, "=", x.value));
      out.keys.push_back(x.key);
    }
    return out;
  }
  return std::nullopt;
}

std::vector<const Policy*> DocumentsFor(const AccountModel& model,
                                        const ResolvedCaller& caller,
                                        const ResolvedResource& resource) {
  std::vector<const Policy*> out;
  for (const auto* docs :
       {&caller.identity_documents, &caller.boundary_documents,
        &caller.session_documents}) {
    for (const ModelPolicyRef& d : *docs) out.push_back(&d->parsed);
  }
  if (resource.resource != nullptr && resource.resource->policy) {
    out.push_back(&resource.resource->policy->parsed);
  }
  if (resource.role != nullptr && resource.role->trust) {
    out.push_back(&resource.role->trust->parsed);
  }
  if (const Organization* org = model.organization()) {
    for (const OrgNode& n : org->nodes) {
      for (const ModelPolicyRef& d : n.scps) out.push_back(&d->parsed);
      for (const ModelPolicyRef& d : n.rcps) out.push_back(&d->parsed);
    }
  }
  return out;
}

}  // namespace account_internal

using account_internal::CallerType;
using account_internal::ShortName;
using account_internal::WriteStatementRef;
using account_internal::WriteStatements;
using account_internal::WriteStrings;

std::vector<StatementRef> GrantingStatements(const Trace& trace) {
  std::vector<StatementRef> out;
  std::set<std::tuple<std::string, int, int, int>> seen;
  for (const MatchedStatement& m : trace.matched) {
    if (m.effect != Effect::kAllow) continue;
    // Grants come from identity and resource policies; the other layers
    // only let them through.
    if (m.layer != Layer::kIdentity && m.layer != Layer::kResource) continue;
    if (!seen.insert({m.policy_id, m.statement_index, int(m.layer), m.level})
             .second) {
      continue;
    }
    StatementRef s;
    s.policy = m.policy_id;
    s.sid = m.sid;
    s.index = m.statement_index;
    s.line = m.line;
    s.layer = m.layer;
    s.level = m.level;
    s.effect = m.effect;
    out.push_back(std::move(s));
  }
  return out;
}

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

// --- Can ---------------------------------------------------------------------

absl::StatusOr<CanResult> Can(const AccountModel& model, const Caller& caller,
                              absl::string_view action,
                              absl::string_view resource,
                              const RequestContext& context) {
  IAMEVAL_ASSIGN_OR_RETURN(ResolvedCaller c, ResolveCaller(model, caller));
  ResolvedResource r =
      ResolveResource(model, resource, "", c.principal.account);
  IAMEVAL_ASSIGN_OR_RETURN(Resolution res,
                           Resolve(model, c, r, action, context));
  CanResult out;
  out.principal = c.entity_arn;
  out.action = std::string(action);
  out.resource = std::string(resource);
  out.decision = Evaluate(res.bundle, res.request, &out.trace);
  out.request = std::move(res.request);
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

using account_internal::IsAccountId;

// A principal named in a trust policy.
struct TrustSource {
  enum class Kind { kAnyone, kAccount, kArn, kService, kFederated };
  Kind kind;
  std::string value;  // account id, ARN, service or provider
};

// The principals Allow statements of `policy` name for any of
// `actions_folded`.
std::vector<TrustSource> PolicySources(
    const Policy& policy, const std::vector<std::string>& actions_folded) {
  std::vector<TrustSource> out;
  const std::vector<std::string>& actions = actions_folded;
  for (const Statement& s : policy.statements) {
    if (s.effect != Effect::kAllow ||
        s.principal_mode != Statement::PrincipalMode::kPrincipal) {
      continue;
    }
    bool assume = false;
    for (const std::string& a : actions) {
      assume |= account_internal::StatementCoversAction(s, a);
    }
    if (!assume) continue;
    if (s.principal.any) out.push_back({TrustSource::Kind::kAnyone, "*"});
    for (const PrincipalEntry& e : s.principal.entries) {
      switch (e.type) {
        case PrincipalType::kAws: {
          if (e.value == "*") {
            out.push_back({TrustSource::Kind::kAnyone, "*"});
          } else if (IsAccountId(e.value)) {
            out.push_back({TrustSource::Kind::kAccount, e.value});
          } else if (std::optional<ArnView> v = ArnView::Parse(e.value)) {
            if (v->resource == "root") {
              out.push_back(
                  {TrustSource::Kind::kAccount, std::string(v->account)});
            } else {
              out.push_back({TrustSource::Kind::kArn, e.value});
            }
          }
          break;
        }
        case PrincipalType::kService:
          out.push_back({TrustSource::Kind::kService, e.value});
          break;
        case PrincipalType::kFederated:
          out.push_back({TrustSource::Kind::kFederated, e.value});
          break;
        case PrincipalType::kCanonicalUser:
          break;
      }
    }
  }
  return out;
}

std::vector<TrustSource> TrustSources(const ModelPolicy& trust) {
  return PolicySources(trust.parsed,
                       {"sts:assumerole", "sts:assumerolewithsaml",
                        "sts:assumerolewithwebidentity"});
}

// A principal outside the model evaluated against a resource (or trust)
// policy. Its own side is unknown, so it gets an allow-all identity policy
// (and its SCPs, if its account is in the organization): the resource
// policy, RCPs and the profile decide.
struct ExternalEvaluation {
  bool built = false;
  std::string from;  // how reports name it
  std::string kind;
  std::string from_account;
  PolicyBundle bundle;
  Request request;
  Decision decision;
  Trace trace;
};

// `ext`: "*", "service:NAME", "federated:PROVIDER" or an ARN (an account
// root, a role, a user ...). For a federated provider the action becomes
// sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity.
ExternalEvaluation EvaluateExternal(const AccountModel& model,
                                    const std::string& ext,
                                    absl::string_view action_in,
                                    const ResolvedResource& target,
                                    const PolicyRef& resource_policy,
                                    absl::string_view partition,
                                    const QueryOptions& q) {
  ExternalEvaluation out;
  RequestSpec spec;
  std::string action(action_in);
  RequestContext profile = account_internal::PrincipalContext(q);
  if (ext == "*") {
    spec.principal = absl::StrCat("arn:", partition,
                                  ":iam::000000000000:user/iameval-anyone");
    out.kind = "anyone";
  } else if (absl::StartsWith(ext, "service:")) {
    spec.principal = ext.substr(8);
    out.kind = "service";
    profile = RequestContext();  // a service has no MFA or human session
    MergeContext(q.context, &profile);
  } else if (absl::StartsWith(ext, "federated:")) {
    spec.web_identity_provider = ext.substr(10);
    const bool saml = absl::StrContains(ext, ":saml-provider/");
    action = saml ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
    out.kind = "federated";
    profile = saml ? account_internal::SamlContext(q)
                   : account_internal::WebIdentityContext(q);
  } else {
    std::optional<ArnView> v = ArnView::Parse(ext);
    if (!v) return out;
    out.from_account = std::string(v->account);
    if (v->resource == "root") {
      spec.principal = absl::StrCat("arn:", v->partition, ":iam::", v->account,
                                    ":user/iameval-external");
      out.kind = "external-account";
    } else {
      // Any other principal as is; for a role, a session of it whose name
      // is unknown (R19).
      spec.principal = ext;
      out.kind = "external-principal";
    }
  }
  spec.action = action;
  spec.resource = target.arn;
  spec.context = target.context;
  if (!out.from_account.empty() && !model.OrgId(out.from_account).empty()) {
    spec.context.Set("aws:PrincipalOrgID", model.OrgId(out.from_account));
    spec.context.SetList("aws:PrincipalOrgPaths",
                         {model.OrgPath(out.from_account)});
  }
  MergeContext(profile, &spec.context);
  absl::StatusOr<Request> request = BuildRequest(std::move(spec));
  if (!request.ok()) return out;
  const PrincipalKind k = request->principal.kind;
  if (k == PrincipalKind::kUser || k == PrincipalKind::kRoleSession) {
    out.bundle.identity.push_back(account_internal::AllowAllIdentity());
    if (!out.from_account.empty()) {
      out.bundle.scp_levels = model.ScpLevels(out.from_account);
    }
  }
  out.bundle.rcp_levels = target.rcp_levels;
  out.bundle.management_account = model.management_account();
  if (resource_policy) out.bundle.resource.push_back(resource_policy);
  out.request = *std::move(request);
  out.decision = Evaluate(out.bundle, out.request, &out.trace);
  out.from = ext;
  if (out.kind == "service" || out.kind == "federated") {
    out.from = ext.substr(ext.find(':') + 1);
  }
  out.built = true;
  return out;
}

struct Candidate {
  ResolvedCaller caller;
  std::string type;
};

// Every principal of the model as a caller (roles as a session).
template <typename Fn>
void ForEachPrincipal(const AccountModel& model, const QueryOptions& options,
                      Fn&& fn) {
  for (const IamUser& u : model.users()) {
    if (!fn(ResolveUser(model, u), "user")) return;
  }
  for (const IamRole& r : model.roles()) {
    if (!fn(ResolveRole(model, r, options.session_name), "role")) return;
  }
  if (options.include_root) {
    for (const std::string& account : model.snapshot_accounts()) {
      Caller root;
      root.principal = account;
      absl::StatusOr<ResolvedCaller> c = ResolveCaller(model, root);
      if (c.ok() && !fn(*std::move(c), "root")) return;
    }
  }
}

}  // namespace

absl::StatusOr<WhoCanResult> WhoCan(const AccountModel& model,
                                    absl::string_view action,
                                    absl::string_view resource,
                                    const QueryOptions& options) {
  WhoCanResult out;
  out.action = std::string(action);
  out.resource = std::string(resource);
  ResolvedResource r =
      ResolveResource(model, resource, options.resource_account, "");
  out.resource_account = r.account;
  const RequestContext context = account_internal::PrincipalContext(options);
  absl::Status error;
  ForEachPrincipal(
      model, options, [&](const ResolvedCaller& c, absl::string_view type) {
        absl::StatusOr<Resolution> res = Resolve(model, c, r, action, context);
        if (!res.ok()) {
          error = res.status();
          return false;
        }
        ++out.principals_evaluated;
        // Untraced first: most principals are denied with nothing that a
        // key could change, and a trace costs.
        Decision d = Evaluate(res->bundle, res->request);
        const std::vector<std::string>* missing =
            c.user != nullptr   ? &c.user->missing_policies
            : c.role != nullptr ? &c.role->missing_policies
                                : nullptr;
        if (missing != nullptr && !missing->empty()) {
          out.incomplete.push_back({c.entity_arn, d.allowed(), *missing});
        }
        if (!d.allowed() && (!options.include_conditional ||
                             !account_internal::AnyConditionOnMissingKey(
                                 res->bundle, res->request))) {
          return true;
        }
        Trace trace;
        Evaluate(res->bundle, res->request, &trace);
        WhoCanEntry e;
        if (d.allowed()) {
          e.granting = GrantingStatements(trace);
          e.condition_keys = std::move(trace.missing_keys);
        } else {
          if (!options.include_conditional || trace.missing_keys.empty()) {
            return true;
          }
          // Listed only when the engine allows it once the keys it lacked
          // are supplied: a trust or key policy condition alone says
          // nothing about the principal's own side.
          std::optional<account_internal::Supplied> supplied =
              account_internal::AllowedOnceSupplied(
                  account_internal::DocumentsFor(model, c, r), res->bundle,
                  res->request, trace);
          if (!supplied) return true;
          e.granting = GrantingStatements(supplied->trace);
          e.condition_keys = std::move(supplied->keys);
          e.needs = std::move(supplied->needs);
        }
        e.principal = c.entity_arn;
        e.type = std::string(type);
        e.account = c.principal.account;
        e.evaluated_as = c.principal.arn;
        e.decision = d;
        (d.allowed() ? out.allowed : out.conditional).push_back(std::move(e));
        return true;
      });
  if (!error.ok()) return error;
  auto by_principal = [](const WhoCanEntry& a, const WhoCanEntry& b) {
    return a.principal < b.principal;
  };
  std::sort(out.allowed.begin(), out.allowed.end(), by_principal);
  std::sort(out.conditional.begin(), out.conditional.end(), by_principal);

  // Principals outside the snapshot that the resource or trust policy names.
  const bool role_target =
      r.role != nullptr && absl::StartsWithIgnoreCase(action, "sts:");
  const ModelPolicy* policy = role_target ? r.role->trust.get()
                              : (r.resource != nullptr && r.resource->policy)
                                  ? r.resource->policy.get()
                                  : nullptr;
  if (options.include_external && policy != nullptr) {
    std::vector<std::string> actions = {AsciiLower(action)};
    if (role_target && AsciiLower(action) == "sts:assumerole") {
      actions.push_back("sts:assumerolewithsaml");
      actions.push_back("sts:assumerolewithwebidentity");
    }
    const std::set<std::string> loaded(model.snapshot_accounts().begin(),
                                       model.snapshot_accounts().end());
    std::set<std::string> externals;
    for (const TrustSource& t : PolicySources(policy->parsed, actions)) {
      switch (t.kind) {
        case TrustSource::Kind::kAnyone:
          externals.insert("*");
          break;
        case TrustSource::Kind::kAccount:
          if (!loaded.count(t.value)) {
            externals.insert(absl::StrCat("arn:aws:iam::", t.value, ":root"));
          }
          break;
        case TrustSource::Kind::kArn:
          if (model.FindRole(t.value) == nullptr &&
              model.FindUser(t.value) == nullptr) {
            externals.insert(t.value);
          }
          break;
        case TrustSource::Kind::kService:
          externals.insert(absl::StrCat("service:", t.value));
          break;
        case TrustSource::Kind::kFederated:
          externals.insert(absl::StrCat("federated:", t.value));
          break;
      }
    }
    const std::string partition =
        role_target ? r.role->partition : std::string("aws");
    for (const std::string& ext : externals) {
      ExternalEvaluation x = EvaluateExternal(
          model, ext, action, r, policy->compiled, partition, options);
      if (!x.built) continue;
      WhoCanExternal e;
      e.principal = x.from;
      e.kind = x.kind;
      if (x.decision.allowed()) {
        e.granting = GrantingStatements(x.trace);
      } else {
        std::optional<account_internal::Supplied> supplied =
            account_internal::AllowedOnceSupplied({&policy->parsed}, x.bundle,
                                                  x.request, x.trace);
        if (!supplied) continue;
        e.granting = GrantingStatements(supplied->trace);
        e.needs = std::move(supplied->needs);
      }
      out.external.push_back(std::move(e));
    }
  }

  // Pivots: reach an allowed role by assuming roles.
  if (options.include_pivots && !out.allowed.empty()) {
    std::set<std::string> allowed_roles, allowed_any;
    for (const WhoCanEntry& e : out.allowed) {
      allowed_any.insert(e.principal);
      if (e.type == "role") allowed_roles.insert(e.principal);
    }
    if (!allowed_roles.empty()) {
      // Backwards from the allowed roles, one assumption at a time, over
      // edges the engine allows under the profile: only the trusts of roles
      // on some path are evaluated.
      std::map<std::string, std::vector<std::string>>
          path;  // to an allowed role
      std::vector<std::string> frontier(allowed_roles.begin(),
                                        allowed_roles.end());
      for (const std::string& r : frontier) path[r] = {r};
      for (int depth = 0; depth < 4 && !frontier.empty(); ++depth) {
        AssumePathsOptions assume;
        assume.query = options;
        assume.include_services = false;
        assume.targets = frontier;
        AssumeGraph g = AssumePaths(model, assume);
        std::vector<std::string> next;
        for (const AssumeEdge& e : g.edges) {
          if (!e.needs.empty() || path.count(e.from)) continue;
          std::vector<std::string> p = {e.from};
          p.insert(p.end(), path[e.to].begin(), path[e.to].end());
          path[e.from] = std::move(p);
          if (e.from_kind == "role") next.push_back(e.from);
        }
        frontier = std::move(next);
      }
      std::map<std::string, WhoCanPivot> best;
      for (auto& [from, p] : path) {
        if (allowed_any.count(from)) continue;
        best[from] = {from, p};
      }
      for (auto& [from, pivot] : best) out.pivots.push_back(std::move(pivot));
    }
  }
  return out;
}

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

namespace {

struct ActionTarget {
  std::string action;  // display spelling
  std::string from_pattern;
  std::set<std::string> resources;
};

}  // namespace

absl::StatusOr<WhatCanResult> WhatCan(const AccountModel& model,
                                      const Caller& caller,
                                      absl::string_view resource_or_star,
                                      const WhatCanOptions& options) {
  account_internal::WhatCanCache cache;
  return account_internal::WhatCanCached(model, caller, resource_or_star,
                                         options, &cache);
}

std::string account_internal::ServiceOf(absl::string_view action) {
  size_t colon = action.find(':');
  if (colon == absl::string_view::npos) return std::string(action);
  return AsciiLower(action.substr(0, colon));
}

absl::StatusOr<WhatCanResult> account_internal::WhatCanCached(
    const AccountModel& model, const Caller& caller,
    absl::string_view resource_or_star, const WhatCanOptions& options,
    WhatCanCache* cache, ServiceLevels* levels) {
  IAMEVAL_ASSIGN_OR_RETURN(ResolvedCaller c, ResolveCaller(model, caller));
  return WhatCanCached(model, c, resource_or_star, options, cache, levels);
}

absl::StatusOr<WhatCanResult> account_internal::WhatCanCached(
    const AccountModel& model, const ResolvedCaller& c,
    absl::string_view resource_or_star, const WhatCanOptions& options,
    WhatCanCache* cache, ServiceLevels* levels) {
  if (!cache->principal_context) {
    cache->principal_context = PrincipalContext(options.query);
  }
  const RequestContext& context = *cache->principal_context;
  WhatCanResult out;
  out.principal = c.entity_arn;
  out.resource = std::string(resource_or_star);
  out.catalog_used = options.catalog != nullptr;
  const bool star = resource_or_star == "*";

  // Variables in Resource entries: substitute what the principal's context
  // knows (aws:username, aws:userid, aws:PrincipalTag/...). Built on the
  // first entry with a variable: most principals have none, and the copy
  // and merge were a tenth of a review.
  std::optional<RequestContext> vars;
  auto substituted = [&](const std::string& r) -> std::string {
    if (r.find("${") == std::string::npos) return r;
    if (!vars) {
      vars = c.context;
      MergeContext(context, &*vars);
      if (c.principal.kind == PrincipalKind::kUser) {
        vars->SetIfAbsent("aws:username", c.principal.name);
      }
    }
    return account_internal::SubstituteKnownVariables(r, *vars);
  };

  std::map<std::string, ActionTarget> targets;  // by folded action
  auto add = [&](absl::string_view action, absl::string_view from_pattern,
                 const std::vector<std::string>& resources) {
    std::string folded = AsciiLower(action);
    ActionTarget& t = targets[folded];
    if (t.action.empty()) {
      t.action = std::string(action);
      t.from_pattern = std::string(from_pattern);
    } else if (from_pattern.empty()) {
      t.from_pattern.clear();  // also named exactly
    }
    if (star) {
      for (const std::string& r : resources) {
        t.resources.insert(substituted(r));
      }
    } else {
      t.resources.insert(std::string(resource_or_star));
    }
  };

  for (const ModelPolicyRef& doc : c.identity_documents) {
    for (const Statement& s : doc->parsed.statements) {
      if (s.effect != Effect::kAllow) continue;
      std::vector<std::string> resources;
      if (s.resource_mode == Statement::ResourceMode::kResource) {
        resources = s.resources;
      } else {
        resources = {"*"};
      }
      if (s.not_action) {
        std::string pattern =
            absl::StrCat("NotAction:[", absl::StrJoin(s.actions, ", "), "]");
        if (options.catalog != nullptr) {
          std::vector<const ActionInfo*> expanded =
              options.catalog->ExpandNot(s.actions);
          for (const ActionInfo* a : expanded)
            add(a->full_name, pattern, resources);
          if (!expanded.empty()) continue;
        }
        out.patterns.push_back({pattern, doc->id, s.index, resources});
        continue;
      }
      for (const std::string& a : s.actions) {
        if (!HasWildcard(a)) {
          add(a, "", resources);
          continue;
        }
        if (options.catalog != nullptr) {
          std::vector<const ActionInfo*> expanded = options.catalog->Expand(a);
          for (const ActionInfo* info : expanded)
            add(info->full_name, a, resources);
          if (!expanded.empty()) continue;
        }
        out.patterns.push_back({a, doc->id, s.index, resources});
      }
    }
  }

  const Catalog* catalog = options.catalog;
  // Resources of the resources file by the service field of their ARN: a
  // wildcard grant is tried on each one of a type the action acts on, so a
  // grant that needs the resource's own policy (KMS keys) shows.
  if (!cache->by_service_built) {
    for (const ModelResource& mr : model.resources()) {
      if (std::optional<ArnView> v = ArnView::Parse(mr.arn)) {
        cache->by_service[std::string(v->service)].push_back(&mr);
      }
    }
    cache->by_service_built = true;
  }
  const auto& by_service = cache->by_service;
  auto arn_service = [](absl::string_view arn_template) {
    // "arn:${Partition}:s3:::..." -> "s3"
    std::vector<absl::string_view> parts = absl::StrSplit(arn_template, ':');
    return parts.size() > 2 ? std::string(parts[2]) : std::string();
  };

  bool principal_valid = false;  // the request builder accepted it
  // Not a structured binding: lambdas below capture the target, which
  // clang-tidy's clang 14 front end does not allow for a binding.
  for (auto& target : targets) {
    const std::string& folded = target.first;
    auto& t = target.second;
    const ActionInfo* info =
        catalog != nullptr ? catalog->FindAction(folded) : nullptr;
    // The pairs one resource pattern of the action gives: the catalog drops
    // those whose resource is of no type the action acts on (logs:* "on"
    // an S3 object).
    auto pairs_of = [&](const std::string& resource, auto&& add_pair) {
      if (info == nullptr) {
        add_pair(resource);
        return;
      }
      if (info->resources.empty()) {
        // Acts only on "*" (s3:ListAllMyBuckets).
        if (resource == "*") add_pair(resource);
        return;
      }
      if (!HasWildcard(resource)) {
        if (catalog->ResolveResourceType(*info, resource) != nullptr) {
          add_pair(resource);
        }
        return;
      }
      auto [shape, fresh_shape] =
          cache->shapes.try_emplace(std::make_pair(info, resource));
      if (fresh_shape) {
        for (const ActionResource& ar : info->resources) {
          if (ar.type == nullptr) continue;
          if (catalog->ResourcePatternMayMatch(*ar.type, resource)) {
            shape->second.may = true;
            for (const std::string& tmpl : ar.type->arns) {
              shape->second.services.insert(arn_service(tmpl));
            }
          }
        }
      }
      const bool may = shape->second.may;
      const std::set<std::string>& services = shape->second.services;
      if (!may) return;
      add_pair(resource);  // "some resource of this shape"
      if (!star) return;
      for (const std::string& service : services) {
        auto it = by_service.find(service);
        if (it == by_service.end()) continue;
        auto [typed, fresh] = cache->typed.try_emplace({info, service});
        if (fresh) {
          for (const ModelResource* mr : it->second) {
            if (catalog->ResolveResourceType(*info, mr->arn) != nullptr) {
              typed->second.push_back(mr);
            }
          }
        }
        for (const ModelResource* mr : typed->second) add_pair(mr->arn);
      }
    };
    // Review: the service and level an allowed pair adds.
    const std::string level = info != nullptr
                                  ? std::string(AccessLevelName(info->access))
                                  : std::string("unknown");
    const std::string service =
        levels != nullptr
            ? ServiceOf(info != nullptr ? absl::string_view(info->full_name)
                                        : absl::string_view(t.action))
            : std::string();
    auto resolved_of =
        [&](const std::string& resource) -> WhatCanCache::Resolved& {
      std::string key = absl::StrCat(options.query.resource_account, "|",
                                     c.principal.account, "|", resource);
      auto it = cache->resolved.find(key);
      if (it == cache->resolved.end()) {
        it = cache->resolved
                 .emplace(std::move(key),
                          WhatCanCache::Resolved{ResolveResource(
                              model, resource, options.query.resource_account,
                              c.principal.account)})
                 .first;
      }
      return it->second;
    };
    auto process = [&](const std::string& resource,
                       WhatCanCache::Resolved& resolved) {
      bool known_level = false;
      if (levels != nullptr) {
        auto known = levels->find(service);
        known_level = known != levels->end() && known->second.count(level);
      }
      // Resolve fails only for a principal, action or resource the request
      // builder refuses: with all three known good, a pair whose level is
      // known adds nothing.
      if (known_level && principal_valid && resolved.valid == 1 &&
          cache->valid_actions.contains(t.action)) {
        return;
      }
      absl::StatusOr<Resolution> res =
          Resolve(model, c, resolved.resource, t.action, context);
      if (res.ok()) {
        principal_valid = true;
        resolved.valid = 1;
        cache->valid_actions.insert(t.action);
      } else if (principal_valid && cache->valid_actions.contains(t.action)) {
        resolved.valid = 0;
      }
      if (!res.ok()) {
        // A resource pattern the request builder refuses (not an ARN):
        // report it with the pattern rather than failing the whole query.
        out.patterns.push_back(
            {absl::StrCat(t.action, " on ", resource), "", 0, {resource}});
        return;
      }
      if (known_level) return;
      ++out.evaluations;
      if (levels != nullptr) {
        if (Evaluate(res->bundle, res->request).allowed()) {
          (*levels)[service].insert(level);
        }
        return;
      }
      Trace trace;
      Decision d = Evaluate(res->bundle, res->request, &trace);
      WhatCanEntry e;
      if (!d.allowed()) {
        std::optional<account_internal::Supplied> supplied =
            account_internal::AllowedOnceSupplied(
                account_internal::DocumentsFor(model, c, resolved.resource),
                res->bundle, res->request, trace);
        if (supplied) {
          e.needs = std::move(supplied->needs);
          trace = std::move(supplied->trace);
        } else if (!options.include_denied) {
          return;
        }
      }
      e.action = t.action;
      e.resource = resource;
      e.decision = d;
      e.granting = GrantingStatements(trace);
      e.condition_keys = std::move(trace.missing_keys);
      e.from_pattern = t.from_pattern;
      e.access_level = "unknown";
      if (info != nullptr) {
        e.access_level = AccessLevelName(info->access);
        e.action = info->full_name;
      }
      out.actions.push_back(std::move(e));
    };
    if (levels != nullptr && star) {
      // Review: the order and repeats of pairs change nothing (allowed
      // levels and refused pairs are sets), so each pattern's pairs and
      // their resolved resources are kept across principals.
      for (const std::string& resource : t.resources) {
        auto emplaced = cache->pairs.try_emplace(
            std::make_tuple(info, resource, c.principal.account));
        auto memo = emplaced.first;
        if (emplaced.second) {
          pairs_of(resource, [&](const std::string& r) {
            memo->second.push_back({r, &resolved_of(r)});
          });
        }
        for (auto& [r, resolved] : memo->second) process(r, *resolved);
      }
    } else {
      std::set<std::string> pairs;
      for (const std::string& resource : t.resources) {
        pairs_of(resource, [&](const std::string& r) { pairs.insert(r); });
      }
      for (const std::string& resource : pairs) {
        process(resource, resolved_of(resource));
      }
    }
  }
  std::sort(out.actions.begin(), out.actions.end(),
            [](const WhatCanEntry& a, const WhatCanEntry& b) {
              return std::tie(a.action, a.resource) <
                     std::tie(b.action, b.resource);
            });
  return out;
}

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

// --- AssumePaths
// ---------------------------------------------------------------

namespace {

struct EdgeKey {
  std::string from, to;
  bool operator<(const EdgeKey& o) const {
    return std::tie(to, from) < std::tie(o.to, o.from);
  }
};

}  // namespace

AssumeGraph AssumePaths(const AccountModel& model,
                        const AssumePathsOptions& options) {
  const QueryOptions& q = options.query;
  const RequestContext principal_context =
      account_internal::PrincipalContext(q);
  const Organization* org = model.organization();
  std::map<EdgeKey, AssumeEdge> edges;

  // Loaded principals by account, resolved lazily once.
  // Loaded principals, resolved only when some trust makes them a
  // candidate: most principals of a large account never are.
  struct Entity {
    const IamUser* user = nullptr;
    const IamRole* role = nullptr;
    std::optional<ResolvedCaller> resolved;
  };
  std::vector<Entity> principals;
  principals.reserve(model.users().size() + model.roles().size());
  for (const IamUser& u : model.users())
    principals.push_back({&u, nullptr, {}});
  for (const IamRole& r : model.roles())
    principals.push_back({nullptr, &r, {}});
  auto caller = [&](size_t i) -> const ResolvedCaller& {
    Entity& e = principals[i];
    if (!e.resolved) {
      e.resolved = e.user != nullptr
                       ? ResolveUser(model, *e.user)
                       : ResolveRole(model, *e.role, q.session_name);
    }
    return *e.resolved;
  };
  auto account_of = [&](size_t i) -> const std::string& {
    return principals[i].user != nullptr ? principals[i].user->account
                                         : principals[i].role->account;
  };
  auto type_of = [&](size_t i) {
    return std::string(principals[i].user != nullptr ? "user" : "role");
  };
  absl::flat_hash_map<std::string, size_t> by_entity;
  // Whether an identity policy of the principal has an Allow that covers
  // sts:AssumeRole. A trust policy naming an account or "*" grants only
  // through the identity side, so principals without one are skipped (the
  // engine would deny them); principals named by ARN are always evaluated.
  // Documents are shared, so the answer is cached per document.
  absl::flat_hash_map<const ModelPolicy*, bool> covers_assume;
  std::vector<char> may_assume(principals.size());
  for (size_t i = 0; i < principals.size(); ++i) {
    const Entity& e = principals[i];
    by_entity[e.user ? e.user->arn : e.role->arn] = i;
    for (const ModelPolicyRef& d :
         e.user ? e.user->identity_documents : e.role->identity_documents) {
      auto [it, inserted] = covers_assume.try_emplace(d.get(), false);
      if (inserted) {
        for (const Statement& s : d->parsed.statements) {
          if (s.effect == Effect::kAllow &&
              account_internal::StatementCoversAction(s, "sts:assumerole")) {
            it->second = true;
          }
        }
      }
      if (it->second) may_assume[i] = true;
    }
  }
  // A trust naming an account or "*" makes every principal that may assume
  // a candidate of every such role: principals x roles IdentityMayAllow
  // calls, quadratic in the account size. Every role ARN an identity
  // statement's Resource matches starts with that pattern's literal prefix,
  // so a principal whose sts:AssumeRole grants all have one is a candidate
  // only for the roles whose ARN starts with one of its prefixes (the
  // engine still decides); the others (no Resource, NotResource, policy
  // variables, a leading wildcard) stay candidates of every role.
  std::vector<size_t> assumers_anywhere;
  absl::flat_hash_map<std::string, std::vector<size_t>> assumers_by_prefix;
  for (size_t i = 0; i < principals.size(); ++i) {
    if (!may_assume[i]) continue;
    const Entity& e = principals[i];
    std::set<std::string> prefixes;
    bool anywhere = false;
    for (const PolicyRef& p : e.user ? e.user->identity : e.role->identity) {
      internal::ImplOf(*p).ForEachActionMatch(
          "sts:assumerole", "sts", [&](const CompiledStatement& s) {
            if (s.effect != Effect::kAllow) return true;
            if (s.resource_mode != Statement::ResourceMode::kResource) {
              anywhere = true;
            }
            for (const CompiledResource& r : s.resources) {
              if (r.variables != nullptr || r.glob.literal_prefix().empty()) {
                anywhere = true;
              } else {
                prefixes.insert(std::string(r.glob.literal_prefix()));
              }
            }
            return !anywhere;
          });
      if (anywhere) break;
    }
    if (anywhere) {
      assumers_anywhere.push_back(i);
      continue;
    }
    for (const std::string& prefix : prefixes) {
      assumers_by_prefix[prefix].push_back(i);
    }
  }
  const std::set<std::string> loaded(model.snapshot_accounts().begin(),
                                     model.snapshot_accounts().end());
  auto outside_org = [&](absl::string_view from_account,
                         absl::string_view to_account) {
    if (org == nullptr) return false;
    if (from_account.empty()) return true;
    return org->AccountNode(from_account) < 0 ||
           org->AccountNode(to_account) < 0;
  };

  auto record = [&](const std::string& from, const std::string& kind,
                    const std::string& from_account, const IamRole& role,
                    const Trace& trace, std::vector<std::string> needs) {
    AssumeEdge e;
    e.from = from;
    e.from_kind = kind;
    e.to = role.arn;
    const bool aws_principal = kind != "service" && kind != "federated";
    e.cross_account = aws_principal && from_account != role.account;
    e.outside_organization =
        aws_principal && outside_org(from_account, role.account);
    for (StatementRef& s : GrantingStatements(trace)) {
      if (s.layer == Layer::kResource) {
        e.trust_statements.push_back(std::move(s));
      } else if (s.layer == Layer::kIdentity && kind != "external-account" &&
                 kind != "external-principal" && kind != "anyone") {
        e.identity_statements.push_back(std::move(s));
      }
    }
    e.condition_keys = trace.missing_keys;
    e.needs = std::move(needs);
    // The trust statements' conditions, as written: what a federated
    // sign-in (or any caller) must present.
    for (const StatementRef& t : e.trust_statements) {
      for (const Statement& st : role.trust->parsed.statements) {
        if (st.index != t.index) continue;
        for (const ConditionEntry& c : st.conditions) {
          e.conditions.push_back(absl::StrCat(c.op, " ", c.key, "=",
                                              absl::StrJoin(c.values, "|")));
        }
      }
    }
    edges[{from, role.arn}] = std::move(e);
  };

  const std::set<std::string> only(options.targets.begin(),
                                   options.targets.end());
  for (const IamRole& role : model.roles()) {
    if (!role.trust) continue;
    if (!only.empty() && !only.count(role.arn)) continue;
    ResolvedResource target = ResolveResource(model, role.arn);
    std::vector<TrustSource> sources = TrustSources(*role.trust);
    // The principals that may assume this role by their identity policies,
    // from the index above: those of any resource, then those with a
    // prefix of its ARN.
    std::vector<size_t> assumers;
    bool assumers_built = false;
    auto may_assume_role = [&]() -> const std::vector<size_t>& {
      if (assumers_built) return assumers;
      assumers_built = true;
      assumers = assumers_anywhere;
      for (size_t n = 0; n <= role.arn.size(); ++n) {
        auto it =
            assumers_by_prefix.find(absl::string_view(role.arn).substr(0, n));
        if (it == assumers_by_prefix.end()) continue;
        assumers.insert(assumers.end(), it->second.begin(), it->second.end());
      }
      return assumers;
    };
    std::set<size_t> candidates;
    std::set<size_t> named;           // named by ARN: the trust alone may grant
    std::set<std::string> externals;  // ARNs / account roots / "*"
    for (const TrustSource& s : sources) {
      switch (s.kind) {
        case TrustSource::Kind::kAnyone:
          for (size_t i : may_assume_role()) candidates.insert(i);
          externals.insert("*");
          break;
        case TrustSource::Kind::kAccount:
          if (loaded.count(s.value)) {
            for (size_t i : may_assume_role()) {
              if (account_of(i) == s.value) candidates.insert(i);
            }
          } else {
            externals.insert(absl::StrCat("arn:", role.partition,
                                          ":iam::", s.value, ":root"));
          }
          break;
        case TrustSource::Kind::kArn: {
          // A role named by ARN matches its sessions whatever the path.
          const IamRole* r = model.FindRole(s.value);
          const IamUser* u = model.FindUser(s.value);
          if (r != nullptr) {
            candidates.insert(by_entity[r->arn]);
            named.insert(by_entity[r->arn]);
          } else if (u != nullptr) {
            candidates.insert(by_entity[u->arn]);
            named.insert(by_entity[u->arn]);
          } else {
            externals.insert(s.value);
          }
          break;
        }
        case TrustSource::Kind::kService:
        case TrustSource::Kind::kFederated:
          if (options.include_services) {
            externals.insert(absl::StrCat(s.kind == TrustSource::Kind::kService
                                              ? "service:"
                                              : "federated:",
                                          s.value));
          }
          break;
      }
    }
    for (size_t i : candidates) {
      if (principals[i].role == &role) continue;  // a role assuming itself
      if (!named.count(i) &&
          !account_internal::IdentityMayAllow(
              principals[i].user ? principals[i].user->identity
                                 : principals[i].role->identity,
              "sts:assumerole", role.arn)) {
        continue;  // granted only through the identity side, which cannot
      }
      const ResolvedCaller& c = caller(i);
      absl::StatusOr<Resolution> res =
          Resolve(model, c, target, "sts:AssumeRole", principal_context);
      if (!res.ok()) continue;
      Trace trace;
      Decision d = Evaluate(res->bundle, res->request, &trace);
      if (d.allowed()) {
        record(c.entity_arn, type_of(i), c.principal.account, role, trace, {});
        continue;
      }
      // Kept, labelled with what it needs, when supplying the missing keys
      // lets the engine allow it.
      std::optional<account_internal::Supplied> supplied =
          account_internal::AllowedOnceSupplied(
              account_internal::DocumentsFor(model, c, target), res->bundle,
              res->request, trace);
      if (supplied) {
        record(c.entity_arn, type_of(i), c.principal.account, role,
               supplied->trace, std::move(supplied->needs));
      }
    }
    for (const std::string& ext : externals) {
      ExternalEvaluation x =
          EvaluateExternal(model, ext, "sts:AssumeRole", target,
                           role.trust->compiled, role.partition, q);
      if (!x.built) continue;
      if (x.decision.allowed()) {
        record(x.from, x.kind, x.from_account, role, x.trace, {});
        continue;
      }
      std::optional<account_internal::Supplied> supplied =
          account_internal::AllowedOnceSupplied({&role.trust->parsed}, x.bundle,
                                                x.request, x.trace);
      if (supplied) {
        record(x.from, x.kind, x.from_account, role, supplied->trace,
               std::move(supplied->needs));
      }
    }
  }

  AssumeGraph g;
  std::set<std::string> nodes;
  for (auto& [key, e] : edges) {
    nodes.insert(e.from);
    nodes.insert(e.to);
    g.edges.push_back(std::move(e));
  }
  g.nodes.assign(nodes.begin(), nodes.end());

  // Transitive closure by breadth-first search from every source.
  absl::flat_hash_map<std::string, std::vector<std::string>> next;
  // Only edges the engine allows under the profile: a chain through an
  // edge that needs context is no reach (the edge itself stays listed).
  for (const AssumeEdge& e : g.edges) {
    if (e.needs.empty()) next[e.from].push_back(e.to);
  }
  for (const std::string& source : g.nodes) {
    if (!next.contains(source)) continue;
    absl::flat_hash_map<std::string, std::string> parent;
    std::deque<std::string> queue = {source};
    parent[source] = "";
    std::vector<std::string> order;
    while (!queue.empty()) {
      std::string n = queue.front();
      queue.pop_front();
      auto it = next.find(n);
      if (it == next.end()) continue;
      for (const std::string& m : it->second) {
        if (parent.contains(m)) continue;
        parent[m] = n;
        order.push_back(m);
        queue.push_back(m);
      }
    }
    std::sort(order.begin(), order.end());
    for (const std::string& to : order) {
      AssumeReach reach;
      reach.from = source;
      reach.to = to;
      for (std::string n = to; !n.empty(); n = parent[n]) {
        reach.path.push_back(n);
      }
      std::reverse(reach.path.begin(), reach.path.end());
      g.closure.push_back(std::move(reach));
    }
  }
  return g;
}

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
