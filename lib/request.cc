// Building requests: principal parsing, typed context values, derived keys.
#include "iameval/request.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "account_id.h"
#include "iameval/arn.h"
#include "iameval/wildcard.h"

namespace iameval {

using internal::AsciiLower;
using internal::AsciiLowerInPlace;
namespace {

bool IsRoleArnResource(absl::string_view resource) {
  return absl::StartsWith(resource, "arn:") &&
         resource.find(":iam::") != absl::string_view::npos &&
         resource.find(":role/") != absl::string_view::npos;
}

bool IsTrustAction(absl::string_view action_folded) {
  return action_folded == "sts:assumerole" ||
         action_folded == "sts:assumerolewithsaml" ||
         action_folded == "sts:assumerolewithwebidentity" ||
         action_folded == "sts:tagsession" ||
         action_folded == "sts:setsourceidentity";
}

// The facts Request keeps for Evaluate; `arn` is the resource's, when it
// is an ARN.
void SetRequestFacts(const std::optional<ArnView>& arn, Request* r) {
  r->resource_is_kms_key =
      arn && arn->service == "kms" && absl::StartsWith(arn->resource, "key/");
  r->trust_request =
      IsTrustAction(r->action_folded) && IsRoleArnResource(r->resource);
}

// A role session ARN (arn:P:sts::A:assumed-role/ROLE/SESSION) as the caller;
// `issuer_arn`, when given, must be its role.
absl::StatusOr<Principal> RoleSession(absl::string_view text,
                                      const PrincipalArn& arn,
                                      absl::string_view issuer_arn,
                                      Principal p) {
  if (arn.name.empty() || arn.session.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "role session \"", text,
        "\" must be arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION"));
  }
  p.kind = PrincipalKind::kRoleSession;
  p.name = std::string(arn.session);
  p.role_name_folded = AsciiLower(arn.name);
  if (issuer_arn.empty()) {
    p.issuer_arn = absl::StrCat("arn:", p.partition, ":iam::", p.account,
                                ":role/", arn.name);
    p.role_path_unknown = true;
  } else {
    std::optional<PrincipalArn> issuer = PrincipalArn::Parse(issuer_arn);
    if (!issuer || issuer->type != PrincipalArnType::kRole ||
        issuer->account != arn.account ||
        AsciiLower(issuer->name) != p.role_name_folded) {
      return absl::InvalidArgumentError(
          absl::StrCat("session issuer \"", issuer_arn,
                       "\" is not the role of \"", text, "\""));
    }
    p.issuer_arn = std::string(issuer_arn);
  }
  p.service_linked_role =
      absl::StrContains(p.issuer_arn, ":role/aws-service-role/");
  return p;
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

absl::StatusOr<Principal> Principal::FromString(
    absl::string_view text, absl::string_view issuer_arn,
    absl::string_view session_name) {
  if (!session_name.empty()) {
    // A session name names a session of a role given by its ARN (R19).
    std::optional<PrincipalArn> role = PrincipalArn::Parse(text);
    if (!role || role->type != PrincipalArnType::kRole) {
      return absl::InvalidArgumentError(
          absl::StrCat("a session name goes with a role ARN as the principal "
                       "(arn:aws:iam::ACCOUNT:role/NAME); \"",
                       text, "\" is not one"));
    }
    if (!issuer_arn.empty() && issuer_arn != text) {
      return absl::InvalidArgumentError(absl::StrCat(
          "session issuer \"", issuer_arn,
          "\" differs from the role given as principal \"", text, "\""));
    }
    if (session_name.find_first_of("/:*?") != absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("session name \"", session_name,
                       "\" may not contain '/', ':', '*' or '?'"));
    }
    const std::string session =
        absl::StrCat("arn:", role->partition, ":sts::", role->account,
                     ":assumed-role/", role->name, "/", session_name);
    return FromString(session, text);
  }
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
  std::optional<PrincipalArn> arn = PrincipalArn::Parse(text);
  if (!arn || !IsAccountId(arn->account) || arn->partition.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("principal \"", text,
                     "\" is not a valid IAM or STS ARN with a "
                     "12-digit account"));
  }
  p.partition = std::string(arn->partition);
  p.account = std::string(arn->account);
  switch (arn->type) {
    case PrincipalArnType::kRoot:
      p.kind = PrincipalKind::kRoot;
      return p;
    case PrincipalArnType::kUser:
      if (arn->id.empty()) break;
      p.kind = PrincipalKind::kUser;
      p.name = std::string(arn->name);
      return p;
    case PrincipalArnType::kAssumedRole:
      return RoleSession(text, *arn, issuer_arn, std::move(p));
    case PrincipalArnType::kRole:
      if (arn->name.empty()) break;
      // A role as the caller (R19): a session of it, name unknown.
      if (!issuer_arn.empty() && issuer_arn != text) {
        return absl::InvalidArgumentError(absl::StrCat(
            "session issuer \"", issuer_arn,
            "\" differs from the role given as principal \"", text, "\""));
      }
      p.kind = PrincipalKind::kRoleSession;
      p.session_unknown = true;
      p.role_name_folded = AsciiLower(arn->name);
      p.issuer_arn = std::string(text);
      p.service_linked_role = absl::StartsWith(arn->path, "/aws-service-role/");
      return p;
    case PrincipalArnType::kFederatedUser:
      if (arn->name.empty()) break;
      p.kind = PrincipalKind::kFederatedUser;
      p.name = std::string(arn->name);
      p.issuer_arn = std::string(issuer_arn);
      return p;
    case PrincipalArnType::kOtherIam:
    case PrincipalArnType::kOther:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "principal \"", text,
      "\" is not a user, role, role session, federated user or root ARN"));
}

