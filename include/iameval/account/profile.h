// File: iameval/account/profile.h
// -----------------------------------------------------------------------------
// SessionProfile: the request context every account question is asked under.
// A snapshot says who holds which policies, not how they sign in, so a
// question like "can alice attach a policy to herself?" depends on facts the
// snapshot lacks (MFA, time, the SAML audience). Rather than each query
// guessing, one profile states them:
//
//   HumanSessionProfile(now)  an authenticated human session: MFA present
//                             (aws:MultiFactorAuthPresent=true,
//                             aws:MultiFactorAuthAge=300), aws:CurrentTime
//                             and aws:EpochTime = now; for SAML federation
//                             SAML:aud = https://signin.aws.amazon.com/saml
//                             (the audience of every AWS console sign-in,
//                             Identity Center included).
//   StrictSessionProfile()    assumes nothing; a decision that waits for a
//                             key is reported as "needs KEY".
//
// Keys given by the user (--context) override the assumed ones. Every report
// states the profile (SessionProfileToText / SessionProfileToJson), so a
// reader knows which of its answers rest on an assumption.
//
// Thread safety: a value type. A default-constructed profile is strict.
#ifndef IAMEVAL_ACCOUNT_PROFILE_H_
#define IAMEVAL_ACCOUNT_PROFILE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "iameval/request.h"

namespace iameval {

inline constexpr char kAwsSignInSamlAudience[] =
    "https://signin.aws.amazon.com/saml";

struct SessionProfile {
  std::string name = "strict";
  // Assumed for requests made by IAM principals (users, role sessions).
  std::vector<std::pair<std::string, std::string>> principal_keys;
  // Assumed for sts:AssumeRoleWithSAML requests.
  std::vector<std::pair<std::string, std::string>> saml_keys;
  // Given by the user: every request, overriding the assumed keys.
  RequestContext given;
};

// `now_unix_seconds`: the current time (seconds since the epoch, UTC).
SessionProfile HumanSessionProfile(int64_t now_unix_seconds);
SessionProfile StrictSessionProfile();

// The context of a request by an IAM principal: the assumed principal keys,
// then the given ones (which win).
RequestContext ProfilePrincipalContext(const SessionProfile& profile);
// The same for AssumeRoleWithSAML, and for AssumeRoleWithWebIdentity (OIDC:
// nothing is assumed; the token's claims are never guessed).
RequestContext ProfileSamlContext(const SessionProfile& profile);
RequestContext ProfileWebIdentityContext(const SessionProfile& profile);

// "profile: human (assumed: aws:MultiFactorAuthPresent=true, ...; SAML
// federation: SAML:aud=...; given: k=v)" on one line.
std::string SessionProfileToText(const SessionProfile& profile);
// {"name": ..., "assumed": {...}, "samlAssumed": {...}, "given": {...}};
// assumed keys that a given key overrides are left out of "assumed".
std::string SessionProfileToJson(const SessionProfile& profile);

}  // namespace iameval

#endif  // IAMEVAL_ACCOUNT_PROFILE_H_
