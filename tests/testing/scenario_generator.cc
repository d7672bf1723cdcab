// Random scenarios over a small vocabulary (see the header for why small).
#include "testing/scenario_generator.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "iameval/compiled_policy.h"
#include "iameval/parser.h"

namespace iameval::testing {
namespace {

constexpr char kA[] = "111111111111";
constexpr char kB[] = "222222222222";
constexpr char kManagement[] = "999999999999";

std::string Quote(const std::string& s) { return absl::StrCat("\"", s, "\""); }

bool IsRoleArn(const std::string& resource) {
  return resource.rfind("arn:aws:iam::", 0) == 0 &&
         resource.find(":role/") != std::string::npos;
}

// Identifiers a resource policy may name: accounts, users (with and without
// a path, one miscased), roles (with a path, miscased: R8), a session, a
// federated user and a unique id (never matches a request).
const std::vector<std::string>& AwsPrincipalPool() {
  static const auto* const kPool = new std::vector<std::string>{
      kA,
      absl::StrCat("arn:aws:iam::", kA, ":root"),
      kB,
      absl::StrCat("arn:aws:iam::", kB, ":root"),
      absl::StrCat("arn:aws:iam::", kA, ":user/alice"),
      absl::StrCat("arn:aws:iam::", kA, ":user/Alice"),
      absl::StrCat("arn:aws:iam::", kA, ":user/ops/carol"),
      absl::StrCat("arn:aws:iam::", kB, ":user/bob"),
      absl::StrCat("arn:aws:iam::", kA, ":role/dev"),
      absl::StrCat("arn:aws:iam::", kA, ":role/team/DEV"),
      absl::StrCat("arn:aws:iam::", kB, ":role/xrole"),
      absl::StrCat("arn:aws:sts::", kA, ":assumed-role/dev/s1"),
      absl::StrCat("arn:aws:sts::", kB, ":assumed-role/xrole/s1"),
      absl::StrCat("arn:aws:sts::", kA, ":federated-user/fed"),
      "AIDAEXAMPLEEXAMPLE01",
  };
  return *kPool;
}

const std::vector<std::string>& ServicePool() {
  static const auto* const kPool =
      new std::vector<std::string>{"lambda.amazonaws.com", "s3.amazonaws.com"};
  return *kPool;
}

const std::vector<std::string>& ProviderPool() {
  static const auto* const kPool = new std::vector<std::string>{
      "accounts.google.com",
      absl::StrCat("arn:aws:iam::", kA, ":oidc-provider/example.com")};
  return *kPool;
}

const std::vector<std::string>& ActionPatterns() {
  static const auto* const kPool = new std::vector<std::string>{
      "s3:GetObject", "s3:Get*",
      "s3:*",         "*",
      "s3:PutObject", "S3:getobject",
      "s3:?utObject", "sqs:SendMessage",
      "sqs:*",        "kms:*",
      "kms:Decrypt",  "sts:AssumeRole",
      "sts:*",        "sts:AssumeRoleWith*",
  };
  return *kPool;
}

const std::vector<std::string>& TrustActionPatterns() {
  static const auto* const kPool =
      new std::vector<std::string>{"sts:AssumeRole",
                                   "sts:AssumeRole*",
                                   "sts:*",
                                   "*",
                                   "sts:AssumeRoleWithWebIdentity",
                                   "sts:TagSession",
                                   "s3:GetObject"};
  return *kPool;
}

const std::vector<std::string>& ResourcePatterns() {
  static const auto* const kPool = new std::vector<std::string>{
      "*",
      "arn:aws:s3:::bucket-a/*",
      "arn:aws:s3:::bucket-*",
      "arn:aws:s3:::*/dir/*",
      "arn:aws:s3:::bucket-a/key1",
      "arn:aws:s3:::BUCKET-A/*",
      "arn:aws:s3:::bucket-a/${aws:username}",
      "arn:aws:s3:::bucket-a/${aws:PrincipalTag/team, 'key1'}",
      "arn:aws:s3:::bucket-a/key${?}",
      "arn:aws:sqs:*",
      "arn:aws:sqs:us-east-1:*:queue?",
      absl::StrCat("arn:aws:sqs:*:", kA, ":*"),
      "arn:aws:sqs:us-*:queue1",
      absl::StrCat("arn:aws:sqs:us-east-1:", kB, ":queue2"),
      absl::StrCat("arn:aws:kms:*:", kA, ":key/*"),
      "arn:aws:kms:us-east-1:*:key/k?",
      absl::StrCat("arn:aws:iam::", kA, ":role/*"),
      "arn:aws:iam::*:role/dev",
      // R18: `?` is one character of the UTF-8 text (é 2 bytes, 日 3, 😀 4).
      "arn:aws:s3:::bucket-a/caf?.txt",
      "arn:aws:s3:::bucket-a/caf??.txt",
      "arn:aws:s3:::bucket-a/?",
      "arn:aws:s3:::bucket-a/??",
      "arn:aws:s3:::bucket-a/\xE6\x97\xA5?",
      "arn:aws:s3:::bucket-a/*?.txt",
  };
  return *kPool;
}

}  // namespace

// ---------------------------------------------------------------------------
// GeneratedPolicy / GeneratedScenario

std::string GeneratedPolicy::ToJson() const {
  std::string out = "{";
  if (!version.empty()) absl::StrAppend(&out, "\"Version\":\"", version, "\",");
  absl::StrAppend(&out, "\"Statement\":[", absl::StrJoin(statements, ","),
                  "]}");
  return out;
}

PrincipalKind GeneratedScenario::principal_kind() const {
  if (anonymous) return PrincipalKind::kAnonymous;
  if (!web_identity_provider.empty()) return PrincipalKind::kWebIdentity;
  if (principal.rfind("arn:", 0) != 0) return PrincipalKind::kService;
  if (principal.find(":root") != std::string::npos) return PrincipalKind::kRoot;
  if (principal.find(":user/") != std::string::npos)
    return PrincipalKind::kUser;
  if (principal.find(":federated-user/") != std::string::npos) {
    return PrincipalKind::kFederatedUser;
  }
  return PrincipalKind::kRoleSession;
}

PolicyKind GeneratedScenario::resource_policy_kind() const {
  const bool trust_action =
      action == "sts:AssumeRole" || action == "sts:AssumeRoleWithWebIdentity" ||
      action == "sts:AssumeRoleWithSAML" || action == "sts:TagSession" ||
      action == "sts:SetSourceIdentity";
  return trust_action && IsRoleArn(resource_arn) ? PolicyKind::kTrust
                                                 : PolicyKind::kResource;
}

RequestSpec GeneratedScenario::ToRequestSpec() const {
  RequestSpec spec;
  spec.principal = principal;
  spec.anonymous = anonymous;
  spec.web_identity_provider = web_identity_provider;
  spec.session_issuer = session_issuer;
  spec.action = action;
  spec.resource = resource_arn;
  spec.resource_account = resource_account;
  for (const GeneratedContextKey& k : context) {
    if (k.is_list) {
      spec.context.SetList(k.key, k.values);
    } else {
      spec.context.Set(k.key, k.values.at(0));
    }
  }
  return spec;
}

std::string GeneratedScenario::ToScenarioJson() const {
  auto list = [](const std::vector<GeneratedPolicy>& policies) {
    std::vector<std::string> parts;
    for (const GeneratedPolicy& p : policies) parts.push_back(p.ToJson());
    return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
  };
  auto levels = [&](const std::vector<std::vector<GeneratedPolicy>>& ls) {
    std::vector<std::string> parts;
    for (const auto& l : ls) parts.push_back(list(l));
    return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
  };
  std::string request = "{\"principal\":";
  if (anonymous) {
    absl::StrAppend(&request, "{\"type\":\"Anonymous\"}");
  } else if (!web_identity_provider.empty()) {
    absl::StrAppend(&request, "{\"type\":\"Federated\",\"provider\":",
                    Quote(web_identity_provider), "}");
  } else {
    absl::StrAppend(&request, Quote(principal));
  }
  absl::StrAppend(&request, ",\"action\":", Quote(action),
                  ",\"resource\":", Quote(resource_arn));
  if (!resource_account.empty()) {
    absl::StrAppend(&request, ",\"resourceAccount\":", Quote(resource_account));
  }
  if (!session_issuer.empty()) {
    absl::StrAppend(&request, ",\"sessionIssuer\":", Quote(session_issuer));
  }
  if (!context.empty()) {
    std::vector<std::string> parts;
    for (const GeneratedContextKey& k : context) {
      std::vector<std::string> quoted;
      for (const std::string& v : k.values) quoted.push_back(Quote(v));
      parts.push_back(absl::StrCat(
          Quote(k.key), ":",
          k.is_list ? absl::StrCat("[", absl::StrJoin(quoted, ","), "]")
                    : quoted.at(0)));
    }
    absl::StrAppend(&request, ",\"context\":{", absl::StrJoin(parts, ","), "}");
  }
  absl::StrAppend(&request, "}");
  std::string out =
      absl::StrCat("{\"id\":\"gen-", id, "\",\"request\":", request);
  if (!identity.empty()) {
    absl::StrAppend(&out, ",\"identityPolicies\":", list(identity));
  }
  if (!boundary.empty()) {
    absl::StrAppend(&out, ",\"permissionBoundaries\":", list(boundary));
  }
  if (!session.empty()) {
    absl::StrAppend(&out, ",\"sessionPolicy\":", session[0].ToJson());
  }
  if (!scp_levels.empty())
    absl::StrAppend(&out, ",\"scps\":", levels(scp_levels));
  if (!rcp_levels.empty())
    absl::StrAppend(&out, ",\"rcps\":", levels(rcp_levels));
  if (!resource.empty()) {
    absl::StrAppend(&out, ",\"resourcePolicy\":", resource[0].ToJson());
  }
  if (!vpc_endpoint.empty()) {
    absl::StrAppend(&out, ",\"vpcEndpointPolicies\":", list(vpc_endpoint));
  }
  if (!management_account.empty() || aws_managed_key) {
    std::vector<std::string> facts;
    if (!management_account.empty()) {
      facts.push_back(
          absl::StrCat("\"managementAccount\":", Quote(management_account)));
    }
    if (aws_managed_key) facts.push_back("\"awsManagedKey\":true");
    absl::StrAppend(&out, ",\"facts\":{", absl::StrJoin(facts, ","), "}");
  }
  absl::StrAppend(&out, "}");
  return out;
}

absl::Status BuildScenario(const GeneratedScenario& s, bool with_reference,
                           BuiltScenario* out, PolicyCache* cache) {
  absl::Status status;
  auto build = [&](const GeneratedPolicy& gp, std::vector<PolicyRef>* engine,
                   std::vector<Policy>* reference) {
    if (!status.ok()) return;
    std::string json = gp.ToJson();
    if (cache != nullptr && !with_reference) {
      // The kind is part of the grammar, so it is part of the key.
      json.push_back(static_cast<char>('0' + static_cast<int>(gp.kind)));
      if (auto it = cache->find(json); it != cache->end()) {
        engine->push_back(it->second);
        return;
      }
      json.pop_back();
    }
    ParseOptions options;
    options.check_size_quotas = false;
    ParseResult parsed = ParsePolicy(json, gp.kind, options);
    if (!parsed.ok()) {
      status = absl::InvalidArgumentError(absl::StrCat(
          "generated ", PolicyKindName(gp.kind),
          " policy does not parse: ", JoinErrors(parsed.issues), "\n", json));
      return;
    }
    absl::StatusOr<PolicyRef> compiled = CompilePolicy(parsed.policy);
    if (!compiled.ok()) {
      status = compiled.status();
      return;
    }
    if (cache != nullptr && !with_reference) {
      json.push_back(static_cast<char>('0' + static_cast<int>(gp.kind)));
      (*cache)[json] = *compiled;
    }
    engine->push_back(*std::move(compiled));
    if (with_reference) reference->push_back(std::move(parsed.policy));
  };
  auto build_all = [&](const std::vector<GeneratedPolicy>& policies,
                       std::vector<PolicyRef>* engine,
                       std::vector<Policy>* reference) {
    for (const GeneratedPolicy& gp : policies) build(gp, engine, reference);
  };
  auto build_levels =
      [&](const std::vector<std::vector<GeneratedPolicy>>& levels,
          std::vector<std::vector<PolicyRef>>* engine,
          std::vector<std::vector<Policy>>* reference) {
        for (const auto& level : levels) {
          engine->emplace_back();
          reference->emplace_back();
          build_all(level, &engine->back(), &reference->back());
        }
      };
  *out = BuiltScenario();
  PolicyBundle& b = out->bundle;
  ReferenceBundle& r = out->reference;
  build_all(s.identity, &b.identity, &r.identity);
  build_all(s.boundary, &b.boundary, &r.boundary);
  build_all(s.session, &b.session, &r.session);
  build_levels(s.scp_levels, &b.scp_levels, &r.scp_levels);
  build_levels(s.rcp_levels, &b.rcp_levels, &r.rcp_levels);
  build_all(s.resource, &b.resource, &r.resource);
  build_all(s.vpc_endpoint, &b.vpc_endpoint, &r.vpc_endpoint);
  if (!status.ok()) return status;
  b.management_account = r.management_account = s.management_account;
  b.aws_managed_key = r.aws_managed_key = s.aws_managed_key;
  absl::StatusOr<Request> request = BuildRequest(s.ToRequestSpec());
  if (!request.ok()) return request.status();
  out->request = *std::move(request);
  return b.Validate(out->request.principal);
}

// ---------------------------------------------------------------------------
// ScenarioGenerator

std::string ScenarioGenerator::StringList(
    const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const std::string& i : items) quoted.push_back(Quote(i));
  // A lone value may be written without brackets (GRAMMAR).
  if (quoted.size() == 1 && Chance(0.5)) return quoted[0];
  return absl::StrCat("[", absl::StrJoin(quoted, ","), "]");
}