ContextValue ContextValue::From(std::string text) {
  ContextValue v;
  v.text = std::move(text);
  v.Retype();
  return v;
}

void ContextValue::Assign(absl::string_view text) {
  // The typed readings follow from the text alone; a builder reassigning the
  // same value (a derived key, a repeated region) skips re-parsing it.
  if (this->text == text) return;
  this->text.assign(text.data(), text.size());
  Retype();
}

void ContextValue::Retype() {
  number.reset();
  date.reset();
  ip.reset();
  boolean.reset();
  const absl::string_view t = text;
  if (t.empty()) return;
  const char c = t[0];
  if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
    number = Decimal::Parse(t);
  }
  if (c >= '0' && c <= '9') date = Timestamp::Parse(t);
  if (t.find('/') == absl::string_view::npos &&
      (t.find('.') != absl::string_view::npos ||
       t.find(':') != absl::string_view::npos)) {
    ip = IpRange::Parse(t);  // a bare address; a CIDR is not an address
  }
  boolean = ParseBool(t);
}

absl::string_view RequestContext::Fold(absl::string_view key) {
  fold_buffer_.assign(key.data(), key.size());
  AsciiLowerInPlace(&fold_buffer_);
  return fold_buffer_;
}

ContextEntry* RequestContext::Claim(absl::string_view key,
                                    absl::string_view folded_key,
                                    bool overwrite) {
  auto it = entries_.find(folded_key);
  if (it == entries_.end()) {
    it = entries_.emplace(std::string(folded_key), Slot()).first;
  } else if (!overwrite && it->second.generation == generation_) {
    return nullptr;
  }
  it->second.generation = generation_;
  ContextEntry& e = it->second.entry;
  e.key.assign(key.data(), key.size());
  e.unknown = false;
  return &e;
}

void RequestContext::AssignValues(ContextEntry* e,
                                  absl::Span<const absl::string_view> values,
                                  bool is_list) {
  e->values.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) e->values[i].Assign(values[i]);
  e->is_list = is_list;
}

void RequestContext::PruneStale() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.generation != generation_) {
      entries_.erase(it++);
    } else {
      ++it;
    }
  }
}

void RequestContext::Set(absl::string_view key, std::string value) {
  ContextEntry& e = *Claim(key, Fold(key), /*overwrite=*/true);
  e.values.clear();
  e.values.push_back(ContextValue::From(std::move(value)));
  e.is_list = false;
}

void RequestContext::SetEntry(const ContextEntry& entry) {
  SetEntryFolded(entry, Fold(entry.key));
}

void RequestContext::MergeFrom(const RequestContext& from) {
  // The order of the copies does not matter: the keys are distinct.
  for (const auto& [folded_key, slot] : from.entries_) {
    if (slot.entry.is_list || !slot.entry.values.empty()) {
      SetEntryFolded(slot.entry, folded_key);
    }
  }
}

