// Catalog over the real vendored Service Authorization Reference
// (third_party/iam-data) and the AWS managed-policy corpus.
#include "iameval/catalog.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/wildcard.h"
#include "json/json_reader.h"
#include "testing/status_matchers.h"

namespace iameval {

using internal::AsciiLower;
namespace {

using ::iameval::testing::StatusIs;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::string DataFile() {
  return std::string(IAMEVAL_SOURCE_DIR) +
         "/third_party/iam-data/service_reference.json";
}

const Catalog& TheCatalog() {
  static const std::shared_ptr<const Catalog>* catalog = [] {
    auto c = Catalog::LoadFromFile(DataFile());
    if (!c.ok()) {
      ADD_FAILURE() << c.status();
      std::abort();
    }
    return new std::shared_ptr<const Catalog>(*std::move(c));
  }();
  return **catalog;
}

std::vector<std::string> Names(const std::vector<const ActionInfo*>& actions) {
  std::vector<std::string> out;
  for (const ActionInfo* a : actions) out.push_back(a->full_name);
  return out;
}

// --- loading --------------------------------------------------------------

double ProcessCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

TEST(CatalogLoad, LoadsTheVendoredFileQuickly) {
  // Timing is printed, not asserted: the machine is shared and noisy. The
  // process CPU time (both loading threads) is printed too: it is less
  // disturbed by other jobs than the wall time.
  std::vector<std::string> runs;
  std::shared_ptr<const Catalog> catalog;
  double best_wall = 1e9, best_cpu = 1e9;
  for (int i = 0; i < 3; ++i) {
    const double cpu_start = ProcessCpuMs();
    auto start = std::chrono::steady_clock::now();
    auto c = Catalog::LoadFromFile(DataFile());
    auto end = std::chrono::steady_clock::now();
    const double cpu = ProcessCpuMs() - cpu_start;
    ASSERT_TRUE(c.ok()) << c.status();
    catalog = *std::move(c);
    const double wall =
        std::chrono::duration<double, std::milli>(end - start).count();
    best_wall = std::min(best_wall, wall);
    best_cpu = std::min(best_cpu, cpu);
    runs.push_back(absl::StrFormat("%.1f ms (cpu %.1f ms)", wall, cpu));
  }
  std::printf("[ catalog ] LoadFromFile: %s\n",
              absl::StrJoin(runs, ", ").c_str());
  RecordProperty("load_wall_ms_min", absl::StrFormat("%.1f", best_wall));
  RecordProperty("load_cpu_ms_min", absl::StrFormat("%.1f", best_cpu));
  // The counts third_party/iam-data/VERSION states.
  EXPECT_EQ(catalog->version(), "0.21.202609261");
  EXPECT_EQ(catalog->services().size(), 456u);
  EXPECT_EQ(catalog->action_count(), 22091u);
  EXPECT_EQ(catalog->resource_type_count(), 2334u);
  EXPECT_EQ(catalog->global_condition_keys().size(), 59u);
  size_t keys = 0;
  for (const ServiceInfo& s : catalog->services())
    keys += s.condition_keys.size();
  EXPECT_EQ(keys, 2578u);
}

std::string ReadDataFile() {
  std::ifstream in(DataFile(), std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

TEST(CatalogLoad, AnyLayoutGivesTheSameCatalog) {
  // Without the one-service-per-line layout the general path reads the
  // whole document at once.
  std::string text = ReadDataFile();
  ASSERT_FALSE(text.empty());
  std::replace(text.begin(), text.end(), '\n', ' ');
  auto c = Catalog::LoadFromString(text);
  ASSERT_TRUE(c.ok()) << c.status();
  const Catalog& by_line = TheCatalog();
  EXPECT_EQ((*c)->action_count(), by_line.action_count());
  EXPECT_EQ((*c)->resource_type_count(), by_line.resource_type_count());
  EXPECT_EQ(Names((*c)->Expand("*:Describe*")),
            Names(by_line.Expand("*:Describe*")));
  EXPECT_EQ((*c)->ConditionKeyType("aws:RequestTag/x"), "String");
}

TEST(CatalogLoad, ErrorsInAServiceLineNameTheLine) {
  std::string text = ReadDataFile();
  // Break the s3 line (line 1 is the version, 2 the global keys, 3
  // "services":[, then one service per line).
  const size_t s3 = text.find("\n{\"prefix\":\"s3\",");
  ASSERT_NE(s3, std::string::npos);
  const int line =
      static_cast<int>(std::count(text.begin(), text.begin() + s3, '\n')) + 2;
  text.insert(text.find("\"actions\":", s3), "\"broken\" ");
  EXPECT_THAT(
      Catalog::LoadFromString(text),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(absl::StrCat("/services/", line - 4, "/broken (line ",
                                      line, ", column "))));
  // A shape error in a later service names its pointer.
  text = ReadDataFile();
  const size_t access =
      text.find("\"access\":\"Read\"", text.find("\n{\"prefix\":\"sqs\","));
  ASSERT_NE(access, std::string::npos);
  text.replace(access, 15, "\"access\":\"Peek\"");
  EXPECT_THAT(
      Catalog::LoadFromString(text),
      StatusIs(absl::StatusCode::kInvalidArgument,
               ::testing::AllOf(HasSubstr("/actions/"),
                                HasSubstr("unknown access level \"Peek\""))));
}

TEST(CatalogLoad, DefaultFindsTheVendoredData) {
  auto c = Catalog::Default();
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ((*c)->action_count(), 22091u);
  // Shared: the same object every time.
  EXPECT_EQ(Catalog::Default()->get(), c->get());
}

TEST(CatalogLoad, EnvironmentOverridesTheDataDir) {
  const char* old = std::getenv("IAMEVAL_DATA_DIR");
  std::string saved = old ? old : "";
  setenv("IAMEVAL_DATA_DIR", "/nonexistent/iameval-data", 1);
  EXPECT_EQ(Catalog::DefaultDataDir(), "/nonexistent/iameval-data");
  setenv("IAMEVAL_DATA_DIR", "", 1);
  EXPECT_NE(Catalog::DefaultDataDir(), "");
  EXPECT_NE(Catalog::DefaultDataDir(), "/nonexistent/iameval-data");
  if (old) {
    setenv("IAMEVAL_DATA_DIR", saved.c_str(), 1);
  } else {
    unsetenv("IAMEVAL_DATA_DIR");
  }
}

TEST(CatalogLoad, MissingFileIsNotFound) {
  EXPECT_THAT(
      Catalog::LoadFromFile("/nonexistent/service_reference.json"),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("IAMEVAL_DATA_DIR")));
}

struct BadInputCase {
  const char* name;
  const char* json;
  const char* message;
};

class CatalogBadInput : public ::testing::TestWithParam<BadInputCase> {};

TEST_P(CatalogBadInput, IsRejectedWithAPointer) {
  const BadInputCase& c = GetParam();
  EXPECT_THAT(
      Catalog::LoadFromString(c.json),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
}

INSTANTIATE_TEST_SUITE_P(
    Table, CatalogBadInput,
    ::testing::Values(
        BadInputCase{.name = "NotJson", .json = "{", .message = "JSON"},
        BadInputCase{
            .name = "NotObject", .json = "[]", .message = "expected an object"},
        BadInputCase{.name = "NoServices",
                     .json = R"({"version":"1","globalConditionKeys":[]})",
                     .message = "missing \"services\""},
        BadInputCase{
            .name = "BadAccess",
            .json = R"({"version":"1","globalConditionKeys":[],"services":[
              {"prefix":"x","name":"X","actions":[{"name":"A","access":"Mutate",
               "resources":[],"conditionKeys":[]}],"resourceTypes":[],
               "conditionKeys":[]}]})",
            .message = "/services/0/actions/0/access: unknown access level"},
        BadInputCase{
            .name = "DanglingResourceType",
            .json = R"({"version":"1","globalConditionKeys":[],"services":[
              {"prefix":"x","name":"X","actions":[{"name":"A","access":"Read",
               "resources":[{"type":"nope","required":true}],
               "conditionKeys":[]}],"resourceTypes":[],"conditionKeys":[]}]})",
            .message = "/services/0/actions/0/resources/0: unknown resource "
                       "type \"nope\""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CatalogLoad, TinyCatalogFromString) {
  auto c = Catalog::LoadFromString(R"({"version":"t",
    "globalConditionKeys":[{"name":"aws:SourceIp","type":"IPAddress"}],
    "services":[{"prefix":"demo","name":"Demo","actions":[
      {"name":"GetThing","access":"Read","resources":[{"type":"thing","required":true}],
       "conditionKeys":["demo:Color"]}],
     "resourceTypes":[{"name":"thing","arns":["arn:${Partition}:demo:${Region}:${Account}:thing/${ThingId}"],
       "conditionKeys":[]}],
     "conditionKeys":[{"name":"demo:Color","type":"String"}]}]})");
  ASSERT_TRUE(c.ok()) << c.status();
  const ActionInfo* a = (*c)->FindAction("DEMO:getthing");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->full_name, "demo:GetThing");
  EXPECT_EQ(a->service->name, "Demo");
  const ResourceTypeInfo* t = (*c)->ResolveResourceType(
      *a, "arn:aws:demo:eu-west-1:111122223333:thing/t1");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name, "thing");
  EXPECT_EQ((*c)->ConditionKeyType("demo:color"), "String");
  EXPECT_EQ((*c)->ConditionKeyType("aws:sourceip"), "IPAddress");
}