std::vector<std::string> ScenarioGenerator::Some(
    const std::vector<std::string>& pool, size_t max) {
  size_t n = 1 + Uniform(max);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    const std::string& item = Pick(pool);
    if (std::find(out.begin(), out.end(), item) == out.end()) {
      out.push_back(item);
    }
  }
  return out;
}

std::string ScenarioGenerator::PrincipalElement(PolicyKind kind,
                                                const GeneratedScenario& s) {
  if (kind == PolicyKind::kRcp) {
    return Chance(0.8) ? "\"*\"" : "{\"AWS\":\"*\"}";
  }
  // Bias towards naming the caller so that grants happen often.
  std::vector<std::string> aws = Some(AwsPrincipalPool(), 3);
  if (!s.anonymous && s.web_identity_provider.empty() &&
      s.principal.rfind("arn:", 0) == 0 && Chance(0.4)) {
    aws.push_back(s.principal);
    if (!s.session_issuer.empty() && Chance(0.5))
      aws.push_back(s.session_issuer);
  }
  const size_t roll = Uniform(100);
  if (roll < 12) return "\"*\"";
  if (roll < 22) return "{\"AWS\":\"*\"}";
  if (roll < 72) return absl::StrCat("{\"AWS\":", StringList(aws), "}");
  if (roll < 82) {
    return absl::StrCat("{\"Service\":", StringList(Some(ServicePool(), 2)),
                        "}");
  }
  if (roll < 92) {
    if (kind == PolicyKind::kTrust) {
      return absl::StrCat(
          "{\"Federated\":", StringList(Some(ProviderPool(), 2)), "}");
    }
    return "{\"CanonicalUser\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eac"
           "f8f8d5218e7cd47ef2be\"}";
  }
  return absl::StrCat("{\"AWS\":", StringList(aws),
                      ",\"Service\":", Quote(Pick(ServicePool())), "}");
}