void RequestContext::SetEntryFolded(const ContextEntry& entry,
                                    absl::string_view folded_key) {
  ContextEntry& e = *Claim(entry.key, folded_key, /*overwrite=*/true);
  if (entry.is_list) {
    e.values = entry.values;
  } else {
    e.values.assign(entry.values.begin(),
                    entry.values.begin() + (entry.values.empty() ? 0 : 1));
  }
  e.is_list = entry.is_list;
}

void RequestContext::SetList(absl::string_view key,
                             std::vector<std::string> values) {
  ContextEntry& e = *Claim(key, Fold(key), /*overwrite=*/true);
  e.values.clear();
  for (std::string& v : values)
    e.values.push_back(ContextValue::From(std::move(v)));
  e.is_list = true;
}

void RequestContext::SetIfAbsent(absl::string_view key,
                                 absl::string_view value) {
  SetIfAbsent(key, AsciiLower(key), value);
}

void RequestContext::SetIfAbsent(absl::string_view key,
                                 absl::string_view folded_key,
                                 absl::string_view value) {
  if (ContextEntry* e = Claim(key, folded_key, /*overwrite=*/false)) {
    AssignValues(e, {value}, /*is_list=*/false);
  }
}

void RequestContext::SetUnknownIfAbsent(absl::string_view key,
                                        absl::string_view folded_key) {
  if (ContextEntry* e = Claim(key, folded_key, /*overwrite=*/false)) {
    e->values.clear();
    e->is_list = false;
    e->unknown = true;
  }
}

void RequestContext::Erase(absl::string_view key) {
  entries_.erase(AsciiLower(key));
}

const ContextEntry* RequestContext::Find(absl::string_view key) const {
  return FindFolded(AsciiLower(key));
}

std::vector<const ContextEntry*> RequestContext::SortedEntries() const {
  std::vector<std::pair<absl::string_view, const ContextEntry*>> items;
  for (const auto& [k, v] : entries_) items.push_back({k, &v.entry});
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const ContextEntry*> out;
  out.reserve(items.size());
  for (const auto& [k, v] : items) out.push_back(v);
  return out;
}

namespace {

absl::Status CheckAction(absl::string_view action) {
  size_t colon = action.find(':');
  if (colon == absl::string_view::npos || colon == 0 ||
      colon + 1 == action.size() || HasWildcard(action) ||
      action.find(' ') != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("action \"", action,
                     "\" must be service:ActionName, without "
                     "wildcards"));
  }
  return absl::OkStatus();
}

// `*arn` is the parsed resource (nullopt for "*").
absl::Status CheckResource(absl::string_view resource,
                           std::optional<ArnView>* arn) {
  arn->reset();
  if (resource.empty()) {
    return absl::InvalidArgumentError(
        "resource is required (an ARN, or \"*\" for actions that take no "
        "resource)");
  }
  if (resource != "*" && !(*arn = ArnView::Parse(resource))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "resource \"", resource,
        "\" is neither \"*\" nor an ARN (arn:partition:service:region:"
        "account:resource)"));
  }
  return absl::OkStatus();
}

// The owner of the resource: as given, else the ARN's account, else the
// caller's (S3 ARNs carry no account).
absl::Status ResolveResourceAccount(absl::string_view given,
                                    const std::optional<ArnView>& arn,
                                    const Principal& principal,
                                    std::string* out, bool* inferred) {
  *inferred = false;
  if (!given.empty()) {
    if (!IsAccountId(given)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "resource account \"", given, "\" is not a 12-digit account id"));
    }
    out->assign(given.data(), given.size());
  } else if (arn && IsAccountId(arn->account)) {
    out->assign(arn->account.data(), arn->account.size());
  } else {
    *out = principal.account;
    *inferred = arn.has_value();
  }
  return absl::OkStatus();
}

