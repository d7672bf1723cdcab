// FindEscalations: privilege-escalation paths, each step checked by the engine.
#include "iameval/account/escalation.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "account/account_internal.h"
#include "iameval/arn.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/wildcard.h"
#include "json/json_writer.h"

namespace iameval {

using internal::AsciiLower;
namespace {

using account_internal::StatementCoversAction;
using account_internal::WriteStatements;

struct ServiceTechnique {
  const char* name;               // "lambda"
  const char* service_principal;  // "lambda.amazonaws.com"
  // Actions and their probe resources ({r} region, {a} account).
  std::vector<std::pair<const char*, const char*>> actions;
};

const std::vector<ServiceTechnique>& ServiceTechniques() {
  static const auto* t = new std::vector<ServiceTechnique>{
      {"lambda",
       "lambda.amazonaws.com",
       {{"lambda:CreateFunction",
         "arn:aws:lambda:{r}:{a}:function:iameval-probe"},
        {"lambda:InvokeFunction",
         "arn:aws:lambda:{r}:{a}:function:iameval-probe"}}},
      {"ec2",
       "ec2.amazonaws.com",
       {{"ec2:RunInstances", "arn:aws:ec2:{r}:{a}:instance/*"}}},
      {"glue",
       "glue.amazonaws.com",
       {{"glue:CreateDevEndpoint",
         "arn:aws:glue:{r}:{a}:devEndpoint/iameval-probe"}}},
      {"cloudformation",
       "cloudformation.amazonaws.com",
       {{"cloudformation:CreateStack",
         "arn:aws:cloudformation:{r}:{a}:stack/iameval-probe/*"}}},
      {"codebuild",
       "codebuild.amazonaws.com",
       {{"codebuild:CreateProject",
         "arn:aws:codebuild:{r}:{a}:project/iameval-probe"},
        {"codebuild:StartBuild",
         "arn:aws:codebuild:{r}:{a}:project/iameval-probe"}}},
      {"ecs",
       "ecs-tasks.amazonaws.com",
       {{"ecs:RegisterTaskDefinition", "*"},
        {"ecs:RunTask",
         "arn:aws:ecs:{r}:{a}:task-definition/iameval-probe:1"}}},
      {"sagemaker",
       "sagemaker.amazonaws.com",
       {{"sagemaker:CreateNotebookInstance",
         "arn:aws:sagemaker:{r}:{a}:notebook-instance/iameval-probe"},
        {"sagemaker:CreatePresignedNotebookInstanceUrl",
         "arn:aws:sagemaker:{r}:{a}:notebook-instance/iameval-probe"}}},
  };
  return *t;
}

struct Probe {
  std::string action;
  std::string resource;
};

// A principal of the model, or a principal with extra identity policies
// (what it would hold after rewriting its own permissions).
struct Node {
  std::string arn;  // the principal
  ResolvedCaller caller;
  bool variant = false;
  int base = -1;  // variants: the principal node they extend
  std::string variant_label;
  // Its own capabilities; for a principal built on first use (Probes).
  std::vector<Probe> probes;
  bool probes_built = false;
  bool admin = false;
  // Per probe, for this node itself; evaluated on first use (ProbeAllowed):
  // only MorePrivileged reads it, for the few nodes a path reaches.
  std::vector<char> probe_allowed;
  bool probes_evaluated = false;
  // Mentions' answers for AskedActions(), one bit each; set on first use.
  mutable std::optional<uint32_t> mentions;
};

std::string ProbeAction(absl::string_view pattern) {
  if (pattern.find(':') == absl::string_view::npos) {
    return "iamevalprobe:IamevalProbe";
  }
  std::string out =
      absl::StrReplaceAll(pattern, {{"*", "IamevalProbe"}, {"?", "X"}});
  if (out[0] == ':') out = "iamevalprobe" + out;
  return out;
}

void AddProbes(const ModelPolicy& doc, const RequestContext& vars,
               std::vector<Probe>* out) {
  for (const Statement& s : doc.parsed.statements) {
    if (s.effect != Effect::kAllow) continue;
    std::vector<std::string> resources;
    if (s.resource_mode == Statement::ResourceMode::kResource) {
      for (const std::string& r : s.resources) {
        resources.push_back(
            account_internal::SubstituteKnownVariables(r, vars));
      }
    } else {
      resources.push_back("*");
    }
    std::vector<std::string> actions;
    if (s.not_action) {
      if (!StatementCoversAction(s, "iamevalprobe:iamevalprobe")) continue;
      actions.push_back("iamevalprobe:IamevalProbe");
    } else {
      for (const std::string& a : s.actions) actions.push_back(ProbeAction(a));
    }
    for (const std::string& a : actions) {
      for (const std::string& r : resources) {
        if (out->size() >= 256) return;
        out->push_back({a, r});
      }
    }
  }
}

class Finder {
 public:
  Finder(const AccountModel& model, const EscalationOptions& options)
      : model_(model), options_(options) {
    context_ = account_internal::PrincipalContext(options.query);
    if (context_.Find("aws:RequestedRegion") == nullptr) {
      context_.Set("aws:RequestedRegion", options.region);
    }
  }