std::string ScenarioGenerator::NotPrincipalElement(const GeneratedScenario& s) {
  if (Chance(0.15)) {
    return absl::StrCat("{\"Service\":", Quote(Pick(ServicePool())), "}");
  }
  // The caller's chain (R15), sometimes with one link missing.
  std::vector<std::string> chain;
  if (!s.anonymous && s.web_identity_provider.empty() &&
      s.principal.rfind("arn:", 0) == 0) {
    const std::string account = s.principal.substr(13, 12);
    chain.push_back(s.principal);
    chain.push_back(Chance(0.5)
                        ? account
                        : absl::StrCat("arn:aws:iam::", account, ":root"));
    if (s.principal.find(":role/") != std::string::npos) {
      // A role ARN as the caller (R19): a NotPrincipal listing one session
      // of it cannot be shown to cover the unknown session.
      const std::string name = s.principal.substr(s.principal.rfind('/') + 1);
      chain.push_back(absl::StrCat("arn:aws:sts::", account, ":assumed-role/",
                                   name, "/s1"));
    } else if (s.principal_kind() == PrincipalKind::kRoleSession) {
      size_t start = s.principal.find("assumed-role/") + 13;
      std::string role =
          s.principal.substr(start, s.principal.find('/', start) - start);
      chain.push_back(
          s.session_issuer.empty()
              ? absl::StrCat("arn:aws:iam::", account, ":role/", role)
              : s.session_issuer);
    }
    if (Chance(0.3)) chain.erase(chain.begin() + Uniform(chain.size()));
  }
  if (chain.empty() || Chance(0.3)) {
    for (const std::string& p : Some(AwsPrincipalPool(), 2)) chain.push_back(p);
  }
  return absl::StrCat("{\"AWS\":", StringList(chain), "}");
}

