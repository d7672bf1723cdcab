// Queries over an AccountModel: the helpers WhoCan, WhatCan and AssumePaths
// share, and Can. Each other query has its own file; the output formats are
// in query_format.cc.
#include "iameval/account/query.h"

#include <cstdint>
#include <optional>
#include <set>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "account/account_internal.h"
#include "iameval/arn.h"
#include "iameval/condition.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/internal/compiled_policy.h"
#include "iameval/internal/status_macros.h"
#include "iameval/wildcard.h"

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

namespace account_internal {

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

}  // namespace account_internal

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

}  // namespace iameval
