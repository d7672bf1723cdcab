// Security warnings over the policy text: iam:PassRole granted too widely
// (Access Analyzer's PASS_ROLE_* codes), Allow with NotAction/NotResource,
// principals open to everyone without a condition, and web-identity trusts
// whose provider claims are not pinned (GitHub's `sub`, other OIDC
// providers' keys).
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"PASS_ROLE_WITH_STAR_IN_RESOURCE", T::kSecurityWarning, "security",
     "Allow iam:PassRole on \"*\" (any role, to any service); name the roles "
     "or add iam:PassedToService.",
     true},
    {"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", T::kSecurityWarning,
     "security", "Allow \"*\" on \"*\" includes iam:PassRole on every role.",
     false},
    {"PASS_ROLE_WITH_NOT_RESOURCE", T::kSecurityWarning, "security",
     "Allow iam:PassRole with NotResource passes every role but those listed.",
     false},
    {"PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", T::kSecurityWarning,
     "security",
     "Allow \"*\" with NotResource includes iam:PassRole on every role but "
     "those listed.",
     false},
    {"PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", T::kSecurityWarning,
     "security",
     "Allow NotAction (not excluding iam:PassRole) with NotResource.", false},
    {"PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", T::kSecurityWarning,
     "security", "Allow NotAction (not excluding iam:PassRole) on \"*\".",
     false},
    {"CREATE_SLR_WITH_STAR_IN_RESOURCE", T::kWarning, "security",
     "Allow iam:CreateServiceLinkedRole on \"*\"; name the role or add "
     "iam:AWSServiceName.",
     false},
    {"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", T::kWarning, "security",
     "Allow \"*\" on \"*\" includes iam:CreateServiceLinkedRole for every "
     "service.",
     false},
    {"CREATE_SLR_WITH_NOT_RESOURCE", T::kWarning, "security",
     "Allow iam:CreateServiceLinkedRole with NotResource.", false},
    {"CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", T::kWarning, "security",
     "Allow \"*\" with NotResource includes "
     "iam:CreateServiceLinkedRole.",
     false},
    {"CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", T::kWarning, "security",
     "Allow NotAction (not excluding iam:CreateServiceLinkedRole) with "
     "NotResource.",
     false},
    {"CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", T::kWarning, "security",
     "Allow NotAction (not excluding iam:CreateServiceLinkedRole) on \"*\".",
     false},
    {"IAMEVAL_ALLOW_WITH_NOT_ACTION", T::kSecurityWarning, "security",
     "Allow with NotAction grants every action not listed, including actions "
     "AWS adds later.",
     false},
    {"IAMEVAL_ALLOW_WITH_NOT_RESOURCE", T::kSecurityWarning, "security",
     "Allow with NotResource grants every resource not listed, in every "
     "account.",
     false},
    {"IAMEVAL_PUBLIC_PRINCIPAL", T::kSecurityWarning, "security",
     "A resource or trust policy allows Principal \"*\" without any "
     "condition: anyone, in any account, anonymous callers included.",
     false},
    {"MISSING_GITHUB_REPO_CONDITION_KEY", T::kSecurityWarning, "security",
     "A GitHub Actions OIDC trust without token.actions.githubusercontent.com:"
     "sub: any repository's workflow can assume the role.",
     false},
    {"SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", T::kWarning, "security",
     "A wildcard in token.actions.githubusercontent.com:sub; name the "
     "repository and branch.",
     false},
    {"MISMATCHED_ACTION_FOR_PRINCIPAL", T::kError, "security",
     "An assume-role action that does not fit the principal: sts:AssumeRole "
     "for a federated provider, AssumeRoleWithSAML for an OIDC provider, "
     "AssumeRoleWithWebIdentity for a SAML provider.",
     false},
    {"INVALID_SERVICE_PRINCIPAL_FORMAT", T::kError, "security",
     "A Service principal that is not a lower-case service host name "
     "(name.amazonaws.com, .amazonaws.com.cn, .amazon.com).",
     true},
    {"MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", T::kError, "security",
     "A trust for rolesanywhere.amazonaws.com without sts:AssumeRole, "
     "sts:SetSourceIdentity and sts:TagSession.",
     false},
    {"MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", T::kSecurityWarning,
     "security",
     "An OIDC federated principal without any condition key of its provider "
     "(aud, sub, ...).",
     false},
};

