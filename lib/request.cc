// Building requests: principal parsing, typed context values, derived keys.
#include "iameval/request.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "iameval/arn.h"
#include "iameval/wildcard.h"

namespace iameval {
namespace {

bool IsAccountId(absl::string_view s) {
  return s.size() == 12 &&
         s.find_first_not_of("0123456789") == absl::string_view::npos;
}

absl::string_view LastPathElement(absl::string_view s) {
  size_t slash = s.rfind('/');
  return slash == absl::string_view::npos ? s : s.substr(slash + 1);
}

}  // namespace

const char* PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kUser:
      return "user";
    case PrincipalKind::kRoleSession:
      return "role session";
    case PrincipalKind::kFederatedUser:
      return "federated user";
    case PrincipalKind::kRoot:
      return "root user";
    case PrincipalKind::kService:
      return "service principal";
    case PrincipalKind::kAnonymous:
      return "anonymous caller";
    case PrincipalKind::kWebIdentity:
      return "SAML/OIDC caller";
  }
  return "principal";
}

Principal Principal::Anonymous() { return Principal(); }

Principal Principal::WebIdentity(absl::string_view provider) {
  Principal p;
  p.kind = PrincipalKind::kWebIdentity;
  p.arn = std::string(provider);
  return p;
}

absl::StatusOr<Principal> Principal::FromString(absl::string_view text,
                                                absl::string_view issuer_arn) {
  Principal p;
  p.arn = std::string(text);
  if (!absl::StartsWith(text, "arn:")) {
    // A service principal: a DNS-like name such as lambda.amazonaws.com.
    if (text.empty() || !absl::StrContains(text, ".") ||
        text.find_first_of(" */:") != absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "principal \"", text,
          "\" is neither an ARN nor a service principal (name.amazonaws.com)"));
    }
    p.kind = PrincipalKind::kService;
    return p;
  }
  std::optional<ArnView> arn = ArnView::Parse(text);
  if (!arn || !IsAccountId(arn->account) || arn->partition.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("principal \"", text,
                     "\" is not a valid IAM or STS ARN with a "
                     "12-digit account"));
  }
  p.partition = std::string(arn->partition);
  p.account = std::string(arn->account);
  absl::string_view res = arn->resource;
  if (arn->service == "iam" && res == "root") {
    p.kind = PrincipalKind::kRoot;
  } else if (arn->service == "iam" && absl::StartsWith(res, "user/") &&
             res.size() > 5) {
    p.kind = PrincipalKind::kUser;
    p.name = std::string(LastPathElement(res));
  } else if (arn->service == "sts" && absl::StartsWith(res, "assumed-role/")) {
    absl::string_view rest = res.substr(13);
    size_t slash = rest.find('/');
    if (slash == absl::string_view::npos || slash == 0 ||
        slash + 1 >= rest.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "role session \"", text,
          "\" must be arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION"));
    }
    p.kind = PrincipalKind::kRoleSession;
    absl::string_view role = rest.substr(0, slash);
    p.name = std::string(rest.substr(slash + 1));
    p.role_name_folded = AsciiLower(role);
    if (issuer_arn.empty()) {
      p.issuer_arn = absl::StrCat("arn:", p.partition, ":iam::", p.account,
                                  ":role/", role);
    } else {
      std::optional<ArnView> issuer = ArnView::Parse(issuer_arn);
      if (!issuer || issuer->service != "iam" ||
          !absl::StartsWith(issuer->resource, "role/") ||
          issuer->account != arn->account ||
          AsciiLower(LastPathElement(issuer->resource)) != p.role_name_folded) {
        return absl::InvalidArgumentError(
            absl::StrCat("session issuer \"", issuer_arn,
                         "\" is not the role of \"", text, "\""));
      }
      p.issuer_arn = std::string(issuer_arn);
    }
    p.service_linked_role =
        absl::StrContains(p.issuer_arn, ":role/aws-service-role/");
  } else if (arn->service == "sts" &&
             absl::StartsWith(res, "federated-user/") && res.size() > 15) {
    p.kind = PrincipalKind::kFederatedUser;
    p.name = std::string(res.substr(15));
    p.issuer_arn = std::string(issuer_arn);
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "principal \"", text,
        "\" is not a user, role session, federated user or root ARN (a role "
        "ARN is not a caller: use its session, "
        "arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION)"));
  }
  return p;
}

ContextValue ContextValue::From(std::string text) {
  ContextValue v;
  v.text = std::move(text);
  const absl::string_view t = v.text;
  if (t.empty()) return v;
  const char c = t[0];
  if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
    v.number = Decimal::Parse(t);
  }
  if (c >= '0' && c <= '9') v.date = Timestamp::Parse(t);
  if (t.find('/') == absl::string_view::npos &&
      (t.find('.') != absl::string_view::npos ||
       t.find(':') != absl::string_view::npos)) {
    v.ip = IpRange::Parse(t);  // a bare address; a CIDR is not an address
  }
  v.boolean = ParseBool(t);
  return v;
}

