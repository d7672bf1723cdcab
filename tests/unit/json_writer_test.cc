// The JSON writer: layouts, separators, escaping and numbers.
#include "json/json_writer.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "iameval/issue.h"
#include "json/json_reader.h"

namespace iameval::json {
namespace {

std::string Nested(JsonWriter::Layout layout) {
  std::string out;
  JsonWriter w(&out, layout);
  w.BeginObject().Member("a", "x").Key("b").BeginArray().Int(1).Int(-2);
  w.BeginObject().EndObject().BeginArray().EndArray().EndArray();
  w.Key("c").Null().Key("d").Bool(true).Key("e").Bool(false).EndObject();
  EXPECT_TRUE(w.complete());
  return out;
}

TEST(JsonWriterTest, Layouts) {
  EXPECT_EQ(Nested(JsonWriter::Layout::kCompact),
            R"({"a":"x","b":[1,-2,{},[]],"c":null,"d":true,"e":false})");
  EXPECT_EQ(Nested(JsonWriter::Layout::kSpaced),
            R"({"a": "x", "b": [1, -2, {}, []], "c": null, "d": true, )"
            R"("e": false})");
  EXPECT_EQ(Nested(JsonWriter::Layout::kPretty), R"({
  "a": "x",
  "b": [
    1,
    -2,
    {},
    []
  ],
  "c": null,
  "d": true,
  "e": false
})");
}

TEST(JsonWriterTest, BreakPlacesNewLines) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Break(2).Key("rules").BeginArray();
  w.Break(4).BeginObject().Member("id", "A").EndObject();
  w.Break(4).BeginObject().Member("id", "B").EndObject();
  w.Break(2).EndArray().Break(0).EndObject();
  EXPECT_EQ(out,
            "{\n  \"rules\": [\n    {\"id\": \"A\"},\n    {\"id\": "
            "\"B\"}\n  ]\n}");
}

TEST(JsonWriterTest, EscapesLikeRfc8259) {
  EXPECT_EQ(Quote("plain"), "\"plain\"");
  EXPECT_EQ(Quote("q\"b\\s/"), R"("q\"b\\s/")");
  EXPECT_EQ(Quote("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(Quote(std::string("\x00\x01\x1f\x7f", 4)),
            "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(Quote("caf\xc3\xa9 \xe2\x82\xac"), "\"caf\xc3\xa9 \xe2\x82\xac\"");
  // Keys are escaped too.
  std::string out;
  JsonWriter(&out).BeginObject().Key("a\"b").Int(1).EndObject();
  EXPECT_EQ(out, R"({"a\"b": 1})");
}

TEST(JsonWriterTest, EveryControlByteReadsBack) {
  std::string all;
  for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  JsonValue value;
  Issue error;
  ASSERT_TRUE(ReadJson(Quote(all), ReadOptions{}, &value, &error))
      << error.message;
  EXPECT_EQ(value.text, all);
}

TEST(JsonWriterTest, Numbers) {
  std::string out;
  JsonWriter w(&out, JsonWriter::Layout::kCompact);
  w.BeginArray().Int(std::numeric_limits<int64_t>::min());
  w.Uint(std::numeric_limits<uint64_t>::max()).Double(0.5).Double(100);
  w.Double(std::numeric_limits<double>::infinity()).EndArray();
  EXPECT_EQ(out, "[-9223372036854775808,18446744073709551615,0.5,100,null]");
}

TEST(JsonWriterTest, RawIsWrittenAsIs) {
  std::string out;
  JsonWriter(&out).BeginArray().Raw(R"({"x":1})").Int(2).EndArray();
  EXPECT_EQ(out, R"([{"x":1}, 2])");
}

TEST(JsonWriterTest, AppendsAtTopLevel) {
  std::string out = "prefix ";
  JsonWriter(&out).String("v");
  EXPECT_EQ(out, "prefix \"v\"");
}

}  // namespace
}  // namespace iameval::json
