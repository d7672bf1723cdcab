#include "iameval/internal/name_index.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<uint32_t> Values(const NameIndex& index, absl::string_view name) {
  absl::Span<const uint32_t> s = index.Find(name);
  return std::vector<uint32_t>(s.begin(), s.end());
}

TEST(NameIndex, EmptyIndexFindsNothing) {
  NameIndex index;
  EXPECT_TRUE(index.empty());
  EXPECT_THAT(Values(index, "s3:getobject"), IsEmpty());
  EXPECT_THAT(Values(index, ""), IsEmpty());
  NameIndex::Builder builder;
  EXPECT_TRUE(builder.empty());
  NameIndex built = builder.Build();
  EXPECT_TRUE(built.empty());
  EXPECT_EQ(built.MemoryBytes(), 0u);
  EXPECT_THAT(Values(built, "s3:getobject"), IsEmpty());
}

TEST(NameIndex, FindsEachNameWithItsValues) {
  NameIndex::Builder builder;
  ASSERT_TRUE(builder.Add("s3:getobject", 0));
  ASSERT_TRUE(builder.Add("s3:putobject", 1));
  ASSERT_TRUE(builder.Add("ec2:describeinstances", 1));
  ASSERT_TRUE(builder.Add("s3", 7));  // a service name: no colon
  NameIndex index = builder.Build();
  EXPECT_EQ(index.size(), 4u);
  EXPECT_THAT(Values(index, "s3:getobject"), ElementsAre(0));
  EXPECT_THAT(Values(index, "s3:putobject"), ElementsAre(1));
  EXPECT_THAT(Values(index, "ec2:describeinstances"), ElementsAre(1));
  EXPECT_THAT(Values(index, "s3"), ElementsAre(7));
  // The hash the caller passes is the one Find would compute.
  EXPECT_THAT(index.Find("s3:getobject", NameIndex::Hash("s3:getobject")),
              ElementsAre(0));
}

TEST(NameIndex, AbsentNamesFindNothing) {
  NameIndex::Builder builder;
  ASSERT_TRUE(builder.Add("s3:getobject", 0));
  ASSERT_TRUE(builder.Add("ec2:describeinstances", 1));
  NameIndex index = builder.Build();
  EXPECT_THAT(Values(index, "s3:getobjec"), IsEmpty());
  EXPECT_THAT(Values(index, "s3:getobjectx"), IsEmpty());
  EXPECT_THAT(Values(index, "s4:getobject"), IsEmpty());
  EXPECT_THAT(Values(index, "S3:GetObject"), IsEmpty());  // exact bytes
  EXPECT_THAT(Values(index, "getobject"), IsEmpty());     // suffix alone
  EXPECT_THAT(Values(index, "s3:"), IsEmpty());           // prefix alone
  EXPECT_THAT(Values(index, "s3"), IsEmpty());
  EXPECT_THAT(Values(index, ""), IsEmpty());
  // Same length and suffix, another prefix.
  EXPECT_THAT(Values(index, "s9:getobject"), IsEmpty());
}

TEST(NameIndex, ListsKeepInsertionOrderAndDropRepeats) {
  NameIndex::Builder builder;
  ASSERT_TRUE(builder.Add("s3:getobject", 2));
  ASSERT_TRUE(builder.Add("s3:getobject", 2));  // same statement twice
  ASSERT_TRUE(builder.Add("s3:putobject", 3));
  ASSERT_TRUE(builder.Add("s3:getobject", 5));
  ASSERT_TRUE(builder.Add("s3:getobject", 9));
  ASSERT_TRUE(builder.Add("s3:putobject", 3));
  NameIndex index = builder.Build();
  EXPECT_EQ(index.size(), 2u);
  EXPECT_THAT(Values(index, "s3:getobject"), ElementsAre(2, 5, 9));
  EXPECT_THAT(Values(index, "s3:putobject"), ElementsAre(3));
}

