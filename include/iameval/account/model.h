// File: iameval/account/model.h
// -----------------------------------------------------------------------------
// AccountModel: one or several AWS accounts loaded offline, ready for
// "who can do what" questions (account/query.h, account/review.h,
// account/escalation.h). Inputs (docs/formats.md, "Account snapshots",
// "Organization file", "Resources file"):
//
//   * the JSON output of `aws iam get-account-authorization-details`, one or
//     several files (several accounts, or the pages of one); every entity
//     takes its account from its ARN;
//   * an optional organization file: root, OUs and accounts with the SCPs and
//     RCPs attached at each node, and the management account;
//   * optional resources files: resource ARN, owning account, resource
//     policy, tags.
//
// AWS managed policies that a snapshot references by ARN but does not carry
// come from third_party/aws-managed-policies/managed_policies.jsonl (the
// folder is $IAMEVAL_DATA_DIR, else the compile-time IAMEVAL_DATA_DIR).
// Every distinct policy is parsed and compiled once; principals share the
// PolicyRef. Errors name the file, the JSON pointer and line:column.
//
//   AccountFiles files;
//   files.snapshots = {"prod.json", "dev.json"};
//   files.organization = "org.json";
//   IAMEVAL_ASSIGN_OR_RETURN(std::shared_ptr<const AccountModel> model,
//                            LoadAccountModel(files));
//   Caller alice;
//   alice.principal = "arn:aws:iam::111122223333:user/alice";
//   IAMEVAL_ASSIGN_OR_RETURN(Resolution r,
//       Resolve(*model, alice, "s3:GetObject", "arn:aws:s3:::bucket/key", {}));
//   Decision d = Evaluate(r.bundle, r.request);
//
// Thread safety: an AccountModel is immutable once built; every function
// taking `const AccountModel&` may run concurrently. AccountModelBuilder is
// thread-compatible (one thread at a time). Lifetime: entity pointers
// returned by lookups live as long as the model; results own their data.
#ifndef IAMEVAL_ACCOUNT_MODEL_H_
#define IAMEVAL_ACCOUNT_MODEL_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "iameval/compiled_policy.h"
#include "iameval/issue.h"
#include "iameval/policy.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"

namespace iameval {

struct Tag {
  std::string key;
  std::string value;
};

// One policy document of the model: its parsed form (for enumerating the
// actions, resources and principals it names) and its compiled form (for
// the engine), built once and shared by every principal that uses it.
struct ModelPolicy {
  // How traces name it: a managed policy's ARN; "<entity ARN>#<name>" for an
  // inline policy; "<role ARN>#trust"; "<resource ARN>#policy"; an SCP's or
  // RCP's name from the organization file.
  std::string id;
  PolicyKind kind = PolicyKind::kIdentity;
  Policy parsed;
  PolicyRef compiled;
};
using ModelPolicyRef = std::shared_ptr<const ModelPolicy>;

struct ManagedPolicy {
  std::string arn;
  std::string name;
  std::string path;
  std::string account;  // "aws" for AWS managed policies
  bool aws_managed = false;
  std::string default_version;              // "v3"; "" when unknown
  std::vector<std::string> other_versions;  // non-default version ids
  std::string source;                       // the file it came from
  ModelPolicyRef document;                  // the default version
};
using ManagedPolicyRef = std::shared_ptr<const ManagedPolicy>;

struct InlinePolicy {
  std::string name;
  ModelPolicyRef document;
};

// From the `accessKeys` extension field of a user (docs/formats.md); the
// snapshot itself has no key data.
struct AccessKeyInfo {
  std::string id;
  bool active = false;
  std::string last_used;  // as given; "" when unknown
};

struct IamGroup {
  std::string arn;
  std::string name;
  std::string path;
  std::string id;
  std::string account;
  std::vector<InlinePolicy> inline_policies;
  std::vector<ManagedPolicyRef> managed_policies;
  // Attached policies the loader could not find (missing_policy_is_error
  // false): the group's permissions are unknown, not smaller.
  std::vector<std::string> missing_policies;
};

struct IamUser {
  std::string arn;
  std::string name;
  std::string path;
  std::string id;  // AIDA...; "" when absent
  std::string account;
  std::string partition;
  std::vector<InlinePolicy> inline_policies;
  std::vector<ManagedPolicyRef> managed_policies;
  std::vector<std::string> groups;  // group names, as listed
  ManagedPolicyRef boundary;        // null: no permissions boundary
  std::vector<Tag> tags;
  // Present only when the snapshot carries the accessKeys extension.
  std::optional<std::vector<AccessKeyInfo>> access_keys;
  // Attachments dropped because the policy (or group) was not found, its
  // groups' included: the user is incomplete, and queries say so instead of
  // reporting it as less privileged.
  std::vector<std::string> missing_policies;