  EscalationResult Run() {
    BuildNodes();
    BuildEdges();
    return Paths();
  }

 private:
  struct Edge {
    int to;
    EscalationStep step;
  };

  // The same few resources (probes, technique targets) come back for every
  // principal; resolving one is a function of the model alone.
  const ResolvedResource& Resource(absl::string_view arn,
                                   const std::string& fallback_account) {
    std::string key = absl::StrCat(fallback_account, "|", arn);
    auto it = resources_.find(key);
    if (it == resources_.end()) {
      it = resources_
               .emplace(std::move(key),
                        ResolveResource(model_, arn, "", fallback_account))
               .first;
    }
    return it->second;
  }

  Decision Eval(const ResolvedCaller& c, absl::string_view action,
                absl::string_view resource, const RequestContext* extra,
                Trace* trace, BlockedEscalation* blocked = nullptr) {
    const ResolvedResource& r = Resource(resource, c.principal.account);
    RequestContext merged;
    const RequestContext* ctx = &context_;
    if (extra != nullptr) {
      merged = context_;
      MergeContext(*extra, &merged);
      ctx = &merged;
    }
    absl::StatusOr<Resolution> res = Resolve(model_, c, r, action, *ctx);
    if (!res.ok()) return Decision();
    Trace local;
    if (trace == nullptr && blocked != nullptr) trace = &local;
    Decision d = Evaluate(res->bundle, res->request, trace);
    if (d.allowed() || blocked == nullptr) return d;
    // Blocked only when the principal's own identity policies allow the
    // request: an Allow of its identity layer matches it (Deny statements
    // aside). Otherwise it never had the technique.
    PolicyBundle own;
    own.identity = res->bundle.identity;
    Trace own_trace;
    Evaluate(own, res->request, &own_trace);
    bool own_allow = false;
    for (const MatchedStatement& m : own_trace.matched) {
      own_allow |= m.effect == Effect::kAllow && m.layer == Layer::kIdentity;
    }
    if (!own_allow) {
      // An Allow waiting for a key the profile does not give still counts.
      std::optional<account_internal::Supplied> s =
          account_internal::AllowedOnceSupplied(
              account_internal::DocumentsFor(model_, c, r), own, res->request,
              own_trace);
      own_allow = s.has_value();
    }
    if (!own_allow) return d;
    blocked->decision = d;
    blocked->blocked_by = BlockingLayer(d);
    if (std::optional<account_internal::Supplied> s =
            account_internal::AllowedOnceSupplied(
                account_internal::DocumentsFor(model_, c, r), res->bundle,
                res->request, *trace)) {
      blocked->needs = std::move(s->needs);
      blocked->blocked_by = "condition (needs context)";
    }
    blocked->action = std::string(action);
    blocked->resource = std::string(resource);
    return d;
  }

  static std::string BlockingLayer(const Decision& d) {
    switch (d.layer) {
      case Layer::kBoundary:
        return "permissions boundary";
      case Layer::kScp:
        return "SCP";
      case Layer::kRcp:
        return "RCP";
      case Layer::kSession:
        return "session policy";
      case Layer::kResource:
        return "resource policy";
      case Layer::kIdentity:
        return d.outcome == Outcome::kExplicitlyDenied
                   ? "explicit deny in an identity policy"
                   : "identity policy condition";
      default:
        return std::string(LayerName(d.layer));
    }
  }