std::string ScenarioGenerator::Condition() {
  struct Choice {
    std::string op;
    std::string key;
    std::vector<std::string> values;
  };
  std::vector<Choice> chosen;
  const size_t n = Chance(0.75) ? 1 : 2;
  for (size_t i = 0; i < n; ++i) {
    Choice c;
    switch (Uniform(12)) {
      case 0:
        c.op = Pick<std::string>(
            {"StringEquals", "StringNotEquals", "StringLike", "StringNotLike",
             "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
             "StringEqualsIfExists", "StringNotLikeIfExists"});
        c.key = Chance(0.8) ? "aws:PrincipalTag/team" : "AWS:principaltag/Team";
        c.values = Some({"red", "blue", "r*", "RED", "${aws:username}",
                         "${aws:username, 'red'}", "${*}", "?", "??", "r?d",
                         "\xE6\x97\xA5?", "caf?"},
                        2);
        break;
      case 1:
        c.op = Pick<std::string>(
            {"ForAnyValue:StringEquals", "ForAllValues:StringEquals",
             "ForAllValues:StringLike", "ForAnyValue:StringLike",
             "ForAllValues:StringNotEquals", "ForAnyValue:StringNotLike",
             "ForAllValues:StringLikeIfExists",
             "ForAnyValue:StringEqualsIfExists"});
        c.key = Chance(0.8) ? "aws:TagKeys" : "aws:PrincipalTag/team";
        c.values = Some({"env", "owner", "cost*", "red"}, 2);
        break;
      case 2:
        c.op = Pick<std::string>({"IpAddress", "NotIpAddress",
                                  "IpAddressIfExists", "NotIpAddressIfExists"});
        c.key = "aws:SourceIp";
        c.values = Some({"10.0.0.0/8", "203.0.113.0/24", "203.0.113.5",
                         "2001:db8::/32", "2001:db8::1"},
                        2);
        break;
      case 3:
        c.op = Pick<std::string>({"Bool", "BoolIfExists", "ForAnyValue:Bool"});
        c.key = "aws:MultiFactorAuthPresent";
        c.values = {Pick<std::string>({"true", "false", "TRUE"})};
        break;
      case 4:
        c.op = Pick<std::string>(
            {"NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
             "NumericGreaterThanEquals", "NumericEquals", "NumericNotEquals",
             "NumericLessThanIfExists"});
        c.key = "aws:MultiFactorAuthAge";
        c.values = Some({"3600", "10", "0.5"}, 2);
        break;
      case 5:
        c.op = "Null";
        c.key = Pick<std::string>({"aws:SourceIp", "aws:PrincipalTag/team",
                                   "aws:TagKeys", "aws:MultiFactorAuthAge"});
        c.values = {Chance(0.5) ? "true" : "false"};
        break;
      case 6:
        c.op = Pick<std::string>({"ArnLike", "ArnNotLike", "ArnEquals",
                                  "ArnNotEquals", "ArnLikeIfExists"});
        if (Chance(0.3)) {
          // S3 object ARNs may hold any UTF-8 (R18).
          c.key = "aws:SourceArn";
          c.values = Some(
              {"arn:aws:s3:::bucket-a/caf?.txt",
               "arn:aws:s3:::bucket-a/caf??.txt", "arn:aws:s3:::bucket-?/?",
               "arn:aws:s3:::*/??", "arn:aws:s3:::bucket-a/caf\xC3\xA9.txt"},
              2);
          break;
        }
        c.key = "aws:PrincipalArn";
        c.values =
            Some({absl::StrCat("arn:aws:iam::", kA, ":role/*"),
                  "arn:aws:iam::*:user/alice",
                  absl::StrCat("arn:aws:iam::", kA, ":*"),
                  absl::StrCat("arn:aws:iam::", kA, ":user/${aws:username}"),
                  absl::StrCat("arn:aws:iam::", kA, ":root"), "*"},
                 2);
        break;
      case 7:
        c.op = Pick<std::string>({"DateLessThan", "DateGreaterThan",
                                  "DateNotEquals",
                                  "DateGreaterThanEqualsIfExists"});
        c.key = "aws:CurrentTime";
        c.values = Some({"2025-01-01T00:00:00Z", "2020", "1700000000"}, 2);
        break;
      case 8:
        c.op = Pick<std::string>({"BinaryEquals", "BinaryEqualsIfExists"});
        c.key = "s3:x-amz-blob";
        c.values = Some({"QUJD", "YWJj"}, 2);
        break;
      case 9:
        // Set qualifiers over the typed families.
        switch (Uniform(4)) {
          case 0:
            c.op = Pick<std::string>({"ForAnyValue:NumericLessThan",
                                      "ForAllValues:NumericGreaterThan"});
            c.key = "aws:MultiFactorAuthAge";
            c.values = {"100"};
            break;
          case 1:
            c.op = Pick<std::string>(
                {"ForAllValues:IpAddress", "ForAnyValue:NotIpAddress"});
            c.key = "aws:SourceIp";
            c.values = {"203.0.113.0/24"};
            break;
          case 2:
            c.op = Pick<std::string>({"ForAnyValue:DateLessThan",
                                      "ForAllValues:DateGreaterThanEquals"});
            c.key = "aws:CurrentTime";
            c.values = {"2025-01-01T00:00:00Z"};
            break;
          default:
            c.op = Pick<std::string>(
                {"ForAllValues:ArnLike", "ForAnyValue:ArnNotEquals"});
            c.key = "aws:PrincipalArn";
            c.values = {absl::StrCat("arn:aws:iam::", kA, ":*")};
            break;
        }
        break;
      case 10:
        c.op = Pick<std::string>(
            {"StringLike", "StringNotEquals", "ForAnyValue:StringLike"});
        c.key = "aws:SourceIp";
        c.values = Some({"203.0.113.*", "10.1.2.3"}, 1);
        break;
      default:
        // A substituted value is literal: a tag "ali*" must not act as a
        // wildcard against aws:username "alice" (R11).
        c.op =
            Pick<std::string>({"StringLike", "StringEquals", "StringNotLike"});
        c.key = "aws:username";
        c.values = Some({"${aws:PrincipalTag/team}", "al*", "alice"}, 2);
        break;
    }
    bool duplicate = false;
    for (const Choice& other : chosen) {
      if (other.op == c.op) duplicate = true;  // one operator per block
    }
    if (!duplicate) chosen.push_back(std::move(c));
  }
  std::vector<std::string> ops;
  for (const Choice& c : chosen) {
    ops.push_back(absl::StrCat(Quote(c.op), ":{", Quote(c.key), ":",
                               StringList(c.values), "}"));
  }
  return absl::StrCat("{", absl::StrJoin(ops, ","), "}");
}

