// simulator/flags.h: typed flags are checked once, with the command's own
// message, and --help still wins over a bad value.
#include "flags.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval::cli {
namespace {

constexpr const char* kFormats[] = {"text", "json"};
constexpr FlagSpec kSpecs[] = {
    BoolFlag("help"),
    StringsFlag("identity"),
    IntFlag("jobs", 0, 1024,
            "--jobs must be a number from 0 to 1024, not \"$0\""),
    EnumFlag("format", kFormats, "--format must be text or json, not \"$0\""),
};

absl::StatusOr<ParsedFlags> Parse(std::vector<std::string> args) {
  return ParseFlags(args, kSpecs);
}

TEST(FlagsTest, TypedValuesParseOnce) {
  absl::StatusOr<ParsedFlags> f =
      Parse({"--jobs=8", "--format", "json", "--identity", "a", "--identity",
             "b", "x"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetInt("jobs", 1), 8);
  EXPECT_EQ(f->Get("format", "text"), "json");
  EXPECT_THAT(f->All("identity"), testing::ElementsAre("a", "b"));
  EXPECT_THAT(f->positional(), testing::ElementsAre("x"));
  absl::StatusOr<ParsedFlags> none = Parse({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->GetInt("jobs", 1), 1);
}

TEST(FlagsTest, BadValuesGiveTheSpecMessage) {
  EXPECT_EQ(Parse({"--jobs", "many"}).status().message(),
            "--jobs must be a number from 0 to 1024, not \"many\"");
  EXPECT_EQ(Parse({"--jobs", "1025"}).status().message(),
            "--jobs must be a number from 0 to 1024, not \"1025\"");
  EXPECT_EQ(Parse({"--jobs=-1"}).status().message(),
            "--jobs must be a number from 0 to 1024, not \"-1\"");
  EXPECT_EQ(Parse({"--format", "xml"}).status().message(),
            "--format must be text or json, not \"xml\"");
}

TEST(FlagsTest, SyntaxErrorsWinOverValuesAndHelpWinsOverValues) {
  EXPECT_EQ(Parse({"--jobs", "many", "--nope"}).status().message(),
            "unknown flag --nope");
  absl::StatusOr<ParsedFlags> f = Parse({"--jobs", "many", "--help"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(f->Has("help"));
}

}  // namespace
}  // namespace iameval::cli
