#include "iameval/parser.h"

#include <string>

#include "gtest/gtest.h"

namespace iameval {
namespace {

struct BadCase {
  const char* name;
  PolicyKind kind;
  const char* json;
  const char* code;
  const char* pointer;
};

class ParserErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParserErrorTest, ReportsLocatedError) {
  const BadCase& c = GetParam();
  ParseResult r = ParsePolicy(c.json, c.kind);
  EXPECT_FALSE(r.ok()) << c.name;
  bool found = false;
  for (const Issue& i : r.issues) {
    if (i.code == c.code && i.severity == Severity::kError) {
      found = true;
      EXPECT_EQ(i.pointer, c.pointer) << c.name << ": " << i.ToString();
      EXPECT_GT(i.line, 0);
      EXPECT_GT(i.column, 0);
    }
  }
  EXPECT_TRUE(found) << c.name << ": no " << c.code;
}

#define STMT(body) "{\"Version\":\"2012-10-17\",\"Statement\":[" body "]}"

INSTANTIATE_TEST_SUITE_P(
    Grammar, ParserErrorTest,
    ::testing::Values(
        BadCase{"syntax", PolicyKind::kIdentity, "{\"Statement\": [}",
                "JSON_SYNTAX", "/Statement/0"},
        BadCase{
            "duplicate key", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"*\","
                 "\"Resource\":\"*\"}"),
            "JSON_SYNTAX", "/Statement/0/Effect"},
        BadCase{
            "miscased effect", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}"),
            "INVALID_EFFECT", "/Statement/0/Effect"},
        BadCase{
            "miscased element", PolicyKind::kIdentity,
            STMT("{\"effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"),
            "MISCASED_ELEMENT", "/Statement/0/effect"},
        BadCase{
            "unknown element", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                 "\"Foo\":1}"),
            "UNKNOWN_ELEMENT", "/Statement/0/Foo"},
        BadCase{"missing effect", PolicyKind::kIdentity,
                STMT("{\"Action\":\"*\",\"Resource\":\"*\"}"), "MISSING_EFFECT",
                "/Statement/0"},
        BadCase{"missing action", PolicyKind::kIdentity,
                STMT("{\"Effect\":\"Allow\",\"Resource\":\"*\"}"),
                "MISSING_ACTION", "/Statement/0"},
        BadCase{"missing resource", PolicyKind::kIdentity,
                STMT("{\"Effect\":\"Allow\",\"Action\":\"*\"}"),
                "MISSING_RESOURCE", "/Statement/0"},
        BadCase{
            "principal in identity", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\","
                 "\"Resource\":\"*\"}"),
            "PRINCIPAL_NOT_ALLOWED", "/Statement/0/Principal"},
        BadCase{
            "resource policy without principal", PolicyKind::kResource,
            STMT("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"),
            "MISSING_PRINCIPAL", "/Statement/0"},
        BadCase{"trust with resource", PolicyKind::kTrust,
                STMT("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":"
                     "\"sts:AssumeRole\",\"Resource\":\"*\"}"),
                "TRUST_POLICY_RESOURCE", "/Statement/0/Resource"},
        BadCase{"notprincipal with allow", PolicyKind::kResource,
                STMT("{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":"
                     "\"111122223333\"},\"Action\":\"*\",\"Resource\":\"*\"}"),
                "NOTPRINCIPAL_WITH_ALLOW", "/Statement/0/NotPrincipal"},
        BadCase{"rcp allow", PolicyKind::kRcp,
                STMT("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":"
                     "\"s3:*\",\"Resource\":\"*\"}"),
                "RCP_ALLOW", "/Statement/0"},
        BadCase{
            "rcp principal", PolicyKind::kRcp,
            STMT("{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":"
                 "\"111122223333\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "RCP_PRINCIPAL", "/Statement/0"},
        BadCase{
            "miscased operator", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                 "\"Condition\":{\"stringEquals\":{\"aws:x\":\"a\"}}}"),
            "UNKNOWN_OPERATOR", "/Statement/0/Condition/stringEquals"},
        BadCase{
            "null ifexists", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                 "\"Condition\":{\"NullIfExists\":{\"aws:x\":\"true\"}}}"),
            "UNKNOWN_OPERATOR", "/Statement/0/Condition/NullIfExists"},
        BadCase{
            "bad cidr", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                 "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":"
                 "[\"10.0.0.0/8\",\"10.0.0.0/99\"]}}}"),
            "INVALID_CONDITION_VALUE",
            "/Statement/0/Condition/IpAddress/aws:SourceIp/1"},
        BadCase{
            "bad number", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                 "\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":\"ten\"}}"
                 "}"),
            "INVALID_CONDITION_VALUE",
            "/Statement/0/Condition/NumericLessThan/s3:max-keys"},
        BadCase{
            "bad bool", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                 "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"yes\"}}}"),
            "INVALID_CONDITION_VALUE",
            "/Statement/0/Condition/Bool/aws:SecureTransport"},
        BadCase{
            "keys differing in case", PolicyKind::kIdentity,
            STMT("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                 "\"Condition\":{\"StringEquals\":{\"aws:x\":\"a\","
                 "\"AWS:X\":\"b\"}}}"),
            "DUPLICATE_KEY_CASE", "/Statement/0/Condition/StringEquals/AWS:X"},
        BadCase{"wildcard in service", PolicyKind::kIdentity,
                STMT("{\"Effect\":\"Allow\",\"Action\":\"*\","
                     "\"Resource\":\"arn:aws:s*:::b\"}"),
                "INVALID_RESOURCE", "/Statement/0/Resource"},
        BadCase{"bad version", PolicyKind::kIdentity,
                "{\"Version\":\"2012-10-18\",\"Statement\":[]}",
                "INVALID_VERSION", "/Version"},
        BadCase{
            "group principal", PolicyKind::kResource,
            STMT("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                 "\"arn:aws:iam::111122223333:group/devs\"},\"Action\":\"*\","
                 "\"Resource\":\"*\"}"),
            "INVALID_PRINCIPAL", "/Statement/0/Principal/AWS"},
        BadCase{"partial wildcard principal", PolicyKind::kResource,
                STMT("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                     "\"arn:aws:iam::111122223333:role/*\"},\"Action\":\"*\","
                     "\"Resource\":\"*\"}"),
                "INVALID_PRINCIPAL", "/Statement/0/Principal/AWS"},
        BadCase{"action without service", PolicyKind::kIdentity,
                STMT("{\"Effect\":\"Allow\",\"Action\":\"GetObject\","
                     "\"Resource\":\"*\"}"),
                "INVALID_ACTION", "/Statement/0/Action"},
        BadCase{"nul in string", PolicyKind::kIdentity,
                STMT("{\"Sid\":\"a\\u0000b\",\"Effect\":\"Allow\",\"Action\":"
                     "\"*\",\"Resource\":\"*\"}"),
                "JSON_SYNTAX", "/Statement/0/Sid"}));

