// What a policy grants, judged over the catalog's expanded actions: grants
// equivalent to administrator access, permissions-management actions on
// every resource, actions whose responses carry credentials, and actions
// that return stored data or secret values. Action
// wildcards and NotAction are expanded against the catalog (NotAction as
// all-but), and an action the same policy denies unconditionally on every
// resource is not granted: a finding here means the grant survives the
// policy's own Deny statements. Other policies (SCPs, boundaries, other
// statements with conditions) can still narrow it; lint sees one document.
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"IAMEVAL_ADMIN_EQUIVALENT", T::kSecurityWarning, "grants",
     "An Allow statement grants every action of the catalog on every resource "
     "(as AdministratorAccess does), however it is spelled (\"*\", \"*:*\", "
     "NotAction excluding nothing known), after the policy's own Deny "
     "statements.",
     false},
    {"IAMEVAL_PERMISSIONS_MANAGEMENT", T::kWarning, "grants",
     "An Allow statement grants actions of the \"Permissions management\" "
     "access level (the Service Authorization Reference's) on every resource: "
     "whoever holds it can change who may do what.",
     false},
    {"IAMEVAL_CREDENTIALS_EXPOSURE", T::kWarning, "grants",
     "An Allow statement grants, on every resource, an action whose response "
     "carries credentials (access keys, passwords, tokens); each action's "
     "AWS API reference says so.",
     true},
    {"IAMEVAL_DATA_EXFILTRATION", T::kWarning, "grants",
     "An Allow statement grants, on every resource, an action that returns "
     "stored data or secret values (s3:GetObject, "
     "secretsmanager:GetSecretValue, ssm:GetParameter*); each action's AWS "
     "API reference says so.",
     true},
};

// Actions whose documented response contains credentials, each with the
// AWS API reference page that documents it.
struct CitedAction {
  absl::string_view action;
  absl::string_view source;
};
constexpr CitedAction kCitedActions[] = {
    // Response element SecretAccessKey.
    {"iam:CreateAccessKey",
     "https://docs.aws.amazon.com/IAM/latest/APIReference/"
     "API_CreateAccessKey.html"},
    // Response element ServicePassword.
    {"iam:CreateServiceSpecificCredential",
     "https://docs.aws.amazon.com/IAM/latest/APIReference/"
     "API_CreateServiceSpecificCredential.html"},
    {"iam:ResetServiceSpecificCredential",
     "https://docs.aws.amazon.com/IAM/latest/APIReference/"
     "API_ResetServiceSpecificCredential.html"},
    // Response element Credentials.
    {"sts:GetSessionToken",
     "https://docs.aws.amazon.com/STS/latest/APIReference/"
     "API_GetSessionToken.html"},
    {"sts:GetFederationToken",
     "https://docs.aws.amazon.com/STS/latest/APIReference/"
     "API_GetFederationToken.html"},
    // Response element authorizationData (a registry password).
    {"ecr:GetAuthorizationToken",
     "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/"
     "API_GetAuthorizationToken.html"},
    {"ecr-public:GetAuthorizationToken",
     "https://docs.aws.amazon.com/AmazonECRPublic/latest/APIReference/"
     "API_GetAuthorizationToken.html"},
    {"codeartifact:GetAuthorizationToken",
     "https://docs.aws.amazon.com/codeartifact/latest/APIReference/"
     "API_GetAuthorizationToken.html"},
    // Response elements DbUser and DbPassword.
    {"redshift:GetClusterCredentials",
     "https://docs.aws.amazon.com/redshift/latest/APIReference/"
     "API_GetClusterCredentials.html"},
    {"redshift-serverless:GetCredentials",
     "https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/"
     "API_GetCredentials.html"},
    // Response element accessDetails (a private key or password).
    {"lightsail:GetInstanceAccessDetails",
     "https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/"
     "API_GetInstanceAccessDetails.html"},
    // Response element PasswordData (the Windows administrator password).
    {"ec2:GetPasswordData",
     "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/"
     "API_GetPasswordData.html"},
    // Response element InstanceAccess.Credentials.
    {"gamelift:GetInstanceAccess",
     "https://docs.aws.amazon.com/gamelift/latest/apireference/"
     "API_GetInstanceAccess.html"},
};

