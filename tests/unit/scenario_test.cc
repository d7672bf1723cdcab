#include "iameval/scenario.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "iameval/evaluate.h"
#include "testing/request_dump.h"

namespace iameval {
namespace {

TEST(Scenario, ParsesTheDocumentedExample) {
  ParsedScenario p = ParseScenario(R"({"id":"carlos","request":{
    "principal":"arn:aws:iam::111122223333:user/carlos","action":"s3:GetObject",
    "resource":"arn:aws:s3:::carlos-bucket/report.txt",
    "context":{"aws:SourceIp":"203.0.113.7","aws:TagKeys":["team","env"]}},
    "identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Action":"s3:GetObject","Resource":"arn:aws:s3:::carlos-bucket/*"}]}],
    "expect":"Allowed"})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.id, "carlos");
  EXPECT_EQ(p.scenario.expect, Outcome::kAllowed);
  EXPECT_TRUE(p.scenario.request.context.Find("aws:TagKeys")->is_list);
  EXPECT_EQ(Evaluate(p.scenario.bundle, p.scenario.request).outcome,
            Outcome::kAllowed);
}

// "Denied" is a fourth expectation, not one of the outcomes: the reader
// keeps `expect` empty so that no code mistakes it for one kind of deny.
TEST(Scenario, DeniedExpectsEitherKindOfDeny) {
  const std::string base =
      R"({"id":"d","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"expect":)";
  ParsedScenario p = ParseScenario(base + R"("Denied"})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(p.scenario.expect_denied);
  EXPECT_FALSE(p.scenario.expect.has_value());
  p = ParseScenario(base + R"("ImplicitlyDenied"})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_FALSE(p.scenario.expect_denied);
  EXPECT_EQ(p.scenario.expect, Outcome::kImplicitlyDenied);
  EXPECT_FALSE(ParseScenario(base + R"("denied"})").status.ok());

  // The line reader hands both to `batch --check`, even with a bundle.
  PolicyBundle bundle;
  ScenarioOptions options;
  options.shared_bundle = &bundle;
  ScenarioLineReader reader(options);
  ASSERT_TRUE(reader.Read(base + R"("Denied"})").ok());
  EXPECT_TRUE(reader.expect_denied());
  EXPECT_FALSE(reader.expect().has_value());
  ASSERT_TRUE(reader.Read(base + R"("Allowed"})").ok());
  EXPECT_FALSE(reader.expect_denied());
  EXPECT_EQ(reader.expect(), Outcome::kAllowed);
  // A request-only line takes the in-place path and states nothing.
  ASSERT_TRUE(
      reader
          .Read(
              R"({"id":"f","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"}})")
          .ok());
  ASSERT_TRUE(reader.last_read_was_fast());
  EXPECT_FALSE(reader.expect().has_value());
  EXPECT_FALSE(reader.expect_denied());
}

TEST(Scenario, PolicyErrorsPointAtFieldAndColumn) {
  const std::string line =
      R"({"id":"broken","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"aws:x":"y"}}}]}]})";
  ParsedScenario p = ParseScenario(line);
  ASSERT_FALSE(p.status.ok());
  EXPECT_EQ(p.id, "broken");
  std::string msg(p.status.message());
  EXPECT_TRUE(absl::StartsWith(
      msg, "identityPolicies/0/Statement/0/Condition/StringEqualz: "))
      << msg;
  // The column is that of "StringEqualz" in the line.
  size_t col = line.find("\"StringEqualz\"") + 1;
  EXPECT_TRUE(
      absl::StrContains(msg, "(line 1, column " + std::to_string(col) + ")"))
      << msg;
}

TEST(Scenario, ReportsBadFields) {
  struct Case {
    const char* json;
    const char* want;
  } cases[] = {
      {"not json", "invalid JSON"},
      {R"({"request":{}})", "id"},
      {R"({"id":"x"})", "request"},
      {R"({"id":"x","request":{"action":"s3:GetObject","resource":"*"}})",
       "request/principal"},
      {R"({"id":"x","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*","context":{"k:k":{}}}})",
       "request/context/k:k"},
      {R"({"id":"x","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"scps":[[]]})",
       "scps/0"},
      {R"({"id":"x","request":{"principal":{"type":"Anonymous"},"action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Statement":[]}]})",
       "anonymous"},
      {R"({"id":"x","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"expect":"Allow"})",
       "expect"},
  };
  for (const Case& c : cases) {
    ParsedScenario p = ParseScenario(c.json);
    EXPECT_FALSE(p.status.ok()) << c.json;
    EXPECT_TRUE(absl::StrContains(p.status.message(), c.want))
        << c.json << " -> " << p.status.message();
  }
}

