// File: iameval/compiled_policy.h
// -----------------------------------------------------------------------------
// CompiledPolicy: one policy lowered for evaluation, behind an opaque handle
// (PolicyRef). Compile once, evaluate millions of times.
//
// Thread safety: immutable after CompilePolicy returns; share it freely
// (std::shared_ptr<const CompiledPolicy>) across threads.
// Lifetime: self-contained; the Policy it came from may be destroyed.
#ifndef IAMEVAL_COMPILED_POLICY_H_
#define IAMEVAL_COMPILED_POLICY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "iameval/parser.h"
#include "iameval/policy.h"

namespace iameval {

struct CompileOptions {
  // Shown in explanations: a file name, a managed policy name, an ARN.
  std::string policy_id;
};

// The compiled policy: an opaque, immutable handle. Its layout is the
// engine's (iameval/internal/compiled_policy.h) and changes with it; share
// it as a PolicyRef.
class CompiledPolicy {
 public:
  CompiledPolicy(const CompiledPolicy&) = delete;
  CompiledPolicy& operator=(const CompiledPolicy&) = delete;

  PolicyKind kind() const;
  // CompileOptions::policy_id.
  const std::string& id() const;
  // Approximate heap bytes held (W6 memory figure).
  size_t ApproximateMemoryBytes() const;

 protected:
  // Only the engine's representation derives from it.
  CompiledPolicy() = default;
  ~CompiledPolicy() = default;
};

using PolicyRef = std::shared_ptr<const CompiledPolicy>;

// Lowers a parsed policy. Fails only for values the parser would also have
// rejected (a Policy built by hand can reach it).
absl::StatusOr<PolicyRef> CompilePolicy(const Policy& policy,
                                        const CompileOptions& options = {});

// Parse + compile in one step; the status message lists every error with
// its pointer and line:column.
absl::StatusOr<PolicyRef> ParseAndCompile(absl::string_view json,
                                          PolicyKind kind,
                                          const CompileOptions& options = {});

// Reads, parses and compiles the policy file at `path` (ParsePolicyFile).
// The status message lists every error, each led by the file name
// ("PATH: /Statement/0/Effect (line 3, column 14): ... [CODE]"). A file
// that cannot be read fails with "PATH: cannot read: REASON" (strerror) and
// the matching code (NotFound, PermissionDenied, FailedPrecondition for a
// directory, ResourceExhausted over ParseOptions::max_document_bytes). The
// policy id defaults to `path`. Warnings are dropped: to see them, call
// ParsePolicyFile and CompilePolicy.
absl::StatusOr<PolicyRef> LoadPolicyFile(absl::string_view path,
                                         PolicyKind kind,
                                         const CompileOptions& options = {},
                                         const ParseOptions& parse = {});

}  // namespace iameval

#endif  // IAMEVAL_COMPILED_POLICY_H_