// Actions that return the stored data or secret value itself, each with
// the AWS API reference page that documents the response.
constexpr CitedAction kDataActions[] = {
    // The response body is the object.
    {"s3:GetObject",
     "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html"},
    // Response elements SecretString and SecretBinary.
    {"secretsmanager:GetSecretValue",
     "https://docs.aws.amazon.com/secretsmanager/latest/apireference/"
     "API_GetSecretValue.html"},
    // Parameter values, SecureString ones decrypted under WithDecryption.
    {"ssm:GetParameter",
     "https://docs.aws.amazon.com/systems-manager/latest/APIReference/"
     "API_GetParameter.html"},
    {"ssm:GetParameters",
     "https://docs.aws.amazon.com/systems-manager/latest/APIReference/"
     "API_GetParameters.html"},
    {"ssm:GetParametersByPath",
     "https://docs.aws.amazon.com/systems-manager/latest/APIReference/"
     "API_GetParametersByPath.html"},
};

bool InTable(absl::Span<const CitedAction> table, const ActionInfo& a) {
  for (const CitedAction& c : table) {
    if (absl::EqualsIgnoreCase(c.action, a.full_name)) return true;
  }
  return false;
}

// A Deny statement that applies to every request for its actions: no
// condition, every resource, every principal.
struct DenyRule {
  bool not_action = false;
  std::vector<std::string> patterns;
  bool Denies(absl::string_view action) const {
    bool matched = false;
    for (const std::string& p : patterns) {
      matched |= ActionPatternMatches(p, action);
    }
    return matched != not_action;
  }
};

bool IsStar(const JsonValue& v) {
  bool star = false;
  ForEachString(v, "", [&](const JsonValue& item, const std::string&) {
    star |= item.text == "*";
  });
  return star;
}

bool HasCondition(const JsonValue& s) {
  const JsonValue* cond = s.Find("Condition");
  if (cond == nullptr) return false;
  // An empty Condition, or operators with no keys, constrain nothing.
  if (!cond->is_object()) return true;
  for (const JsonMember& op : cond->members) {
    if (!op.value.is_object() || !op.value.members.empty()) return true;
  }
  return false;
}

std::vector<DenyRule> UnconditionalDenies(const Context& ctx) {
  std::vector<DenyRule> out;
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string&) {
    const JsonValue* effect = s.Find("Effect");
    if (effect == nullptr || effect->text != "Deny" || HasCondition(s)) return;
    // A Deny limited to resources or principals does not remove the grant
    // everywhere.
    const JsonValue* resource = s.Find("Resource");
    if (resource == nullptr || !IsStar(*resource)) return;
    if (s.Find("NotPrincipal") != nullptr) return;
    if (const JsonValue* p = s.Find("Principal")) {
      const JsonValue* aws = p->is_object() ? p->Find("AWS") : nullptr;
      if (!(p->is_string() && p->text == "*") &&
          !(aws != nullptr && aws->is_string() && aws->text == "*")) {
        return;
      }
    }
    DenyRule rule;
    const JsonValue* action = s.Find("Action");
    if (action == nullptr) {
      action = s.Find("NotAction");
      rule.not_action = true;
    }
    if (action == nullptr) return;
    ForEachString(*action, "", [&](const JsonValue& item, const std::string&) {
      rule.patterns.push_back(item.text);
    });
    out.push_back(std::move(rule));
  });
  return out;
}

// One Allow statement's grant on every resource: its expanded actions, and
// for each, the element that grants it (the Action entry, or NotAction).
struct Grant {
  const JsonValue* element;
  std::string path;
  const ActionInfo* action;
};

