#include "iameval/wildcard.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace iameval {

using internal::AsciiLower;
using internal::AsciiLowerInPlace;
using internal::GlobMatch;
using internal::GlobSpan;
using internal::GlobToken;
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

// --- R18: `?` is one Unicode code point, never one byte --------------------

// UTF-8 spelled out so the byte counts are visible.
constexpr char kE[] = "\xC3\xA9";             // é, U+00E9, 2 bytes
constexpr char kNichi[] = "\xE6\x97\xA5";     // 日, U+65E5, 3 bytes
constexpr char kHon[] = "\xE6\x9C\xAC";       // 本, U+672C, 3 bytes
constexpr char kGrin[] = "\xF0\x9F\x98\x80";  // 😀, U+1F600, 4 bytes

std::string S(std::initializer_list<const char*> parts) {
  std::string out;
  for (const char* p : parts) out += p;
  return out;
}

TEST(GlobUtf8Test, QuestionMarkIsOneCodePointOfTwoThreeOrFourBytes) {
  for (const char* ch : {kE, kNichi, kGrin}) {
    const std::string text = S({"caf", ch, ".txt"});
    EXPECT_TRUE(Glob::FromPattern("caf?.txt").Matches(text)) << text;
    EXPECT_FALSE(Glob::FromPattern("caf??.txt").Matches(text)) << text;
    EXPECT_FALSE(Glob::FromPattern("caf???.txt").Matches(text)) << text;
    EXPECT_FALSE(Glob::FromPattern("caf????.txt").Matches(text)) << text;
    EXPECT_TRUE(Glob::FromPattern("caf*.txt").Matches(text)) << text;
    EXPECT_TRUE(Glob::FromPattern("*?.txt").Matches(text)) << text;
    EXPECT_TRUE(Glob::FromPattern("caf?*").Matches(text)) << text;
    // The character itself as a literal next to wildcards.
    EXPECT_TRUE(Glob::FromPattern(S({"?af", ch, "?txt"})).Matches(text));
    EXPECT_TRUE(Glob::FromPattern(S({"*", ch, "*"})).Matches(text));
  }
}

TEST(GlobUtf8Test, QuestionMarksCountCharacters) {
  const std::string two = S({kNichi, kHon});  // 日本: 2 characters, 6 bytes
  EXPECT_TRUE(Glob::FromPattern("??").Matches(two));
  EXPECT_FALSE(Glob::FromPattern("?").Matches(two));
  EXPECT_FALSE(Glob::FromPattern("???").Matches(two));
  EXPECT_FALSE(Glob::FromPattern("??????").Matches(two));  // the byte count
  EXPECT_TRUE(Glob::FromPattern(S({"?", kHon})).Matches(two));
  EXPECT_TRUE(Glob::FromPattern(S({kNichi, "?"})).Matches(two));
  EXPECT_FALSE(Glob::FromPattern(S({kNichi, "??"})).Matches(two));
  const std::string mixed = S({"a", kE, kGrin, "b"});  // 4 characters
  EXPECT_TRUE(Glob::FromPattern("????").Matches(mixed));
  EXPECT_FALSE(Glob::FromPattern("?????").Matches(mixed));
  EXPECT_TRUE(Glob::FromPattern("a??b").Matches(mixed));
  EXPECT_TRUE(Glob::FromPattern("*??").Matches(mixed));
  EXPECT_TRUE(Glob::FromPattern("*???*").Matches(mixed));
  EXPECT_FALSE(Glob::FromPattern("*?????*").Matches(mixed));
}

TEST(GlobUtf8Test, StarThenQuestionMarkTakesAWholeCharacter) {
  // Bytewise, `*` could take the lead byte and `?` the continuation byte;
  // then "*?" + "\xA9" style patterns would match inside a character.
  EXPECT_TRUE(Glob::FromPattern("*?").Matches(kE));
  EXPECT_FALSE(Glob::FromPattern("*??").Matches(kE));
  EXPECT_TRUE(Glob::FromPattern("*?").Matches(kGrin));
  EXPECT_FALSE(Glob::FromPattern("*??").Matches(kGrin));
  EXPECT_FALSE(Glob::FromPattern("*?\xA9").Matches(kE));
  EXPECT_FALSE(Glob::FromPattern("?*\xA9").Matches(S({"x", kE})));
}