  bool Allowed(const ResolvedCaller& c, absl::string_view action,
               absl::string_view resource) {
    return Eval(c, action, resource, nullptr, nullptr).allowed();
  }

  RequestContext Vars(const ResolvedCaller& c) {
    RequestContext vars = c.context;
    if (c.principal.kind == PrincipalKind::kUser) {
      vars.Set("aws:username", c.principal.name);
    }
    return vars;
  }

  void Finish(Node* n) {
    n->admin = account_internal::MayBeAllowedOnStar(
                   n->caller, "iam:iamevalwildcardprobe") &&
               Allowed(n->caller, "iam:IamevalWildcardProbe", "*");
  }

  // A principal's probes: only the nodes a path reaches (and the variants
  // built on them) need them.
  const std::vector<Probe>& Probes(Node* n) {
    if (!n->probes_built) {
      RequestContext vars = Vars(n->caller);
      for (const ModelPolicyRef& d : n->caller.identity_documents) {
        AddProbes(*d, vars, &n->probes);
      }
      n->probes_built = true;
    }
    return n->probes;
  }

  const std::vector<char>& ProbeAllowed(Node* n) {
    if (!n->probes_evaluated) {
      Probes(n);
      n->probe_allowed.resize(n->probes.size());
      for (size_t i = 0; i < n->probes.size(); ++i) {
        n->probe_allowed[i] =
            Allowed(n->caller, n->probes[i].action, n->probes[i].resource);
      }
      n->probes_evaluated = true;
    }
    return n->probe_allowed;
  }

  void BuildNodes() {
    for (const IamUser& u : model_.users()) {
      Node n;
      n.arn = u.arn;
      n.caller = ResolveUser(model_, u);
      nodes_.push_back(std::move(n));
    }
    for (const IamRole& r : model_.roles()) {
      Node n;
      n.arn = r.arn;
      n.caller = ResolveRole(model_, r, options_.query.session_name);
      nodes_.push_back(std::move(n));
    }
    for (size_t i = 0; i < nodes_.size(); ++i) {
      index_[nodes_[i].arn] = static_cast<int>(i);
      Finish(&nodes_[i]);
    }
  }

  // A variant of principal `base` holding `extra` identity policies too.
  int Variant(int base, const std::string& label,
              const std::vector<ModelPolicyRef>& extra, bool arbitrary) {
    std::string key = absl::StrCat(base, "|", label);
    if (auto it = variant_index_.find(key); it != variant_index_.end()) {
      return it->second;
    }
    Node n;
    n.arn = nodes_[base].arn;
    n.caller = nodes_[base].caller;
    n.variant = true;
    n.base = base;
    n.variant_label = label;
    RequestContext vars = Vars(n.caller);
    for (const ModelPolicyRef& d : extra) {
      n.caller.identity_documents.push_back(d);
      n.caller.identity.push_back(d->compiled);
      AddProbes(*d, vars, &n.probes);
    }
    if (arbitrary) {
      // Anything it likes: the identity side allows everything; what it
      // gains is what its boundary and SCPs let through.
      n.caller.identity.push_back(account_internal::AllowAllIdentity());
      n.probes.push_back({"iamevalprobe:IamevalProbe", "*"});
      for (const ModelPolicyRef& d : nodes_[base].caller.boundary_documents) {
        AddProbes(*d, vars, &n.probes);
      }
    }
    for (const Probe& p : Probes(&nodes_[base])) n.probes.push_back(p);
    n.probes_built = true;
    Finish(&n);
    nodes_.push_back(std::move(n));
    const int index = static_cast<int>(nodes_.size()) - 1;
    variant_index_[key] = index;
    return index;
  }

