// AccountModel lookups and principal/resource resolution into a PolicyBundle.
#include "iameval/account/model.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "account/account_internal.h"
#include "iameval/arn.h"
#include "iameval/internal/status_macros.h"
#include "iameval/parser.h"
#include "iameval/wildcard.h"

namespace iameval {

using internal::AsciiLower;
namespace {

using account_internal::IsAccountId;

std::string Key(absl::string_view account, absl::string_view name) {
  return absl::StrCat(account, "/", name);
}

absl::string_view LastPathElement(absl::string_view s) {
  size_t slash = s.rfind('/');
  return slash == absl::string_view::npos ? s : s.substr(slash + 1);
}

const std::vector<std::vector<PolicyRef>>& NoLevels() {
  static const auto* empty = new std::vector<std::vector<PolicyRef>>();
  return *empty;
}

std::string PartitionOf(const AccountModel& model, absl::string_view account) {
  for (const IamUser& u : model.users()) {
    if (u.account == account) return u.partition;
  }
  for (const IamRole& r : model.roles()) {
    if (r.account == account) return r.partition;
  }
  return "aws";
}

void AddOrgContext(const AccountModel& model, absl::string_view account,
                   absl::string_view id_key, absl::string_view paths_key,
                   RequestContext* ctx) {
  std::string org_id = model.OrgId(account);
  if (org_id.empty()) return;
  ctx->Set(id_key, org_id);
  ctx->SetList(paths_key, {model.OrgPath(account)});
}

}  // namespace

// --- Organization
// --------------------------------------------------------------

int Organization::AccountNode(absl::string_view account) const {
  auto it = account_index.find(account);
  return it == account_index.end() ? -1 : it->second;
}

std::vector<int> Organization::PathTo(absl::string_view account) const {
  std::vector<int> path;
  for (int n = AccountNode(account); n >= 0; n = nodes[n].parent) {
    path.push_back(n);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string Organization::OrgPath(absl::string_view account) const {
  std::vector<int> path = PathTo(account);
  if (path.empty()) return "";
  std::string out = absl::StrCat(id, "/");
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    absl::StrAppend(&out, nodes[path[i]].id, "/");
  }
  return out;
}

std::vector<std::string> Organization::Accounts() const {
  std::vector<std::string> out;
  for (const auto& [id, index] : account_index) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

// --- AccountModel
// --------------------------------------------------------------

const IamUser* AccountModel::FindUser(absl::string_view arn) const {
  auto it = user_by_arn_.find(arn);
  return it == user_by_arn_.end() ? nullptr : &users_[it->second];
}

const IamUser* AccountModel::FindUser(absl::string_view account,
                                      absl::string_view name) const {
  auto it = user_by_name_.find(Key(account, name));
  return it == user_by_name_.end() ? nullptr : &users_[it->second];
}

const IamRole* AccountModel::FindRole(absl::string_view arn) const {
  std::optional<ArnView> v = ArnView::Parse(arn);
  if (!v || v->service != "iam" || !absl::StartsWith(v->resource, "role/")) {
    return nullptr;
  }
  return FindRole(v->account, LastPathElement(v->resource));
}

const IamRole* AccountModel::FindRole(absl::string_view account,
                                      absl::string_view name) const {
  auto it = role_by_name_.find(Key(account, AsciiLower(name)));
  return it == role_by_name_.end() ? nullptr : &roles_[it->second];
}

const IamGroup* AccountModel::FindGroup(absl::string_view account,
                                        absl::string_view name) const {
  auto it = group_by_name_.find(Key(account, name));
  return it == group_by_name_.end() ? nullptr : &groups_[it->second];
}

const ManagedPolicy* AccountModel::FindManagedPolicy(
    absl::string_view arn) const {
  auto it = managed_by_arn_.find(arn);
  return it == managed_by_arn_.end() ? nullptr : managed_[it->second].get();
}

const ModelResource* AccountModel::FindResource(absl::string_view arn) const {
  auto it = resource_by_arn_.find(arn);
  if (it != resource_by_arn_.end()) return &resources_[it->second];
  // An S3 object is governed by its bucket's policy.
  if (absl::StartsWith(arn, "arn:")) {
    std::optional<ArnView> v = ArnView::Parse(arn);
    if (v && v->service == "s3" && v->region.empty() && v->account.empty()) {
      size_t slash = v->resource.find('/');
      if (slash != absl::string_view::npos) {
        std::string bucket = absl::StrCat(
            "arn:", v->partition, ":s3:::", v->resource.substr(0, slash));
        it = resource_by_arn_.find(bucket);
        if (it != resource_by_arn_.end()) return &resources_[it->second];
      }
    }
  }
  return nullptr;
}

bool AccountModel::HasAccount(absl::string_view account) const {
  return std::binary_search(accounts_.begin(), accounts_.end(),
                            std::string(account));
}

const std::vector<std::vector<PolicyRef>>& AccountModel::ScpLevels(
    absl::string_view account) const {
  auto it = scp_levels_.find(account);
  return it == scp_levels_.end() ? NoLevels() : it->second;
}

const std::vector<std::vector<PolicyRef>>& AccountModel::RcpLevels(
    absl::string_view account) const {
  auto it = rcp_levels_.find(account);
  return it == rcp_levels_.end() ? NoLevels() : it->second;
}

std::string AccountModel::OrgId(absl::string_view account) const {
  if (!org_ || org_->AccountNode(account) < 0) return "";
  return org_->id;
}

std::string AccountModel::OrgPath(absl::string_view account) const {
  return org_ ? org_->OrgPath(account) : "";
}

std::string AccountModel::management_account() const {
  return org_ ? org_->management_account : "";
}

// --- resolution
// ----------------------------------------------------------------

void MergeContext(const RequestContext& from, RequestContext* into) {
  // Entries are copied with their parsed values: every evaluation of an
  // account query merges contexts, and parsing the texts again was a fifth
  // of a review.
  into->MergeFrom(from);
}

namespace {

void CommonPrincipalContext(const AccountModel& model,
                            absl::string_view account,
                            const std::vector<Tag>& tags, ResolvedCaller* out) {
  for (const Tag& t : tags) {
    out->context.Set(absl::StrCat("aws:PrincipalTag/", t.key), t.value);
  }
  AddOrgContext(model, account, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
                &out->context);
  out->context.Set("aws:PrincipalIsAWSService", "false");
  out->scp_levels = model.ScpLevels(account);
}

}  // namespace

ResolvedCaller ResolveUser(const AccountModel& model, const IamUser& user) {
  ResolvedCaller c;
  c.principal.kind = PrincipalKind::kUser;
  c.principal.arn = user.arn;
  c.principal.partition = user.partition;
  c.principal.account = user.account;
  c.principal.name = user.name;
  c.user = &user;
  c.entity_arn = user.arn;
  c.identity_documents = user.identity_documents;
  c.identity = user.identity;
  if (user.boundary) {
    c.boundary_documents.push_back(user.boundary->document);
    c.boundary.push_back(user.boundary->document->compiled);
  }
  CommonPrincipalContext(model, user.account, user.tags, &c);
  if (!user.id.empty()) c.context.Set("aws:userid", user.id);
  return c;
}

ResolvedCaller ResolveRole(const AccountModel& model, const IamRole& role,
                           absl::string_view session_name) {
  ResolvedCaller c;
  c.principal.kind = PrincipalKind::kRoleSession;
  c.principal.partition = role.partition;
  c.principal.account = role.account;
  // No session name: a session of the role whose name is unknown (R19), as
  // a role ARN given as the caller means everywhere else.
  c.principal.session_unknown = session_name.empty();
  c.principal.arn =
      session_name.empty()
          ? role.arn
          : absl::StrCat("arn:", role.partition, ":sts::", role.account,
                         ":assumed-role/", role.name, "/", session_name);
  c.principal.name = std::string(session_name);
  c.principal.role_name_folded = AsciiLower(role.name);
  c.principal.issuer_arn = role.arn;
  c.principal.service_linked_role = role.service_linked;
  c.session_issuer = role.arn;
  c.role = &role;
  c.entity_arn = role.arn;
  c.identity_documents = role.identity_documents;
  c.identity = role.identity;
  if (role.boundary) {
    c.boundary_documents.push_back(role.boundary->document);
    c.boundary.push_back(role.boundary->document->compiled);
  }
  CommonPrincipalContext(model, role.account, role.tags, &c);
  if (!role.id.empty() && !session_name.empty()) {
    c.context.Set("aws:userid", absl::StrCat(role.id, ":", session_name));
  }
  return c;
}

absl::StatusOr<ResolvedCaller> ResolveCaller(const AccountModel& model,
                                             const Caller& caller) {
  absl::string_view p = caller.principal;
  ResolvedCaller c;
  bool resolved = false;
  auto root = [&](absl::string_view account, absl::string_view partition) {
    c = ResolvedCaller();
    c.principal.kind = PrincipalKind::kRoot;
    c.principal.partition = std::string(partition);
    c.principal.account = std::string(account);
    c.principal.arn =
        absl::StrCat("arn:", partition, ":iam::", account, ":root");
    c.entity_arn = c.principal.arn;
    CommonPrincipalContext(model, account, {}, &c);
    resolved = true;
  };
  if (IsAccountId(p)) {
    root(p, PartitionOf(model, p));
  } else if (absl::StartsWith(p, "arn:")) {
    std::optional<ArnView> v = ArnView::Parse(p);
    if (!v || !IsAccountId(v->account)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "principal \"", p, "\" is not an IAM or STS ARN with an account"));
    }
    absl::string_view res = v->resource;
    if (v->service == "iam" && res == "root") {
      root(v->account, v->partition);
    } else if (v->service == "iam" && absl::StartsWith(res, "user/")) {
      const IamUser* u = model.FindUser(p);
      if (u == nullptr) {
        u = model.FindUser(v->account, LastPathElement(res));
      }
      if (u == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("user ", p, " is not in the loaded snapshots"));
      }
      c = ResolveUser(model, *u);
      resolved = true;
    } else if (v->service == "iam" && absl::StartsWith(res, "role/")) {
      const IamRole* r = model.FindRole(p);
      if (r == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("role ", p, " is not in the loaded snapshots"));
      }
      c = ResolveRole(model, *r, caller.session_name);
      resolved = true;
    } else if (v->service == "sts" && absl::StartsWith(res, "assumed-role/")) {
      absl::string_view rest = res.substr(13);
      size_t slash = rest.find('/');
      if (slash == absl::string_view::npos || slash + 1 >= rest.size()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "role session \"", p,
            "\" must be arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION"));
      }
      const IamRole* r = model.FindRole(v->account, rest.substr(0, slash));
      if (r == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("role ", rest.substr(0, slash), " of account ",
                         v->account, " is not in the loaded snapshots"));
      }
      c = ResolveRole(model, *r, rest.substr(slash + 1));
      resolved = true;
    } else if (v->service == "sts" &&
               absl::StartsWith(res, "federated-user/")) {
      if (caller.federation_issuer.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "federated user \"", p,
            "\": give the IAM user that called GetFederationToken (its "
            "policies are the identity layer)"));
      }
      const IamUser* u = model.FindUser(caller.federation_issuer);
      if (u == nullptr) {
        return absl::NotFoundError(absl::StrCat(
            "user ", caller.federation_issuer,
            " (the federation issuer) is not in the loaded snapshots"));
      }
      c = ResolveUser(model, *u);
      absl::StatusOr<Principal> fp =
          Principal::FromString(p, caller.federation_issuer);
      if (!fp.ok()) return fp.status();
      c.principal = *std::move(fp);
      c.session_issuer = caller.federation_issuer;
      c.entity_arn = std::string(p);
      c.context.Erase("aws:userid");
      resolved = true;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "principal \"", p,
          "\" is not a user, role, role session, federated user or root "
          "ARN"));
    }
  } else {
    // A name: unique across the loaded users and roles.
    std::vector<std::string> found;
    const IamUser* user = nullptr;
    const IamRole* role = nullptr;
    for (const IamUser& u : model.users()) {
      if (u.name == p) {
        user = &u;
        found.push_back(u.arn);
      }
    }
    for (const IamRole& r : model.roles()) {
      if (AsciiLower(r.name) == AsciiLower(p)) {
        role = &r;
        found.push_back(r.arn);
      }
    }
    if (found.empty()) {
      return absl::NotFoundError(absl::StrCat(
          "no user or role named \"", p,
          "\" in the loaded accounts (give an ARN, or an account id for "
          "its root user)"));
    }
    if (found.size() > 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", p, "\" names several principals; give the ARN: ",
                       absl::StrJoin(found, ", ")));
    }
    c = user ? ResolveUser(model, *user)
             : ResolveRole(model, *role, caller.session_name);
    resolved = true;
  }
  if (!resolved) return absl::InternalError("unresolved principal");

  const PrincipalKind k = c.principal.kind;
  if (!caller.session_policy.empty()) {
    if (k != PrincipalKind::kRoleSession &&
        k != PrincipalKind::kFederatedUser) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a session policy applies to role sessions and federated users, "
          "not to the ",
          PrincipalKindName(k), " ", c.entity_arn));
    }
    ParseResult r = ParsePolicy(caller.session_policy, PolicyKind::kSession);
    if (!r.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("session policy: ", JoinErrors(r.issues)));
    }
    CompileOptions options;
    options.policy_id = "session-policy";
    IAMEVAL_ASSIGN_OR_RETURN(PolicyRef compiled,
                             CompilePolicy(r.policy, options));
    auto mp = std::make_shared<ModelPolicy>();
    mp->id = "session-policy";
    mp->kind = PolicyKind::kSession;
    mp->parsed = std::move(r.policy);
    mp->compiled = compiled;
    c.session_documents.push_back(std::move(mp));
    c.session.push_back(std::move(compiled));
  }
  if (!caller.session_tags.empty()) {
    if (k != PrincipalKind::kRoleSession &&
        k != PrincipalKind::kFederatedUser) {
      return absl::InvalidArgumentError(
          "session tags apply to role sessions and federated users");
    }
    for (const Tag& t : caller.session_tags) {
      c.context.Set(absl::StrCat("aws:PrincipalTag/", t.key), t.value);
    }
  }
  if (!caller.source_identity.empty()) {
    if (k != PrincipalKind::kRoleSession) {
      return absl::InvalidArgumentError(
          "a source identity applies to role sessions");
    }
    c.context.Set("aws:SourceIdentity", caller.source_identity);
  }
  return c;
}

