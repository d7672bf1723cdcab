// File: tests/testing/status_matchers.h
// -----------------------------------------------------------------------------
// IsOk(), StatusIs() and ASSERT_OK_AND_ASSIGN for gtest: Debian 12's Abseil
// (20220623) has no absl/status/status_matchers.h. Test-only.
#ifndef IAMEVAL_TESTS_TESTING_STATUS_MATCHERS_H_
#define IAMEVAL_TESTS_TESTING_STATUS_MATCHERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s.ToString();
  return s.ok();
}

MATCHER_P2(StatusIs, code, message_matcher, "") {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code &&
         ::testing::Matches(message_matcher)(std::string(s.message()));
}

}  // namespace iameval::testing

#define IAMEVAL_TESTING_CONCAT_INNER_(a, b) a##b
#define IAMEVAL_TESTING_CONCAT_(a, b) IAMEVAL_TESTING_CONCAT_INNER_(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                   \
  auto IAMEVAL_TESTING_CONCAT_(statusor_, __LINE__) = (rexpr);             \
  ASSERT_TRUE(IAMEVAL_TESTING_CONCAT_(statusor_, __LINE__).ok())           \
      << IAMEVAL_TESTING_CONCAT_(statusor_, __LINE__).status().ToString(); \
  lhs = std::move(IAMEVAL_TESTING_CONCAT_(statusor_, __LINE__)).value()

#endif  // IAMEVAL_TESTS_TESTING_STATUS_MATCHERS_H_
