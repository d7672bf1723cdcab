// Runs the conformance corpus (tests/conformance/*.json): each case is a
// scenario with an expected decision (or an expected error) and the AWS
// documentation page of the rule it pins. See tests/conformance/README.md.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "iameval/evaluate.h"
#include "iameval/scenario.h"
#include "json/json_reader.h"
#include "json/json_writer.h"

namespace iameval {
namespace {

struct Case {
  std::string file;
  std::string id;
  std::string json;  // the case object, as scenario JSON
  std::string doc;
  std::string reason;  // optional expectReason: ReasonName of the decision
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.file << ":" << c.id; }

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(IAMEVAL_CONFORMANCE_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::string text = ReadFile(path);
    json::JsonValue root;
    Issue error;
    json::ReadOptions options;
    if (!json::ReadJson(text, options, &root, &error)) {
      ADD_FAILURE() << path << ": " << error.ToString();
      continue;
    }
    const json::JsonValue* list = root.Find("cases");
    if (list == nullptr || !list->is_array()) {
      ADD_FAILURE() << path << ": no cases array";
      continue;
    }
    for (const json::JsonValue& c : list->items) {
      Case k;
      k.file = path.filename().string();
      if (const auto* id = c.Find("id")) k.id = id->text;
      if (const auto* doc = c.Find("doc")) k.doc = doc->text;
      if (const auto* r = c.Find("expectReason")) k.reason = r->text;
      k.json = json::ToJson(c);
      cases.push_back(std::move(k));
    }
  }
  return cases;
}

const std::vector<Case>& AllCases() {
  static const auto* const kCases = new std::vector<Case>(LoadCases());
  return *kCases;
}

class ConformanceTest : public ::testing::TestWithParam<Case> {};

TEST_P(ConformanceTest, MatchesExpectation) {
  const Case& c = GetParam();
  ASSERT_TRUE(absl::StartsWith(c.doc, "https://docs.aws.amazon.com/"))
      << c.id << ": every case cites the AWS page of its rule";
  ParsedScenario parsed = ParseScenario(c.json);
  if (!parsed.expect_error.empty()) {
    ASSERT_FALSE(parsed.status.ok())
        << c.id << ": expected an error containing \"" << parsed.expect_error
        << "\" but the scenario parsed";
    // Case-insensitive, as tests/conformance/README.md documents.
    EXPECT_TRUE(
        absl::StrContains(absl::AsciiStrToLower(parsed.status.message()),
                          absl::AsciiStrToLower(parsed.expect_error)))
        << c.id << ": error was: " << parsed.status.message();
    return;
  }
  ASSERT_TRUE(parsed.status.ok()) << c.id << ": " << parsed.status.message();
  const Scenario& s = parsed.scenario;
  ASSERT_TRUE(s.expect.has_value()) << c.id << ": no expect";
  Trace trace;
  Decision d = Evaluate(s.bundle, s.request, &trace);
  EXPECT_EQ(OutcomeName(d.outcome), std::string(OutcomeName(*s.expect)))
      << c.file << " " << c.id << " (layer " << LayerName(d.layer) << ", "
      << ReasonText(d.reason) << ")";
  // The fast path and the traced path agree.
  Decision fast = Evaluate(s.bundle, s.request);
  EXPECT_EQ(fast.outcome, d.outcome) << c.id;
  if (!s.expect_layer.empty()) {
    EXPECT_EQ(LayerName(d.layer), s.expect_layer) << c.file << " " << c.id;
  }
  if (!c.reason.empty()) {
    EXPECT_EQ(ReasonName(d.reason), c.reason) << c.file << " " << c.id;
    EXPECT_EQ(ReasonName(fast.reason), c.reason) << c.id << " (fast path)";
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, ConformanceTest,
                         ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.id;
                           for (char& ch : name) {
                             if (!isalnum(static_cast<unsigned char>(ch)))
                               ch = '_';
                           }
                           return name.empty()
                                      ? "case" + std::to_string(info.index)
                                      : name;
                         });

TEST(ConformanceCorpus, HasEnoughCasesWithUniqueIds) {
  std::set<std::string> ids;
  for (const Case& c : AllCases()) {
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
  }
  EXPECT_GE(AllCases().size(), 350u);
}

}  // namespace
}  // namespace iameval