TEST(GlobUtf8Test, InvalidLiteralNeverMatchesPartOfACharacter) {
  // No `?`, but the literal is a lone continuation byte: bytewise "*\xA9"
  // would match the tail of é.
  EXPECT_FALSE(Glob::FromPattern("*\xA9").Matches(kE));
  EXPECT_FALSE(Glob::FromPattern("\xC3*").Matches(kE));
  EXPECT_TRUE(Glob::FromPattern("*\xA9").Matches("x\xA9"));
  // A literal prefix that ends inside a character of the text: the
  // per-character matcher must not start after it.
  EXPECT_FALSE(Glob::FromPattern("\xC3?").Matches(kE));
  EXPECT_FALSE(Glob::FromPattern("\xC3?").Matches(S({kE, "x"})));
  EXPECT_TRUE(Glob::FromPattern("\xC3?").Matches("\xC3x"));
  EXPECT_TRUE(Glob::FromPattern(S({kE, "?"})).Matches(S({kE, kGrin})));
}

TEST(GlobUtf8Test, EachInvalidByteIsOneCharacter) {
  // Stray continuation byte, truncated 3-byte form, overlong '/', a UTF-16
  // surrogate (U+D800) and a lone Latin-1 é: one character per byte.
  EXPECT_TRUE(Glob::FromPattern("caf?").Matches("caf\xE9"));
  EXPECT_TRUE(
      Glob::FromPattern("a?b").Matches("a\x80"
                                       "b"));
  EXPECT_TRUE(
      Glob::FromPattern("a??b").Matches("a\xE6\x97"
                                        "b"));
  EXPECT_FALSE(
      Glob::FromPattern("a?b").Matches("a\xE6\x97"
                                       "b"));
  EXPECT_TRUE(
      Glob::FromPattern("a??b").Matches("a\xC0\xAF"
                                        "b"));
  EXPECT_TRUE(
      Glob::FromPattern("a???b").Matches("a\xED\xA0\x80"
                                         "b"));
  EXPECT_TRUE(
      Glob::FromPattern("a????b").Matches("a\xF5\x80\x80\x80"
                                          "b"));
  // A valid character after an invalid byte is still one character.
  EXPECT_TRUE(Glob::FromPattern("??").Matches(S({"\xFF", kE})));
  EXPECT_FALSE(Glob::FromPattern("???").Matches(S({"\xFF", kE})));
  // A truncated sequence at the very end of the text.
  EXPECT_TRUE(Glob::FromPattern("x??").Matches("x\xF0\x9F"));
}

TEST(GlobUtf8Test, ArnFieldQuestionMarkIsOneCharacterButNeverAColon) {
  // arn:aws:s3:?:... style ARN-field tokens (R7): one character, not ':'.
  std::vector<char> chars = {'a', ':', '?', ':', 'b'};
  std::vector<GlobToken> kinds = {GlobToken::kLiteral, GlobToken::kLiteral,
                                  GlobToken::kAnyOneNoColon,
                                  GlobToken::kLiteral, GlobToken::kLiteral};
  Glob g = Glob::FromTokens(chars, kinds);
  EXPECT_TRUE(g.Matches(S({"a:", kE, ":b"})));
  EXPECT_TRUE(g.Matches(S({"a:", kGrin, ":b"})));
  EXPECT_FALSE(g.Matches(S({"a:", kE, kE, ":b"})));
  EXPECT_FALSE(g.Matches("a:::b"));
  // The same through GlobMatch, the entry point for substituted patterns.
  EXPECT_TRUE(GlobMatch(GlobSpan{chars, kinds}, S({"a:", kNichi, ":b"})));
  EXPECT_FALSE(GlobMatch(GlobSpan{chars, kinds}, S({"a:", kE, "x:b"})));
  // A no-colon star with a `?` after it.
  std::vector<char> c2 = {'*', '?', ':', 'z'};
  std::vector<GlobToken> k2 = {GlobToken::kStarNoColon,
                               GlobToken::kAnyOneNoColon, GlobToken::kLiteral,
                               GlobToken::kLiteral};
  Glob g2 = Glob::FromTokens(c2, k2);
  EXPECT_TRUE(g2.Matches(S({kE, ":z"})));
  EXPECT_TRUE(g2.Matches(S({"ab", kGrin, ":z"})));
  EXPECT_FALSE(g2.Matches(S({"a:", kE, ":z"})));
}

