// io::ReadFile and io::ReadDescriptor, the one reader of input files: exact
// contents across block boundaries, limits, and errors with the OS reason.
#include "io/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace iameval::io {
namespace {

class ReadFileTest : public ::iameval::testing::TempDirTest {
 protected:
  static std::string Pattern(size_t size) {
    std::string s(size, '\0');
    for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + i % 23);
    return s;
  }
};

TEST_F(ReadFileTest, ReadsExactlyAcrossBlocks) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{65535}, size_t{65536},
                      size_t{65537}, size_t{300001}}) {
    const std::string text = Pattern(size);
    absl::StatusOr<std::string> got = ReadFile(Write("f.json", text));
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, text) << size;
  }
}

TEST_F(ReadFileTest, ReadsAPipe) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const std::string text = Pattern(200000);
  std::thread writer([&] {
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    close(fds[1]);
  });
  absl::StatusOr<std::string> got = ReadDescriptor(fds[0], "<pipe>");
  writer.join();
  close(fds[0]);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, text);
}

TEST_F(ReadFileTest, Limits) {
  const std::string path = Write("big.json", Pattern(5000));
  absl::StatusOr<std::string> got = ReadFile(path, 4999);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(got.status().message(),
            path + ": cannot read: the file is 5000 bytes; the limit is 4999");
  EXPECT_TRUE(ReadFile(path, 5000).ok());

  // Without a size (a device, a pipe): stopped once past the limit.
  got = ReadFile("/dev/zero", 100000);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(got.status().message(),
            "/dev/zero: cannot read: more than 100000 bytes (the limit)");
}

TEST_F(ReadFileTest, ErrorsNameThePathAndTheReason) {
  absl::StatusOr<std::string> got = ReadFile(dir_);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(got.status().message(), dir_ + ": cannot read: Is a directory");

  got = ReadFile(dir_ + "/none");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(),
            dir_ + "/none: cannot read: No such file or directory");

  const std::string file = Write("f.json", "{}");
  got = ReadFile(file + "/below");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(),
            file + "/below: cannot read: Not a directory");

  got = ReadDescriptor(-1, "<closed>");
  EXPECT_EQ(got.status().message(),
            "<closed>: cannot read: Bad file descriptor");
}

TEST_F(ReadFileTest, FifoWithoutWriterIsEmptyAtOnce) {
  const std::string path = dir_ + "/fifo";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  absl::StatusOr<std::string> got = ReadFile(path);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, "");
}

TEST_F(ReadFileTest, OpenForReadingGivesABlockingDescriptor) {
  absl::StatusOr<int> fd = OpenForReading(Write("f.json", "{}"));
  ASSERT_TRUE(fd.ok()) << fd.status();
  EXPECT_EQ(fcntl(*fd, F_GETFL) & O_NONBLOCK, 0);
  EXPECT_NE(fcntl(*fd, F_GETFD) & FD_CLOEXEC, 0);
  close(*fd);
}

}  // namespace
}  // namespace iameval::io