std::string ScenarioGenerator::RandomStatement(PolicyKind kind,
                                               const GeneratedScenario& s,
                                               std::optional<Effect> effect) {
  if (kind == PolicyKind::kRcp) effect = Effect::kDeny;  // RCP-SYNTAX
  const bool allow = effect ? *effect == Effect::kAllow : Chance(0.7);
  std::vector<std::string> parts;
  parts.push_back(
      absl::StrCat("\"Effect\":", allow ? "\"Allow\"" : "\"Deny\""));
  const bool has_principal =
      kind == PolicyKind::kResource || kind == PolicyKind::kTrust ||
      kind == PolicyKind::kVpcEndpoint || kind == PolicyKind::kRcp;
  if (has_principal) {
    // NotPrincipal only with Deny, never in trust policies or RCPs.
    const bool not_principal = !allow && kind != PolicyKind::kTrust &&
                               kind != PolicyKind::kRcp && Chance(0.25);
    parts.push_back(
        not_principal
            ? absl::StrCat("\"NotPrincipal\":", NotPrincipalElement(s))
            : absl::StrCat("\"Principal\":", PrincipalElement(kind, s)));
  }
  const std::vector<std::string>& actions =
      kind == PolicyKind::kTrust ? TrustActionPatterns() : ActionPatterns();
  if (Chance(0.15)) {
    parts.push_back(
        absl::StrCat("\"NotAction\":", StringList(Some(actions, 1))));
  } else {
    std::vector<std::string> list = Some(actions, 2);
    // Bias towards the request's action so that statements apply often.
    if (!s.action.empty() && Chance(0.4)) {
      const std::string service = s.action.substr(0, s.action.find(':'));
      list.push_back(Pick<std::string>({s.action, service + ":*", "*"}));
    }
    parts.push_back(absl::StrCat("\"Action\":", StringList(list)));
  }
  if (kind != PolicyKind::kTrust) {
    const bool not_resource = Chance(0.15);
    std::vector<std::string> list = Some(ResourcePatterns(), 2);
    if (!not_resource && !s.resource_arn.empty() && Chance(0.4)) {
      list.push_back(Chance(0.7) ? s.resource_arn : "*");
    }
    parts.push_back(absl::StrCat(
        not_resource ? "\"NotResource\":" : "\"Resource\":", StringList(list)));
  }
  if (Chance(0.4)) parts.push_back(absl::StrCat("\"Condition\":", Condition()));
  std::shuffle(parts.begin(), parts.end(), rng_);  // element order is free
  return absl::StrCat("{", absl::StrJoin(parts, ","), "}");
}

