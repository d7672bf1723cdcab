#include "iameval/explain.h"

#include <string>

#include "gtest/gtest.h"

namespace iameval {
namespace {

// The batch writer appends result lines by hand for speed; its bytes must be
// those of the Boost.JSON serializer for every id, including ids that need
// escaping (quotes, backslashes, control characters, non-ASCII, DEL).
TEST(AppendBatchDecisionJson, SameBytesAsBatchResultJson) {
  const std::string ids[] = {"r1",
                             "",
                             "with space",
                             "quote\"inside",
                             "back\\slash",
                             "tab\there",
                             "new\nline",
                             std::string("nul\0byte", 8),
                             "del\x7f",
                             "caf\xc3\xa9",
                             "slash/and~tilde",
                             "{\"json\":1}"};
  const Outcome outcomes[] = {Outcome::kAllowed, Outcome::kExplicitlyDenied,
                              Outcome::kImplicitlyDenied};
  for (const std::string& id : ids) {
    for (Outcome outcome : outcomes) {
      Decision d;
      d.outcome = outcome;
      std::string appended = "previous line\n";
      AppendBatchDecisionJson(id, outcome, &appended);
      EXPECT_EQ(appended, "previous line\n" + BatchResultJson(id, d, nullptr))
          << id;
    }
  }
}

TEST(BatchErrorJson, EscapesTheMessage) {
  EXPECT_EQ(BatchErrorJson("a", "bad \"x\""),
            R"({"id": "a", "error": "bad \"x\""})");
}

}  // namespace
}  // namespace iameval