void ReportGrants(Context& ctx, const JsonValue& action_element,
                  const std::string& action_path,
                  const std::vector<Grant>& grants,
                  const JsonValue& resource_element,
                  const std::string& resource_path) {
  const Catalog& catalog = *ctx.catalog();
  // Admin-equivalent: every action of the catalog survives (`grants` has
  // each action once).
  if (!grants.empty() && grants.size() == catalog.action_count()) {
    LintFinding& f = ctx.Report(
        "IAMEVAL_ADMIN_EQUIVALENT", action_path, action_element,
        absl::StrCat("this statement grants all ", catalog.action_count(),
                     " actions of the catalog on every resource: it is "
                     "administrator access"));
    ctx.AddLocation(f, resource_path, resource_element.offset,
                    resource_element.end);
    return;  // the narrower families would only repeat it
  }
  // The first granting element per family, and the actions it names.
  auto report = [&](const char* code, auto&& wanted, const std::string& what) {
    const Grant* first = nullptr;
    std::vector<std::string> names;
    for (const Grant& g : grants) {
      if (!wanted(*g.action)) continue;
      if (first == nullptr) first = &g;
      if (names.size() < 5) names.push_back(g.action->full_name);
    }
    if (first == nullptr) return;
    size_t total = 0;
    for (const Grant& g : grants) total += wanted(*g.action) ? 1 : 0;
    LintFinding& f = ctx.Report(
        code, first->path, *first->element,
        absl::StrCat("grants ", total, " ", what, " on every resource (",
                     absl::StrJoin(names, ", "),
                     total > names.size() ? ", ..." : "", ")"));
    ctx.AddLocation(f, resource_path, resource_element.offset,
                    resource_element.end);
  };
  report(
      "IAMEVAL_PERMISSIONS_MANAGEMENT",
      [](const ActionInfo& a) {
        return a.access == AccessLevel::kPermissionsManagement;
      },
      "permissions-management action(s)");
  report(
      "IAMEVAL_CREDENTIALS_EXPOSURE",
      [](const ActionInfo& a) { return InTable(kCitedActions, a); },
      "action(s) returning credentials");
  report(
      "IAMEVAL_DATA_EXFILTRATION",
      [](const ActionInfo& a) { return InTable(kDataActions, a); },
      "action(s) returning stored data or secret values");
}

}  // namespace

absl::Span<const LintCheckInfo> GrantChecks() { return kChecks; }

void CheckGrants(Context& ctx) {
  // Boundaries, SCPs, RCPs and session policies limit; they grant nothing.
  if (ctx.kind() != PolicyKind::kIdentity &&
      ctx.kind() != PolicyKind::kResource) {
    return;
  }
  const Catalog& catalog = *ctx.catalog();
  const std::vector<DenyRule> denies = UnconditionalDenies(ctx);
  auto denied = [&](const ActionInfo& a) {
    for (const DenyRule& d : denies) {
      if (d.Denies(a.full_name)) return true;
    }
    return false;
  };
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
    if (!IsAllow(s)) return;
    // Every resource: "*" in Resource, or NotResource (all but some).
    const JsonValue* resource = s.Find("Resource");
    std::string resource_path = ptr + "/Resource";
    if (resource == nullptr) {
      resource = s.Find("NotResource");
      resource_path = ptr + "/NotResource";
    } else if (!IsStar(*resource)) {
      return;
    }
    if (resource == nullptr) return;
    std::vector<Grant> grants;
    absl::flat_hash_set<int> seen;
    const JsonValue* action = s.Find("Action");
    std::string action_path = ptr + "/Action";
    if (action != nullptr) {
      ForEachString(*action, action_path,
                    [&](const JsonValue& item, const std::string& p) {
                      for (const ActionInfo* a : catalog.Expand(item.text)) {
                        if (!denied(*a) && seen.insert(a->id).second) {
                          grants.push_back({&item, p, a});
                        }
                      }
                    });
    } else if ((action = s.Find("NotAction")) != nullptr) {
      action_path = ptr + "/NotAction";
      std::vector<std::string> patterns;
      ForEachString(*action, "",
                    [&](const JsonValue& item, const std::string&) {
                      patterns.push_back(item.text);
                    });
      for (const ActionInfo* a : catalog.ExpandNot(patterns)) {
        if (!denied(*a) && seen.insert(a->id).second) {
          grants.push_back({action, action_path, a});
        }
      }
    } else {
      return;
    }
    ReportGrants(ctx, *action, action_path, grants, *resource, resource_path);
  });
}

}  // namespace iameval::lint_internal