TEST(CatalogLoad, HostileArnsResolveInPolynomialTime) {
  // Four placeholders in one colon-free run: a backtracking matcher without
  // memory would try ~C(3000, 4) splits before failing.
  auto c = Catalog::LoadFromString(R"({"version":"t","globalConditionKeys":[],
    "services":[{"prefix":"demo","name":"Demo","actions":[
      {"name":"Get","access":"Read","resources":[{"type":"deep","required":true}]}],
     "resourceTypes":[{"name":"deep","arns":["arn:${Partition}:demo:${Region}:${Account}:x/${A}/${B}/${C}/${D}/end"]}],
     "conditionKeys":[]}]})");
  ASSERT_TRUE(c.ok()) << c.status();
  const ActionInfo* a = (*c)->FindAction("demo:Get");
  ASSERT_NE(a, nullptr);
  std::string body;
  for (int i = 0; i < 3000; ++i) body += "a/";
  const std::string prefix = "arn:aws:demo:r:111122223333:x/";
  EXPECT_EQ((*c)->ResolveResourceType(*a, prefix + body + "nope"), nullptr);
  // Every literal occurs, so only the search itself can say no.
  EXPECT_EQ((*c)->ResolveResourceType(*a, prefix + body + "end/zz"), nullptr);
  EXPECT_NE((*c)->ResolveResourceType(*a, prefix + body + "end"), nullptr);
  EXPECT_NE((*c)->ResolveResourceType(*a, prefix + "1/2/3/4/end"), nullptr);
  EXPECT_EQ((*c)->ResolveResourceType(*a, prefix + "1/2/3/end"), nullptr);
}

