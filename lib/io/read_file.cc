#include "io/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace iameval::io {

absl::Status ReadError(absl::string_view name, int error_number) {
  const std::string message =
      absl::StrCat(name, ": cannot read: ", std::strerror(error_number));
  switch (error_number) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case EISDIR:
      return absl::FailedPreconditionError(message);
    case EFBIG:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::UnavailableError(message);
  }
}

absl::StatusOr<int> OpenForReading(absl::string_view path) {
  const std::string p(path);
  // O_NONBLOCK only for the open: a FIFO's open would otherwise wait for a
  // writer that may never come.
  int fd;
  do {
    fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ReadError(path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    return ReadError(path, error);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return ReadError(path, EISDIR);
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    const int error = errno;
    ::close(fd);
    return ReadError(path, error);
  }
  return fd;
}

absl::StatusOr<std::string> ReadDescriptor(int fd, absl::string_view name,
                                           size_t max_bytes) {
  std::string text;
  struct stat st;
  const bool sized =
      ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
  if (sized) {
    if (static_cast<uint64_t>(st.st_size) > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(name, ": cannot read: the file is ", st.st_size,
                       " bytes; the limit is ", max_bytes));
    }
    // One byte more than the size, so that the read that sees EOF does
    // not grow the buffer (a 1 GiB file must not cost 2 GiB).
    text.reserve(static_cast<size_t>(st.st_size) + 1);
  }
  // Read to EOF rather than trusting st_size: pipes and devices have none,
  // and a file may change while it is read.
  constexpr size_t kBlock = 1 << 16;
  for (;;) {
    const size_t old = text.size();
    // A sized file: into the reserved room (one read, then the EOF read);
    // a pipe or device: block by block, the string growing geometrically.
    const size_t want =
        sized ? std::max<size_t>(text.capacity() - old, 1) : kBlock;
    text.resize(old + want);
    const ssize_t n = ::read(fd, text.data() + old, want);
    const int error = errno;
    text.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n < 0) {
      if (error == EINTR) continue;
      return ReadError(name, error);
    }
    if (n == 0) break;
    if (text.size() > max_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          name, ": cannot read: more than ", max_bytes, " bytes (the limit)"));
    }
  }
  return text;
}

absl::StatusOr<std::string> ReadFile(absl::string_view path, size_t max_bytes) {
  absl::StatusOr<int> fd = OpenForReading(path);
  if (!fd.ok()) return fd.status();
  absl::StatusOr<std::string> text = ReadDescriptor(*fd, path, max_bytes);
  ::close(*fd);
  return text;
}

}  // namespace iameval::io
