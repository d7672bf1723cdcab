// TempDirTest: a gtest fixture owning a fresh directory under /tmp, removed
// after each test, with Write() to put a file in it. For tests of code that
// reads files (the file reader, LoadPolicyFile).
#ifndef IAMEVAL_TESTING_TEMP_DIR_H_
#define IAMEVAL_TESTING_TEMP_DIR_H_

#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace iameval::testing {

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/iameval_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::string command = "rm -rf '" + dir_ + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  // Writes `text` to DIR/name and returns the path.
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::string dir_;
};

}  // namespace iameval::testing

#endif  // IAMEVAL_TESTING_TEMP_DIR_H_
