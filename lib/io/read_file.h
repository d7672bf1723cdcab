// File: lib/io/read_file.h
// -----------------------------------------------------------------------------
// The one way the library and the command line read an input file. Whatever
// the path names (a directory, a FIFO without a writer, a file without read
// permission, one that vanished, a device that never ends), the answer is a
// status whose message is "PATH: cannot read: REASON", REASON being the
// operating system's (strerror) where there is one; never an exception, an
// abort or a read that blocks forever.
//
// Not installed, not API. Thread safety: the functions share no state.
// Lifetime: results own their data; the caller closes descriptors it gets.
#ifndef IAMEVAL_LIB_IO_READ_FILE_H_
#define IAMEVAL_LIB_IO_READ_FILE_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace iameval::io {

// Large enough for any AWS account snapshot seen so far; a bound so that
// /dev/zero or a runaway pipe fails instead of exhausting memory.
inline constexpr size_t kDefaultMaxFileBytes = size_t{1} << 30;

// "NAME: cannot read: REASON", with the status code matching `error_number`
// (ENOENT is NotFound, EACCES PermissionDenied, ...).
absl::Status ReadError(absl::string_view name, int error_number);

// Opens `path` for reading (close-on-exec, blocking reads). A directory is
// refused (EISDIR); a FIFO is opened without waiting for a writer, and then
// reads as empty when it has none. Pipes and devices are allowed, so that
// process substitution (<(...), /dev/fd/N) and /dev/stdin work.
absl::StatusOr<int> OpenForReading(absl::string_view path);

// The rest of descriptor `fd` (not closed), named `name` in messages. More
// than `max_bytes` is an error.
absl::StatusOr<std::string> ReadDescriptor(
    int fd, absl::string_view name, size_t max_bytes = kDefaultMaxFileBytes);

// The whole file at `path`: OpenForReading, then ReadDescriptor.
absl::StatusOr<std::string> ReadFile(absl::string_view path,
                                     size_t max_bytes = kDefaultMaxFileBytes);

}  // namespace iameval::io

#endif  // IAMEVAL_LIB_IO_READ_FILE_H_