// iam:PassRole and iam:CreateServiceLinkedRole share the shape of their
// six checks: the action granted on every role, by "*", with NotResource,
// or through NotAction.
struct RoleAction {
  absl::string_view action;
  absl::string_view every_role;    // an ARN pattern all roles of the kind fit
  absl::string_view limiting_key;  // the condition key that narrows it
  const char* star_in_resource;
  const char* star_in_action_and_resource;
  const char* not_resource;
  const char* star_in_action_and_not_resource;
  const char* not_action_and_not_resource;
  const char* star_in_resource_and_not_action;
};

constexpr RoleAction kPassRole = {
    "iam:PassRole",
    "arn:aws:iam::*:role/*",
    "iam:PassedToService",
    "PASS_ROLE_WITH_STAR_IN_RESOURCE",
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
    "PASS_ROLE_WITH_NOT_RESOURCE",
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
    "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
    "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
};

constexpr RoleAction kCreateSlr = {
    "iam:CreateServiceLinkedRole",
    "arn:aws:iam::*:role/aws-service-role/*",
    "iam:AWSServiceName",
    "CREATE_SLR_WITH_STAR_IN_RESOURCE",
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
    "CREATE_SLR_WITH_NOT_RESOURCE",
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
    "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
    "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
};

constexpr absl::string_view kGitHubProvider =
    "token.actions.githubusercontent.com";

// The first Action entry that grants `action`; nullptr if none. `*star`
// tells whether it is the bare "*".
const JsonValue* GrantingEntry(const JsonValue& action, const std::string& ptr,
                               absl::string_view name, std::string* entry_ptr,
                               bool* star) {
  const JsonValue* found = nullptr;
  ForEachString(action, ptr, [&](const JsonValue& item, const std::string& p) {
    if (found != nullptr) return;
    if (ActionPatternMatches(item.text, name)) {
      found = &item;
      *entry_ptr = p;
      *star = item.text == "*";
    }
  });
  return found;
}

// Whether no NotAction entry excludes `name`.
bool NotActionKeeps(const JsonValue& not_action, absl::string_view name) {
  bool excluded = false;
  ForEachString(not_action, "", [&](const JsonValue& item, const std::string&) {
    if (ActionPatternMatches(item.text, name)) excluded = true;
  });
  return !excluded;
}

// The first Resource entry that covers every role of the kind, in every
// account.
const JsonValue* StarResource(const JsonValue& resource, const std::string& ptr,
                              absl::string_view every_role,
                              std::string* entry_ptr) {
  const JsonValue* found = nullptr;
  ForEachString(
      resource, ptr, [&](const JsonValue& item, const std::string& p) {
        if (found == nullptr &&
            GlobCovers(item.text, every_role, /*ignore_case=*/false)) {
          found = &item;
          *entry_ptr = p;
        }
      });
  return found;
}

// Whether the statement's Condition names `key` (case-insensitively) under
// any operator.
bool HasConditionKey(const JsonValue& statement, absl::string_view key) {
  const JsonValue* cond = statement.Find("Condition");
  if (cond == nullptr || !cond->is_object()) return false;
  for (const JsonMember& op : cond->members) {
    if (!op.value.is_object()) continue;
    for (const JsonMember& k : op.value.members) {
      if (absl::EqualsIgnoreCase(k.key, key)) return true;
    }
  }
  return false;
}

bool HasConditionKeyWithPrefix(const JsonValue& statement,
                               absl::string_view prefix) {
  const JsonValue* cond = statement.Find("Condition");
  if (cond == nullptr || !cond->is_object()) return false;
  for (const JsonMember& op : cond->members) {
    if (!op.value.is_object()) continue;
    for (const JsonMember& k : op.value.members) {
      if (absl::StartsWithIgnoreCase(k.key, prefix)) return true;
    }
  }
  return false;
}

bool HasAnyCondition(const JsonValue& statement) {
  const JsonValue* cond = statement.Find("Condition");
  if (cond == nullptr || !cond->is_object()) return false;
  for (const JsonMember& op : cond->members) {
    if (op.value.is_object() && !op.value.members.empty()) return true;
  }
  return false;
}

