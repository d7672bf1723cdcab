// Lowering a parsed Policy into a CompiledPolicy.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "iameval/arn.h"
#include "iameval/compiled_policy.h"
#include "iameval/parser.h"

namespace iameval {
namespace {

absl::StatusOr<PrincipalMatcher> CompilePrincipal(const PrincipalEntry& e) {
  PrincipalMatcher m;
  m.value = e.value;
  switch (e.type) {
    case PrincipalType::kService:
      m.kind = PrincipalMatcherKind::kService;
      return m;
    case PrincipalType::kFederated:
      m.kind = PrincipalMatcherKind::kProvider;
      return m;
    case PrincipalType::kCanonicalUser:
      m.kind = PrincipalMatcherKind::kOpaqueId;
      return m;
    case PrincipalType::kAws:
      break;
  }
  if (e.value == "*") {
    m.kind = PrincipalMatcherKind::kAwsEveryone;
    return m;
  }
  if (e.value.size() == 12 &&
      e.value.find_first_not_of("0123456789") == std::string::npos) {
    m.kind = PrincipalMatcherKind::kAccount;
    m.account = e.value;
    return m;
  }
  std::optional<ArnView> arn = ArnView::Parse(e.value);
  if (!arn) {
    m.kind = PrincipalMatcherKind::kOpaqueId;  // unique id (AIDA..., AROA...)
    return m;
  }
  m.partition = std::string(arn->partition);
  m.account = std::string(arn->account);
  absl::string_view res = arn->resource;
  if (arn->service == "iam") {
    if (res == "root") {
      m.kind = PrincipalMatcherKind::kAccount;
    } else if (absl::StartsWith(res, "user/")) {
      m.kind = PrincipalMatcherKind::kUser;
    } else if (absl::StartsWith(res, "role/")) {
      m.kind = PrincipalMatcherKind::kRole;
      // Sessions carry the role name without its path (R8).
      absl::string_view name = res.substr(res.rfind('/') + 1);
      m.role_name_folded = AsciiLower(name);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unsupported principal ", e.value));
    }
  } else if (arn->service == "sts" && absl::StartsWith(res, "assumed-role/")) {
    m.kind = PrincipalMatcherKind::kSession;
  } else if (arn->service == "sts" &&
             absl::StartsWith(res, "federated-user/")) {
    m.kind = PrincipalMatcherKind::kFederatedUser;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported principal ", e.value));
  }
  return m;
}

absl::string_view ServiceOf(absl::string_view folded_action) {
  size_t colon = folded_action.find(':');
  return colon == absl::string_view::npos ? absl::string_view()
                                          : folded_action.substr(0, colon);
}

bool HasWildcard(absl::string_view s) {
  return s.find_first_of("*?") != absl::string_view::npos;
}

}  // namespace

absl::StatusOr<PolicyRef> CompilePolicy(const Policy& policy,
                                        const CompileOptions& options) {
  std::shared_ptr<CompiledPolicy> out(new CompiledPolicy());
  out->kind_ = policy.kind;
  out->id_ = options.policy_id;
  const bool variables = policy.variables_enabled();
  for (const Statement& s : policy.statements) {
    CompiledStatement cs;
    cs.effect = s.effect;
    cs.index = s.index;
    cs.sid = s.sid;
    cs.line = s.line;
    cs.column = s.column;
    cs.not_action = s.not_action;
    cs.principal_mode = s.principal_mode;
    if (s.principal.any) {
      PrincipalMatcher m;
      m.kind = PrincipalMatcherKind::kEveryone;
      m.value = "*";
      cs.principals.push_back(std::move(m));
    }
    for (const PrincipalEntry& e : s.principal.entries) {
      absl::StatusOr<PrincipalMatcher> m = CompilePrincipal(e);
      if (!m.ok()) return m.status();
      cs.principals.push_back(*std::move(m));
    }
    cs.resource_mode = s.resource_mode;
    for (const std::string& r : s.resources) {
      CompiledResource cr;
      if (variables && absl::StrContains(r, "${")) {
        std::string error;
        if (!ParseVariableTemplate(r, &cr.variables, &error)) {
          return absl::InvalidArgumentError(error);
        }
        cr.pattern = r;
      }
      if (cr.variables.empty()) {
        std::string error;
        std::optional<Glob> g = CompileResourcePattern(r, &error);
        if (!g) return absl::InvalidArgumentError(error);
        cr.glob = std::move(*g);
      }
      cs.resources.push_back(std::move(cr));
    }
    for (const ConditionEntry& c : s.conditions) {
      CompiledCondition cc;
      std::string error;
      if (!CompileCondition(c.op, c.key, c.values, variables, &cc, &error)) {
        return absl::InvalidArgumentError(error);
      }
      cs.conditions.push_back(std::move(cc));
    }
    out->statements_.push_back(std::move(cs));
  }
  // Index statements by action so evaluation never scans statements that
  // cannot match the request's action.
  size_t arena_bytes = 0;
  for (const Statement& s : policy.statements) {
    for (const std::string& a : s.actions) arena_bytes += a.size();
  }
  out->actions_arena_.reserve(arena_bytes);
  for (uint32_t i = 0; i < out->statements_.size(); ++i) {
    const CompiledStatement& cs = out->statements_[i];
    std::vector<std::string> folded;
    folded.reserve(policy.statements[i].actions.size());
    bool always = cs.not_action;
    for (const std::string& a : policy.statements[i].actions) {
      folded.push_back(AsciiLower(a));
      if (a.find(':') == std::string::npos ||
          HasWildcard(ServiceOf(folded.back()))) {
        always = true;
      }
    }
    if (always) {
      CompiledStatement& st = out->statements_[i];
      for (const std::string& a : folded) {
        st.actions.push_back(Glob::FromPattern(a));
      }
      out->always_.push_back(i);
      continue;
    }
    // Per service: exact actions go to the hash index unless the statement
    // also has wildcards for that service (then all of them form one group,
    // so a statement is visited at most once per request).
    absl::flat_hash_map<std::string, std::vector<std::string>> by_service;
    std::vector<std::string> service_order;
    for (std::string& a : folded) {
      std::string service(ServiceOf(a));
      if (!by_service.contains(service)) service_order.push_back(service);
      by_service[service].push_back(std::move(a));
    }
    for (const std::string& service : service_order) {
      std::vector<std::string>& actions = by_service[service];
      bool wildcard = false;
      for (const std::string& a : actions) wildcard |= HasWildcard(a);
      if (wildcard) {
        CompiledPolicy::WildcardGroup group;
        group.statement = i;
        for (const std::string& a : actions) {
          group.patterns.push_back(Glob::FromPattern(a));
        }
        out->by_service_[service].push_back(std::move(group));
      } else {
        for (const std::string& a : actions) {
          auto it = out->exact_.find(absl::string_view(a));
          if (it == out->exact_.end()) {
            const size_t start = out->actions_arena_.size();
            out->actions_arena_.append(a);
            absl::string_view key(out->actions_arena_.data() + start, a.size());
            it = out->exact_.emplace(key, absl::InlinedVector<uint32_t, 2>())
                     .first;
          }
          auto& list = it->second;
          if (list.empty() || list.back() != i) list.push_back(i);
        }
      }
    }
  }
  return PolicyRef(std::move(out));
}

absl::StatusOr<PolicyRef> ParseAndCompile(absl::string_view json,
                                          PolicyKind kind,
                                          const CompileOptions& options) {
  ParseResult r = ParsePolicy(json, kind);
  if (!r.ok()) {
    std::string prefix =
        options.policy_id.empty() ? "" : absl::StrCat(options.policy_id, ": ");
    return absl::InvalidArgumentError(
        absl::StrCat(prefix, JoinErrors(r.issues)));
  }
  return CompilePolicy(r.policy, options);
}

size_t CompiledPolicy::ApproximateMemoryBytes() const {
  size_t bytes = sizeof(*this) + id_.capacity();
  auto glob_bytes = [](const Glob& g) {
    return sizeof(Glob) + g.span().chars.size() * 2;
  };
  for (const CompiledStatement& s : statements_) {
    bytes += sizeof(s) + s.sid.capacity();
    for (const Glob& g : s.actions) bytes += glob_bytes(g);
    for (const PrincipalMatcher& p : s.principals) {
      bytes += sizeof(p) + p.value.capacity() + p.account.capacity();
    }
    for (const CompiledResource& r : s.resources) {
      bytes += sizeof(r) + glob_bytes(r.glob) + r.pattern.capacity();
    }
    for (const CompiledCondition& c : s.conditions) {
      bytes += sizeof(c) + c.key.capacity() * 2;
      for (const CompiledConditionValue& v : c.values) {
        bytes += sizeof(v) + v.text.capacity();
      }
    }
  }
  bytes += actions_arena_.capacity() + exact_.size() * 40;
  for (const auto& [k, groups] : by_service_) {
    bytes += k.capacity() + 48;
    for (const WildcardGroup& g : groups) {
      bytes += sizeof(g);
      for (const Glob& p : g.patterns) bytes += glob_bytes(p);
    }
  }
  bytes += always_.size() * 4;
  return bytes;
}

}  // namespace iameval