  // Whether `from`'s own policies name `action` in an Allow. The techniques
  // ask about the same few actions for every principal, and documents are
  // shared by many principals (group and managed policies): each document's
  // answers for those actions are one bit mask, each node's the union.
  bool Mentions(const Node& from, absl::string_view action) {
    const std::string folded = AsciiLower(action);
    const std::vector<std::string>& asked = AskedActions();
    auto at = std::find(asked.begin(), asked.end(), folded);
    if (at == asked.end()) return MentionsScan(from.caller, folded);
    if (!from.mentions) {
      uint32_t mask = 0;
      for (const ModelPolicyRef& d : from.caller.identity_documents) {
        auto [it, fresh] = document_mentions_.try_emplace(d.get(), 0);
        if (fresh) {
          for (size_t i = 0; i < asked.size(); ++i) {
            for (const Statement& s : d->parsed.statements) {
              if (s.effect == Effect::kAllow &&
                  StatementCoversAction(s, asked[i])) {
                it->second |= uint32_t{1} << i;
                break;
              }
            }
          }
        }
        mask |= it->second;
      }
      from.mentions = mask;
    }
    return (*from.mentions >> (at - asked.begin())) & 1;
  }

  static bool MentionsScan(const ResolvedCaller& caller,
                           absl::string_view folded) {
    for (const ModelPolicyRef& d : caller.identity_documents) {
      for (const Statement& s : d->parsed.statements) {
        if (s.effect == Effect::kAllow && StatementCoversAction(s, folded)) {
          return true;
        }
      }
    }
    return false;
  }

  // The actions the techniques ask Mentions about, folded (at most 32).
  static const std::vector<std::string>& AskedActions() {
    static const auto* const kActions = [] {
      auto* out = new std::vector<std::string>{
          "iam:createpolicyversion",    "iam:setdefaultpolicyversion",
          "iam:attachuserpolicy",       "iam:putuserpolicy",
          "iam:attachgrouppolicy",      "iam:putgrouppolicy",
          "iam:attachrolepolicy",       "iam:putrolepolicy",
          "iam:addusertogroup",         "iam:createaccesskey",
          "iam:createloginprofile",     "iam:updateloginprofile",
          "iam:updateassumerolepolicy", "iam:passrole"};
      for (const ServiceTechnique& t : ServiceTechniques()) {
        for (const auto& [action, resource] : t.actions) {
          std::string folded = AsciiLower(action);
          if (std::find(out->begin(), out->end(), folded) == out->end()) {
            out->push_back(std::move(folded));
          }
        }
      }
      out->resize(std::min<size_t>(out->size(), 32));
      return out;
    }();
    return *kActions;
  }

  // Evaluates one request of a technique; records it as blocked when the
  // principal's policies name the action but another layer (or a Deny)
  // refused it.
  bool Step(int from, const std::string& technique, absl::string_view action,
            absl::string_view resource, EscalationStep* step,
            const RequestContext* extra = nullptr) {
    Trace trace;
    BlockedEscalation b;
    Decision d = Eval(nodes_[from].caller, action, resource, extra, &trace, &b);
    if (!d.allowed()) {
      if (!b.action.empty() && !nodes_[from].variant) {
        b.principal = nodes_[from].arn;
        b.technique = technique;
        blocked_.push_back(std::move(b));
      }
      return false;
    }
    step->requests.push_back({std::string(action), std::string(resource),
                              GrantingStatements(trace)});
    return true;
  }

  void AddEdge(int from, int to, EscalationStep step) {
    step.from = nodes_[from].arn;
    step.to = nodes_[to].arn;
    edges_[from].push_back({to, std::move(step)});
  }

  std::vector<ManagedPolicyRef> AttachedManaged(const Node& n) {
    std::vector<ManagedPolicyRef> out;
    if (const IamUser* u = n.caller.user) {
      out = u->managed_policies;
      for (const std::string& g : u->groups) {
        if (const IamGroup* group = model_.FindGroup(u->account, g)) {
          out.insert(out.end(), group->managed_policies.begin(),
                     group->managed_policies.end());
        }
      }
    } else if (const IamRole* r = n.caller.role) {
      out = r->managed_policies;
    }
    return out;
  }

