// File: tests/testing/request_dump.h
// -----------------------------------------------------------------------------
// A canonical text form of a Request: every field, the context sorted by
// key with each value's typed readings. Two requests are the same to the
// engine exactly when their dumps are equal, and a failing comparison shows
// the difference line by line.
//
// Thread safety: pure function.
#ifndef IAMEVAL_TESTS_TESTING_REQUEST_DUMP_H_
#define IAMEVAL_TESTS_TESTING_REQUEST_DUMP_H_

#include <string>

#include "iameval/request.h"

namespace iameval::testing {

std::string DumpRequest(const Request& request);

}  // namespace iameval::testing

#endif  // IAMEVAL_TESTS_TESTING_REQUEST_DUMP_H_