GeneratedPolicy ScenarioGenerator::RandomPolicy(PolicyKind kind,
                                                const GeneratedScenario& s) {
  GeneratedPolicy p;
  p.kind = kind;
  const size_t roll = Uniform(100);
  p.version = roll < 85 ? "2012-10-17" : (roll < 95 ? "2008-10-17" : "");
  // RCP statements are all Deny: fewer of them keep Allowed reachable.
  const size_t n = 1 + Uniform(kind == PolicyKind::kRcp ? 2 : 3);
  for (size_t i = 0; i < n; ++i)
    p.statements.push_back(RandomStatement(kind, s));
  return p;
}

std::vector<GeneratedPolicy> ScenarioGenerator::RandomLevel(
    PolicyKind kind, const GeneratedScenario& s) {
  std::vector<GeneratedPolicy> level;
  const bool full = Chance(kind == PolicyKind::kScp ? 0.7 : 0.3);
  if (full) {
    GeneratedPolicy p;
    p.kind = kind;
    p.statements.push_back(
        kind == PolicyKind::kScp
            ? "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"
            : "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\","
              "\"Resource\":\"*\"}");
    level.push_back(std::move(p));
  }
  if (!full || Chance(0.6)) level.push_back(RandomPolicy(kind, s));
  std::shuffle(level.begin(), level.end(), rng_);
  return level;
}