  void SelfTechniques(int i) {
    const Node& n = nodes_[i];
    auto arbitrary = [&]() {
      return Variant(i, "arbitrary policies", {}, true);
    };
    // Rewriting a customer managed policy attached to oneself.
    for (const ManagedPolicyRef& m : AttachedManaged(n)) {
      if (m->aws_managed) continue;
      if (Mentions(n, "iam:CreatePolicyVersion")) {
        EscalationStep step;
        step.technique = "create-policy-version";
        step.description = absl::StrCat("writes a new default version of ",
                                        m->arn, ", which is attached to it");
        if (Step(i, step.technique, "iam:CreatePolicyVersion", m->arn, &step)) {
          AddEdge(i, arbitrary(), std::move(step));
        }
      }
      if (!m->other_versions.empty() &&
          Mentions(n, "iam:SetDefaultPolicyVersion")) {
        EscalationStep step;
        step.technique = "set-default-policy-version";
        step.description = absl::StrCat(
            "makes another version of ", m->arn, " (",
            absl::StrJoin(m->other_versions, ", "),
            ") the default; those versions are not in the snapshot's "
            "compiled set, so the gain is assumed arbitrary");
        if (Step(i, step.technique, "iam:SetDefaultPolicyVersion", m->arn,
                 &step)) {
          AddEdge(i, arbitrary(), std::move(step));
        }
      }
    }
    struct Self {
      const char* technique;
      const char* action;
      std::string resource;
    };
    std::vector<Self> selves;
    if (const IamUser* u = n.caller.user) {
      selves.push_back({"attach-user-policy", "iam:AttachUserPolicy", u->arn});
      selves.push_back({"put-user-policy", "iam:PutUserPolicy", u->arn});
      for (const std::string& g : u->groups) {
        if (const IamGroup* group = model_.FindGroup(u->account, g)) {
          selves.push_back(
              {"attach-group-policy", "iam:AttachGroupPolicy", group->arn});
          selves.push_back(
              {"put-group-policy", "iam:PutGroupPolicy", group->arn});
        }
      }
    } else if (const IamRole* r = n.caller.role) {
      selves.push_back({"attach-role-policy", "iam:AttachRolePolicy", r->arn});
      selves.push_back({"put-role-policy", "iam:PutRolePolicy", r->arn});
    }
    for (const Self& s : selves) {
      if (!Mentions(n, s.action)) continue;
      EscalationStep step;
      step.technique = s.technique;
      step.description =
          absl::StrCat("attaches or writes any policy on ", s.resource);
      if (Step(i, step.technique, s.action, s.resource, &step)) {
        AddEdge(i, arbitrary(), std::move(step));
      }
    }
    // Joining a group.
    if (const IamUser* u = n.caller.user;
        u && Mentions(n, "iam:AddUserToGroup")) {
      for (const IamGroup& g : model_.groups()) {
        if (g.account != u->account) continue;
        if (std::find(u->groups.begin(), u->groups.end(), g.name) !=
            u->groups.end()) {
          continue;
        }
        EscalationStep step;
        step.technique = "add-user-to-group";
        step.description = absl::StrCat("adds itself to ", g.arn);
        if (Step(i, step.technique, "iam:AddUserToGroup", g.arn, &step)) {
          std::vector<ModelPolicyRef> docs;
          for (const InlinePolicy& p : g.inline_policies)
            docs.push_back(p.document);
          for (const ManagedPolicyRef& p : g.managed_policies) {
            docs.push_back(p->document);
          }
          AddEdge(i, Variant(i, absl::StrCat("member of ", g.arn), docs, false),
                  std::move(step));
        }
      }
    }
  }