void CheckRoleAction(Context& ctx, const JsonValue& s, const std::string& ptr,
                     const RoleAction& ra) {
  if (ctx.kind() != PolicyKind::kIdentity) return;
  const JsonValue* action = s.Find("Action");
  const JsonValue* not_action = s.Find("NotAction");
  const JsonValue* resource = s.Find("Resource");
  const JsonValue* not_resource = s.Find("NotResource");
  if (action != nullptr) {
    std::string action_ptr;
    bool star = false;
    const JsonValue* entry =
        GrantingEntry(*action, ptr + "/Action", ra.action, &action_ptr, &star);
    if (entry == nullptr) return;
    if (resource != nullptr) {
      std::string resource_ptr;
      const JsonValue* r = StarResource(*resource, ptr + "/Resource",
                                        ra.every_role, &resource_ptr);
      if (r == nullptr) return;
      if (star) {
        LintFinding& f = ctx.Report(
            ra.star_in_action_and_resource, action_ptr, *entry,
            absl::StrCat("\"*\" on \"*\" allows ", ra.action,
                         " on every role; name the actions and resources"));
        ctx.AddLocation(f, resource_ptr, r->offset, r->end);
      } else if (!HasConditionKey(s, ra.limiting_key)) {
        LintFinding& f = ctx.Report(
            ra.star_in_resource, action_ptr, *entry,
            absl::StrCat("\"", entry->text, "\" allows ", ra.action,
                         " on every role; name the roles or limit it with ",
                         ra.limiting_key));
        ctx.AddLocation(f, resource_ptr, r->offset, r->end);
      }
    } else if (not_resource != nullptr) {
      LintFinding& f = ctx.Report(
          star ? ra.star_in_action_and_not_resource : ra.not_resource,
          action_ptr, *entry,
          absl::StrCat(ra.action,
                       " with NotResource applies to every role but those "
                       "listed"));
      ctx.AddLocation(f, ptr + "/NotResource", not_resource->offset,
                      not_resource->end);
    }
    return;
  }
  if (not_action == nullptr || !NotActionKeeps(*not_action, ra.action)) return;
  if (not_resource != nullptr) {
    LintFinding& f = ctx.Report(
        ra.not_action_and_not_resource, ptr + "/NotAction", *not_action,
        absl::StrCat("NotAction does not exclude ", ra.action,
                     " and NotResource leaves every other role"));
    ctx.AddLocation(f, ptr + "/NotResource", not_resource->offset,
                    not_resource->end);
  } else if (resource != nullptr) {
    std::string resource_ptr;
    const JsonValue* r = StarResource(*resource, ptr + "/Resource",
                                      ra.every_role, &resource_ptr);
    if (r == nullptr) return;
    LintFinding& f = ctx.Report(
        ra.star_in_resource_and_not_action, ptr + "/NotAction", *not_action,
        absl::StrCat("NotAction does not exclude ", ra.action,
                     ": it is allowed on every role"));
    ctx.AddLocation(f, resource_ptr, r->offset, r->end);
  }
}

void CheckNotElements(Context& ctx, const JsonValue& s,
                      const std::string& ptr) {
  // SCPs and RCPs grant nothing, and the grammar rejects NotAction in an
  // Allow of an SCP; the warning is about what a statement grants.
  if (ctx.kind() == PolicyKind::kScp || ctx.kind() == PolicyKind::kRcp) return;
  if (const JsonValue* v = s.Find("NotAction")) {
    ctx.Report("IAMEVAL_ALLOW_WITH_NOT_ACTION", ptr + "/NotAction", *v,
               "Allow with NotAction grants every action not listed, "
               "including actions AWS adds later; list the actions instead");
  }
  if (const JsonValue* v = s.Find("NotResource")) {
    ctx.Report("IAMEVAL_ALLOW_WITH_NOT_RESOURCE", ptr + "/NotResource", *v,
               "Allow with NotResource grants every resource not listed, in "
               "every account; list the resources instead");
  }
}

void CheckPublicPrincipal(Context& ctx, const JsonValue& s,
                          const std::string& ptr) {
  const PolicyKind kind = ctx.kind();
  if (kind != PolicyKind::kResource && kind != PolicyKind::kTrust &&
      kind != PolicyKind::kVpcEndpoint) {
    return;
  }
  const JsonValue* principal = s.Find("Principal");
  if (principal == nullptr || HasAnyCondition(s)) return;
  const JsonValue* star = nullptr;
  std::string star_ptr;
  if (principal->is_string() && principal->text == "*") {
    star = principal;
    star_ptr = ptr + "/Principal";
  } else if (principal->is_object()) {
    if (const JsonValue* aws = principal->Find("AWS")) {
      ForEachString(*aws, ptr + "/Principal/AWS",
                    [&](const JsonValue& item, const std::string& p) {
                      if (star == nullptr && item.text == "*") {
                        star = &item;
                        star_ptr = p;
                      }
                    });
    }
  }
  if (star == nullptr) return;
  ctx.Report("IAMEVAL_PUBLIC_PRINCIPAL", star_ptr, *star,
             kind == PolicyKind::kTrust
                 ? "any principal of any account can assume this role: add a "
                   "condition (aws:PrincipalOrgID, sts:ExternalId, ...) or "
                   "name the principals"
                 : "anyone, in any account, anonymous callers included, is "
                   "allowed: add a condition (aws:PrincipalOrgID, "
                   "aws:SourceVpce, ...) or name the principals");
}

