// Lowering a parsed Policy into a CompiledPolicy (its representation,
// internal::CompiledPolicyImpl), and the handle's accessors.
#include "iameval/compiled_policy.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "iameval/arn.h"
#include "iameval/internal/compiled_policy.h"
#include "iameval/parser.h"
#include "io/read_file.h"

namespace iameval {

using internal::AsciiLower;
using internal::CompileCondition;
using internal::CompiledCondition;
using internal::CompiledConditionValue;
using internal::CompiledPolicyImpl;
using internal::CompiledResource;
using internal::CompiledStatement;
using internal::ParseVariableTemplate;
using internal::PrincipalMatcher;
using internal::PrincipalMatcherKind;
using internal::TemplatePart;
using internal::VariableTemplate;

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
  std::optional<PrincipalArn> arn = PrincipalArn::Parse(e.value);
  if (!arn) {
    m.kind = PrincipalMatcherKind::kOpaqueId;  // unique id (AIDA..., AROA...)
    return m;
  }
  m.partition = std::string(arn->partition);
  m.account = std::string(arn->account);
  switch (arn->type) {
    case PrincipalArnType::kRoot:
      m.kind = PrincipalMatcherKind::kAccount;
      return m;
    case PrincipalArnType::kUser:
      m.kind = PrincipalMatcherKind::kUser;
      return m;
    case PrincipalArnType::kRole:
      m.kind = PrincipalMatcherKind::kRole;
      // Sessions carry the role name without its path (R8).
      m.role_name_folded = AsciiLower(arn->name);
      return m;
    case PrincipalArnType::kAssumedRole:
      m.kind = PrincipalMatcherKind::kSession;
      return m;
    case PrincipalArnType::kFederatedUser:
      m.kind = PrincipalMatcherKind::kFederatedUser;
      return m;
    case PrincipalArnType::kOtherIam:
    case PrincipalArnType::kOther:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unsupported principal ", e.value));
}

// A value the compiler cannot compile, at its position when the AST
// carries one (ParsePolicy records them; an AST built in code may not).
absl::Status ValueError(const std::vector<SourcePosition>& positions,
                        size_t index, absl::string_view message) {
  if (index < positions.size() && positions[index].line > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", positions[index].line, ", column ",
                     positions[index].column, ": ", message));
  }
  return absl::InvalidArgumentError(message);
}

absl::string_view ServiceOf(absl::string_view folded_action) {
  size_t colon = folded_action.find(':');
  return colon == absl::string_view::npos ? absl::string_view()
                                          : folded_action.substr(0, colon);
}

}  // namespace