  void OtherTechniques(
      int i, const std::vector<std::vector<std::string>>& role_services) {
    const Node& n = nodes_[i];
    const std::string& account = n.caller.principal.account;
    // Credentials of another user.
    struct UserTechnique {
      const char* technique;
      const char* action;
    };
    const UserTechnique user_techniques[] = {
        {"create-access-key", "iam:CreateAccessKey"},
        {"create-login-profile", "iam:CreateLoginProfile"},
        {"update-login-profile", "iam:UpdateLoginProfile"}};
    for (const UserTechnique& t : user_techniques) {
      if (!Mentions(n, t.action)) continue;
      for (const IamUser& u : model_.users()) {
        if (u.account != account || u.arn == n.arn) continue;
        EscalationStep step;
        step.technique = t.technique;
        step.description = absl::StrCat("obtains credentials of ", u.arn);
        if (Step(i, step.technique, t.action, u.arn, &step)) {
          AddEdge(i, index_[u.arn], std::move(step));
        }
      }
    }
    if (Mentions(n, "iam:UpdateAssumeRolePolicy")) {
      for (const IamRole& r : model_.roles()) {
        if (r.account != account || r.arn == n.arn || r.service_linked)
          continue;
        EscalationStep step;
        step.technique = "update-assume-role-policy";
        step.description = absl::StrCat("rewrites the trust policy of ", r.arn,
                                        " to name itself, then assumes it");
        if (Step(i, step.technique, "iam:UpdateAssumeRolePolicy", r.arn,
                 &step)) {
          AddEdge(i, index_[r.arn], std::move(step));
        }
      }
    }
    if (Mentions(n, "iam:PassRole")) {
      for (size_t ri = 0; ri < model_.roles().size(); ++ri) {
        const IamRole& r = model_.roles()[ri];
        if (r.account != account || r.arn == n.arn) continue;
        for (const ServiceTechnique& t : ServiceTechniques()) {
          if (std::find(role_services[ri].begin(), role_services[ri].end(),
                        t.service_principal) == role_services[ri].end()) {
            continue;
          }
          bool mentions = true;
          for (const auto& [action, resource] : t.actions) {
            mentions &= Mentions(n, action);
          }
          if (!mentions) continue;
          EscalationStep step;
          step.technique = absl::StrCat("passrole-", t.name);
          step.description =
              absl::StrCat("passes ", r.arn, " to ", t.service_principal,
                           " and runs code there with its permissions");
          RequestContext passed;
          passed.Set("iam:PassedToService", t.service_principal);
          bool ok =
              Step(i, step.technique, "iam:PassRole", r.arn, &step, &passed);
          for (const auto& [action, resource] : t.actions) {
            if (!ok) break;
            std::string arn = absl::StrReplaceAll(
                resource, {{"{r}", options_.region}, {"{a}", account}});
            ok = Step(i, step.technique, action, arn, &step);
          }
          if (ok) AddEdge(i, index_[r.arn], std::move(step));
        }
      }
    }
  }

  void BuildEdges() {
    const size_t principals = nodes_.size();
    edges_.resize(principals);
    // Services each role's trust admits.
    std::vector<std::vector<std::string>> role_services(model_.roles().size());
    // The request of a technique's service on a role differs from role to
    // role of one account only by the resource ARN (the owner comes from
    // the ARN's account): built once per technique and account.
    absl::flat_hash_map<std::pair<const ServiceTechnique*, std::string>,
                        absl::StatusOr<Request>>
        requests;
    for (size_t ri = 0; ri < model_.roles().size(); ++ri) {
      const IamRole& r = model_.roles()[ri];
      if (!r.trust) continue;
      std::optional<ArnView> arn = ArnView::Parse(r.arn);
      for (const ServiceTechnique& t : ServiceTechniques()) {
        // Built only when no request of this account is kept: copying the
        // context for every role was a quarter of this loop.
        auto build = [&] {
          RequestSpec spec;
          spec.principal = t.service_principal;
          spec.action = "sts:AssumeRole";
          spec.resource = r.arn;
          spec.context = context_;
          return BuildRequest(std::move(spec));
        };
        absl::StatusOr<Request> own;
        absl::StatusOr<Request>* req = &own;
        if (arn && account_internal::IsAccountId(arn->account)) {
          auto [it, fresh] = requests.try_emplace(
              std::make_pair(&t, std::string(arn->account)),
              absl::UnknownError(""));
          if (fresh) it->second = build();
          req = &it->second;
          if (req->ok()) (*req)->resource = r.arn;
        } else {
          own = build();
        }
        if (!req->ok()) continue;
        PolicyBundle b;
        b.resource.push_back(r.trust->compiled);
        b.rcp_levels = model_.RcpLevels(r.account);
        b.management_account = model_.management_account();
        if (Evaluate(b, **req).allowed()) {
          role_services[ri].push_back(t.service_principal);
        }
      }
    }
    for (size_t i = 0; i < principals; ++i) {
      // An administrator has nothing to gain.
      if (nodes_[i].admin) continue;
      SelfTechniques(static_cast<int>(i));
      OtherTechniques(static_cast<int>(i), role_services);
    }
    edges_.resize(nodes_.size());
    // Role assumption.
    AssumePathsOptions assume;
    assume.query = options_.query;
    assume.query.context = context_;
    assume.include_services = false;
    AssumeGraph graph = AssumePaths(model_, assume);
    for (const AssumeEdge& e : graph.edges) {
      // An edge that exists only with context the profile does not give is
      // no step the engine allowed.
      if (!e.needs.empty()) continue;
      auto from = index_.find(e.from);
      auto to = index_.find(e.to);
      if (from == index_.end() || to == index_.end()) continue;
      EscalationStep step;
      step.technique = "assume-role";
      step.description = absl::StrCat("assumes ", e.to);
      EscalationRequest req;
      req.action = "sts:AssumeRole";
      req.resource = e.to;
      req.granting = e.trust_statements;
      req.granting.insert(req.granting.end(), e.identity_statements.begin(),
                          e.identity_statements.end());
      step.requests.push_back(std::move(req));
      AddEdge(from->second, to->second, std::move(step));
    }
  }