void ScenarioGenerator::ChooseRequest(GeneratedScenario* s) {
  const std::string alice = absl::StrCat("arn:aws:iam::", kA, ":user/alice");
  const size_t roll = Uniform(100);
  if (roll < 18) {
    s->principal = alice;
  } else if (roll < 22) {
    s->principal = absl::StrCat("arn:aws:iam::", kA, ":user/ops/carol");
  } else if (roll < 28) {
    s->principal = absl::StrCat("arn:aws:iam::", kB, ":user/bob");
  } else if (roll < 42) {
    s->principal = absl::StrCat("arn:aws:sts::", kA, ":assumed-role/dev/",
                                Chance(0.7) ? "s1" : "s2");
    if (Chance(0.3)) {
      s->session_issuer = absl::StrCat("arn:aws:iam::", kA, ":role/team/Dev");
    } else if (Chance(0.3)) {
      // R19: a role ARN as the caller, a session of unknown name (policies
      // naming assumed-role/dev/s1 are then undecidable for it).
      s->principal = absl::StrCat("arn:aws:iam::", kA,
                                  Chance(0.5) ? ":role/team/Dev" : ":role/dev");
    }
  } else if (roll < 47) {
    s->principal = absl::StrCat("arn:aws:sts::", kB, ":assumed-role/xrole/s1");
  } else if (roll < 50) {
    s->principal = absl::StrCat("arn:aws:sts::", kA,
                                ":assumed-role/AWSServiceRoleForSupport/s1");
    s->session_issuer =
        absl::StrCat("arn:aws:iam::", kA,
                     ":role/aws-service-role/support.amazonaws.com/"
                     "AWSServiceRoleForSupport");
  } else if (roll < 60) {
    s->principal = absl::StrCat("arn:aws:sts::", kA, ":federated-user/fed");
    const size_t issuer = Uniform(10);
    if (issuer < 7) {
      s->session_issuer = alice;
    } else if (issuer == 7) {
      s->session_issuer = absl::StrCat("arn:aws:iam::", kA, ":root");
    }
  } else if (roll < 67) {
    s->principal = absl::StrCat("arn:aws:iam::", kA, ":root");
  } else if (roll < 70) {
    s->principal = absl::StrCat("arn:aws:iam::", kB, ":root");
  } else if (roll < 80) {
    s->principal = Pick(ServicePool());
  } else if (roll < 92) {
    s->anonymous = true;
  } else {
    s->web_identity_provider = Pick(ProviderPool());
  }

  if (!s->web_identity_provider.empty()) {
    // Mostly the one call such a caller makes; sometimes another, which no
    // trust grant covers (R5 speaks only of AssumeRoleWith*).
    const size_t which = Uniform(10);
    s->action = which < 8    ? "sts:AssumeRoleWithWebIdentity"
                : which == 8 ? "sts:TagSession"
                             : "s3:GetObject";
    s->resource_arn = which == 9
                          ? "arn:aws:s3:::bucket-a/key1"
                          : absl::StrCat("arn:aws:iam::", kA, ":role/dev");
    if (which == 9) s->resource_account = kA;
    return;
  }
  const size_t what = Uniform(100);
  if (what < 40) {
    s->action = Chance(0.6) ? "s3:GetObject" : "s3:PutObject";
    s->resource_arn = Pick<std::string>(
        {"arn:aws:s3:::bucket-a/key1", "arn:aws:s3:::bucket-b/dir/x",
         "arn:aws:s3:::bucket-a/alice",
         // Non-ASCII keys (R18): é, 日本,
         // 😀 (outside the BMP), and the
         // ASCII twin of the first.
         "arn:aws:s3:::bucket-a/caf\xC3\xA9.txt",
         "arn:aws:s3:::bucket-a/cafe.txt",
         "arn:aws:s3:::bucket-a/\xE6\x97\xA5\xE6\x9C\xAC",
         "arn:aws:s3:::bucket-a/\xF0\x9F\x98\x80"});
    // S3 ARNs carry no account: sometimes say who owns the bucket.
    const size_t owner = Uniform(3);
    s->resource_account = owner == 0 ? "" : (owner == 1 ? kA : kB);

  } else if (what < 58) {
    s->action = "sqs:SendMessage";
    s->resource_arn =
        Chance(0.6) ? absl::StrCat("arn:aws:sqs:us-east-1:", kA, ":queue1")
                    : absl::StrCat("arn:aws:sqs:us-east-1:", kB, ":queue2");
  } else if (what < 75) {
    s->action = Chance(0.85) ? "kms:Decrypt" : "kms:RetireGrant";
    s->resource_arn =
        Chance(0.7) ? absl::StrCat("arn:aws:kms:us-east-1:", kA, ":key/k1")
                    : absl::StrCat("arn:aws:kms:us-east-1:", kB, ":key/k2");
  } else if (what < 97) {
    // TagSession and SetSourceIdentity are checked against the trust
    // policy alongside AssumeRole (section 5.7).
    const size_t which = Uniform(10);
    s->action = which < 8    ? "sts:AssumeRole"
                : which == 8 ? "sts:TagSession"
                             : "sts:SetSourceIdentity";
    s->resource_arn = Chance(0.75)
                          ? absl::StrCat("arn:aws:iam::", kA, ":role/dev")
                          : absl::StrCat("arn:aws:iam::", kB, ":role/xrole");
  } else if (what < 99) {
    s->action = "s3:ListAllMyBuckets";
    s->resource_arn = "*";
    if (Chance(0.5)) s->resource_account = Chance(0.5) ? kA : kB;
  } else {
    // Calls no policy decides (R21) and resources AWS protects (R23).
    const size_t which = Uniform(5);
    s->action = Pick<std::string>(
        {"sts:GetCallerIdentity", "sts:GetSessionToken",
         "iam:CreatePolicyVersion", "iam:AttachRolePolicy", "kms:DeleteAlias"});
    s->resource_arn =
        which == 0   ? "*"
        : which == 1 ? absl::StrCat("arn:aws:iam::", kA,
                                    ":role/aws-reserved/sso.amazonaws.com/"
                                    "AWSReservedSSO_Admin_0123456789abcdef")
        : which == 2 ? "arn:aws:iam::aws:policy/ReadOnlyAccess"
        : which == 3
            ? absl::StrCat("arn:aws:kms:us-east-1:", kA, ":alias/aws/s3")
            : absl::StrCat("arn:aws:iam::", kA,
                           ":role/aws-service-role/x.amazonaws.com/R");
  }
}