TEST(Parser, ReportsAllProblemsAtOnce) {
  ParseResult r = ParsePolicy(
      STMT("{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
           "{\"Effect\":\"Allow\",\"Action\":\"x\",\"Resource\":\"*\"}"),
      PolicyKind::kIdentity);
  int errors = 0;
  for (const Issue& i : r.issues) errors += i.severity == Severity::kError;
  EXPECT_EQ(errors, 2);
}

TEST(Parser, LineAndColumnPointAtTheValue) {
  ParseResult r = ParsePolicy(
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n"
      "    \"Effect\": \"Alow\",\n    \"Action\": \"*\",\n"
      "    \"Resource\": \"*\"\n  }\n}",
      PolicyKind::kIdentity);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.issues[0].line, 4);
  EXPECT_EQ(r.issues[0].column, 15);
  EXPECT_EQ(r.issues[0].pointer, "/Statement/Effect");
}

TEST(Parser, AcceptsScalarFormsAndNormalisesValues) {
  ParseResult r = ParsePolicy(
      STMT("{\"Sid\":\"A1\",\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\"],"
           "\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":"
           "{\"s3:max-keys\":10},\"Bool\":{\"aws:SecureTransport\":true}}}"),
      PolicyKind::kIdentity);
  ASSERT_TRUE(r.ok()) << JoinErrors(r.issues);
  ASSERT_EQ(r.policy.statements.size(), 1u);
  const Statement& s = r.policy.statements[0];
  EXPECT_EQ(s.sid, "A1");
  ASSERT_EQ(s.conditions.size(), 2u);
  EXPECT_EQ(s.conditions[0].values[0], "10");
  EXPECT_EQ(s.conditions[1].values[0], "true");
}

TEST(Parser, HardLimitsAreErrorsNotCrashes) {
  std::string deep(100000, '[');
  ParseResult r = ParsePolicy(deep, PolicyKind::kIdentity);
  EXPECT_FALSE(r.ok());
  std::string big(2u << 20, ' ');
  r = ParsePolicy(big, PolicyKind::kIdentity);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.issues[0].code, "DOCUMENT_TOO_LARGE");
  r = ParsePolicy("{\"Statement\":\"\xff\"}", PolicyKind::kIdentity);
  EXPECT_FALSE(r.ok());
}

