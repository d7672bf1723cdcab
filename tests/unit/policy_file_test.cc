// ParsePolicyFile and LoadPolicyFile: the file's name on every issue, and a
// clear status (never an exception or a hang) for what is not a readable
// file.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/compiled_policy.h"
#include "iameval/parser.h"
#include "testing/temp_dir.h"

namespace iameval {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

using PolicyFileTest = ::iameval::testing::TempDirTest;

constexpr char kGood[] = R"({"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";
constexpr char kBad[] = R"({"Version":"2012-10-17","Statement":[
  {"Effect":"allow","Action":"s3:GetObject","Resource":"*"},
  {"Effect":"Allow","Action":"s3:GetObject"}]})";

TEST_F(PolicyFileTest, LoadsAndNamesThePolicyAfterTheFile) {
  const std::string path = Write("good.json", kGood);
  absl::StatusOr<PolicyRef> p = LoadPolicyFile(path, PolicyKind::kIdentity);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ((*p)->id(), path);
  CompileOptions named;
  named.policy_id = "mine";
  p = LoadPolicyFile(path, PolicyKind::kIdentity, named);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ((*p)->id(), "mine");
}

TEST_F(PolicyFileTest, EveryIssueCarriesTheFile) {
  const std::string path = Write("bad.json", kBad);
  ParseResult r = ParsePolicyFile(path, PolicyKind::kIdentity);
  ASSERT_FALSE(r.ok());
  ASSERT_GE(r.issues.size(), 2u);
  for (const Issue& issue : r.issues) {
    EXPECT_EQ(issue.file, path);
    EXPECT_THAT(issue.ToString(), StartsWith(path + ": /Statement/"));
  }
  absl::StatusOr<PolicyRef> p = LoadPolicyFile(path, PolicyKind::kIdentity);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(p.status().message()),
              StartsWith(path + ": /Statement/0/Effect (line 2"));
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr("; " + path + ": /Statement/1"));
}

TEST_F(PolicyFileTest, InMemoryIssuesHaveNoFile) {
  ParseResult r = ParsePolicy(kBad, PolicyKind::kIdentity);
  ASSERT_FALSE(r.issues.empty());
  EXPECT_EQ(r.issues[0].file, "");
  EXPECT_THAT(r.issues[0].ToString(), StartsWith("/Statement/0/Effect"));
}

TEST_F(PolicyFileTest, MissingFile) {
  const std::string path = dir_ + "/none.json";
  ParseResult r = ParsePolicyFile(path, PolicyKind::kIdentity);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].code, "FILE_UNREADABLE");
  EXPECT_EQ(r.issues[0].file, path);
  EXPECT_EQ(r.issues[0].message, "cannot read: No such file or directory");
  absl::StatusOr<PolicyRef> p = LoadPolicyFile(path, PolicyKind::kIdentity);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(p.status().message(),
            path + ": cannot read: No such file or directory");
}

TEST_F(PolicyFileTest, Directory) {
  ParseResult r = ParsePolicyFile(dir_, PolicyKind::kIdentity);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].message, "cannot read: Is a directory");
  absl::StatusOr<PolicyRef> p = LoadPolicyFile(dir_, PolicyKind::kIdentity);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(p.status().message(), dir_ + ": cannot read: Is a directory");
}

TEST_F(PolicyFileTest, FifoWithoutWriterReadsAsEmptyWithoutBlocking) {
  const std::string path = dir_ + "/fifo.json";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  ParseResult r = ParsePolicyFile(path, PolicyKind::kIdentity);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].code, "JSON_SYNTAX");
  EXPECT_EQ(r.issues[0].file, path);
}

TEST_F(PolicyFileTest, LargerThanTheDocumentLimit) {
  const std::string path = Write("big.json", std::string(2000, ' ') + kGood);
  ParseOptions small;
  small.max_document_bytes = 1000;
  ParseResult r = ParsePolicyFile(path, PolicyKind::kIdentity, small);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].code, "DOCUMENT_TOO_LARGE");
  absl::StatusOr<PolicyRef> p =
      LoadPolicyFile(path, PolicyKind::kIdentity, {}, small);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(PolicyFileTest, Unreadable) {
  // Root reads a mode-000 file (CAP_DAC_OVERRIDE), so the case says
  // nothing there; tests/simulator/file_errors.sh covers it with capsh.
  if (geteuid() == 0) GTEST_SKIP() << "running as root: root reads mode 000";
  const std::string path = Write("secret.json", kGood);
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  absl::StatusOr<PolicyRef> p = LoadPolicyFile(path, PolicyKind::kIdentity);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(p.status().message(), path + ": cannot read: Permission denied");
}

}  // namespace
}  // namespace iameval
