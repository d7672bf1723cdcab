// SessionProfile: the context every account question is asked under.
#include "iameval/account/profile.h"

#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "iameval/explain.h"
#include "json/json_writer.h"

namespace iameval {
namespace {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

RequestContext Compose(const KeyValues& assumed, const RequestContext& given) {
  RequestContext out;
  for (const auto& [k, v] : assumed) out.Set(k, v);
  for (const ContextEntry* e : given.SortedEntries()) {
    std::vector<std::string> values;
    for (const ContextValue& v : e->values) values.push_back(v.text);
    if (e->is_list) {
      out.SetList(e->key, std::move(values));
    } else if (!values.empty()) {
      out.Set(e->key, std::move(values[0]));
    }
  }
  return out;
}

std::string GivenValue(const ContextEntry& e) {
  std::vector<std::string> values;
  for (const ContextValue& v : e.values) values.push_back(v.text);
  return absl::StrJoin(values, ",");
}

// Assumed keys the user did not override: the ones the answer rests on.
KeyValues Effective(const KeyValues& assumed, const RequestContext& given) {
  KeyValues out;
  for (const auto& kv : assumed) {
    if (given.Find(kv.first) == nullptr) out.push_back(kv);
  }
  return out;
}

std::string PairsText(const KeyValues& kvs) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : kvs) parts.push_back(absl::StrCat(k, "=", v));
  return absl::StrJoin(parts, ", ");
}

void WritePairs(const KeyValues& kvs, json::JsonWriter* w) {
  w->BeginObject();
  for (const auto& [k, v] : kvs) w->Member(k, v);
  w->EndObject();
}

KeyValues GivenPairs(const RequestContext& given) {
  KeyValues out;
  for (const ContextEntry* e : given.SortedEntries()) {
    out.push_back({e->key, GivenValue(*e)});
  }
  return out;
}

}  // namespace

SessionProfile HumanSessionProfile(int64_t now_unix_seconds) {
  std::time_t t = static_cast<std::time_t>(now_unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char iso[32];
  std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
  SessionProfile p;
  p.name = "human";
  p.principal_keys = {
      {"aws:MultiFactorAuthPresent", "true"},
      // Five minutes: recent enough for the usual "MFA within the last
      // hour" guards, as a console sign-in would be.
      {"aws:MultiFactorAuthAge", "300"},
      {"aws:CurrentTime", iso},
      {"aws:EpochTime", absl::StrCat(now_unix_seconds)},
  };
  p.saml_keys = {{"SAML:aud", kAwsSignInSamlAudience}};
  return p;
}

SessionProfile StrictSessionProfile() { return SessionProfile(); }

RequestContext ProfilePrincipalContext(const SessionProfile& profile) {
  return Compose(profile.principal_keys, profile.given);
}

RequestContext ProfileSamlContext(const SessionProfile& profile) {
  return Compose(profile.saml_keys, profile.given);
}

RequestContext ProfileWebIdentityContext(const SessionProfile& profile) {
  return Compose({}, profile.given);
}

std::string SessionProfileToText(const SessionProfile& profile) {
  std::vector<std::string> parts;
  KeyValues assumed = Effective(profile.principal_keys, profile.given);
  KeyValues saml = Effective(profile.saml_keys, profile.given);
  if (assumed.empty() && saml.empty()) {
    parts.push_back("nothing assumed");
  }
  if (!assumed.empty()) {
    parts.push_back(absl::StrCat("assumed: ", PairsText(assumed)));
  }
  if (!saml.empty()) {
    parts.push_back(absl::StrCat("SAML federation: ", PairsText(saml)));
  }
  if (profile.given.size() > 0) {
    parts.push_back(
        absl::StrCat("given: ", PairsText(GivenPairs(profile.given))));
  }
  return absl::StrCat("profile: ", profile.name, " (",
                      absl::StrJoin(parts, "; "), ")");
}

std::string SessionProfileToJson(const SessionProfile& profile) {
  std::string out;
  json::JsonWriter w(&out);
  w.BeginObject().Member("name", profile.name);
  WritePairs(Effective(profile.principal_keys, profile.given),
             &w.Key("assumed"));
  WritePairs(Effective(profile.saml_keys, profile.given),
             &w.Key("samlAssumed"));
  WritePairs(GivenPairs(profile.given), &w.Key("given"));
  w.EndObject();
  return out;
}

}  // namespace iameval