void RequestContext::Set(absl::string_view key, std::string value) {
  ContextEntry& e = entries_[AsciiLower(key)];
  e.key = std::string(key);
  e.values.clear();
  e.values.push_back(ContextValue::From(std::move(value)));
  e.is_list = false;
}

void RequestContext::SetList(absl::string_view key,
                             std::vector<std::string> values) {
  ContextEntry& e = entries_[AsciiLower(key)];
  e.key = std::string(key);
  e.values.clear();
  for (std::string& v : values)
    e.values.push_back(ContextValue::From(std::move(v)));
  e.is_list = true;
}

void RequestContext::SetIfAbsent(absl::string_view key, std::string value) {
  if (FindFolded(AsciiLower(key)) == nullptr) Set(key, std::move(value));
}

void RequestContext::Erase(absl::string_view key) {
  entries_.erase(AsciiLower(key));
}

const ContextEntry* RequestContext::Find(absl::string_view key) const {
  return FindFolded(AsciiLower(key));
}

std::vector<const ContextEntry*> RequestContext::SortedEntries() const {
  std::vector<std::pair<absl::string_view, const ContextEntry*>> items;
  for (const auto& [k, v] : entries_) items.push_back({k, &v});
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const ContextEntry*> out;
  for (const auto& [k, v] : items) out.push_back(v);
  return out;
}

absl::StatusOr<Request> BuildRequest(RequestSpec spec) {
  Request r;
  if (spec.anonymous) {
    r.principal = Principal::Anonymous();
  } else if (!spec.web_identity_provider.empty()) {
    r.principal = Principal::WebIdentity(spec.web_identity_provider);
  } else {
    absl::StatusOr<Principal> p =
        Principal::FromString(spec.principal, spec.session_issuer);
    if (!p.ok()) return p.status();
    r.principal = *std::move(p);
  }
  size_t colon = spec.action.find(':');
  if (colon == std::string::npos || colon == 0 ||
      colon + 1 == spec.action.size() ||
      spec.action.find_first_of("*? ") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("action \"", spec.action,
                     "\" must be service:ActionName, without "
                     "wildcards"));
  }
  r.action = spec.action;
  r.action_folded = AsciiLower(spec.action);
  if (spec.resource.empty()) {
    return absl::InvalidArgumentError(
        "resource is required (an ARN, or \"*\" for actions that take no "
        "resource)");
  }
  if (spec.resource != "*" && !ArnView::Parse(spec.resource)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "resource \"", spec.resource,
        "\" is neither \"*\" nor an ARN (arn:partition:service:region:"
        "account:resource)"));
  }
  r.resource = spec.resource;
  if (!spec.resource_account.empty()) {
    if (!IsAccountId(spec.resource_account)) {
      return absl::InvalidArgumentError(
          absl::StrCat("resource account \"", spec.resource_account,
                       "\" is not a 12-digit account id"));
    }
    r.resource_account = spec.resource_account;
  } else if (std::optional<ArnView> arn = ArnView::Parse(spec.resource);
             arn && IsAccountId(arn->account)) {
    r.resource_account = std::string(arn->account);
  } else {
    r.resource_account = r.principal.account;
  }
  r.context = std::move(spec.context);
  if (spec.derive_context) {
    const Principal& p = r.principal;
    RequestContext& c = r.context;
    switch (p.kind) {
      case PrincipalKind::kUser:
        c.SetIfAbsent("aws:PrincipalArn", p.arn);
        c.SetIfAbsent("aws:PrincipalAccount", p.account);
        c.SetIfAbsent("aws:PrincipalType", "User");
        c.SetIfAbsent("aws:username", p.name);
        break;
      case PrincipalKind::kRoleSession:
        c.SetIfAbsent("aws:PrincipalArn", p.issuer_arn);
        c.SetIfAbsent("aws:PrincipalAccount", p.account);
        c.SetIfAbsent("aws:PrincipalType", "AssumedRole");
        break;
      case PrincipalKind::kFederatedUser:
        c.SetIfAbsent("aws:PrincipalArn", p.arn);
        c.SetIfAbsent("aws:PrincipalAccount", p.account);
        c.SetIfAbsent("aws:PrincipalType", "FederatedUser");
        c.SetIfAbsent("aws:userid", absl::StrCat(p.account, ":", p.name));
        break;
      case PrincipalKind::kRoot:
        c.SetIfAbsent("aws:PrincipalArn", p.arn);
        c.SetIfAbsent("aws:PrincipalAccount", p.account);
        c.SetIfAbsent("aws:PrincipalType", "Account");
        c.SetIfAbsent("aws:userid", p.account);
        break;
      case PrincipalKind::kAnonymous:
        c.SetIfAbsent("aws:PrincipalAccount", "anonymous");
        c.SetIfAbsent("aws:PrincipalType", "Anonymous");
        c.SetIfAbsent("aws:userid", "anonymous");
        break;
      case PrincipalKind::kService:
      case PrincipalKind::kWebIdentity:
        break;
    }
    if (!r.resource_account.empty()) {
      c.SetIfAbsent("aws:ResourceAccount", r.resource_account);
    }
  }
  return r;
}

}  // namespace iameval
