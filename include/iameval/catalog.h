// File: iameval/catalog.h
// -----------------------------------------------------------------------------
// Catalog: the AWS Service Authorization Reference offline. Every service
// prefix, action (with its access level, resource types and condition keys),
// resource type (with its ARN templates) and condition key (with its type),
// loaded once from the vendored third_party/iam-data/service_reference.json
// (docs/data.md, "Service catalog").
//
//   IAMEVAL_ASSIGN_OR_RETURN(std::shared_ptr<const Catalog> catalog,
//                            Catalog::Default());
//   const ActionInfo* a = catalog->FindAction("s3:getobject");
//   std::vector<const ActionInfo*> gets = catalog->Expand("s3:Get*");
//   const ResourceTypeInfo* t =
//       catalog->ResolveResourceType(*a, "arn:aws:s3:::bucket/key");  // object
//   catalog->ConditionKeyType("aws:RequestTag/team");  // "String"
//
// Names compare case-insensitively (IAM action names and condition keys do);
// ARNs compare case-sensitively (they do too).
//
// Thread safety: a Catalog is immutable after loading; every method is const
// and safe to call from many threads at once. Lifetime: shared as
// std::shared_ptr<const Catalog>; the ActionInfo / ResourceTypeInfo /
// ServiceInfo pointers it returns live as long as the Catalog. Catalog is
// neither copyable nor movable.
#ifndef IAMEVAL_CATALOG_H_
#define IAMEVAL_CATALOG_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace iameval {

// The access level the reference gives an action.
enum class AccessLevel {
  kList,
  kRead,
  kWrite,
  kPermissionsManagement,
  kTagging,
};

// "List", "Read", "Write", "Permissions management", "Tagging".
const char* AccessLevelName(AccessLevel level);

struct ServiceInfo;

struct ResourceTypeInfo {
  const ServiceInfo* service = nullptr;  // the service that defines it
  std::string name;                      // "object"
  // ARN templates, e.g. "arn:${Partition}:s3:::${BucketName}/${ObjectName}".
  // Note that the template's service field is not always the defining
  // service's prefix (ec2 defines "role" as an iam ARN).
  std::vector<std::string> arns;
  // Condition keys as the reference spells them. Views into the Catalog
  // (one copy of each spelling); valid as long as the Catalog.
  std::vector<absl::string_view> condition_keys;
  int id = 0;  // dense index over all resource types of the catalog
};

// One resource type an action can act on (a row of the reference's table).
struct ActionResource {
  const ResourceTypeInfo* type = nullptr;
  bool required = false;  // the reference's "*" marker
  // Condition keys listed on this action's row for this resource type.
  std::vector<absl::string_view> condition_keys;
};

struct ActionInfo {
  const ServiceInfo* service = nullptr;
  std::string name;       // "GetObject", as the reference spells it
  std::string full_name;  // "s3:GetObject"
  AccessLevel access = AccessLevel::kRead;
  // Empty for actions that support only "Resource": "*".
  std::vector<ActionResource> resources;
  // Condition keys listed on the action's own row.
  std::vector<absl::string_view> condition_keys;
  int id = 0;  // dense index over all actions of the catalog
};

struct ConditionKeyInfo {
  std::string name;  // "s3:ExistingObjectTag/<key>", "aws:RequestTag/${TagKey}"
  // "String", "ArrayOfString", "ARN", "ArrayOfARN", "Bool", "ArrayOfBool",
  // "Numeric", "Date", "IPAddress".
  std::string type;
};

struct ServiceInfo {
  std::string prefix;               // "s3"
  std::string name;                 // "Amazon S3"
  std::vector<ActionInfo> actions;  // sorted by name
  std::vector<ResourceTypeInfo> resource_types;
  std::vector<ConditionKeyInfo> condition_keys;
};

class Catalog {
 public:
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  ~Catalog();

  // Reads a service_reference.json (shape: docs/data.md).
  static absl::StatusOr<std::shared_ptr<const Catalog>> LoadFromFile(
      absl::string_view path);
  // The same from the file's text (tests, embedded copies).
  static absl::StatusOr<std::shared_ptr<const Catalog>> LoadFromString(
      absl::string_view json);

  // The process-wide catalog, loaded on first use from
  // DefaultDataDir() + "/iam-data/service_reference.json". The result
  // (success or failure) is computed once and shared.
  static absl::StatusOr<std::shared_ptr<const Catalog>> Default();
  // $IAMEVAL_DATA_DIR when set and non-empty; otherwise the installed copy
  // next to the running code (`cmake --install` puts it in
  // DATADIR/iameval): share/iameval relative to the shared library's
  // folder, or to the program's (/proc/self/exe) when the library is linked
  // statically, so a moved prefix still works; otherwise the source tree's
  // third_party/ while it holds the data (a build tree); otherwise the
  // configured install location.
  static std::string DefaultDataDir();