// The provider of a federated principal: the host and path after
// "oidc-provider/" in an IAM OIDC provider ARN, or the well-known web
// identity providers named directly. Empty for SAML and anything else.
std::string OidcProvider(absl::string_view federated) {
  constexpr absl::string_view kMarker = ":oidc-provider/";
  size_t at = federated.find(kMarker);
  if (absl::StartsWith(federated, "arn:") && at != absl::string_view::npos) {
    return std::string(federated.substr(at + kMarker.size()));
  }
  for (absl::string_view known :
       {"cognito-identity.amazonaws.com", "accounts.google.com",
        "graph.facebook.com", "www.amazon.com"}) {
    if (federated == known) return std::string(known);
  }
  return "";
}

void CheckWebIdentity(Context& ctx, const JsonValue& s,
                      const std::string& ptr) {
  if (ctx.kind() != PolicyKind::kTrust && ctx.kind() != PolicyKind::kResource) {
    return;
  }
  const JsonValue* principal = s.Find("Principal");
  if (principal == nullptr || !principal->is_object()) return;
  const JsonValue* federated = principal->Find("Federated");
  if (federated == nullptr) return;
  ForEachString(
      *federated, ptr + "/Principal/Federated",
      [&](const JsonValue& item, const std::string& p) {
        const std::string provider = OidcProvider(item.text);
        if (provider.empty()) return;
        if (absl::EqualsIgnoreCase(provider, kGitHubProvider)) {
          const std::string sub = absl::StrCat(kGitHubProvider, ":sub");
          if (!HasConditionKey(s, sub)) {
            ctx.Report("MISSING_GITHUB_REPO_CONDITION_KEY", p, item,
                       absl::StrCat("without a condition on \"", sub,
                                    "\" any GitHub repository's workflow can "
                                    "assume this role; pin the repository and "
                                    "branch"));
            return;
          }
          // The key is there: are its values specific?
          const JsonValue* cond = s.Find("Condition");
          for (const JsonMember& op : cond->members) {
            if (!op.value.is_object()) continue;
            for (const JsonMember& k : op.value.members) {
              if (!absl::EqualsIgnoreCase(k.key, sub)) continue;
              std::string kptr = absl::StrCat(
                  ptr, "/Condition/", json::EscapePointerToken(op.key), "/",
                  json::EscapePointerToken(k.key));
              ForEachString(
                  k.value, kptr,
                  [&](const JsonValue& value, const std::string& vp) {
                    if (value.text.find_first_of("*?") != std::string::npos) {
                      ctx.Report(
                          "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", vp,
                          value,
                          absl::StrCat("\"", value.text,
                                       "\" lets more repositories or branches "
                                       "assume the role than one; name the "
                                       "repository and branch"));
                    }
                  });
            }
          }
          return;
        }
        if (!HasConditionKeyWithPrefix(s, provider + ":")) {
          ctx.Report("MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", p, item,
                     absl::StrCat("no condition on a key of \"", provider,
                                  "\" (", provider,
                                  ":aud, :sub, ...): any identity of the "
                                  "provider can assume this role"));
        }
      });
}