void DeriveContext(const Principal& p, const std::string& resource_account,
                   RequestContext* c) {
  switch (p.kind) {
    case PrincipalKind::kUser:
      c->SetIfAbsent("aws:PrincipalArn", "aws:principalarn", p.arn);
      c->SetIfAbsent("aws:PrincipalAccount", "aws:principalaccount", p.account);
      c->SetIfAbsent("aws:PrincipalType", "aws:principaltype", "User");
      c->SetIfAbsent("aws:username", "aws:username", p.name);
      break;
    case PrincipalKind::kRoleSession:
      c->SetIfAbsent("aws:PrincipalArn", "aws:principalarn", p.issuer_arn);
      c->SetIfAbsent("aws:PrincipalAccount", "aws:principalaccount", p.account);
      c->SetIfAbsent("aws:PrincipalType", "aws:principaltype", "AssumedRole");
      // aws:userid is ROLEID:SESSIONNAME; with the session name unknown no
      // condition on it can be decided (R19).
      if (p.session_unknown) c->SetUnknownIfAbsent("aws:userid", "aws:userid");
      break;
    case PrincipalKind::kFederatedUser:
      c->SetIfAbsent("aws:PrincipalArn", "aws:principalarn", p.arn);
      c->SetIfAbsent("aws:PrincipalAccount", "aws:principalaccount", p.account);
      c->SetIfAbsent("aws:PrincipalType", "aws:principaltype", "FederatedUser");
      c->SetIfAbsent("aws:userid", "aws:userid",
                     absl::StrCat(p.account, ":", p.name));
      break;
    case PrincipalKind::kRoot:
      c->SetIfAbsent("aws:PrincipalArn", "aws:principalarn", p.arn);
      c->SetIfAbsent("aws:PrincipalAccount", "aws:principalaccount", p.account);
      c->SetIfAbsent("aws:PrincipalType", "aws:principaltype", "Account");
      c->SetIfAbsent("aws:userid", "aws:userid", p.account);
      break;
    case PrincipalKind::kAnonymous:
      c->SetIfAbsent("aws:PrincipalAccount", "aws:principalaccount",
                     "anonymous");
      c->SetIfAbsent("aws:PrincipalType", "aws:principaltype", "Anonymous");
      c->SetIfAbsent("aws:userid", "aws:userid", "anonymous");
      break;
    case PrincipalKind::kService:
    case PrincipalKind::kWebIdentity:
      break;
  }
  if (!resource_account.empty()) {
    c->SetIfAbsent("aws:ResourceAccount", "aws:resourceaccount",
                   resource_account);
  }
}

// R19: with no session issuer given, a role ARN given as aws:PrincipalArn
// for the same account and role name (case-insensitive) names the role
// behind a role session, path included. Anything else is ignored here (a
// contradicting aws:PrincipalArn stays what the caller said it is).
absl::string_view IssuerFromContext(absl::string_view principal,
                                    const ContextEntry* e) {
  if (e == nullptr || e->unknown || e->values.size() != 1) return {};
  absl::string_view value = e->values[0].text;
  std::optional<PrincipalArn> caller = PrincipalArn::Parse(principal);
  std::optional<PrincipalArn> role = PrincipalArn::Parse(value);
  if (!caller || !role || caller->type != PrincipalArnType::kAssumedRole ||
      role->type != PrincipalArnType::kRole ||
      role->account != caller->account ||
      role->partition != caller->partition) {
    return {};
  }
  if (AsciiLower(caller->name) != AsciiLower(role->name)) return {};
  return value;
}

}  // namespace

absl::StatusOr<Request> BuildRequest(RequestSpec spec) {
  Request r;
  if (spec.anonymous) {
    r.principal = Principal::Anonymous();
  } else if (!spec.web_identity_provider.empty()) {
    r.principal = Principal::WebIdentity(spec.web_identity_provider);
  } else {
    absl::string_view issuer = spec.session_issuer;
    if (issuer.empty() && spec.session_name.empty()) {
      issuer = IssuerFromContext(spec.principal,
                                 spec.context.FindFolded("aws:principalarn"));
    }
    absl::StatusOr<Principal> p =
        Principal::FromString(spec.principal, issuer, spec.session_name);
    if (!p.ok()) return p.status();
    r.principal = *std::move(p);
  }
  if (absl::Status s = CheckAction(spec.action); !s.ok()) return s;
  r.action = spec.action;
  r.action_folded = AsciiLower(spec.action);
  std::optional<ArnView> arn;
  if (absl::Status s = CheckResource(spec.resource, &arn); !s.ok()) return s;
  r.resource = spec.resource;
  if (absl::Status s = ResolveResourceAccount(spec.resource_account, arn,
                                              r.principal, &r.resource_account,
                                              &r.resource_account_inferred);
      !s.ok()) {
    return s;
  }
  SetRequestFacts(arn, &r);
  r.context = std::move(spec.context);
  // aws:PrincipalArn given with the request says what the role's ARN is.
  if (r.principal.role_path_unknown &&
      r.context.FindFolded("aws:principalarn") != nullptr) {
    r.principal.role_path_unknown = false;
  }
  if (spec.derive_context) {
    DeriveContext(r.principal, r.resource_account, &r.context);
  }
  return r;
}