TEST(GlobUtf8Test, GlobMatchAgreesWithGlob) {
  for (const char* p : {"caf?.txt", "caf??.txt", "*?", "*\xA9", "??*??"}) {
    Glob g = Glob::FromPattern(p);
    const GlobSpan span = g.span();
    for (const std::string& t :
         {S({"caf", kE, ".txt"}), S({kGrin}), S({kE}), S({kNichi, kHon}),
          std::string("caff.txt"), std::string("x\xA9")}) {
      if (g.is_literal()) continue;
      EXPECT_EQ(GlobMatch(span, t), g.Matches(t)) << p << " vs " << t;
    }
  }
}

TEST(GlobUtf8Test, LongNonAsciiTextIsLinear) {
  // 50 `*?` pairs and a literal against 200,000 characters of 4-byte text
  // (800 KB): the per-character NFA is O(n·m), so this takes milliseconds.
  std::string pattern;
  for (int i = 0; i < 50; ++i) pattern += "*?";
  pattern += S({"*", kE});
  std::string text;
  for (int i = 0; i < 200000; ++i) text += kGrin;
  Glob g = Glob::FromPattern(pattern);
  EXPECT_FALSE(g.Matches(text));
  text += kE;
  EXPECT_TRUE(g.Matches(text));
  // Exactly n characters for n `?`.
  std::string q(1000, '?');
  std::string thousand;
  for (int i = 0; i < 1000; ++i) thousand += kNichi;
  EXPECT_TRUE(Glob::FromPattern(q).Matches(thousand));
  EXPECT_FALSE(Glob::FromPattern(q + "?").Matches(thousand));
}

// Decodes to characters (code points; an invalid byte becomes 0x110000 + the
// byte) with a decoder written apart from the library's: by bit patterns and
// the decoded value rather than by lead-byte ranges.
std::vector<uint32_t> Decode(const std::string& s) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = (b & 0x80) == 0      ? 1
              : (b & 0xE0) == 0xC0 ? 2
              : (b & 0xF0) == 0xE0 ? 3
              : (b & 0xF8) == 0xF0 ? 4
                                   : 0;
    uint32_t cp = len == 1   ? b
                  : len == 2 ? (b & 0x1F)
                  : len == 3 ? (b & 0x0F)
                             : (b & 0x07);
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && cp >= kMin[len] && cp <= 0x10FFFF &&
         !(cp >= 0xD800 && cp <= 0xDFFF);
    if (ok) {
      out.push_back(cp);
      i += len;
    } else {
      out.push_back(0x110000 + b);
      ++i;
    }
  }
  return out;
}

bool CharReference(const std::vector<uint32_t>& p, size_t i,
                   const std::vector<uint32_t>& t, size_t j) {
  if (i == p.size()) return j == t.size();
  if (p[i] == '*') {
    return CharReference(p, i + 1, t, j) ||
           (j < t.size() && CharReference(p, i, t, j + 1));
  }
  if (j == t.size()) return false;
  if (p[i] == '?' || p[i] == t[j]) return CharReference(p, i + 1, t, j + 1);
  return false;
}

TEST(GlobUtf8Test, AgreesWithCodePointReferenceOnAllSmallInputs) {
  // Pattern atoms and text atoms mixing ASCII, 2/3/4-byte characters and
  // invalid bytes (a lone lead byte, a lone continuation byte).
  const std::vector<std::string> pattern_atoms = {"a",   "*",    "?",   kE,
                                                  kGrin, "\xC3", "\xA9"};
  const std::vector<std::string> text_atoms = {"a",   kE,     kNichi,
                                               kGrin, "\xC3", "\xA9"};
  // Every sequence of up to 3 pattern atoms and up to 3 text atoms.
  auto sequences = [](const std::vector<std::string>& atoms, int max_len) {
    std::vector<std::string> all = {""}, layer = {""};
    for (int len = 1; len <= max_len; ++len) {
      std::vector<std::string> longer;
      for (const std::string& s : layer) {
        for (const std::string& a : atoms) longer.push_back(s + a);
      }
      all.insert(all.end(), longer.begin(), longer.end());
      layer = std::move(longer);
    }
    return all;
  };
  const std::vector<std::string> patterns = sequences(pattern_atoms, 3);
  const std::vector<std::string> texts = sequences(text_atoms, 3);
  int checked = 0;
  for (const std::string& p : patterns) {
    const Glob g = Glob::FromPattern(p);
    const std::vector<uint32_t> pd = Decode(p);
    for (const std::string& t : texts) {
      ASSERT_EQ(g.Matches(t), CharReference(pd, 0, Decode(t), 0))
          << "pattern " << p << " text " << t;
      ++checked;
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
