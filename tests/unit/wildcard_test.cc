#include "iameval/wildcard.h"

#include <string>

#include "gtest/gtest.h"

namespace iameval {
namespace {

struct GlobCase {
  const char* pattern;
  const char* text;
  bool match;
};

class GlobTest : public ::testing::TestWithParam<GlobCase> {};

TEST_P(GlobTest, Matches) {
  const GlobCase& c = GetParam();
  EXPECT_EQ(Glob::FromPattern(c.pattern).Matches(c.text), c.match)
      << c.pattern << " vs " << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, GlobTest,
    ::testing::Values(
        GlobCase{"*", "", true}, GlobCase{"*", "anything", true},
        GlobCase{"", "", true}, GlobCase{"", "a", false},
        GlobCase{"abc", "abc", true}, GlobCase{"abc", "abd", false},
        GlobCase{"abc", "ab", false}, GlobCase{"a?c", "abc", true},
        GlobCase{"a?c", "ac", false}, GlobCase{"a*c", "ac", true},
        GlobCase{"a*c", "abbbc", true}, GlobCase{"a*c", "abbb", false},
        GlobCase{"*c", "abc", true}, GlobCase{"a*", "a", true},
        GlobCase{"s3:get*", "s3:getobject", true},
        GlobCase{"s3:get*", "s3:putobject", false},
        GlobCase{"*a*b*c*", "xxaxxbxxcxx", true},
        GlobCase{"*a*b*c*", "xxcxxbxxaxx", false},
        GlobCase{"a*b*a", "abba", true}, GlobCase{"a*b*a", "aba", true},
        GlobCase{"a*b*a", "ab", false},
        // Brackets are literal in IAM (no character classes).
        GlobCase{"[ab]", "a", false}, GlobCase{"[ab]", "[ab]", true},
        GlobCase{"??", "ab", true}, GlobCase{"??", "abc", false},
        GlobCase{"*?", "", false}, GlobCase{"*?", "a", true},
        GlobCase{"**a**", "xa", true}));

TEST(GlobTest, LiteralTreatsWildcardsAsText) {
  Glob g = Glob::FromLiteral("a*b");
  EXPECT_TRUE(g.Matches("a*b"));
  EXPECT_FALSE(g.Matches("axxb"));
  EXPECT_TRUE(g.is_literal());
}

TEST(GlobTest, HostilePatternIsFast) {
  // *a*a*a...b against 100 KB of 'a': exponential for a backtracking
  // matcher, linear here.
  std::string pattern;
  for (int i = 0; i < 50; ++i) pattern += "*a";
  pattern += "*b";
  std::string text(100 * 1024, 'a');
  Glob g = Glob::FromPattern(pattern);
  EXPECT_FALSE(g.Matches(text));
  text.back() = 'b';
  EXPECT_TRUE(g.Matches(text));
}

TEST(GlobTest, LongRunsUseTheNfaAndAgree) {
  std::string run(100, 'a');
  Glob g = Glob::FromPattern("*" + run + "b*");
  std::string text(5000, 'a');
  EXPECT_FALSE(g.Matches(text));
  text += "b";
  EXPECT_TRUE(g.Matches(text));
  EXPECT_TRUE(g.Matches("x" + run + "bx"));
}

TEST(GlobTest, NoColonStarsStayInField) {
  std::vector<char> chars = {'a', '*', ':', 'b'};
  std::vector<GlobToken> kinds = {GlobToken::kLiteral, GlobToken::kStarNoColon,
                                  GlobToken::kLiteral, GlobToken::kLiteral};
  Glob g = Glob::FromTokens(chars, kinds);
  EXPECT_TRUE(g.Matches("axx:b"));
  EXPECT_FALSE(g.Matches("ax:x:b"));
}

// A naive exponential reference for short inputs.
bool Reference(const char* p, const char* t) {
  if (*p == 0) return *t == 0;
  if (*p == '*') return Reference(p + 1, t) || (*t != 0 && Reference(p, t + 1));
  if (*t == 0) return false;
  if (*p == '?' || *p == *t) return Reference(p + 1, t + 1);
  return false;
}

TEST(GlobTest, AgreesWithReferenceOnAllSmallInputs) {
  const char alphabet[] = {'a', 'b', '*', '?'};
  const char text_alphabet[] = {'a', 'b'};
  int checked = 0;
  for (int plen = 0; plen <= 5; ++plen) {
    int pcount = 1;
    for (int i = 0; i < plen; ++i) pcount *= 4;
    for (int pi = 0; pi < pcount; ++pi) {
      std::string p;
      int x = pi;
      for (int i = 0; i < plen; ++i) {
        p += alphabet[x % 4];
        x /= 4;
      }
      Glob g = Glob::FromPattern(p);
      for (int tlen = 0; tlen <= 5; ++tlen) {
        for (int ti = 0; ti < (1 << tlen); ++ti) {
          std::string t;
          for (int i = 0; i < tlen; ++i) t += text_alphabet[(ti >> i) & 1];
          ASSERT_EQ(g.Matches(t), Reference(p.c_str(), t.c_str()))
              << "pattern " << p << " text " << t;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 10000);
}

// AsciiLowerInPlace folds eight bytes at a time; it must fold exactly 'A'-'Z'
// and leave every other byte value alone, at every position and length.
TEST(AsciiLower, FoldsOnlyAsciiCapitalsAtEveryPosition) {
  for (int value = 0; value < 256; ++value) {
    for (size_t length = 1; length <= 19; ++length) {
      for (size_t at = 0; at < length; ++at) {
        std::string s(length, 'Q');
        s[at] = static_cast<char>(value);
        std::string want = s;
        for (char& c : want) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        }
        AsciiLowerInPlace(&s);
        ASSERT_EQ(s, want) << "byte " << value << " at " << at << " of "
                           << length;
      }
    }
  }
}

}  // namespace
}  // namespace iameval