ResolvedResource ResolveResource(const AccountModel& model,
                                 absl::string_view arn,
                                 absl::string_view account,
                                 absl::string_view fallback_account) {
  ResolvedResource r;
  r.arn = std::string(arn);
  r.resource = arn == "*" ? nullptr : model.FindResource(arn);
  std::optional<ArnView> v = arn == "*" ? std::nullopt : ArnView::Parse(arn);
  if (!account.empty()) {
    r.account = std::string(account);
  } else if (r.resource != nullptr) {
    r.account = r.resource->account;
  } else if (v && IsAccountId(v->account)) {
    r.account = std::string(v->account);
  } else {
    r.account = std::string(fallback_account);
  }
  if (v && v->service == "iam") {
    if (absl::StartsWith(v->resource, "role/")) {
      r.role = model.FindRole(arn);
    } else if (absl::StartsWith(v->resource, "user/")) {
      r.user = model.FindUser(arn);
    }
  }
  if (r.resource != nullptr) {
    r.aws_managed_key = r.resource->aws_managed_key;
    for (const Tag& t : r.resource->tags) {
      r.context.Set(absl::StrCat("aws:ResourceTag/", t.key), t.value);
    }
  } else if (r.role != nullptr) {
    for (const Tag& t : r.role->tags) {
      r.context.Set(absl::StrCat("aws:ResourceTag/", t.key), t.value);
    }
  } else if (r.user != nullptr) {
    for (const Tag& t : r.user->tags) {
      r.context.Set(absl::StrCat("aws:ResourceTag/", t.key), t.value);
    }
  }
  if (!r.account.empty()) {
    r.rcp_levels = model.RcpLevels(r.account);
    AddOrgContext(model, r.account, "aws:ResourceOrgID", "aws:ResourceOrgPaths",
                  &r.context);
  }
  return r;
}