  // Derived when the model is built: the user's inline and managed
  // policies, then each group's inline and managed policies.
  std::vector<ModelPolicyRef> identity_documents;
  std::vector<PolicyRef> identity;  // the compiled forms, same order
};

struct IamRole {
  std::string arn;  // with its path
  std::string name;
  std::string path;
  std::string id;  // AROA...; "" when absent
  std::string account;
  std::string partition;
  ModelPolicyRef trust;  // AssumeRolePolicyDocument
  std::vector<InlinePolicy> inline_policies;
  std::vector<ManagedPolicyRef> managed_policies;
  ManagedPolicyRef boundary;
  std::vector<Tag> tags;
  std::vector<std::string> instance_profiles;  // instance profile ARNs
  bool service_linked = false;                 // path /aws-service-role/
  bool sso = false;  // AWSReservedSSO_*: an ordinary role
  // RoleLastUsed from the snapshot: present at all, and its LastUsedDate
  // ("" when the role was never used, or the field is absent).
  bool last_used_known = false;
  std::string last_used;
  // As IamUser::missing_policies.
  std::vector<std::string> missing_policies;

  std::vector<ModelPolicyRef> identity_documents;
  std::vector<PolicyRef> identity;
};

struct OrgNode {
  enum class Type { kRoot, kOrganizationalUnit, kAccount };
  Type type = Type::kRoot;
  std::string id;  // r-..., ou-..., or the 12-digit account id
  std::string name;
  int parent = -1;  // index into Organization::nodes; -1 for the root
  std::vector<int> children;
  std::vector<ModelPolicyRef> scps;
  std::vector<ModelPolicyRef> rcps;
};

struct Organization {
  std::string id;  // o-...
  std::string management_account;
  std::vector<OrgNode> nodes;  // nodes[0] is the root
  bool scps_enabled = false;   // some node has an SCP
  bool rcps_enabled = false;   // some node has an RCP

  // Index of the account's node; -1 when the account is not in the tree.
  int AccountNode(absl::string_view account) const;
  // Node indices from the root to the account (inclusive); empty if absent.
  std::vector<int> PathTo(absl::string_view account) const;
  // "o-xxx/r-xxx/ou-xxx/.../" (the aws:PrincipalOrgPaths form: the path to
  // the account's parent, with a trailing '/'); "" if absent.
  std::string OrgPath(absl::string_view account) const;
  std::vector<std::string> Accounts() const;

  absl::flat_hash_map<std::string, int> account_index;
};

struct ModelResource {
  std::string arn;
  std::string account;
  ModelPolicyRef policy;  // null: no resource policy
  std::vector<Tag> tags;
  bool aws_managed_key = false;
  std::string source;  // file name
};

class AccountModel {
 public:
  AccountModel(const AccountModel&) = delete;
  AccountModel& operator=(const AccountModel&) = delete;

  // Account ids seen in snapshots, resources or the organization, sorted.
  const std::vector<std::string>& accounts() const { return accounts_; }
  // Accounts whose IAM entities were loaded (from snapshots), sorted.
  const std::vector<std::string>& snapshot_accounts() const {
    return snapshot_accounts_;
  }
  const std::vector<IamUser>& users() const { return users_; }
  const std::vector<IamRole>& roles() const { return roles_; }
  const std::vector<IamGroup>& groups() const { return groups_; }
  const std::vector<ManagedPolicyRef>& managed_policies() const {
    return managed_;
  }
  const std::vector<ModelResource>& resources() const { return resources_; }
  const Organization* organization() const { return org_ ? &*org_ : nullptr; }
  // Parser warnings (size quotas, lint) and load notes (an entity loaded
  // twice, a truncated page, an attachment dropped with
  // missing_policy_is_error off, an account outside the organization),
  // each located as the errors are: file, line, column, JSON pointer and
  // code, with Severity::kWarning. At most 1,000.
  const std::vector<Issue>& warnings() const { return warnings_; }
  // Distinct policy documents compiled while loading.
  size_t compiled_policy_count() const { return compiled_count_; }

  const IamUser* FindUser(absl::string_view arn) const;
  const IamUser* FindUser(absl::string_view account,
                          absl::string_view name) const;
  // By ARN (path optional, name compared case-insensitively as AWS does).
  const IamRole* FindRole(absl::string_view arn) const;
  const IamRole* FindRole(absl::string_view account,
                          absl::string_view name) const;
  const IamGroup* FindGroup(absl::string_view account,
                            absl::string_view name) const;
  const ManagedPolicy* FindManagedPolicy(absl::string_view arn) const;
  // Exact ARN; for an S3 object ARN also its bucket's entry.
  const ModelResource* FindResource(absl::string_view arn) const;