// --- actions --------------------------------------------------------------

struct ActionCase {
  const char* name;
  AccessLevel access;
  std::vector<std::string> types;
};

class CatalogActions : public ::testing::TestWithParam<ActionCase> {};

TEST_P(CatalogActions, FindsActionCaseInsensitively) {
  const ActionCase& c = GetParam();
  const Catalog& catalog = TheCatalog();
  for (const std::string& spelling : {std::string(c.name), AsciiLower(c.name),
                                      absl::AsciiStrToUpper(c.name)}) {
    const ActionInfo* a = catalog.FindAction(spelling);
    ASSERT_NE(a, nullptr) << spelling;
    EXPECT_EQ(a->full_name, c.name);
    EXPECT_EQ(a->access, c.access) << AccessLevelName(a->access);
  }
  std::vector<std::string> types;
  for (const ResourceTypeInfo* t : catalog.ResourceTypesFor(c.name)) {
    types.push_back(t->name);
  }
  EXPECT_THAT(types, ElementsAreArray(c.types));
}

INSTANTIATE_TEST_SUITE_P(
    Table, CatalogActions,
    ::testing::Values(
        ActionCase{"s3:GetObject",
                   AccessLevel::kRead,
                   {"accesspointobject", "object"}},
        ActionCase{
            "s3:ListBucket", AccessLevel::kList, {"accesspoint", "bucket"}},
        ActionCase{"s3:ListAllMyBuckets", AccessLevel::kList, {}},
        ActionCase{"s3:PutBucketPolicy",
                   AccessLevel::kPermissionsManagement,
                   {"bucket"}},
        ActionCase{"s3:PutObjectTagging",
                   AccessLevel::kTagging,
                   {"accesspointobject", "object"}},
        ActionCase{"iam:PassRole", AccessLevel::kWrite, {"role"}},
        ActionCase{"dynamodb:Query", AccessLevel::kRead, {"index", "table"}},
        ActionCase{"sts:AssumeRole", AccessLevel::kWrite, {"role"}}));

TEST(CatalogActions, UnknownNamesAreNull) {
  const Catalog& catalog = TheCatalog();
  EXPECT_EQ(catalog.FindAction("s3:GetObjects"), nullptr);
  EXPECT_EQ(catalog.FindAction("s3"), nullptr);
  EXPECT_EQ(catalog.FindAction("nosuchservice:GetObject"), nullptr);
  EXPECT_EQ(catalog.FindAction(""), nullptr);
  EXPECT_TRUE(catalog.ResourceTypesFor("s3:Nope").empty());
  EXPECT_NE(catalog.FindService("S3"), nullptr);
  EXPECT_EQ(catalog.FindService("s4"), nullptr);
}

// --- expansion (hand-checked against the reference) ------------------------

struct ExpandCase {
  const char* pattern;
  std::vector<std::string> expected;
};

class CatalogExpand : public ::testing::TestWithParam<ExpandCase> {};