  // The data's version string ("0.21.202609261").
  const std::string& version() const;
  const std::vector<ServiceInfo>& services() const
      ABSL_ATTRIBUTE_LIFETIME_BOUND;
  size_t action_count() const;
  size_t resource_type_count() const;
  // Global condition keys (aws:SourceIp, aws:PrincipalTag/tag-key, ...).
  const std::vector<ConditionKeyInfo>& global_condition_keys() const
      ABSL_ATTRIBUTE_LIFETIME_BOUND;

  // Case-insensitive lookups; nullptr when unknown.
  const ServiceInfo* FindService(absl::string_view prefix) const
      ABSL_ATTRIBUTE_LIFETIME_BOUND;
  const ActionInfo* FindAction(absl::string_view service_colon_action) const
      ABSL_ATTRIBUTE_LIFETIME_BOUND;

  // Every action matching an IAM action pattern (`*` and `?` wildcards,
  // case-insensitive): "s3:Get*", "*:Describe*", "*". In catalog order
  // (service prefix, then action name). A pattern without ':' other than
  // "*" matches nothing.
  std::vector<const ActionInfo*> Expand(absl::string_view pattern) const
      ABSL_ATTRIBUTE_LIFETIME_BOUND;
  // NotAction: every action matching none of `patterns`.
  std::vector<const ActionInfo*> ExpandNot(
      absl::Span<const std::string> patterns) const
      ABSL_ATTRIBUTE_LIFETIME_BOUND;

  // The resource types of an action ("s3:GetObject"); empty when the action
  // is unknown or supports only "*".
  std::vector<const ResourceTypeInfo*> ResourceTypesFor(
      absl::string_view action) const ABSL_ATTRIBUTE_LIFETIME_BOUND;

  // Which of `action`'s resource types a concrete ARN is; nullptr if none.
  //
  // Template placeholders (${Name}) stand for non-empty text. A placeholder
  // inside the template does not span ':' (it may span '/': log group names
  // in log-stream ARNs); the template's final placeholder spans anything,
  // '/' and ':' included (object keys, role names with paths, API paths).
  // That tail is cut back by sub-resources: when another template with the
  // same ARN service extends this one (same tokens, then more, e.g. bucket
  // -> bucket/object, table -> table/index/...,
  // log-group -> log-group:...:log-stream:...) and the ARN fits the
  // extension, the ARN is that sub-resource, not this type. A bare
  // ":${Qualifier}" suffix (function -> function:version) is not a
  // sub-resource: AWS authorizes qualified ARNs against the unqualified type.
  // Among several matching types the one with the most literal template
  // characters wins; types with the same template (identical shapes) tie and
  // the first in the action's list is returned.
  const ResourceTypeInfo* ResolveResourceType(const ActionInfo& action,
                                              absl::string_view arn) const
      ABSL_ATTRIBUTE_LIFETIME_BOUND;
  // The same over every resource type of the catalog: the best-matching
  // types (all tied ones), empty if none.
  std::vector<const ResourceTypeInfo*> ResolveResourceTypeAny(
      absl::string_view arn) const ABSL_ATTRIBUTE_LIFETIME_BOUND;

  // Whether a Resource-element pattern (IAM wildcards, ruling R7; policy
  // variables count as `*`) can match some ARN of `type`: is the
  // intersection of the two languages non-empty? Lenient: placeholders as in
  // ResolveResourceType but without the sub-resource cut, so "bucket/*"
  // may match a bucket (a warning needs certainty). Patterns AWS would
  // reject return true (the parser reports them).
  bool ResourcePatternMayMatch(const ResourceTypeInfo& type,
                               absl::string_view pattern) const;

  // The type of a condition key, case-insensitively: service keys, global
  // keys, and templated keys ("aws:RequestTag/${TagKey}",
  // "s3:ExistingObjectTag/<key>", "aws:PrincipalTag/tag-key") matched with
  // their placeholder standing for any non-empty text. nullopt if unknown.
  std::optional<std::string> ConditionKeyType(absl::string_view key) const;
  // Whether `key` is a global condition key (matching the templated ones).
  bool IsGlobalConditionKey(absl::string_view key) const;
  // Whether `action` supports `key`: listed on its row, on one of its
  // resource rows, or on one of its resource types (templated keys matched
  // as in ConditionKeyType). Global keys are not considered here.
  bool ActionSupportsConditionKey(const ActionInfo& action,
                                  absl::string_view key) const;

  // Up to `n` known actions ("service:Action") closest to `unknown` by
  // case-insensitive edit distance, nearest first (ties in catalog order);
  // only those within max(3, length / 3) edits, so far-off input gets none.
  std::vector<std::string> NearestActions(absl::string_view unknown,
                                          int n) const;
  // The same over service prefixes ("s4" -> "s3", ...).
  std::vector<std::string> NearestServices(absl::string_view unknown,
                                           int n) const;
  // The same over the keys of the key's service and the global keys
  // ("s3:prefixes" -> "s3:prefix"), as the reference spells them.
  std::vector<std::string> NearestConditionKeys(absl::string_view unknown,
                                                int n) const;

 private:
  struct Impl;
  Catalog();
  std::unique_ptr<Impl> impl_;
};

}  // namespace iameval

#endif  // IAMEVAL_CATALOG_H_