absl::StatusOr<Resolution> Resolve(const AccountModel& model,
                                   const ResolvedCaller& caller,
                                   const ResolvedResource& resource_in,
                                   absl::string_view action,
                                   const RequestContext& context) {
  const ResolvedResource* resource = &resource_in;
  ResolvedResource owned;
  if (resource_in.account.empty() && resource_in.arn != "*") {
    // Owner unknown (an S3 ARN not in the resources file): the caller's.
    owned = ResolveResource(model, resource_in.arn, caller.principal.account);
    resource = &owned;
  }
  RequestSpec spec;
  spec.principal = caller.principal.arn;
  spec.session_issuer = caller.session_issuer;
  spec.action = std::string(action);
  spec.resource = resource->arn;
  spec.resource_account = resource->account;
  spec.context = caller.context;
  MergeContext(resource->context, &spec.context);
  MergeContext(context, &spec.context);
  Resolution out;
  IAMEVAL_ASSIGN_OR_RETURN(out.request, BuildRequest(std::move(spec)));
  // Keep what the model knows about the principal that the ARN cannot say.
  out.request.principal.service_linked_role =
      caller.principal.service_linked_role;
  PolicyBundle& b = out.bundle;
  const PrincipalKind k = caller.principal.kind;
  if (k != PrincipalKind::kRoot) {
    b.identity = caller.identity;
    b.boundary = caller.boundary;
    b.session = caller.session;
  }
  b.scp_levels = caller.scp_levels;
  b.rcp_levels = resource->rcp_levels;
  b.management_account = model.management_account();
  b.aws_managed_key = resource->aws_managed_key;
  // The request's own fact (a trust action on a role ARN, R5), so the bundle
  // and the evaluator agree on which policy is the resource's.
  if (out.request.trust_request && resource->role != nullptr) {
    if (resource->role->trust)
      b.resource.push_back(resource->role->trust->compiled);
  } else if (resource->resource != nullptr && resource->resource->policy) {
    b.resource.push_back(resource->resource->policy->compiled);
  }
  return out;
}

absl::StatusOr<Resolution> Resolve(const AccountModel& model,
                                   const Caller& caller,
                                   absl::string_view action,
                                   absl::string_view resource,
                                   const RequestContext& context) {
  IAMEVAL_ASSIGN_OR_RETURN(ResolvedCaller c, ResolveCaller(model, caller));
  ResolvedResource r =
      ResolveResource(model, resource, "", c.principal.account);
  return Resolve(model, c, r, action, context);
}

}  // namespace iameval
