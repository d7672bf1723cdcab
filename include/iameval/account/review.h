// File: iameval/account/review.h
// -----------------------------------------------------------------------------
// Review(model): an access review of every user and role of the loaded
// accounts: the services each can use (and, with a catalog, the access
// levels), and flags for what a reviewer must look at:
//
//   admin        allowed "*" or "iam:*" on "*" after boundaries, SCPs ...
//   external     a role assumable from another account (or from outside the
//                organization, when one is loaded), or by anyone
//   no-mfa       a user none of whose policies denies without
//                aws:MultiFactorAuthPresent
//   access-keys  a user with active access keys (only when the snapshot has
//                the accessKeys extension field, docs/formats.md)
//   permissions-management  holds a Permissions management action
//   boundary     has a permissions boundary
//   escalation   FindEscalations finds a path from it
//   unused       a role whose RoleLastUsed is older than N days, or never
//   iam-user-with-identity-center  an IAM user where Identity Center
//                (AWSReservedSSO_* roles) signs people in
//
// Services are sorted by risk: permissions management, write, tagging,
// list, read, unknown.
//
// Output as Markdown (one table per account, at most 12 services per
// principal) or CSV (everything). docs/accounts.md defines each flag.
//
// Thread safety: pure function over an immutable model. Lifetime: the result
// owns its data.
#ifndef IAMEVAL_ACCOUNT_REVIEW_H_
#define IAMEVAL_ACCOUNT_REVIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "iameval/account/model.h"
#include "iameval/account/query.h"

namespace iameval {

class Catalog;

struct ReviewOptions {
  QueryOptions query;
  const Catalog* catalog = nullptr;  // access levels; null = "unknown"
  // Evaluate as a session signed in with MFA (aws:MultiFactorAuthPresent
  // "true", aws:MultiFactorAuthAge "0") unless `query.context` sets them, so
  // permissions held behind an MFA condition count; the no-mfa flag is what
  // reports users who do not need MFA.
  bool assume_mfa = true;
  // Roles whose RoleLastUsed is older than this many days before
  // `now_unix_seconds` (or never used) are flagged `unused`; 0 disables.
  int unused_days = 90;
  int64_t now_unix_seconds = 0;  // 0: no `unused` flag
  // Run FindEscalations and flag principals with a path `escalation`.
  bool include_escalations = true;
};

struct ServiceAccess {
  std::string service;  // "s3", or "*" for every service
  // "List", "Read", ...; {"unknown"} without a catalog.
  std::vector<std::string> access_levels;
};

struct PrincipalReview {
  std::string principal;  // user or role ARN
  std::string type;       // "user", "role"
  std::string account;
  std::vector<ServiceAccess> services;
  bool admin = false;
  std::string admin_detail;  // "*" or "iam:*"
  // Roles: who outside the account can assume it ("arn:...:root",
  // "*", a user/role ARN). Sorted.
  std::vector<std::string> external_trust;
  bool assumable_from_outside_account = false;
  bool assumable_from_outside_org = false;  // only with an organization
  bool no_mfa_enforcement = false;          // users only
  // Users: active access keys; nullopt when the snapshot has no key data.
  std::optional<int> active_access_keys;
  bool has_boundary = false;
  bool permissions_management = false;  // some service at that level
  bool escalation = false;              // FindEscalations found a path
  // Roles: RoleLastUsed (empty: never, or unknown when !last_used_known).
  bool last_used_known = false;
  std::string last_used;
  bool unused = false;
  // Users in accounts whose people sign in through Identity Center.
  bool iam_user_with_identity_center = false;
  std::vector<std::string> flags;  // the short flag names that apply
};

struct ReviewResult {
  bool catalog_used = false;
  bool identity_center = false;  // some AWSReservedSSO_* role was loaded
  std::vector<PrincipalReview> principals;  // by account, then principal
};

ReviewResult Review(const AccountModel& model,
                    const ReviewOptions& options = {});

std::string ReviewToMarkdown(const ReviewResult& review);
// Header: account,principal,type,services,access_levels,admin,
// external_trust,outside_account,outside_org,no_mfa,active_access_keys,
// boundary,flags
std::string ReviewToCsv(const ReviewResult& review);
std::string ReviewToJson(const ReviewResult& review);

// What changed between two quarters' reviews: principals added and removed,
// and for principals in both, grants (service=access level) and flags
// gained and lost.
struct PrincipalChange {
  std::string principal;
  std::vector<std::string> grants_added;  // "s3=Write"
  std::vector<std::string> grants_removed;
  std::vector<std::string> flags_added;
  std::vector<std::string> flags_removed;
};

struct ReviewDiff {
  std::vector<PrincipalReview> added;    // new principals, as reviewed
  std::vector<std::string> removed;      // principal ARNs
  std::vector<PrincipalChange> changed;  // sorted by principal
};

ReviewDiff DiffReviews(const ReviewResult& old_review,
                       const ReviewResult& new_review);
std::string ReviewDiffToMarkdown(const ReviewDiff& diff);
std::string ReviewDiffToCsv(const ReviewDiff& diff);
std::string ReviewDiffToJson(const ReviewDiff& diff);

}  // namespace iameval

#endif  // IAMEVAL_ACCOUNT_REVIEW_H_