TEST(Scenario, SharedBundleLinesCarryOnlyTheRequest) {
  ParsedScenario base = ParseScenario(
      R"({"id":"b","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},
    "identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}]})");
  ASSERT_TRUE(base.status.ok());
  ScenarioOptions options;
  options.shared_bundle = &base.scenario.bundle;
  ParsedScenario p = ParseScenario(
      R"({"id":"r1","request":{"principal":"arn:aws:iam::111122223333:user/b","action":"s3:PutObject","resource":"arn:aws:s3:::x/y"}})",
      options);
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(Evaluate(p.scenario.bundle, p.scenario.request).allowed());
}

TEST(Scenario, TrustPolicyKindFollowsTheAction) {
  // A trust policy has no Resource: accepted for sts:AssumeRole on a role.
  ParsedScenario p = ParseScenario(
      R"({"id":"t","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"sts:AssumeRole","resource":"arn:aws:iam::111122223333:role/R"},
    "resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/a"},"Action":"sts:AssumeRole"}]}})");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(Evaluate(p.scenario.bundle, p.scenario.request).allowed());
}

TEST(Scenario, LimitsOfThePoliciesOnALineCanBeRaised) {
  std::string statements;
  for (int i = 0; i < 10001; ++i) {
    absl::StrAppend(
        &statements, i ? "," : "",
        R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})");
  }
  const std::string line = absl::StrCat(
      R"({"id":"big","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Version":"2012-10-17","Statement":[)",
      statements, "]}]}");
  ParsedScenario p = ParseScenario(line);
  ASSERT_FALSE(p.status.ok());
  EXPECT_TRUE(absl::StrContains(p.status.message(), "10000"))
      << p.status.message();
  ScenarioOptions options;
  options.policy.max_statements = 20000;
  options.policy.max_document_bytes = 4u << 20;
  options.policy.check_size_quotas = false;
  p = ParseScenario(line, options);
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(Evaluate(p.scenario.bundle, p.scenario.request).allowed());
}

TEST(Scenario, LineNestingLimitIsAnOption) {
  const std::string line =
      R"({"id":"d","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*","context":{"k":["v"]}}})";
  ScenarioOptions options;
  options.max_depth = 2;
  ParsedScenario strict = ParseScenario(line, options);
  EXPECT_FALSE(strict.status.ok());
  // The in-place reader applies the same limit.
  PolicyBundle empty;
  options.shared_bundle = &empty;
  ScenarioLineReader reader(options);
  EXPECT_EQ(reader.Read(line), ParseScenario(line, options).status);
  EXPECT_FALSE(reader.Read(line).ok());
}

// --- ScenarioLineReader: the in-place path must equal ParseScenario -------

// Random request-only lines over a vocabulary that reaches every branch of
// the in-place path and every reason to leave it: each principal kind,
// invalid principals, actions and resources, case-insensitive duplicate
// context keys, lists, empty lists, numbers, booleans, escapes, non-ASCII,
// extra fields, policies on the line, odd whitespace and random damage.
class LineGenerator {
 public:
  explicit LineGenerator(uint32_t seed) : rng_(seed) {}

  std::string Line(int n) {
    std::vector<std::string> top;
    if (Chance(97))
      top.push_back(Member("id", Quote(absl::StrCat(Mostly(kIds, 2), n))));
    if (Chance(97)) top.push_back(Member("request", Request()));
    if (Chance(4)) top.push_back(Member("expect", Quote("Allowed")));
    if (Chance(2)) top.push_back(Member("expect", Quote("Maybe")));
    if (Chance(3)) {
      top.push_back(Member(
          "identityPolicies",
          R"([{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}])"));
    }
    if (Chance(2)) top.push_back(Member("x", "1"));
    if (Chance(2) && !top.empty()) top.push_back(top[0]);  // duplicate
    std::shuffle(top.begin(), top.end(), rng_);
    std::string line = Object(top);
    if (Chance(4)) line = Damage(line);
    return line;
  }