  // Whether `x` holds something `p` does not.
  bool MorePrivileged(int x, int p) {
    if (x == p) return false;
    Node& nx = nodes_[x];
    Node& np = nodes_[p];
    if (nx.admin && !np.admin) return true;
    if (np.admin) return false;
    auto key = std::make_pair(x, p);
    if (auto it = more_.find(key); it != more_.end()) return it->second;
    // Strictly larger: x holds everything p holds, and something more. A
    // role that merely holds other things (the assumption the policies were
    // written for) is no escalation.
    bool covers = true;
    const std::vector<char>& p_allowed = ProbeAllowed(&np);
    for (size_t i = 0; i < np.probes.size() && covers; ++i) {
      if (!p_allowed[i]) continue;
      covers = Allowed(nx.caller, np.probes[i].action, np.probes[i].resource);
    }
    bool more = false;
    if (covers) {
      const std::vector<char>& x_allowed = ProbeAllowed(&nx);
      for (size_t i = 0; i < nx.probes.size() && !more; ++i) {
        if (!x_allowed[i]) continue;
        more = !Allowed(np.caller, nx.probes[i].action, nx.probes[i].resource);
      }
    }
    more = covers && more;
    more_[key] = more;
    return more;
  }

  EscalationResult Paths() {
    EscalationResult out;
    const int principals =
        static_cast<int>(model_.users().size() + model_.roles().size());
    // Breadth-first state, allocated once: each search resets only the
    // nodes it reached (a fresh vector per principal was quadratic).
    std::vector<int> parent(nodes_.size(), -2);
    std::vector<const EscalationStep*> via(nodes_.size(), nullptr);
    std::vector<int> depth(nodes_.size(), 0);
    std::vector<int> reached;
    for (int p = 0; p < principals; ++p) {
      if (p > 0) parent[p - 1] = -2;  // the previous search's root
      for (int n : reached) {
        parent[n] = -2;
        via[n] = nullptr;
        depth[n] = 0;
      }
      reached.clear();
      // Breadth-first over the steps, shortest paths first.
      std::deque<int> queue = {p};
      parent[p] = -1;
      while (!queue.empty()) {
        int n = queue.front();
        queue.pop_front();
        if (depth[n] >= options_.max_steps) continue;
        // Past an administrator every further step is moot.
        if (n != p && nodes_[n].admin) continue;
        for (const Edge& e : edges_[n]) {
          if (parent[e.to] != -2) continue;
          parent[e.to] = n;
          via[e.to] = &e.step;
          depth[e.to] = depth[n] + 1;
          reached.push_back(e.to);
          queue.push_back(e.to);
        }
      }
      std::set<std::string> reported;  // one (shortest) path per target
      for (int x : reached) {
        const Node& nx = nodes_[x];
        if (nx.arn == nodes_[p].arn && !nx.variant) continue;
        // A variant of another principal matters only when it makes that
        // principal an administrator (its other gains are its own paths).
        if (nx.variant && nx.base != p &&
            !(nx.admin && !nodes_[nx.base].admin)) {
          continue;
        }
        if (reported.count(nx.arn)) continue;
        if (!MorePrivileged(x, p)) continue;
        reported.insert(nx.arn);
        EscalationPath path;
        path.principal = nodes_[p].arn;
        path.target = nodes_[x].arn;
        path.target_admin = nodes_[x].admin;
        for (int n = x; parent[n] >= 0; n = parent[n]) {
          path.steps.push_back(*via[n]);
        }
        std::reverse(path.steps.begin(), path.steps.end());
        out.paths.push_back(std::move(path));
      }
    }
    std::stable_sort(out.paths.begin(), out.paths.end(),
                     [](const EscalationPath& a, const EscalationPath& b) {
                       if (a.principal != b.principal) {
                         return a.principal < b.principal;
                       }
                       return a.steps.size() < b.steps.size();
                     });
    out.blocked = std::move(blocked_);
    return out;
  }