absl::StatusOr<PolicyRef> CompilePolicy(const Policy& policy,
                                        const CompileOptions& options) {
  using internal::NameIndex;
  std::shared_ptr<CompiledPolicyImpl> out(new CompiledPolicyImpl());
  out->kind_ = policy.kind;
  out->id_ = options.policy_id;
  const bool variables = policy.variables_enabled();

  // Statements view into the pools, so the pools are sized before any view
  // is taken and never grow afterwards.
  size_t sid_chars = 0, num_principals = 0, num_resources = 0,
         num_conditions = 0;
  for (const Statement& s : policy.statements) {
    sid_chars += s.sid.size();
    num_principals += (s.principal.any ? 1 : 0) + s.principal.entries.size();
    num_resources += s.resources.size();
    num_conditions += s.conditions.size();
  }
  out->statements_.reserve(policy.statements.size());
  out->sids_.reserve(sid_chars);
  out->principals_.reserve(num_principals);
  out->resources_.reserve(num_resources);
  out->conditions_.reserve(num_conditions);
  for (const Statement& s : policy.statements) {
    CompiledStatement cs;
    cs.effect = s.effect;
    cs.index = s.index;
    const size_t sid_start = out->sids_.size();
    out->sids_.append(s.sid);
    cs.sid = absl::string_view(out->sids_.data() + sid_start, s.sid.size());
    cs.line = s.line;
    cs.column = s.column;
    cs.not_action = s.not_action;
    cs.principal_mode = s.principal_mode;
    const size_t first_principal = out->principals_.size();
    if (s.principal.any) {
      PrincipalMatcher m;
      m.kind = PrincipalMatcherKind::kEveryone;
      m.value = "*";
      out->principals_.push_back(std::move(m));
    }
    for (const PrincipalEntry& e : s.principal.entries) {
      absl::StatusOr<PrincipalMatcher> m = CompilePrincipal(e);
      if (!m.ok()) return ValueError({e.position}, 0, m.status().message());
      out->principals_.push_back(*std::move(m));
    }
    cs.principals = absl::MakeConstSpan(out->principals_)
                        .subspan(first_principal,
                                 out->principals_.size() - first_principal);
    cs.resource_mode = s.resource_mode;
    const size_t first_resource = out->resources_.size();
    for (size_t ri = 0; ri < s.resources.size(); ++ri) {
      const std::string& r = s.resources[ri];
      CompiledResource cr;
      if (variables && absl::StrContains(r, "${")) {
        auto tmpl = std::make_unique<VariableTemplate>();
        std::string error;
        if (!ParseVariableTemplate(r, tmpl.get(), &error)) {
          return ValueError(s.resource_positions, ri, error);
        }
        if (!tmpl->empty()) cr.variables = std::move(tmpl);
      }
      if (cr.variables == nullptr) {
        std::string error;
        std::optional<Glob> g = CompileResourcePattern(r, &error);
        if (!g) return ValueError(s.resource_positions, ri, error);
        cr.glob = std::move(*g);
      }
      out->resources_.push_back(std::move(cr));
    }
    cs.resources =
        absl::MakeConstSpan(out->resources_)
            .subspan(first_resource, out->resources_.size() - first_resource);
    const size_t first_condition = out->conditions_.size();
    for (const ConditionEntry& c : s.conditions) {
      CompiledCondition cc;
      std::string error;
      size_t bad_value = c.values.size();
      if (!CompileCondition(c.op, c.key, c.values, variables, &cc, &error,
                            &bad_value)) {
        return ValueError(c.value_positions, bad_value, error);
      }
      out->conditions_.push_back(std::move(cc));
    }
    cs.conditions = absl::MakeConstSpan(out->conditions_)
                        .subspan(first_condition,
                                 out->conditions_.size() - first_condition);
    out->statements_.push_back(cs);
  }

  // Index statements by action so evaluation never scans statements that
  // cannot match the request's action. Globs are collected first and
  // viewed once their vector is final.
  struct PendingGlobs {
    size_t first;
    size_t count;
  };
  std::vector<PendingGlobs> statement_globs(out->statements_.size(),
                                            PendingGlobs{0, 0});
  std::vector<PendingGlobs> group_globs;
  std::vector<Glob> globs;
  NameIndex::Builder exact;
  NameIndex::Builder services;
  for (uint32_t i = 0; i < out->statements_.size(); ++i) {
    const std::vector<std::string>& actions = policy.statements[i].actions;
    std::vector<std::string> folded;
    folded.reserve(actions.size());
    bool always = out->statements_[i].not_action || i > NameIndex::kMaxValue;
    for (const std::string& a : actions) {
      folded.push_back(AsciiLower(a));
      if (a.find(':') == std::string::npos ||
          HasWildcard(ServiceOf(folded.back())) ||
          a.size() > NameIndex::kMaxNameSize) {
        always = true;
      }
    }
    if (always) {
      statement_globs[i] = {globs.size(), folded.size()};
      for (const std::string& a : folded) {
        globs.push_back(Glob::FromPattern(a));
      }
      out->always_.push_back(i);
      continue;
    }
    // Per service: exact actions go to the exact index unless the statement
    // also has wildcards for that service (then all of them form one group,
    // so a statement is visited at most once per request).
    absl::flat_hash_map<absl::string_view, std::vector<absl::string_view>>
        by_service;
    std::vector<absl::string_view> service_order;
    for (const std::string& a : folded) {
      absl::string_view service = ServiceOf(a);
      auto [it, inserted] = by_service.try_emplace(service);
      if (inserted) service_order.push_back(service);
      it->second.push_back(a);
    }
    for (absl::string_view service : service_order) {
      const std::vector<absl::string_view>& service_actions =
          by_service[service];
      bool wildcard = false;
      for (absl::string_view a : service_actions) wildcard |= HasWildcard(a);
      if (wildcard) {
        if (!services.Add(service, static_cast<uint32_t>(group_globs.size()))) {
          return absl::InternalError("action index overflow");
        }
        group_globs.push_back({globs.size(), service_actions.size()});
        out->groups_.push_back({i, {}});
        for (absl::string_view a : service_actions) {
          globs.push_back(Glob::FromPattern(a));
        }
      } else {
        for (absl::string_view a : service_actions) {
          if (!exact.Add(a, i)) {
            return absl::InternalError("action index overflow");
          }
        }
      }
    }
  }
  out->exact_ = exact.Build();
  out->services_ = services.Build();
  out->globs_.reserve(globs.size());
  for (Glob& g : globs) out->globs_.push_back(std::move(g));
  const absl::Span<const Glob> all_globs = absl::MakeConstSpan(out->globs_);
  for (size_t i = 0; i < statement_globs.size(); ++i) {
    out->statements_[i].actions =
        all_globs.subspan(statement_globs[i].first, statement_globs[i].count);
  }
  for (size_t g = 0; g < group_globs.size(); ++g) {
    out->groups_[g].patterns =
        all_globs.subspan(group_globs[g].first, group_globs[g].count);
  }
  out->groups_.shrink_to_fit();
  out->always_.shrink_to_fit();
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

absl::StatusOr<PolicyRef> LoadPolicyFile(absl::string_view path,
                                         PolicyKind kind,
                                         const CompileOptions& options,
                                         const ParseOptions& parse) {
  // Read here rather than through ParsePolicyFile, so that the status code
  // of a read failure is the OS's (NotFound, PermissionDenied, ...).
  absl::StatusOr<std::string> text =
      io::ReadFile(path, parse.max_document_bytes);
  if (!text.ok()) return text.status();
  ParseResult r = ParsePolicy(*text, kind, parse);
  for (Issue& issue : r.issues) issue.file = std::string(path);
  if (!r.ok()) return absl::InvalidArgumentError(JoinErrors(r.issues));
  CompileOptions named = options;
  if (named.policy_id.empty()) named.policy_id = std::string(path);
  return CompilePolicy(r.policy, named);
}

PolicyKind CompiledPolicy::kind() const {
  return internal::ImplOf(*this).kind();
}

const std::string& CompiledPolicy::id() const {
  return internal::ImplOf(*this).id();
}

size_t CompiledPolicy::ApproximateMemoryBytes() const {
  return internal::ImplOf(*this).ApproximateMemoryBytes();
}

size_t CompiledPolicyImpl::ApproximateMemoryBytes() const {
  auto string_bytes = [](const std::string& s) {
    return s.capacity() > 15 ? s.capacity() + 1 : 0;  // beyond the SSO buffer
  };
  auto glob_bytes = [](const Glob& g) {
    return g.size() * (g.is_literal() ? 1 : 2);
  };
  size_t bytes = sizeof(*this) + string_bytes(id_) + sids_.capacity() +
                 statements_.capacity() * sizeof(CompiledStatement) +
                 globs_.capacity() * sizeof(Glob) +
                 principals_.capacity() * sizeof(PrincipalMatcher) +
                 resources_.capacity() * sizeof(CompiledResource) +
                 conditions_.capacity() * sizeof(CompiledCondition) +
                 exact_.MemoryBytes() + services_.MemoryBytes() +
                 groups_.capacity() * sizeof(WildcardGroup) +
                 always_.capacity() * sizeof(uint32_t);
  for (const Glob& g : globs_) bytes += glob_bytes(g);
  for (const PrincipalMatcher& p : principals_) {
    bytes += string_bytes(p.value) + string_bytes(p.partition) +
             string_bytes(p.account) + string_bytes(p.role_name_folded);
  }
  auto template_bytes = [&](const VariableTemplate& t) {
    size_t b = sizeof(t) + t.parts.capacity() * sizeof(TemplatePart);
    for (const TemplatePart& p : t.parts) {
      b += string_bytes(p.text) + string_bytes(p.default_value);
    }
    return b;
  };
  for (const CompiledResource& r : resources_) {
    bytes += glob_bytes(r.glob);
    if (r.variables != nullptr) bytes += template_bytes(*r.variables);
  }
  for (const CompiledCondition& c : conditions_) {
    bytes += string_bytes(c.keys) +
             c.values.capacity() * sizeof(CompiledConditionValue);
    for (const CompiledConditionValue& v : c.values) {
      if (v.variables != nullptr) bytes += template_bytes(*v.variables);
      if (const auto* text = std::get_if<std::string>(&v.parsed)) {
        bytes += string_bytes(*text);
      } else if (const auto* glob = std::get_if<Glob>(&v.parsed)) {
        bytes += glob_bytes(*glob);
      } else if (const auto* arn =
                     std::get_if<CompiledConditionValue::ArnParts>(&v.parsed);
                 arn != nullptr && *arn != nullptr) {
        bytes += sizeof(**arn);
        for (const Glob& g : **arn) bytes += glob_bytes(g);
      } else if (std::holds_alternative<std::unique_ptr<const Decimal>>(
                     v.parsed)) {
        bytes += sizeof(Decimal);
      } else if (std::holds_alternative<std::unique_ptr<const IpRange>>(
                     v.parsed)) {
        bytes += sizeof(IpRange);
      }
    }
  }
  return bytes;
}

}  // namespace iameval