  bool HasAccount(absl::string_view account) const;
  // SCP levels governing principals of `account` (root first); empty when
  // the account is not in the organization or SCPs are not enabled.
  const std::vector<std::vector<PolicyRef>>& ScpLevels(
      absl::string_view account) const;
  // RCP levels governing resources of `account`; each level holds at least
  // RCPFullAWSAccess.
  const std::vector<std::vector<PolicyRef>>& RcpLevels(
      absl::string_view account) const;
  // The organization id and paths for the account (empty when not in it).
  std::string OrgId(absl::string_view account) const;
  std::string OrgPath(absl::string_view account) const;
  // The management account, "" without an organization.
  std::string management_account() const;

 private:
  friend class AccountModelBuilder;
  AccountModel() = default;

  std::vector<std::string> accounts_;
  std::vector<std::string> snapshot_accounts_;
  std::vector<IamUser> users_;
  std::vector<IamRole> roles_;
  std::vector<IamGroup> groups_;
  std::vector<ManagedPolicyRef> managed_;
  std::vector<ModelResource> resources_;
  std::optional<Organization> org_;
  std::vector<Issue> warnings_;
  size_t compiled_count_ = 0;

  absl::flat_hash_map<std::string, size_t> user_by_arn_;
  absl::flat_hash_map<std::string, size_t> user_by_name_;  // "acct/name"
  absl::flat_hash_map<std::string, size_t> role_by_name_;  // "acct/name" folded
  absl::flat_hash_map<std::string, size_t> group_by_name_;  // "acct/name"
  absl::flat_hash_map<std::string, size_t> managed_by_arn_;
  absl::flat_hash_map<std::string, size_t> resource_by_arn_;
  absl::flat_hash_map<std::string, std::vector<std::vector<PolicyRef>>>
      scp_levels_;
  absl::flat_hash_map<std::string, std::vector<std::vector<PolicyRef>>>
      rcp_levels_;
};

struct LoadOptions {
  // Folder holding aws-managed-policies/managed_policies.jsonl. "" means
  // $IAMEVAL_DATA_DIR, else the compile-time IAMEVAL_DATA_DIR.
  std::string data_dir;
  // Resolve arn:aws:iam::aws:policy/... from the vendored list when a
  // snapshot references one it does not carry.
  bool resolve_aws_managed = true;
  // An attached policy that cannot be found is an error (true) or a
  // warning, the attachment being dropped and the principal marked
  // incomplete (false; --allow-missing-policies, for an AWS managed policy
  // newer than the vendored list). Dropping may hide a Deny or a grant, so
  // the default is to refuse.
  bool missing_policy_is_error = true;
  // Hard limit on one input file.
  size_t max_file_bytes = size_t{1} << 30;
};

// Folder of the vendored data: LoadOptions::data_dir if set, else
// $IAMEVAL_DATA_DIR, else the compile-time default.
std::string AccountDataDir(const LoadOptions& options = {});

// Errors. Every Add*/Set* call goes on past an error in one entity (a user,
// a policy, a resource, an organization node) to the next one, so that one
// load reports all the errors of its inputs, not only the first. Each error
// is an Issue (file, line:column, JSON pointer, CODE) kept in issues(); a
// policy document of a snapshot that does not parse is located at the
// line:column of that document inside the snapshot file. A call that found
// errors returns InvalidArgumentError whose message lists them, one a line,
// as "FILE:LINE:COLUMN: error: MESSAGE [CODE] (POINTER)"; a call that could
// not read its input returns that status and records nothing. Build() fails
// with every error recorded so far (it adds its own: unresolved managed
// policies and groups, not repeated for a policy or group that failed to
// load), so a caller may ignore the InvalidArgument statuses of the Add*
// calls and report builder.issues() once Build() failed.
class AccountModelBuilder {
 public:
  explicit AccountModelBuilder(LoadOptions options = {});
  ~AccountModelBuilder();
  AccountModelBuilder(const AccountModelBuilder&) = delete;
  AccountModelBuilder& operator=(const AccountModelBuilder&) = delete;

  // One get-account-authorization-details output (an object, or an array of
  // page objects). `source` names it in errors.
  absl::Status AddSnapshot(absl::string_view json, absl::string_view source);
  absl::Status AddSnapshotFile(absl::string_view path);
  // The organization file; `base_dir` resolves relative "file" references.
  absl::Status SetOrganization(absl::string_view json, absl::string_view source,
                               absl::string_view base_dir);
  absl::Status SetOrganizationFile(absl::string_view path);
  // A resources file; `base_dir` resolves "policyFile" references.
  absl::Status AddResources(absl::string_view json, absl::string_view source,
                            absl::string_view base_dir);
  absl::Status AddResourcesFile(absl::string_view path);

  // Resolves attachments and groups, builds the organization levels and
  // the indexes. The builder is spent afterwards.
  absl::StatusOr<std::shared_ptr<const AccountModel>> Build();