  const AccountModel& model_;
  const EscalationOptions& options_;
  RequestContext context_;
  std::deque<Node> nodes_;
  absl::flat_hash_map<std::string, int> index_;
  absl::flat_hash_map<std::string, int> variant_index_;
  absl::node_hash_map<std::string, ResolvedResource> resources_;
  std::vector<std::vector<Edge>> edges_;
  std::map<std::pair<int, int>, bool> more_;
  absl::flat_hash_map<const ModelPolicy*, uint32_t> document_mentions_;
  std::vector<BlockedEscalation> blocked_;
};

}  // namespace

EscalationResult FindEscalations(const AccountModel& model,
                                 const EscalationOptions& options) {
  Finder finder(model, options);
  return finder.Run();
}

std::string EscalationsToText(const EscalationResult& result) {
  std::string out =
      absl::StrCat("privilege escalation: ", result.paths.size(), " paths\n");
  for (const EscalationPath& p : result.paths) {
    absl::StrAppend(&out, "  ", p.principal, " => ", p.target,
                    p.target_admin ? " [admin]" : "", "\n");
    for (const EscalationStep& s : p.steps) {
      absl::StrAppend(&out, "      ", s.technique, ": ", s.description, "\n");
      for (const EscalationRequest& r : s.requests) {
        absl::StrAppend(&out, "        allowed ", r.action, " on ", r.resource,
                        "\n");
      }
    }
  }
  if (!result.blocked.empty()) {
    absl::StrAppend(&out, "blocked (", result.blocked.size(), "):\n");
    for (const BlockedEscalation& b : result.blocked) {
      absl::StrAppend(&out, "  ", b.principal, " ", b.technique, ": ", b.action,
                      " on ", b.resource, " ", OutcomeName(b.decision.outcome),
                      ", blocked by ", b.blocked_by);
      if (!b.needs.empty()) {
        absl::StrAppend(&out, "; allowed once given ",
                        absl::StrJoin(b.needs, ", "));
      }
      out += "\n";
    }
  }
  return out;
}

std::string EscalationsToJson(const EscalationResult& result) {
  std::string out;
  json::JsonWriter w(&out);
  w.BeginObject().Key("paths").BeginArray();
  for (const EscalationPath& p : result.paths) {
    w.BeginObject().Member("principal", p.principal).Member("target", p.target);
    w.Key("targetAdmin").Bool(p.target_admin).Key("steps").BeginArray();
    for (const EscalationStep& s : p.steps) {
      w.BeginObject().Member("technique", s.technique).Member("from", s.from);
      w.Member("to", s.to).Member("description", s.description);
      w.Key("requests").BeginArray();
      for (const EscalationRequest& r : s.requests) {
        w.BeginObject()
            .Member("action", r.action)
            .Member("resource", r.resource);
        WriteStatements(r.granting, &w.Key("grantingStatements"));
        w.EndObject();
      }
      w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().Key("blocked").BeginArray();
  for (const BlockedEscalation& b : result.blocked) {
    w.BeginObject().Member("principal", b.principal);
    w.Member("technique", b.technique).Member("action", b.action);
    w.Member("resource", b.resource);
    w.Member("decision", OutcomeName(b.decision.outcome));
    w.Member("layer", LayerName(b.decision.layer));
    w.Member("reason", ReasonText(b.decision.reason));
    w.Member("blockedBy", b.blocked_by);
    account_internal::WriteStrings(b.needs, &w.Key("needs"));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

}  // namespace iameval