TEST(NameIndex, EmptyNameAndEmptySuffix) {
  NameIndex::Builder builder;
  ASSERT_TRUE(builder.Add("", 1));
  ASSERT_TRUE(builder.Add("s3:", 2));
  ASSERT_TRUE(builder.Add(":", 3));
  ASSERT_TRUE(builder.Add("a:b:c", 4));  // split after the first colon only
  NameIndex index = builder.Build();
  EXPECT_THAT(Values(index, ""), ElementsAre(1));
  EXPECT_THAT(Values(index, "s3:"), ElementsAre(2));
  EXPECT_THAT(Values(index, ":"), ElementsAre(3));
  EXPECT_THAT(Values(index, "a:b:c"), ElementsAre(4));
  EXPECT_THAT(Values(index, "a:b"), IsEmpty());
}

TEST(NameIndex, LongNames) {
  const std::string longest =
      "svc:" + std::string(NameIndex::kMaxNameSize - 4, 'x');
  const std::string too_long = longest + "x";
  const std::string medium = "svc:" + std::string(300, 'y');
  NameIndex::Builder builder;
  ASSERT_TRUE(builder.Add(longest, 1));
  ASSERT_TRUE(builder.Add(medium, 2));
  EXPECT_FALSE(builder.Add(too_long, 3));
  NameIndex index = builder.Build();
  EXPECT_EQ(index.size(), 2u);
  EXPECT_THAT(Values(index, longest), ElementsAre(1));
  EXPECT_THAT(Values(index, medium), ElementsAre(2));
  EXPECT_THAT(Values(index, too_long), IsEmpty());
  EXPECT_THAT(Values(index, medium.substr(0, 299)), IsEmpty());
}

TEST(NameIndex, RefusesValuesWithTheListBit) {
  NameIndex::Builder builder;
  EXPECT_TRUE(builder.Add("a:b", NameIndex::kMaxValue));
  EXPECT_FALSE(builder.Add("a:c", NameIndex::kMaxValue + 1));
  NameIndex index = builder.Build();
  EXPECT_THAT(Values(index, "a:b"), ElementsAre(NameIndex::kMaxValue));
  EXPECT_THAT(Values(index, "a:c"), IsEmpty());
}

TEST(NameIndex, ManyNamesAndMorePrefixesThanSixteenBits) {
  // 70,000 distinct prefixes overflow the prefix ids; the names past them
  // are stored whole and still found.
  NameIndex::Builder builder;
  constexpr uint32_t kCount = 70000;
  for (uint32_t i = 0; i < kCount; ++i) {
    ASSERT_TRUE(builder.Add("svc" + std::to_string(i) + ":action", i));
    ASSERT_TRUE(builder.Add("svc0:action" + std::to_string(i), i));
  }
  NameIndex index = builder.Build();
  EXPECT_EQ(index.size(), 2 * kCount);
  for (uint32_t i = 0; i < kCount; ++i) {
    const std::string a = "svc" + std::to_string(i) + ":action";
    const std::string b = "svc0:action" + std::to_string(i);
    ASSERT_THAT(Values(index, a), ElementsAre(i)) << a;
    ASSERT_THAT(Values(index, b), ElementsAre(i)) << b;
    ASSERT_THAT(Values(index, a + "x"), IsEmpty());
  }
}

TEST(NameIndex, MovesKeepTheData) {
  NameIndex::Builder builder;
  ASSERT_TRUE(builder.Add("s3:getobject", 4));
  ASSERT_TRUE(builder.Add("s3:getobject", 6));
  NameIndex a = builder.Build();
  EXPECT_TRUE(builder.empty());
  NameIndex b = std::move(a);
  EXPECT_THAT(Values(b, "s3:getobject"), ElementsAre(4, 6));
  EXPECT_GT(b.MemoryBytes(), 0u);
}

}  // namespace
}  // namespace iameval::internal
