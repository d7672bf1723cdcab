// File: iameval/request.h
// -----------------------------------------------------------------------------
// Request: who (Principal), does what (action), to what (resource ARN and its
// owning account), in which context (condition keys with typed, possibly
// multi-valued values). Keys are case-insensitive (stored folded); values
// are parsed once, when set, into every type they can be read as, so that
// condition evaluation never parses on the hot path. BuildRequest makes one
// request; RequestBuilder makes many in a row in the same storage (batch).
//
// Thread safety: thread-compatible; a built Request may be read by many
// threads; a RequestBuilder belongs to one thread. Lifetime: a Request owns
// all its data; a builder's request() lives until its next Start().
#ifndef IAMEVAL_REQUEST_H_
#define IAMEVAL_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "iameval/typed_value.h"

namespace iameval {

enum class PrincipalKind {
  kUser,           // arn:aws:iam::ACCT:user/path/name
  kRoleSession,    // arn:aws:sts::ACCT:assumed-role/ROLE/SESSION
  kFederatedUser,  // arn:aws:sts::ACCT:federated-user/NAME (GetFederationToken)
  kRoot,           // arn:aws:iam::ACCT:root
  kService,        // lambda.amazonaws.com
  kAnonymous,      // unsigned request
  kWebIdentity,    // AssumeRoleWith{SAML,WebIdentity} caller: a provider, no
                   // AWS identity
};

const char* PrincipalKindName(PrincipalKind kind);

struct Principal {
  PrincipalKind kind = PrincipalKind::kAnonymous;
  // ARN as given (user, session, federated-user, root); the service name for
  // kService; the provider (ARN or name) for kWebIdentity; "" for anonymous.
  std::string arn;
  std::string partition;  // "aws" ...
  std::string account;    // "" for service, anonymous and web identity
  std::string name;       // user name, session name or federated-user name
  // Role sessions: the role's name, folded, and its ARN (with path when
  // known). Federated users: `issuer_arn` is the IAM user (or root) that
  // called GetFederationToken, when known.
  std::string role_name_folded;
  std::string issuer_arn;
  bool service_linked_role = false;  // role path /aws-service-role/
  // A role ARN given as the caller without a session name (R19): a session
  // of that role whose name is unknown. `arn` is then the role ARN, `name`
  // is empty, and a Principal or aws:userid condition that names one
  // specific session is Indeterminate for it.
  bool session_unknown = false;
  // A role session whose issuer_arn was derived without the role's path (no
  // session issuer given): explanations warn when a policy tests the path.
  bool role_path_unknown = false;

  // Parses an ARN or a service principal name. `issuer_arn` may be empty.
  // A role ARN (arn:P:iam::ACCT:role/PATH/NAME) is a session of that role
  // (R19): named `session_name` when given, else of unknown name.
  static absl::StatusOr<Principal> FromString(
      absl::string_view text, absl::string_view issuer_arn = "",
      absl::string_view session_name = "");
  static Principal Anonymous();
  static Principal WebIdentity(absl::string_view provider);
};

// One value of a context key, read as every type it parses as.
struct ContextValue {
  std::string text;
  std::optional<Decimal> number;
  std::optional<Timestamp> date;
  std::optional<IpRange> ip;
  std::optional<bool> boolean;

  static ContextValue From(std::string text);
  // The same, reusing this value's storage (RequestBuilder).
  void Assign(absl::string_view text);

 private:
  void Retype();  // parses `text` into every type it can be read as
};

struct ContextEntry {
  std::string key;  // as the caller spelled it (for messages)
  std::vector<ContextValue> values;
  bool is_list = false;  // given as a list: a multi-valued key
  // The key has a value nobody knows (aws:userid of a session whose name is
  // unknown, R19): every condition on it is Indeterminate.
  bool unknown = false;
};

class RequestContext {
 public:
  // Single-valued key. Replaces any earlier value.
  void Set(absl::string_view key, std::string value);
  // Multi-valued key (an empty list is present but empty).
  void SetList(absl::string_view key, std::vector<std::string> values);
  // Sets only when the key is absent (derived keys never override).
  void SetIfAbsent(absl::string_view key, absl::string_view value);
  // The same with the key already lower case (derived keys are literals;
  // folding them once per request showed in batch profiles).
  void SetIfAbsent(absl::string_view key, absl::string_view folded_key,
                   absl::string_view value);
  // Sets `entry`'s key to `entry`'s values, as Set (its first value) or
  // SetList (all of them) with their texts would, without parsing the texts
  // again: `entry` comes from another context, where they were parsed.
  void SetEntry(const ContextEntry& entry);
  // SetEntry for each of `from`'s entries that has a value or is a list
  // (keys only marked unknown are left out), later-wins over this context's.
  // `from`'s keys are already folded: nothing is folded or sorted again
  // (account queries merge contexts for every principal, issue 13).
  void MergeFrom(const RequestContext& from);
  // Marks the key as present with an unknown value, when absent.
  void SetUnknownIfAbsent(absl::string_view key, absl::string_view folded_key);
  void Erase(absl::string_view key);