TEST(Parser, SizeQuotaIsAWarning) {
  std::string actions;
  for (int i = 0; i < 700; ++i) actions += "\"s3:GetObjectVersion\",";
  actions.pop_back();
  ParseResult r = ParsePolicy(
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
      "\"Action\":[" +
          actions + "],\"Resource\":\"*\"}}",
      PolicyKind::kIdentity);
  EXPECT_TRUE(r.ok());
  bool quota = false;
  for (const Issue& i : r.issues) quota |= i.code == "SIZE_QUOTA";
  EXPECT_TRUE(quota);
}

TEST(Parser, RcpFullAwsAccessMayBeWrittenOut) {
  ParseResult r = ParsePolicy(
      STMT("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\","
           "\"Resource\":\"*\"}"),
      PolicyKind::kRcp);
  EXPECT_TRUE(r.ok()) << JoinErrors(r.issues);
}

// A policy cut from a larger file (a test file, a scenario line, an account
// document) is parsed with the position of its first byte there; everything
// it reports is then a position in the file. Columns shift on the first line
// only.
TEST(Parser, BasePositionLocatesInTheEnclosingFile) {
  // In the file, the document starts at line 7, column 21.
  const std::string doc =
      "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allw\",\n"
      "  \"Action\": \"s3:GetObject\", \"Resource\": \"bucket\",\n"
      "  \"Condition\": {\"NumericEquals\": {\"s3:max-keys\": \"ten\"}}}]}";
  ParseOptions options;
  options.base_line = 7;
  options.base_column = 21;
  ParseResult r = ParsePolicy(doc, PolicyKind::kIdentity, options);
  auto find = [&](const std::string& code) -> const Issue* {
    for (const Issue& i : r.issues) {
      if (i.code == code) return &i;
    }
    return nullptr;
  };
  // On the document's first line: line and column move.
  const Issue* effect = find("INVALID_EFFECT");
  ASSERT_NE(effect, nullptr);
  EXPECT_EQ(effect->line, 7);
  EXPECT_EQ(effect->column, 20 + static_cast<int>(doc.find("\"Allw\"")) + 1);
  // On later lines: only the line moves.
  const Issue* resource = find("INVALID_RESOURCE");
  ASSERT_NE(resource, nullptr);
  EXPECT_EQ(resource->line, 8);
  EXPECT_EQ(resource->column, 41);
  const Issue* value = find("INVALID_CONDITION_VALUE");
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->line, 9);
  EXPECT_EQ(value->column, 50);
  EXPECT_EQ(value->pointer, "/Statement/0/Condition/NumericEquals/s3:max-keys");

  // Without a base, the same issues are positions in the text itself.
  ParseResult plain = ParsePolicy(doc, PolicyKind::kIdentity);
  ASSERT_EQ(plain.issues.size(), r.issues.size());
  for (size_t i = 0; i < r.issues.size(); ++i) {
    const Issue& a = plain.issues[i];
    const Issue& b = r.issues[i];
    EXPECT_EQ(b.line, a.line + 6) << b.ToString();
    EXPECT_EQ(b.column, a.line == 1 ? a.column + 20 : a.column) << b.ToString();
  }
}

TEST(Parser, BasePositionAppliesToStatementsValuesAndJsonErrors) {
  ParseOptions options;
  options.base_line = 3;
  options.base_column = 5;
  ParseResult r = ParsePolicy(
      "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\",\n"
      "  \"Resource\": \"*\",\n"
      "  \"Principal\": {\"AWS\": \"111122223333\"}}}",
      PolicyKind::kResource, options);
  ASSERT_TRUE(r.ok()) << JoinErrors(r.issues);
  ASSERT_EQ(r.policy.statements.size(), 1u);
  const Statement& s = r.policy.statements[0];
  EXPECT_EQ(s.line, 3);
  EXPECT_EQ(s.column, 5 + 14);
  ASSERT_EQ(s.resource_positions.size(), 1u);
  EXPECT_EQ(s.resource_positions[0].line, 4);
  EXPECT_EQ(s.resource_positions[0].column, 15);
  ASSERT_EQ(s.principal.entries.size(), 1u);
  EXPECT_EQ(s.principal.entries[0].position.line, 5);
  EXPECT_EQ(s.principal.entries[0].position.column, 24);

  // A syntax error is located in the file too.
  ParseResult bad =
      ParsePolicy("{\"Statement\": [,]}", PolicyKind::kIdentity, options);
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.issues.size(), 1u);
  EXPECT_EQ(bad.issues[0].line, 3);
  EXPECT_EQ(bad.issues[0].column, 5 + 15);
}

}  // namespace
}  // namespace iameval
