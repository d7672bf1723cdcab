// File: iameval/internal/status_macros.h
// -----------------------------------------------------------------------------
// IAMEVAL_RETURN_IF_ERROR and IAMEVAL_ASSIGN_OR_RETURN: Debian 12's Abseil
// (20220623) ships neither, so the library carries its own small versions.
// Not API: names here may change without notice.
// Thread safety: macros only. Lifetime: n/a.
#ifndef IAMEVAL_INTERNAL_STATUS_MACROS_H_
#define IAMEVAL_INTERNAL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define IAMEVAL_STATUS_CONCAT_INNER_(a, b) a##b
#define IAMEVAL_STATUS_CONCAT_(a, b) IAMEVAL_STATUS_CONCAT_INNER_(a, b)

#define IAMEVAL_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::absl::Status iameval_status_ = (expr);           \
    if (!iameval_status_.ok()) return iameval_status_; \
  } while (false)

#define IAMEVAL_ASSIGN_OR_RETURN(lhs, rexpr) \
  IAMEVAL_ASSIGN_OR_RETURN_IMPL_(            \
      IAMEVAL_STATUS_CONCAT_(iameval_statusor_, __LINE__), lhs, rexpr)

#define IAMEVAL_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = std::move(statusor).value()

#endif  // IAMEVAL_INTERNAL_STATUS_MACROS_H_