TEST_P(CatalogExpand, MatchesTheHandCheckedList) {
  EXPECT_THAT(Names(TheCatalog().Expand(GetParam().pattern)),
              ElementsAreArray(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Table, CatalogExpand,
    ::testing::Values(ExpandCase{"s3:GetObjectVersion*",
                                 {"s3:GetObjectVersion",
                                  "s3:GetObjectVersionAcl",
                                  "s3:GetObjectVersionAnnotation",
                                  "s3:GetObjectVersionAnnotationForReplication",
                                  "s3:GetObjectVersionAttributes",
                                  "s3:GetObjectVersionForReplication",
                                  "s3:GetObjectVersionTagging",
                                  "s3:GetObjectVersionTorrent"}},
                      ExpandCase{"iam:*AccessKey*",
                                 {"iam:CreateAccessKey", "iam:DeleteAccessKey",
                                  "iam:GetAccessKeyLastUsed",
                                  "iam:ListAccessKeys", "iam:UpdateAccessKey"}},
                      ExpandCase{"sts:AssumeRole*",
                                 {"sts:AssumeRole", "sts:AssumeRoleWithSAML",
                                  "sts:AssumeRoleWithWebIdentity"}},
                      ExpandCase{"STS:assumerole*",
                                 {"sts:AssumeRole", "sts:AssumeRoleWithSAML",
                                  "sts:AssumeRoleWithWebIdentity"}},
                      ExpandCase{"kms:*Grant*",
                                 {"kms:CreateGrant", "kms:ListGrants",
                                  "kms:ListRetirableGrants", "kms:RetireGrant",
                                  "kms:RevokeGrant"}},
                      ExpandCase{"s3:Get?bject", {"s3:GetObject"}},
                      ExpandCase{"s3:GetObject", {"s3:GetObject"}},
                      ExpandCase{"s3:NoSuch*", {}},
                      ExpandCase{"nosuchservice:*", {}},
                      ExpandCase{"GetObject", {}}));

TEST(CatalogExpand, ServiceWildcardsAndEverything) {
  const Catalog& catalog = TheCatalog();
  EXPECT_EQ(catalog.Expand("*").size(), catalog.action_count());
  EXPECT_EQ(catalog.Expand("*:*").size(), catalog.action_count());
  // Counted with a regular expression over the JSON file.
  EXPECT_EQ(catalog.Expand("*:Describe*").size(), 1924u);
  const ServiceInfo* s3 = catalog.FindService("s3");
  ASSERT_NE(s3, nullptr);
  EXPECT_EQ(catalog.Expand("s3:*").size(), s3->actions.size());
  for (const ActionInfo* a : catalog.Expand("*:Describe*")) {
    ASSERT_TRUE(absl::StartsWithIgnoreCase(a->name, "Describe"))
        << a->full_name;
  }
}

TEST(CatalogExpand, NotActionIsTheComplement) {
  const Catalog& catalog = TheCatalog();
  const std::vector<std::string> none = {"*"};
  EXPECT_TRUE(catalog.ExpandNot(none).empty());
  const std::vector<std::string> not_iam = {"iam:*", "sts:AssumeRole*"};
  std::vector<const ActionInfo*> rest = catalog.ExpandNot(not_iam);
  EXPECT_EQ(rest.size(), catalog.action_count() -
                             catalog.FindService("iam")->actions.size() - 3);
  for (const ActionInfo* a : rest) {
    ASSERT_NE(a->service->prefix, "iam");
    ASSERT_FALSE(absl::StartsWith(a->full_name, "sts:AssumeRole"));
  }
  EXPECT_NE(std::find(rest.begin(), rest.end(),
                      catalog.FindAction("sts:GetCallerIdentity")),
            rest.end());
}

// --- ARN -> resource type ---------------------------------------------------

struct ResolveCase {
  const char* action;
  const char* arn;
  const char* type;  // "" = none
};

class CatalogResolve : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(CatalogResolve, PicksTheRightType) {
  const ResolveCase& c = GetParam();
  const Catalog& catalog = TheCatalog();
  const ActionInfo* a = catalog.FindAction(c.action);
  ASSERT_NE(a, nullptr) << c.action;
  const ResourceTypeInfo* t = catalog.ResolveResourceType(*a, c.arn);
  EXPECT_EQ(t == nullptr ? "" : t->name, std::string(c.type))
      << c.action << " " << c.arn;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CatalogResolve,
    ::testing::Values(
        // The tail placeholder spans '/' and ':' (object keys).
        ResolveCase{"s3:GetObject", "arn:aws:s3:::bucket/a/b/c.txt", "object"},
        ResolveCase{"s3:GetObject", "arn:aws:s3:::bucket/k:with:colons",
                    "object"},
        ResolveCase{"s3:GetObject", "arn:aws:s3:::bucket", ""},
        // ... but not into a sub-resource the catalog defines.
        ResolveCase{"s3:ListBucket", "arn:aws:s3:::bucket", "bucket"},
        ResolveCase{"s3:ListBucket", "arn:aws:s3:::bucket/key", ""},
        ResolveCase{"s3:ListBucket",
                    "arn:aws:s3:us-east-1:111122223333:accesspoint/ap1",
                    "accesspoint"},
        ResolveCase{
            "s3:GetObject",
            "arn:aws:s3:us-east-1:111122223333:accesspoint/ap1/object/k/x",
            "accesspointobject"},
        ResolveCase{"dynamodb:Query",
                    "arn:aws:dynamodb:us-east-1:111122223333:table/T/index/I",
                    "index"},
        ResolveCase{"dynamodb:Query",
                    "arn:aws:dynamodb:us-east-1:111122223333:table/T", "table"},
        ResolveCase{"dynamodb:GetItem",
                    "arn:aws:dynamodb:us-east-1:111122223333:table/T/index/I",
                    ""},
        ResolveCase{
            "logs:CreateLogGroup",
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn",
            "log-group"},
        // Log group ARNs as AWS reports them end in ":*".
        ResolveCase{
            "logs:CreateLogGroup",
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:*",
            "log-group"},
        ResolveCase{"logs:PutLogEvents",
                    "arn:aws:logs:us-east-1:111122223333:log-group:/aws/x:"
                    "log-stream:2024/01/01/[$LATEST]abc",
                    "log-stream"},
        ResolveCase{"logs:CreateLogGroup",
                    "arn:aws:logs:us-east-1:111122223333:log-group:g:"
                    "log-stream:s",
                    ""},
        // Paths in IAM names.
        ResolveCase{"iam:PassRole",
                    "arn:aws:iam::111122223333:role/service-role/a/MyRole",
                    "role"},
        ResolveCase{"iam:GetUser", "arn:aws:iam::111122223333:user/div/Bob",
                    "user"},
        ResolveCase{"ssm:GetParameter",
                    "arn:aws:ssm:us-east-1:111122223333:parameter/app/db/pw",
                    "parameter"},
        // Qualifiers (":1", ":PROD") are not sub-resources.
        ResolveCase{"lambda:InvokeFunction",
                    "arn:aws:lambda:us-east-1:111122223333:function:fn",
                    "function"},
        ResolveCase{"lambda:InvokeFunction",
                    "arn:aws:lambda:us-east-1:111122223333:function:fn:PROD",
                    "function"},
        ResolveCase{"sqs:SendMessage",
                    "arn:aws:sqs:us-east-1:111122223333:my-queue", "queue"},
        ResolveCase{"kms:Decrypt",
                    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab",
                    "key"},
        // Inner placeholders are one non-empty segment.
        ResolveCase{"ec2:TerminateInstances",
                    "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
                    "instance"},
        ResolveCase{"ec2:TerminateInstances",
                    "arn:aws:ec2::111122223333:instance/i-0abc", ""},
        ResolveCase{"ec2:TerminateInstances",
                    "arn:aws:ec2:us-east-1:111122223333:instance/", ""},
        ResolveCase{"s3:GetObject", "arn:aws:sqs:us-east-1:111122223333:q", ""},
        ResolveCase{"s3:GetObject", "not an arn", ""}));

TEST(CatalogResolve, AnyTypeReportsTies) {
  const Catalog& catalog = TheCatalog();
  auto names = [&](absl::string_view arn) {
    std::vector<std::string> out;
    for (const ResourceTypeInfo* t : catalog.ResolveResourceTypeAny(arn)) {
      out.push_back(absl::StrCat(t->service->prefix, ":", t->name));
    }
    return out;
  };
  std::vector<std::string> object = names("arn:aws:s3:::bucket/key");
  EXPECT_NE(std::find(object.begin(), object.end(), "s3:object"), object.end())
      << absl::StrJoin(object, ",");
  std::vector<std::string> alias =
      names("arn:aws:lambda:us-east-1:111122223333:function:fn:PROD");
  EXPECT_THAT(alias, ::testing::IsSupersetOf(
                         {"lambda:function alias", "lambda:function version"}));
  EXPECT_TRUE(names("arn:aws:nosuch:us-east-1:1:thing/x").empty());
  EXPECT_TRUE(names("*").empty());
}

// Fills a template's placeholders with sample values.
std::string FillTemplate(absl::string_view arn) {
  std::string out;
  int n = 0;
  for (size_t i = 0; i < arn.size(); ++i) {
    if (arn[i] == '$' && i + 1 < arn.size() && arn[i + 1] == '{') {
      size_t close = arn.find('}', i);
      absl::string_view name = arn.substr(i + 2, close - i - 2);
      if (name == "Partition") {
        out += "aws";
      } else if (name == "Region") {
        out += "us-east-1";
      } else if (name == "Account") {
        out += "111122223333";
      } else {
        absl::StrAppend(&out, "sample", ++n);
      }
      i = close;
    } else if (arn[i] == '*') {
      out += "any";
    } else {
      out.push_back(arn[i]);
    }
  }
  return out;
}

// Templates equal up to placeholder names ("function:${FunctionName}:${Alias}"
// and "...:${Version}") cannot be told apart from an ARN.
std::string Shape(absl::string_view arn) {
  std::string out;
  for (size_t i = 0; i < arn.size(); ++i) {
    if (arn[i] == '$' && i + 1 < arn.size() && arn[i + 1] == '{') {
      i = arn.find('}', i);
      out += "${}";
    } else {
      out.push_back(arn[i]);
    }
  }
  return out;
}

TEST(CatalogResolve, EveryResourceTypeOfTwentyMajorServicesRoundTrips) {
  const Catalog& catalog = TheCatalog();
  const std::vector<std::string> kMajor = {"s3",         "iam",
                                           "sts",        "kms",
                                           "ec2",        "lambda",
                                           "dynamodb",   "sqs",
                                           "sns",        "secretsmanager",
                                           "rds",        "logs",
                                           "cloudwatch", "ecr",
                                           "ecs",        "eks",
                                           "ssm",        "cloudformation",
                                           "events",     "states"};
  // Every action naming each type, to test ResolveResourceType through it.
  std::map<const ResourceTypeInfo*, std::vector<const ActionInfo*>> users;
  for (const ServiceInfo& s : catalog.services()) {
    for (const ActionInfo& a : s.actions) {
      for (const ActionResource& r : a.resources) users[r.type].push_back(&a);
    }
  }
  int checked = 0, via_action = 0, ties = 0;
  std::vector<std::string> tie_examples;
  for (const std::string& prefix : kMajor) {
    const ServiceInfo* s = catalog.FindService(prefix);
    ASSERT_NE(s, nullptr) << prefix;
    for (const ResourceTypeInfo& t : s->resource_types) {
      for (const std::string& tmpl : t.arns) {
        const std::string arn = FillTemplate(tmpl);
        auto same_shape = [&](const ResourceTypeInfo* got) {
          if (got == &t) return true;
          for (const std::string& other : got->arns) {
            if (Shape(other) == Shape(tmpl)) return true;
          }
          return false;
        };
        // Over the whole catalog: `t` or a type of the same shape.
        std::vector<const ResourceTypeInfo*> any =
            catalog.ResolveResourceTypeAny(arn);
        bool found = false;
        for (const ResourceTypeInfo* got : any) {
          EXPECT_TRUE(same_shape(got))
              << prefix << ":" << t.name << " " << arn << " also resolved to "
              << got->service->prefix << ":" << got->name;
          found |= got == &t;
        }
        EXPECT_TRUE(found) << prefix << ":" << t.name << " " << arn;
        if (any.size() > 1 && tie_examples.size() < 6) {
          std::vector<std::string> n;
          for (const ResourceTypeInfo* got : any) {
            n.push_back(absl::StrCat(got->service->prefix, ":", got->name));
          }
          tie_examples.push_back(
              absl::StrCat(arn, " -> ", absl::StrJoin(n, " | ")));
        }
        ties += any.size() > 1;
        // Through each action that names the type.
        for (const ActionInfo* a : users[&t]) {
          const ResourceTypeInfo* got = catalog.ResolveResourceType(*a, arn);
          ASSERT_NE(got, nullptr) << a->full_name << " " << arn;
          EXPECT_TRUE(same_shape(got)) << a->full_name << " " << arn << " -> "
                                       << got->name << ", expected " << t.name;
          ties += got != &t;
          ++via_action;
        }
        ++checked;
      }
    }
  }
  std::printf(
      "[ catalog ] %d templates of 20 services round-trip (%d action "
      "resolutions); %d ties between identical templates, e.g.\n",
      checked, via_action, ties);
  for (const std::string& e : tie_examples) std::printf("    %s\n", e.c_str());
  EXPECT_GT(checked, 250);
}

// --- condition keys ----------------------------------------------------------

struct KeyCase {
  const char* key;
  const char* type;  // "" = unknown
};

class CatalogKeys : public ::testing::TestWithParam<KeyCase> {};

TEST_P(CatalogKeys, HasTheReferenceType) {
  std::optional<std::string> type =
      TheCatalog().ConditionKeyType(GetParam().key);
  EXPECT_EQ(type.value_or(""), GetParam().type) << GetParam().key;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CatalogKeys,
    ::testing::Values(
        KeyCase{"aws:SourceIp", "IPAddress"},
        KeyCase{"AWS:SOURCEIP", "IPAddress"},
        KeyCase{"aws:SecureTransport", "Bool"},
        KeyCase{"aws:MultiFactorAuthAge", "Numeric"},
        KeyCase{"aws:CurrentTime", "Date"},
        KeyCase{"aws:TagKeys", "ArrayOfString"},
        KeyCase{"aws:PrincipalArn", "ARN"},
        // Templated keys: ${TagKey}, <key>, and the package's "tag-key".
        KeyCase{"aws:RequestTag/team", "String"},
        KeyCase{"aws:ResourceTag/aws:cloudformation:stack-name", "String"},
        KeyCase{"aws:PrincipalTag/Department", "String"},
        KeyCase{"s3:ExistingObjectTag/classification", "String"},
        KeyCase{"s3:RequestObjectTag/x", "String"},
        KeyCase{"ec2:ResourceTag/Name", "String"},
        KeyCase{"kms:EncryptionContext:aws:s3:arn", "String"},
        KeyCase{"secretsmanager:ResourceTag/env", "String"},
        KeyCase{"codebuild:secondarySources/src1.location", "String"},
        KeyCase{"token.actions.githubusercontent.com/enterprise:sub", ""},
        KeyCase{"s3:prefix", "String"}, KeyCase{"s3:max-keys", "Numeric"},
        KeyCase{"iam:PassedToService", "String"},
        KeyCase{"sts:ExternalId", "String"}, KeyCase{"saml:aud", "String"},
        KeyCase{"ec2:InstanceType", "String"},
        KeyCase{"identitystore:UserId", "String"},
        // Unknown, or the placeholder left empty.
        KeyCase{"aws:RequestTag/", ""}, KeyCase{"aws:NoSuchKey", ""},
        KeyCase{"s3:NoSuchKey", ""}, KeyCase{"nosuch:key", ""}));

TEST(CatalogKeys, GlobalAndPerActionSupport) {
  const Catalog& catalog = TheCatalog();
  EXPECT_TRUE(catalog.IsGlobalConditionKey("aws:SourceIp"));
  EXPECT_TRUE(catalog.IsGlobalConditionKey("aws:PrincipalTag/team"));
  EXPECT_TRUE(catalog.IsGlobalConditionKey("ec2:SourceInstanceArn"));
  EXPECT_FALSE(catalog.IsGlobalConditionKey("s3:prefix"));
  const ActionInfo* get = catalog.FindAction("s3:GetObject");
  ASSERT_NE(get, nullptr);
  EXPECT_TRUE(
      catalog.ActionSupportsConditionKey(*get, "s3:ExistingObjectTag/a"));
  EXPECT_TRUE(catalog.ActionSupportsConditionKey(*get, "S3:TLSVERSION"));
  EXPECT_FALSE(catalog.ActionSupportsConditionKey(*get, "s3:prefix"));
  const ActionInfo* list = catalog.FindAction("s3:ListBucket");
  ASSERT_NE(list, nullptr);
  EXPECT_TRUE(catalog.ActionSupportsConditionKey(*list, "s3:prefix"));
  // A key listed on the action's row for one resource type.
  const ActionInfo* run = catalog.FindAction("ec2:RunInstances");
  ASSERT_NE(run, nullptr);
  EXPECT_TRUE(catalog.ActionSupportsConditionKey(*run, "ec2:InstanceType"));
  EXPECT_TRUE(catalog.ActionSupportsConditionKey(*run, "aws:RequestTag/Name"));
}

// --- did you mean
// -------------------------------------------------------------

TEST(CatalogNearest, SuggestsCloseSpellings) {
  const Catalog& catalog = TheCatalog();
  EXPECT_EQ(catalog.NearestActions("s3:GetObjects", 1),
            std::vector<std::string>{"s3:GetObject"});
  EXPECT_EQ(catalog.NearestActions("iam:PasRole", 1),
            std::vector<std::string>{"iam:PassRole"});
  EXPECT_EQ(catalog.NearestActions("EC2:describeinstance", 1),
            std::vector<std::string>{"ec2:DescribeInstances"});
  std::vector<std::string> three =
      catalog.NearestActions("s3:PutObjectAcls", 3);
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[0], "s3:PutObjectAcl");
  EXPECT_TRUE(
      catalog.NearestActions("zzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 3).empty());
  EXPECT_TRUE(catalog.NearestActions("s3:GetObject", 0).empty());
  EXPECT_EQ(catalog.NearestServices("lamda", 1),
            std::vector<std::string>{"lambda"});
  EXPECT_EQ(catalog.NearestServices("DynamoBD", 1),
            std::vector<std::string>{"dynamodb"});
  EXPECT_EQ(catalog.NearestConditionKeys("s3:prefixes", 1),
            std::vector<std::string>{"s3:prefix"});
  EXPECT_EQ(catalog.NearestConditionKeys("aws:SourceIP4", 1),
            std::vector<std::string>{"aws:SourceIp"});
}

// --- thread safety
// -------------------------------------------------------------

TEST(CatalogThreads, ConcurrentLookupsAgree) {
  std::shared_ptr<const Catalog> catalog = *Catalog::Default();
  std::vector<std::thread> threads;
  std::vector<int> counts(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 50; ++k) {
        counts[i] += catalog->Expand("s3:Get*").size();
        const ActionInfo* a = catalog->FindAction("s3:GetObject");
        counts[i] +=
            catalog->ResolveResourceType(*a, "arn:aws:s3:::b/k") != nullptr;
        counts[i] += catalog->ConditionKeyType("aws:RequestTag/x").has_value();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int c : counts) EXPECT_EQ(c, counts[0]);
}

// --- the managed-policy corpus
// ---------------------------------------------------

// Every Action/NotAction entry of every vendored AWS managed policy either
// resolves (a known action, or a pattern that expands to at least one) or is
// listed here. The unresolved ones are AWS's own leftovers: retired services
// (deepracer, mobilehub, iot1click, deeplens, deepcomposer, zocalo,
// iotroborunner, ...), prefixes the reference does not publish (builderid,
// datazonecontrol, elastic-inference) and actions AWS policies grant but the
// reference does not list (old budgets API names, cloudhsm classic, new
// payments and securityagent actions). See docs/validation.md.
TEST(CatalogCorpus, EveryManagedPolicyActionResolvesOrIsReported) {
  const Catalog& catalog = TheCatalog();
  std::ifstream in(std::string(IAMEVAL_SOURCE_DIR) +
                   "/third_party/aws-managed-policies/managed_policies.jsonl");
  ASSERT_TRUE(in.good());
  std::set<std::string> distinct, unresolved, unknown_services;
  std::map<std::string, int> by_reason;
  std::string line;
  while (std::getline(in, line)) {
    json::JsonValue root;
    Issue error;
    ASSERT_TRUE(json::ReadJson(line, json::ReadOptions(), &root, &error));
    const json::JsonValue* doc = root.Find("document");
    ASSERT_NE(doc, nullptr);
    const json::JsonValue* st = doc->Find("Statement");
    ASSERT_NE(st, nullptr);
    std::vector<const json::JsonValue*> statements;
    if (st->is_array()) {
      for (const auto& s : st->items) statements.push_back(&s);
    } else {
      statements.push_back(st);
    }
    for (const json::JsonValue* s : statements) {
      for (const char* element : {"Action", "NotAction"}) {
        const json::JsonValue* v = s->Find(element);
        if (v == nullptr) continue;
        std::vector<std::string> names;
        if (v->is_string()) names.push_back(v->text);
        for (const auto& item : v->items) names.push_back(item.text);
        for (const std::string& name : names) {
          if (!distinct.insert(AsciiLower(name)).second) continue;
          if (name == "*") continue;
          const bool wildcard = name.find_first_of("*?") != std::string::npos;
          if (wildcard ? !catalog.Expand(name).empty()
                       : catalog.FindAction(name) != nullptr) {
            continue;
          }
          unresolved.insert(name);
          const std::string prefix = name.substr(0, name.find(':'));
          const bool known = catalog.FindService(prefix) != nullptr;
          if (!known) unknown_services.insert(prefix);
          ++by_reason[!known ? "unknown service"
                             : (wildcard ? "pattern matches nothing"
                                         : "unknown action")];
        }
      }
    }
  }
  std::printf(
      "[ catalog ] %zu distinct action entries in the corpus, %zu "
      "unresolved:\n",
      distinct.size(), unresolved.size());
  for (const auto& [reason, n] : by_reason) {
    std::printf("    %-24s %d\n", reason.c_str(), n);
  }
  std::printf("    unknown service prefixes: %s\n",
              absl::StrJoin(unknown_services, " ").c_str());
  std::printf("    %s\n", absl::StrJoin(unresolved, " ").c_str());
  RecordProperty("unresolved", static_cast<int>(unresolved.size()));
  EXPECT_GT(distinct.size(), 10000u);
  // Small and explained above: a few retired or unpublished prefixes, and
  // under 0.5% of the distinct entries naming actions of known services.
  EXPECT_LE(unknown_services.size(), 15u);
  EXPECT_LT(by_reason["unknown action"] * 200,
            static_cast<int>(distinct.size()));
  EXPECT_EQ(by_reason["pattern matches nothing"], 0);
}

// ResourcePatternMayMatch builds its template tokens at load since issue 13
// (they were built on every call). Its answers over every resource type of
// the real catalog x a set of patterns (fixed ones, and each type's and its
// neighbour's templates with placeholders as text and as `*`) are pinned by
// the digest of the implementation before that change, so a changed answer
// fails here.
TEST(CatalogResourcePatternMayMatch, AnswersUnchangedOnEveryType) {
  const Catalog& catalog = TheCatalog();
  std::vector<const ResourceTypeInfo*> types;
  for (const ServiceInfo& s : catalog.services()) {
    for (const ResourceTypeInfo& t : s.resource_types) types.push_back(&t);
  }
  ASSERT_GT(types.size(), 1000u);
  const std::vector<std::string> fixed = {
      "*",
      "arn:*:*:*:*:*",
      "arn:aws:*:*:*:*",
      "arn:aws:s3:::*",
      "arn:aws:s3:::bucket/*",
      "arn:aws:s3:::b",
      "arn:aws:s3:::?",
      "arn:aws:iam::123456789012:role/*",
      "arn:aws:iam::*:user/${aws:username}",
      "arn:aws:ec2:us-east-1:*:instance/*",
      "arn:aws:ec2:*::image/*",
      "arn:aws:kms:*:*:key/*",
      "arn:aws:lambda:*:*:function:f:1",
      "arn:aws:logs:*:*:log-group:*",
      "arn:aws:sqs:*:*:q",
      "arn:aws:dynamodb:*:*:table/t/index/*",
      "arn:aws:sns:us-east-1:111:t",
      "arn:aws:secretsmanager:*:*:secret:a-??????",
      "bad",
      "arn:aws",
      "arn:aws:s3:::a*b?c/*/d",
      "arn:aws:ec2:*:*:*/*",
      "arn:aws:iam::*:*"};
  auto instantiate = [](absl::string_view arn, absl::string_view with) {
    std::string out;
    for (size_t i = 0; i < arn.size();) {
      if (arn.substr(i, 2) == "${") {
        size_t end = arn.find('}', i);
        if (end == absl::string_view::npos) break;
        absl::StrAppend(&out, with);
        i = end + 1;
      } else {
        out += arn[i++];
      }
    }
    return out;
  };
  uint64_t digest = 1469598103934665603ull;  // FNV-1a over the answers
  int matches = 0;
  for (size_t i = 0; i < types.size(); ++i) {
    std::vector<std::string> patterns = fixed;
    for (size_t k : {i, (i + 1) % types.size()}) {
      for (const std::string& arn : types[k]->arns) {
        patterns.push_back(instantiate(arn, "x"));
        patterns.push_back(instantiate(arn, "*"));
        patterns.push_back(instantiate(arn, "a/b:c"));
      }
    }
    for (const std::string& p : patterns) {
      const bool m = catalog.ResourcePatternMayMatch(*types[i], p);
      matches += m;
      digest = (digest ^ (m ? 1u : 2u)) * 1099511628211ull;
    }
  }
  EXPECT_EQ(matches, 18786);
  EXPECT_EQ(digest, 5830970170512111693ull);
}

}  // namespace
}  // namespace iameval