// The assume-role action a federated principal needs: SAML providers
// AssumeRoleWithSAML, everything else federated (OIDC providers, Cognito,
// Google, ...) AssumeRoleWithWebIdentity.
void CheckFederatedActions(Context& ctx, const JsonValue& s,
                           const std::string& ptr) {
  if (ctx.kind() != PolicyKind::kTrust && ctx.kind() != PolicyKind::kResource) {
    return;
  }
  const JsonValue* principal = s.Find("Principal");
  const JsonValue* action = s.Find("Action");
  if (principal == nullptr || !principal->is_object() || action == nullptr) {
    return;
  }
  const JsonValue* federated = principal->Find("Federated");
  if (federated == nullptr) return;
  const JsonValue* first = nullptr;
  std::string first_ptr;
  bool saml = false, web = false;
  std::vector<std::string> names;
  ForEachString(
      *federated, ptr + "/Principal/Federated",
      [&](const JsonValue& item, const std::string& p) {
        if (first == nullptr) {
          first = &item;
          first_ptr = p;
        }
        names.push_back(item.text);
        (absl::StrContains(item.text, ":saml-provider/") ? saml : web) = true;
      });
  if (first == nullptr) return;
  ForEachString(
      *action, ptr + "/Action",
      [&](const JsonValue& item, const std::string& p) {
        const bool plain = absl::EqualsIgnoreCase(item.text, "sts:AssumeRole");
        const bool with_saml =
            absl::EqualsIgnoreCase(item.text, "sts:AssumeRoleWithSAML");
        const bool with_web =
            absl::EqualsIgnoreCase(item.text, "sts:AssumeRoleWithWebIdentity");
        if (!plain && !(with_saml && !saml) && !(with_web && !web)) return;
        LintFinding& f = ctx.Report(
            "MISMATCHED_ACTION_FOR_PRINCIPAL", p, item,
            absl::StrCat("the ", item.text,
                         " action is invalid with the principal(s) ",
                         absl::StrJoin(names, ", "),
                         ": a SAML provider needs sts:AssumeRoleWithSAML, an "
                         "OIDC provider sts:AssumeRoleWithWebIdentity"));
        ctx.AddLocation(f, first_ptr, first->offset, first->end);
      });
}

bool ServicePrincipalFormatOk(absl::string_view host) {
  absl::string_view name = host;
  bool suffix = false;
  for (absl::string_view end : {".amazonaws.com.cn", ".amazonaws.com",
                                ".amazon.com", ".amazonaws.eu"}) {
    if (absl::EndsWith(name, end)) {
      name.remove_suffix(end.size());
      suffix = true;
      break;
    }
  }
  if (!suffix || name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '-' &&
        c != '.') {
      return false;
    }
  }
  return true;
}

// Service principals: their format, and the actions IAM Roles Anywhere
// needs.
void CheckServicePrincipals(Context& ctx, const JsonValue& s,
                            const std::string& ptr) {
  if (ctx.kind() != PolicyKind::kTrust && ctx.kind() != PolicyKind::kResource &&
      ctx.kind() != PolicyKind::kVpcEndpoint) {
    return;
  }
  const JsonValue* principal = s.Find("Principal");
  if (principal == nullptr || !principal->is_object()) return;
  const JsonValue* service = principal->Find("Service");
  if (service == nullptr) return;
  ForEachString(
      *service, ptr + "/Principal/Service",
      [&](const JsonValue& item, const std::string& p) {
        if (item.text.find_first_of("*?") != std::string::npos)
          return;  // grammar
        if (!ServicePrincipalFormatOk(item.text)) {
          ctx.Report(
              "INVALID_SERVICE_PRINCIPAL_FORMAT", p, item,
              absl::StrCat("\"", item.text,
                           "\" is not a service principal; they look like "
                           "service.amazonaws.com"));
        }
        if (ctx.kind() != PolicyKind::kTrust ||
            item.text != "rolesanywhere.amazonaws.com") {
          return;
        }
        const JsonValue* action = s.Find("Action");
        if (action == nullptr) return;
        std::vector<std::string> missing;
        for (absl::string_view needed :
             {"sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"}) {
          bool granted = false;
          ForEachString(*action, "",
                        [&](const JsonValue& a, const std::string&) {
                          granted |= ActionPatternMatches(a.text, needed);
                        });
          if (!granted) missing.push_back(std::string(needed));
        }
        if (!missing.empty()) {
          LintFinding& f = ctx.Report(
              "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", p, item,
              absl::StrCat("IAM Roles Anywhere needs sts:AssumeRole, "
                           "sts:SetSourceIdentity and sts:TagSession to assume "
                           "the role; add ",
                           absl::StrJoin(missing, ", ")));
          ctx.AddLocation(f, ptr + "/Action", action->offset, action->end);
        }
      });
}

}  // namespace

absl::Span<const LintCheckInfo> SecurityChecks() { return kChecks; }

void CheckSecurity(Context& ctx) {
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
    CheckServicePrincipals(ctx, s, ptr);
    if (!IsAllow(s)) return;
    CheckRoleAction(ctx, s, ptr, kPassRole);
    CheckRoleAction(ctx, s, ptr, kCreateSlr);
    CheckNotElements(ctx, s, ptr);
    CheckPublicPrincipal(ctx, s, ptr);
    CheckWebIdentity(ctx, s, ptr);
    CheckFederatedActions(ctx, s, ptr);
  });
}

}  // namespace iameval::lint_internal