  // Every error found so far, in the order found (errors only: warnings are
  // on the model).
  const std::vector<Issue>& issues() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct AccountFiles {
  std::vector<std::string> snapshots;
  std::string organization;  // "" = none
  std::vector<std::string> resources;
};

// Reads every file even after errors in one; fails with all the errors (see
// AccountModelBuilder), which are also stored in `*issues` when given.
absl::StatusOr<std::shared_ptr<const AccountModel>> LoadAccountModel(
    const AccountFiles& files, const LoadOptions& options = {},
    std::vector<Issue>* issues = nullptr);

// --- principal and resource resolution ------------------------------------

// Who is asking. `principal` is a user ARN, a role ARN (a session of it is
// the caller), a role-session ARN, a federated-user ARN, a root ARN or a
// bare 12-digit account id (its root user), or a user or role name that is
// unique across the loaded accounts.
struct Caller {
  std::string principal;
  // Role sessions named by their role: the session name.
  // Role callers: the session's name; empty means unknown (R19).
  std::string session_name;
  // Optional session policy (JSON text) passed to AssumeRole or
  // GetFederationToken.
  std::string session_policy;
  // Session tags: become aws:PrincipalTag/<key>, overriding role tags.
  std::vector<Tag> session_tags;
  // sts:SourceIdentity of the session: aws:SourceIdentity.
  std::string source_identity;
  // Federated users: the IAM user that called GetFederationToken (its
  // policies are the identity layer).
  std::string federation_issuer;
};

// The principal side of a request, reusable across resources and actions.
struct ResolvedCaller {
  Principal principal;
  std::string session_issuer;     // role sessions: the role ARN with its path
  const IamUser* user = nullptr;  // user, or federated user's issuer
  const IamRole* role = nullptr;  // role session
  // The entity queries report: user, role or root ARN (federated-user ARN
  // for federated users).
  std::string entity_arn;
  std::vector<ModelPolicyRef> identity_documents;
  std::vector<ModelPolicyRef> boundary_documents;
  std::vector<ModelPolicyRef> session_documents;
  std::vector<PolicyRef> identity;
  std::vector<PolicyRef> boundary;
  std::vector<PolicyRef> session;
  std::vector<std::vector<PolicyRef>> scp_levels;
  // Derived keys: aws:PrincipalTag/*, aws:PrincipalOrgID,
  // aws:PrincipalOrgPaths, aws:userid, aws:SourceIdentity,
  // aws:PrincipalIsAWSService. The caller's context overrides them.
  RequestContext context;
};

absl::StatusOr<ResolvedCaller> ResolveCaller(const AccountModel& model,
                                             const Caller& caller);
// The same for an entity of the model (no name lookup).
ResolvedCaller ResolveUser(const AccountModel& model, const IamUser& user);
ResolvedCaller ResolveRole(const AccountModel& model, const IamRole& role,
                           absl::string_view session_name = "");

// The resource side.
struct ResolvedResource {
  std::string arn;      // as given ("*" allowed)
  std::string account;  // owning account
  const ModelResource* resource = nullptr;
  const IamRole* role = nullptr;  // the ARN is a role of the model
  const IamUser* user = nullptr;  // the ARN is a user of the model
  std::vector<std::vector<PolicyRef>> rcp_levels;
  bool aws_managed_key = false;
  // aws:ResourceTag/*, aws:ResourceOrgID, aws:ResourceOrgPaths,
  // aws:ResourceAccount.
  RequestContext context;
};

// `account` overrides the owner ("" = the resources file's account, else
// the ARN's, else `fallback_account`).
ResolvedResource ResolveResource(const AccountModel& model,
                                 absl::string_view arn,
                                 absl::string_view account = "",
                                 absl::string_view fallback_account = "");

// A bundle and a request ready for Evaluate.
struct Resolution {
  PolicyBundle bundle;
  Request request;
};

// Assembles the bundle: the caller's identity, boundary, session and SCP
// levels; the resource's RCP levels; the resource policy (the role's trust
// policy for sts:AssumeRole*, sts:TagSession and sts:SetSourceIdentity on a
// role ARN); the management-account fact. `context` overrides derived keys.
absl::StatusOr<Resolution> Resolve(const AccountModel& model,
                                   const ResolvedCaller& caller,
                                   const ResolvedResource& resource,
                                   absl::string_view action,
                                   const RequestContext& context);
absl::StatusOr<Resolution> Resolve(const AccountModel& model,
                                   const Caller& caller,
                                   absl::string_view action,
                                   absl::string_view resource,
                                   const RequestContext& context);

// Merges `from` into `into`, replacing keys present in both.
void MergeContext(const RequestContext& from, RequestContext* into);

}  // namespace iameval

#endif  // IAMEVAL_ACCOUNT_MODEL_H_