 private:
  static constexpr const char* kIds[] = {
      "r", "a b", "x\\\"y", "\u00e9t\u00e9", "", "caf\xc3\xa9", "del\x7f"};
  static constexpr const char* kPrincipals[] = {
      R"("arn:aws:iam::111122223333:user/alice")",
      R"("arn:aws:iam::111122223333:user/path/Bob")",
      R"("arn:aws:sts::111122223333:assumed-role/Dev/alice")",
      R"("arn:aws:sts::111122223333:federated-user/carol")",
      R"("arn:aws:iam::111122223333:root")",
      R"("lambda.amazonaws.com")",
      R"("arn:aws:iam::111122223333:role/Dev")",
      R"("arn:aws:iam::1:user/short")",
      R"("")",
      R"({"type":"Anonymous"})",
      R"({"type":"Federated","provider":"accounts.google.com"})",
      R"(42)",
  };
  static constexpr const char* kActions[] = {R"("s3:GetObject")",
                                             R"("S3:getOBJECT")",
                                             R"("sqs:SendMessage")",
                                             R"("s3:*")",
                                             R"("GetObject")",
                                             R"("sts:AssumeRole")",
                                             R"(7)"};
  static constexpr const char* kResources[] = {
      R"("*")",
      R"("arn:aws:s3:::bucket/key.txt")",
      R"("arn:aws:sqs:us-east-1:444455556666:queue")",
      R"("arn:aws:iam::111122223333:role/Dev")",
      R"("not-an-arn")",
      R"("")",
      R"("arn:aws:s3:::b/\u006b")"};
  static constexpr const char* kKeys[] = {
      "aws:SourceIp",     "AWS:sourceIP",  "aws:TagKeys",
      "aws:PrincipalArn", "aws:EpochTime", "aws:MultiFactorAuthPresent",
      "s3:prefix",        "a/~b",          ""};
  static constexpr const char* kValues[] = {R"("203.0.113.7")",
                                            R"("2001:db8::1")",
                                            R"("42")",
                                            R"("-1.50")",
                                            R"("true")",
                                            R"("FALSE")",
                                            R"("2026-01-31T12:00:00Z")",
                                            R"("1700000000")",
                                            R"("us-east-1")",
                                            R"("")",
                                            R"("a\"b")",
                                            R"("\u00e9")",
                                            "\"caf\xc3\xa9\"",
                                            R"(42)",
                                            R"(true)",
                                            R"(null)",
                                            R"({"a":"b"})",
                                            "\"tab\there\""};
  static constexpr const char* kIssuers[] = {
      R"("arn:aws:iam::111122223333:role/Dev")",
      R"("arn:aws:iam::111122223333:role/team/Dev")",
      R"("arn:aws:iam::111122223333:role/Other")", R"("")"};

  bool Chance(int percent) {
    return std::uniform_int_distribution<int>(0, 99)(rng_) < percent;
  }
  template <size_t N>
  const char* Pick(const char* const (&items)[N]) {
    return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng_)];
  }
  // Mostly one of the first `good` items (lines the in-place path takes),
  // otherwise any.
  template <size_t N>
  const char* Mostly(const char* const (&items)[N], size_t good) {
    if (!Chance(75)) return Pick(items);
    return items[std::uniform_int_distribution<size_t>(0, good - 1)(rng_)];
  }
  template <size_t N>
  std::string Pick(const char* const (&items)[N], int n) {
    return absl::StrCat(Pick(items), n);
  }
  std::string Space() {
    static constexpr const char* kSpaces[] = {"", "", "", " ", "\t", "\r\n "};
    return Pick(kSpaces);
  }
  static std::string Quote(absl::string_view s) {
    return absl::StrCat("\"", s, "\"");
  }
  std::string Member(absl::string_view key, absl::string_view value) {
    return absl::StrCat(Space(), Quote(key), Space(), ":", Space(), value,
                        Space());
  }
  static std::string Object(const std::vector<std::string>& members) {
    return absl::StrCat("{", absl::StrJoin(members, ","), "}");
  }

  std::string Request() {
    std::vector<std::string> m;
    if (Chance(97)) m.push_back(Member("principal", Mostly(kPrincipals, 4)));
    if (Chance(97)) m.push_back(Member("action", Mostly(kActions, 3)));
    if (Chance(97)) m.push_back(Member("resource", Mostly(kResources, 3)));
    if (Chance(10)) {
      m.push_back(Member("resourceAccount",
                         Chance(80) ? R"("444455556666")" : R"("12")"));
    }
    if (Chance(10)) m.push_back(Member("sessionIssuer", Pick(kIssuers)));
    if (Chance(70)) m.push_back(Member("context", Context()));
    if (Chance(2)) m.push_back(Member("unknown", R"("x")"));
    if (Chance(2) && !m.empty()) m.push_back(m[0]);
    std::shuffle(m.begin(), m.end(), rng_);
    return Chance(2) ? std::string(R"("not an object")") : Object(m);
  }

  std::string Context() {
    std::vector<std::string> m;
    const int n = std::uniform_int_distribution<int>(0, 4)(rng_);
    for (int i = 0; i < n; ++i) {
      std::string value;
      if (Chance(25)) {
        std::vector<std::string> items;
        const int k = std::uniform_int_distribution<int>(0, 3)(rng_);
        for (int j = 0; j < k; ++j) items.push_back(Mostly(kValues, 10));
        value = absl::StrCat("[", Space(), absl::StrJoin(items, ","), "]");
      } else {
        value = Mostly(kValues, 10);
      }
      m.push_back(Member(Pick(kKeys), value));
    }
    return Object(m);
  }

  std::string Damage(std::string line) {
    const size_t at = std::uniform_int_distribution<size_t>(
        0, line.empty() ? 0 : line.size() - 1)(rng_);
    switch (std::uniform_int_distribution<int>(0, 3)(rng_)) {
      case 0:
        return line.substr(0, at);
      case 1:
        return line.insert(at, 1, "{}[]\",:x\0\x80"[rng_() % 11]);
      case 2:
        return line.erase(at, 1);
      default:
        return line + Pick(kValues);
    }
  }

  std::mt19937 rng_;
};