  // `folded_key` must already be lower case.
  const ContextEntry* FindFolded(absl::string_view folded_key) const {
    auto it = entries_.find(folded_key);
    return it == entries_.end() ? nullptr : &it->second.entry;
  }
  const ContextEntry* Find(absl::string_view key) const;
  size_t size() const { return entries_.size(); }
  // Entries sorted by folded key (deterministic output).
  std::vector<const ContextEntry*> SortedEntries() const;

 private:
  friend class RequestBuilder;
  // `key` lower-cased into a buffer reused between calls.
  absl::string_view Fold(absl::string_view key);
  // The entry of `folded_key`, created if absent, stamped with this
  // generation and `key`'s spelling. Without `overwrite`, nullptr (and
  // nothing changed) when the key was already set in this generation.
  ContextEntry* Claim(absl::string_view key, absl::string_view folded_key,
                      bool overwrite);
  // SetEntry's work once the key is folded.
  void SetEntryFolded(const ContextEntry& entry, absl::string_view folded_key);
  // Overwrites the values in place, keeping their storage.
  static void AssignValues(ContextEntry* e,
                           absl::Span<const absl::string_view> values,
                           bool is_list);
  // A new request: entries set from here on belong to it.
  void StartGeneration() { ++generation_; }
  // Drops the entries not set since the last StartGeneration().
  void PruneStale();

  // An entry and the request it was last set for (RequestBuilder: entries
  // of earlier requests are pruned before the context is read).
  struct Slot {
    ContextEntry entry;
    uint64_t generation = 0;
  };
  // This request's entry of `folded_key`, or nullptr (stale entries of
  // earlier requests do not count).
  const ContextEntry* FindCurrent(absl::string_view folded_key) const {
    auto it = entries_.find(folded_key);
    return it == entries_.end() || it->second.generation != generation_
               ? nullptr
               : &it->second.entry;
  }

  absl::flat_hash_map<std::string, Slot> entries_;
  std::string fold_buffer_;  // Fold()'s result, reused
  uint64_t generation_ = 0;
};

struct Request {
  Principal principal;
  std::string action;         // as given, e.g. "s3:GetObject"
  std::string action_folded;  // lower case, compared against compiled patterns
  std::string resource;       // ARN or "*"
  std::string resource_account;
  // The resource ARN names no account (S3) and none was given, so
  // resource_account is the caller's: a guess explanations warn about.
  bool resource_account_inferred = false;
  // Facts the decision reads, found once when the request is built
  // (BuildRequest, RequestBuilder) rather than on every Evaluate. A caller
  // that changes `action_folded` or `resource` afterwards builds again.
  bool resource_is_kms_key = false;  // arn:P:kms:R:A:key/... (R13, R14)
  // sts:AssumeRole*, sts:TagSession or sts:SetSourceIdentity on a role ARN:
  // the role's trust policy is the resource policy (R5).
  bool trust_request = false;
  RequestContext context;

  absl::string_view service_folded() const {
    absl::string_view a = action_folded;
    size_t colon = a.find(':');
    return colon == absl::string_view::npos ? a : a.substr(0, colon);
  }
};

struct RequestSpec {
  std::string principal;  // ARN or service name; "" with anonymous = true
  bool anonymous = false;
  std::string web_identity_provider;  // set for SAML/OIDC callers
  std::string session_issuer;         // see Principal::issuer_arn
  std::string session_name;           // with a role ARN as principal (R19)
  std::string action;
  std::string resource;
  std::string resource_account;  // "" = ARN's account, else principal's
  RequestContext context;
  // Derive aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
  // aws:username, aws:userid and aws:ResourceAccount when absent.
  bool derive_context = true;
};

// Validates the spec and builds a Request (folding, typing, deriving keys).
absl::StatusOr<Request> BuildRequest(RequestSpec spec);

// The text parts of a request, as views (RequestBuilder's input).
struct RequestParts {
  absl::string_view principal;  // ARN or service name
  absl::string_view session_issuer;
  absl::string_view action;
  absl::string_view resource;
  absl::string_view resource_account;
  absl::string_view session_name;  // with a role ARN as principal (R19)
};

// Builds requests one after another into the same Request, reusing its
// storage: the decoder of `iameval batch` builds millions of them with no
// allocation once the first few lines have sized the buffers. The result
// equals BuildRequest's for the same input (same validation, messages and
// derived keys). A repeated principal is parsed once.
//
// Thread safety: thread-compatible (one builder per thread). Lifetime:
// request() is valid until the next Start().
class RequestBuilder {
 public:
  // Starts a request: context keys set from here on belong to it.
  void Start();
  // Adds a context key of the request being built. Returns false, changing
  // nothing, when the key (case-insensitively) was already added since
  // Start(): callers decide what a repeated key means.
  bool AddContext(absl::string_view key, absl::string_view value);
  bool AddContextList(absl::string_view key,
                      absl::Span<const absl::string_view> values);
  // Validates, derives the context keys and prunes those of earlier
  // requests. On error request() is unspecified.
  absl::Status Finish(const RequestParts& parts);
  const Request& request() const { return request_; }

 private:
  Request request_;
  bool principal_cached_ = false;
  std::string cached_principal_, cached_issuer_, cached_session_name_;
};

}  // namespace iameval

#endif  // IAMEVAL_REQUEST_H_