void ScenarioGenerator::ChooseContext(GeneratedScenario* s) {
  struct KeyValues {
    std::vector<std::string> names;  // spellings (keys are case-insensitive)
    std::vector<std::string> values;
    double list_chance;
  };
  static const auto* const kKeys = new std::vector<KeyValues>{
      {{"aws:SourceIp", "AWS:SourceIP"},
       {"10.1.2.3", "203.0.113.5", "2001:db8::1", "abc", "10.0.0.0/8"},
       0.1},
      {{"aws:PrincipalTag/team"},
       {"red", "RED", "blue", "r*", "", "alice", "ali*", "k*",
        // Non-ASCII tag values (R18): 2-, 3- and 4-byte characters.
        "\xC3\xA9", "caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC",
        "\xF0\x9F\x98\x80"},
       0.1},
      {{"aws:TagKeys"}, {"env", "owner", "cost-center", ""}, 0.85},
      {{"aws:MultiFactorAuthAge"}, {"10", "4000", "0.5", "abc"}, 0.1},
      {{"aws:MultiFactorAuthPresent"}, {"true", "false", "True", "maybe"}, 0.1},
      {{"aws:CurrentTime"},
       {"2024-06-01T00:00:00Z", "2026-01-01T00:00:00Z", "1718000000",
        "garbage"},
       0.05},
      {{"s3:x-amz-blob", "S3:X-Amz-Blob"}, {"QUJD", "YWJj", "QUJ", "!!"}, 0.1},
      {{"aws:SourceArn"},
       {"arn:aws:s3:::bucket-a/caf\xC3\xA9.txt",
        "arn:aws:s3:::bucket-a/cafe.txt",
        "arn:aws:s3:::bucket-b/\xF0\x9F\x98\x80",
        "arn:aws:s3:::bucket-a/\xE6\x97\xA5\xE6\x9C\xAC", "not-an-arn"},
       0.05},
  };
  for (const KeyValues& k : *kKeys) {
    if (Chance(0.4)) continue;  // a missing key
    GeneratedContextKey entry;
    entry.key = Pick(k.names);
    entry.is_list = Chance(k.list_chance);
    size_t n = entry.is_list ? Uniform(3) : 1;  // lists may be empty
    for (size_t i = 0; i < n; ++i) entry.values.push_back(Pick(k.values));
    s->context.push_back(std::move(entry));
  }
}

GeneratedScenario ScenarioGenerator::Next() {
  GeneratedScenario s;
  ChooseRequest(&s);
  while (!principal_kinds_.empty() &&
         std::find(principal_kinds_.begin(), principal_kinds_.end(),
                   s.principal_kind()) == principal_kinds_.end()) {
    s = GeneratedScenario();
    ChooseRequest(&s);
  }
  ChooseContext(&s);
  const PrincipalKind kind = s.principal_kind();
  const bool caller_policies = kind == PrincipalKind::kUser ||
                               kind == PrincipalKind::kRoleSession ||
                               kind == PrincipalKind::kFederatedUser;
  const bool aws_identity = caller_policies || kind == PrincipalKind::kRoot;
  // Service principals and SAML/OIDC callers may be given caller-side
  // layers; they must be ignored (R13, R5).
  const bool ignored_caller_layers = (kind == PrincipalKind::kService ||
                                      kind == PrincipalKind::kWebIdentity) &&
                                     Chance(0.3);
  // Layers valid for the caller (PolicyBundle::Validate, R13).
  if (caller_policies || ignored_caller_layers) {
    size_t n = Uniform(100) < 25 ? 0 : 1 + Uniform(2);
    for (size_t i = 0; i < n; ++i) {
      s.identity.push_back(RandomPolicy(PolicyKind::kIdentity, s));
    }
    if (Chance(0.3)) {
      s.boundary.push_back(RandomPolicy(PolicyKind::kBoundary, s));
      if (Chance(0.15))
        s.boundary.push_back(RandomPolicy(PolicyKind::kBoundary, s));
    }
    const double session_chance =
        kind == PrincipalKind::kFederatedUser
            ? 0.7
            : (kind == PrincipalKind::kUser ? 0 : 0.4);
    if (Chance(session_chance)) {
      s.session.push_back(RandomPolicy(PolicyKind::kSession, s));
    }
  }
  if ((aws_identity || ignored_caller_layers) && Chance(0.4)) {
    size_t n = 1 + Uniform(3);
    for (size_t i = 0; i < n; ++i) {
      s.scp_levels.push_back(RandomLevel(PolicyKind::kScp, s));
    }
  }
  if (Chance(0.3)) {
    size_t n = 1 + Uniform(2);
    for (size_t i = 0; i < n; ++i) {
      s.rcp_levels.push_back(RandomLevel(PolicyKind::kRcp, s));
    }
  }
  if (Chance(0.7))
    s.resource.push_back(RandomPolicy(s.resource_policy_kind(), s));
  if (Chance(0.15)) {
    size_t n = 1 + Uniform(2);
    for (size_t i = 0; i < n; ++i) {
      s.vpc_endpoint.push_back(RandomPolicy(PolicyKind::kVpcEndpoint, s));
    }
  }
  const size_t m = Uniform(100);
  s.management_account = m < 60 ? "" : (m < 85 ? kManagement : kA);
  s.aws_managed_key = Chance(0.1);
  return s;
}

}  // namespace iameval::testing
