#include "iameval/arn.h"

#include <string>

#include "gtest/gtest.h"

namespace iameval {
namespace {

TEST(ArnView, SplitsAtFirstFiveColons) {
  auto arn = ArnView::Parse("arn:aws:sqs:us-east-1:111122223333:queue:extra");
  ASSERT_TRUE(arn.has_value());
  EXPECT_EQ(arn->partition, "aws");
  EXPECT_EQ(arn->service, "sqs");
  EXPECT_EQ(arn->region, "us-east-1");
  EXPECT_EQ(arn->account, "111122223333");
  EXPECT_EQ(arn->resource, "queue:extra");
  EXPECT_FALSE(ArnView::Parse("arn:aws:s3").has_value());
  EXPECT_FALSE(ArnView::Parse("nope:aws:s3:::b").has_value());
  EXPECT_TRUE(ArnView::Parse("arn:aws:s3:::bucket").has_value());
}

struct ResourceCase {
  const char* pattern;
  const char* resource;
  bool match;
};

class ResourcePatternTest : public ::testing::TestWithParam<ResourceCase> {};

// Ruling R7 and the E-RESOURCE examples
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
TEST_P(ResourcePatternTest, Matches) {
  const ResourceCase& c = GetParam();
  std::string error;
  auto glob = CompileResourcePattern(c.pattern, &error);
  ASSERT_TRUE(glob.has_value()) << error;
  EXPECT_EQ(glob->Matches(c.resource), c.match)
      << c.pattern << " vs " << c.resource;
}

INSTANTIATE_TEST_SUITE_P(
    R7, ResourcePatternTest,
    ::testing::Values(
        ResourceCase{"*", "arn:aws:s3:::anything", true},
        ResourceCase{"arn:aws:s3:::B/*/test/*",
                     "arn:aws:s3:::B/1/2/test/3/object.jpg", true},
        ResourceCase{"arn:aws:s3:::B/*/test/*",
                     "arn:aws:s3:::B//test/object.jpg", true},
        ResourceCase{"arn:aws:s3:::B/*/test/*", "arn:aws:s3:::B/1/test/", true},
        ResourceCase{"arn:aws:s3:::B/*/test/*",
                     "arn:aws:s3:::B/test/object.jpg", false},
        ResourceCase{"arn:aws:s3:::B/*/test/*",
                     "arn:aws:s3:::B/1-test/object.jpg", false},
        ResourceCase{"arn:aws:s3:::B/*/test/*", "arn:aws:s3:::B/1/2/test.jpg",
                     false},
        // A field-final star spills over colons.
        ResourceCase{"arn:aws:sqs:*", "arn:aws:sqs:us-east-1:111122223333:q",
                     true},
        ResourceCase{"arn:aws:dynamodb:*:table/prod-*",
                     "arn:aws:dynamodb:us-east-1:111122223333:table/prod-x",
                     true},
        ResourceCase{"arn:aws:dynamodb:*:table/prod-*",
                     "arn:aws:dynamodb:us-east-1:111122223333:table/dev-x",
                     false},
        // A non-final star and `?` stay inside their field.
        ResourceCase{"arn:aws:ec2:us-*-1:111122223333:instance/i-1",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
        ResourceCase{"arn:aws:ec2:u*1:instance/i-1",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-1", false},
        ResourceCase{"arn:aws:ec2:us-east-?:111122223333:instance/i-1",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
        // The resource part is a free glob: `*` crosses ':' and '/'.
        ResourceCase{
            "arn:aws:logs:us-east-1:111122223333:log-group:*",
            "arn:aws:logs:us-east-1:111122223333:log-group:a:log-stream:b",
            true},
        // Case-sensitive.
        ResourceCase{"arn:aws:iam::111122223333:user/Bob",
                     "arn:aws:iam::111122223333:user/bob", false},
        ResourceCase{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true},
        ResourceCase{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", false},
        // "*" request resource is matched only by "*".
        ResourceCase{"arn:aws:s3:::*", "*", false}));

TEST(ResourcePattern, RejectsWhatAwsRejects) {
  std::string error;
  EXPECT_FALSE(CompileResourcePattern("arn:aws:s*:::b", &error).has_value());
  EXPECT_NE(error.find("service"), std::string::npos);
  EXPECT_FALSE(CompileResourcePattern("arn:aws:S3:::b", &error).has_value());
  EXPECT_FALSE(CompileResourcePattern("bucket/*", &error).has_value());
  EXPECT_FALSE(CompileResourcePattern("arn:aws::::b", &error).has_value());
}

TEST(SplitArnComponents, CountsComponents) {
  std::array<absl::string_view, 6> parts;
  EXPECT_EQ(SplitArnComponents("123456789012", &parts), 1);
  EXPECT_EQ(SplitArnComponents("arn:aws:iam::1:user/a:b", &parts), 6);
  EXPECT_EQ(parts[5], "user/a:b");
}

}  // namespace
}  // namespace iameval
