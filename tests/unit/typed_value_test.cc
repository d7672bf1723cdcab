#include "iameval/typed_value.h"

#include "gtest/gtest.h"

namespace iameval {
namespace {

int Cmp(const char* a, const char* b) {
  auto x = Decimal::Parse(a);
  auto y = Decimal::Parse(b);
  EXPECT_TRUE(x && y) << a << " " << b;
  return Compare(*x, *y);
}

TEST(Decimal, ComparesExactly) {
  EXPECT_EQ(Cmp("10", "10.0"), 0);
  EXPECT_EQ(Cmp("0.1", "0.10"), 0);
  EXPECT_LT(Cmp("9", "10"), 0);
  EXPECT_LT(Cmp("-5", "3"), 0);
  EXPECT_GT(Cmp("-5", "-6"), 0);
  EXPECT_EQ(Cmp("-0", "0"), 0);
  // Beyond double precision: neighbours stay distinct.
  EXPECT_LT(Cmp("9007199254740993", "9007199254740994"), 0);
  EXPECT_LT(Cmp("1.0000000000000000001", "1.0000000000000000002"), 0);
  EXPECT_FALSE(Decimal::Parse("1e3"));
  EXPECT_FALSE(Decimal::Parse(""));
  EXPECT_FALSE(Decimal::Parse("1."));
  EXPECT_FALSE(Decimal::Parse("abc"));
  EXPECT_FALSE(Decimal::Parse(" 1"));
}

int64_t Micros(const char* s) {
  auto t = Timestamp::Parse(s);
  EXPECT_TRUE(t.has_value()) << s;
  return t ? t->micros : 0;
}

TEST(Timestamp, ParsesW3cProfilesAndEpoch) {
  EXPECT_EQ(Micros("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Micros("2020-01-01T00:00:00Z"), Micros("1577836800"));
  EXPECT_EQ(Micros("2020"), Micros("2020-01-01T00:00:00Z"));
  EXPECT_EQ(Micros("2020-06"), Micros("2020-06-01T00:00:00Z"));
  EXPECT_EQ(Micros("2020-06-15"), Micros("2020-06-15T00:00Z"));
  EXPECT_EQ(Micros("2020-06-15T10:00:00+02:00"),
            Micros("2020-06-15T08:00:00Z"));
  EXPECT_EQ(Micros("2020-06-15T10:00:00.5Z") - Micros("2020-06-15T10:00:00Z"),
            500000);
  bool missing_zone = false;
  ASSERT_TRUE(Timestamp::Parse("2020-06-15T10:00:00", &missing_zone));
  EXPECT_TRUE(missing_zone);
  EXPECT_FALSE(Timestamp::Parse("2020-13-01"));
  EXPECT_FALSE(Timestamp::Parse("2021-02-29"));
  EXPECT_TRUE(Timestamp::Parse("2020-02-29"));
  EXPECT_FALSE(Timestamp::Parse("2020-01-01T25:00:00Z"));
  EXPECT_FALSE(Timestamp::Parse("yesterday"));
  EXPECT_FALSE(Timestamp::Parse("99999999999999999999"));
}

TEST(IpRange, ParsesAndContains) {
  auto range = IpRange::Parse("203.0.113.0/24");
  ASSERT_TRUE(range);
  EXPECT_TRUE(range->Contains(*IpRange::Parse("203.0.113.7")));
  EXPECT_FALSE(range->Contains(*IpRange::Parse("203.0.114.7")));
  auto v6 = IpRange::Parse("2001:db8::/32");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->Contains(*IpRange::Parse("2001:db8:1::5")));
  EXPECT_FALSE(v6->Contains(*IpRange::Parse("2001:db9::5")));
  // IPv4 never lies in an IPv6 range or the reverse (R17), mapped or not.
  EXPECT_FALSE(IpRange::Parse("::/0")->Contains(*IpRange::Parse("1.2.3.4")));
  EXPECT_FALSE(IpRange::Parse("0.0.0.0/0")->Contains(*IpRange::Parse("::1")));
  EXPECT_TRUE(IpRange::Parse("::ffff:0:0/96")
                  ->Contains(*IpRange::Parse("::ffff:1.2.3.4")));
  bool bare = false;
  auto one = IpRange::Parse("2001:db8::1", &bare);
  ASSERT_TRUE(one);
  EXPECT_TRUE(bare);
  EXPECT_EQ(one->prefix, 128);
  EXPECT_EQ(IpRange::Parse("10.0.0.1")->prefix, 32);
  EXPECT_FALSE(IpRange::Parse("10.0.0.256"));
  EXPECT_FALSE(IpRange::Parse("10.0.0.1/33"));
  EXPECT_FALSE(IpRange::Parse("fe80::1%eth0"));
  EXPECT_FALSE(IpRange::Parse("1::2::3"));
  EXPECT_FALSE(IpRange::Parse("abc"));
  EXPECT_FALSE(IpRange::Parse(""));
  EXPECT_FALSE(IpRange::Parse("010.0.0.1"));
}

TEST(Bool, AnyCase) {
  EXPECT_EQ(ParseBool("TRUE"), true);
  EXPECT_EQ(ParseBool("False"), false);
  EXPECT_FALSE(ParseBool("yes"));
  EXPECT_FALSE(ParseBool("1"));
}

TEST(Base64, Decodes) {
  EXPECT_EQ(DecodeBase64("QmluYXJ5"), "Binary");
  EXPECT_EQ(DecodeBase64("YQ=="), "a");
  EXPECT_EQ(DecodeBase64(""), "");
  EXPECT_FALSE(DecodeBase64("YQ="));
  EXPECT_FALSE(DecodeBase64("Y=Q="));
  EXPECT_FALSE(DecodeBase64("!!!!"));
}

}  // namespace
}  // namespace iameval
