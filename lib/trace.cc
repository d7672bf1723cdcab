// The traced evaluation's extra facts: policy variables without a value,
// near misses and the warnings where the decision rests on a guess. Only the
// kTrace instance of EvaluateImpl calls these; keeping them out of line
// leaves the untraced decision path as it was.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "iameval/evaluate.h"

namespace iameval {
namespace internal {
namespace {

void AddMissingVariableKeys(const VariableTemplate& tmpl,
                            const RequestContext& context, Trace* trace) {
  for (const TemplatePart& p : tmpl.parts) {
    // Escapes (${*}, ...) are variables without a key.
    if (!p.is_variable || p.text.empty()) continue;
    // Only an absent key is missing context; a multi-valued one is present
    // (it has no value as a variable, R11, but supplying it changes nothing).
    if (context.FindFolded(p.text) == nullptr) {
      trace->missing_keys.push_back(p.key);
    }
  }
}

void AddWarning(std::string warning, Trace* trace) {
  if (std::find(trace->warnings.begin(), trace->warnings.end(), warning) ==
      trace->warnings.end()) {
    trace->warnings.push_back(std::move(warning));
  }
}

// "arn:aws:iam::1:role/team/x" and "arn:aws:iam::*:role/*/admin" name a
// path; "arn:aws:iam::1:role/x" and "arn:aws:iam::1:role/*" do not.
bool NamesRolePath(absl::string_view value) {
  const size_t role = value.find(":role/");
  if (role == absl::string_view::npos) return false;
  return value.substr(role + 6).find('/') != absl::string_view::npos;
}

}  // namespace

void TraceResourceVariables(const CompiledStatement& s, const EvalInput& in,
                            bool account_is_root_only, Trace* trace) {
  bool any = false;
  for (const CompiledResource& r : s.resources) any |= r.variables != nullptr;
  if (!any) return;
  // A statement that cannot name the caller would not apply whatever the
  // key's value: supplying it changes nothing, so it is not missing.
  const Principal& p = in.request->principal;
  switch (s.principal_mode) {
    case Statement::PrincipalMode::kNone:
      break;
    case Statement::PrincipalMode::kPrincipal: {
      uint16_t form = kGrantNone;
      for (const PrincipalMatcher& m : s.principals) {
        form |= MatchPrincipal(m, s.effect, p, account_is_root_only);
      }
      if (form == kGrantNone) return;
      break;
    }
    case Statement::PrincipalMode::kNotPrincipal:
      if (EscapesNotPrincipal(s, p, in.principal_has_boundary)) return;
      break;
  }
  for (const CompiledResource& r : s.resources) {
    if (r.variables != nullptr) {
      AddMissingVariableKeys(*r.variables, in.request->context, trace);
    }
  }
}

void TraceConditionDetails(const CompiledPolicyImpl& policy,
                           const CompiledStatement& s,
                           const CompiledCondition& c, const Request& request,
                           Trace* trace) {
  for (const CompiledConditionValue& v : c.values) {
    if (v.variables != nullptr) {
      AddMissingVariableKeys(*v.variables, request.context, trace);
    }
  }
  // R19: without a session issuer the role ARN was derived without its
  // path; a policy testing the path then decides on that guess.
  const Principal& p = request.principal;
  if (p.kind != PrincipalKind::kRoleSession || !p.role_path_unknown ||
      c.key_folded() != "aws:principalarn") {
    return;
  }
  const ContextEntry* e = request.context.FindFolded("aws:principalarn");
  if (e == nullptr || e->values.size() != 1 ||
      e->values[0].text != p.issuer_arn) {
    return;  // the request gave aws:PrincipalArn itself
  }
  for (const std::string& value : c.WrittenValues()) {
    if (!NamesRolePath(value)) continue;
    AddWarning(
        absl::StrCat(
            "aws:PrincipalArn is ", p.issuer_arn,
            ", derived without a role path because no session issuer was "
            "given, but ",
            policy.id(), " statement ", s.index, " tests a role path in it (",
            c.op.Name(), " \"", value,
            "\"): the decision assumes the role has no path; give the role's "
            "ARN with its path as the session issuer"),
        trace);
    return;
  }
}

void TraceNearMiss(const CompiledPolicyImpl& policy, const CompiledStatement& s,
                   Layer layer, int level, FailedElement element,
                   const RequestContext& context, Trace* trace) {
  NearMiss miss;
  miss.layer = layer;
  miss.level = level;
  miss.policy_id = policy.id();
  miss.statement_index = s.index;
  miss.sid = std::string(s.sid);
  miss.effect = s.effect;
  miss.line = s.line;
  miss.element = element;
  if (element == FailedElement::kCondition) {
    for (const CompiledCondition& c : s.conditions) {
      bool missing = false;
      const Tri t = EvaluateCondition(c, context, &missing);
      // The conditions that kept the statement from applying (R10: an
      // Indeterminate one stops an Allow, never a Deny).
      const bool failed =
          s.effect == Effect::kAllow ? t != Tri::kTrue : t == Tri::kFalse;
      if (!failed) continue;
      FailedCondition f;
      f.op = c.op.Name();
      f.key = std::string(c.key());
      f.policy_values = c.WrittenValues();
      f.indeterminate = t == Tri::kIndeterminate;
      if (const ContextEntry* e = context.FindFolded(c.key_folded())) {
        f.present = true;
        for (const ContextValue& v : e->values) {
          f.request_values.push_back(v.text);
        }
      }
      miss.conditions.push_back(std::move(f));
    }
  }
  trace->near_misses.push_back(std::move(miss));
}

void TraceRequestWarnings(const PolicyBundle& bundle, const Request& request,
                          Trace* trace) {
  if (request.resource_account_inferred && !bundle.resource.empty() &&
      IsAwsIdentity(request.principal.kind)) {
    AddWarning(absl::StrCat(
                   "the resource ARN names no account, so its owner was taken "
                   "to be the caller's account ",
                   request.resource_account,
                   " and the resource policy was read under same-account "
                   "rules; give the resource's account if it belongs to "
                   "another"),
               trace);
  }
}

}  // namespace internal
}  // namespace iameval