void RequestBuilder::Start() { request_.context.StartGeneration(); }

bool RequestBuilder::AddContext(absl::string_view key,
                                absl::string_view value) {
  RequestContext& c = request_.context;
  ContextEntry* e = c.Claim(key, c.Fold(key), /*overwrite=*/false);
  if (e == nullptr) return false;
  RequestContext::AssignValues(e, {value}, /*is_list=*/false);
  return true;
}

bool RequestBuilder::AddContextList(
    absl::string_view key, absl::Span<const absl::string_view> values) {
  RequestContext& c = request_.context;
  ContextEntry* e = c.Claim(key, c.Fold(key), /*overwrite=*/false);
  if (e == nullptr) return false;
  RequestContext::AssignValues(e, values, /*is_list=*/true);
  return true;
}

absl::Status RequestBuilder::Finish(const RequestParts& parts) {
  // This request's own aws:PrincipalArn, looked up once and only for a role
  // session ARN without issuer, the one caller it can say something about
  // (R19): the batch path pays nothing for other callers. Stale entries of
  // earlier requests do not count; they are pruned below.
  const ContextEntry* principal_arn = nullptr;
  const bool issuer_open = parts.session_issuer.empty() &&
                           parts.session_name.empty() &&
                           absl::StrContains(parts.principal, ":assumed-role/");
  if (issuer_open) {
    principal_arn = request_.context.FindCurrent("aws:principalarn");
  }
  const absl::string_view issuer =
      principal_arn != nullptr
          ? IssuerFromContext(parts.principal, principal_arn)
          : parts.session_issuer;
  // Principal::FromString depends on nothing but the principal, issuer and
  // session name, so a principal repeated from the previous request is not
  // parsed again.
  if (!principal_cached_ || parts.principal != cached_principal_ ||
      issuer != cached_issuer_ || parts.session_name != cached_session_name_) {
    principal_cached_ = false;
    absl::StatusOr<Principal> p =
        Principal::FromString(parts.principal, issuer, parts.session_name);
    if (!p.ok()) return p.status();
    request_.principal = *std::move(p);
    cached_principal_.assign(parts.principal.data(), parts.principal.size());
    cached_issuer_.assign(issuer.data(), issuer.size());
    cached_session_name_.assign(parts.session_name.data(),
                                parts.session_name.size());
    principal_cached_ = true;
  }
  if (absl::Status s = CheckAction(parts.action); !s.ok()) return s;
  request_.action.assign(parts.action.data(), parts.action.size());
  request_.action_folded = request_.action;
  AsciiLowerInPlace(&request_.action_folded);
  std::optional<ArnView> arn;
  if (absl::Status s = CheckResource(parts.resource, &arn); !s.ok()) return s;
  request_.resource.assign(parts.resource.data(), parts.resource.size());
  if (absl::Status s = ResolveResourceAccount(
          parts.resource_account, arn, request_.principal,
          &request_.resource_account, &request_.resource_account_inferred);
      !s.ok()) {
    return s;
  }
  SetRequestFacts(arn, &request_);
  // aws:PrincipalArn given with the request says what the role's ARN is
  // (the principal may be cached from an earlier request: set, not clear).
  if (issuer_open && request_.principal.kind == PrincipalKind::kRoleSession) {
    request_.principal.role_path_unknown = principal_arn == nullptr;
  }
  DeriveContext(request_.principal, request_.resource_account,
                &request_.context);
  request_.context.PruneStale();
  return absl::OkStatus();
}

}  // namespace iameval