TEST(ScenarioLineReader, EqualsParseScenarioOnGeneratedLines) {
  ParsedScenario base = ParseScenario(
      R"({"id":"bundle","request":{"principal":"arn:aws:iam::111122223333:user/b","action":"s3:GetObject","resource":"*"},
    "identityPolicies":[{"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}}},
      {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}]})");
  ASSERT_TRUE(base.status.ok()) << base.status;
  ScenarioOptions options;
  options.shared_bundle = &base.scenario.bundle;
  ScenarioLineReader reader(options);
  LineGenerator gen(20261129);
  int fast = 0, errors = 0;
  constexpr int kLines = 20000;
  for (int i = 0; i < kLines; ++i) {
    const std::string line = gen.Line(i);
    ParsedScenario want = ParseScenario(line, options);
    absl::Status got = reader.Read(line);
    ASSERT_EQ(got, want.status) << line;
    ASSERT_EQ(reader.id(), want.id) << line;
    fast += reader.last_read_was_fast();
    if (!got.ok()) {
      ++errors;
      continue;
    }
    ASSERT_EQ(::iameval::testing::DumpRequest(reader.request()),
              ::iameval::testing::DumpRequest(want.scenario.request))
        << line;
    ASSERT_EQ(Evaluate(reader.bundle(), reader.request()).outcome,
              Evaluate(want.scenario.bundle, want.scenario.request).outcome)
        << line;
  }
  // Both paths and both results must actually have been exercised.
  EXPECT_GT(fast, kLines / 5);
  EXPECT_GT(errors, kLines / 10);
  EXPECT_LT(fast + errors, kLines);  // some lines succeed the strict way
}

TEST(ScenarioLineReader, WithoutASharedBundleEveryLineIsParsedWhole) {
  ScenarioLineReader reader;
  const std::string line =
      R"({"id":"s","request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}]})";
  ASSERT_TRUE(reader.Read(line).ok());
  EXPECT_FALSE(reader.last_read_was_fast());
  EXPECT_EQ(reader.id(), "s");
  EXPECT_TRUE(Evaluate(reader.bundle(), reader.request()).allowed());
}

}  // namespace
}  // namespace iameval
