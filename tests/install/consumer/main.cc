// Compiles against the installed headers through the umbrella header only
// and uses public names only: parses a policy (warnings as Issues),
// compiles it, assembles a bundle, builds a request, evaluates it with a
// Trace and explains it; then (with IAMEVAL_DATA_DIR pointing at the
// installed data, or with --data when the program runs from a prefix's bin/
// and finds the data itself) reads the installed service reference and
// managed-policy list.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "iameval/iameval.h"

int main(int argc, char** argv) {
  iameval::ParseResult parsed = iameval::ParsePolicy(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
          "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]})",
      iameval::PolicyKind::kIdentity);
  if (!parsed.ok()) {
    std::printf("parse: %s\n", iameval::JoinErrors(parsed.issues).c_str());
    return 1;
  }
  auto policy = iameval::CompilePolicy(parsed.policy, {.policy_id = "p"});
  if (!policy.ok() || (*policy)->id() != "p") return 1;
  iameval::PolicyBundle bundle;
  bundle.identity.push_back(*policy);
  iameval::RequestSpec spec;
  spec.principal = "arn:aws:iam::111122223333:user/alice";
  spec.action = "s3:GetObject";
  spec.resource = "arn:aws:s3:::b/k";
  auto request = iameval::BuildRequest(std::move(spec));
  if (!request.ok() || !bundle.Validate(request->principal).ok()) return 1;
  iameval::Trace trace;
  iameval::Decision d = iameval::Evaluate(bundle, *request, &trace);
  if (iameval::Evaluate(bundle, *request).outcome != d.outcome) return 1;
  std::printf("%s\n", iameval::OutcomeName(d.outcome));
  std::printf("%s\n", iameval::DecisionToJson(d, &trace, *request).c_str());
  if (std::getenv("IAMEVAL_DATA_DIR") != nullptr ||
      (argc > 1 && std::strcmp(argv[1], "--data") == 0)) {
    std::printf("data dir: %s\n", iameval::Catalog::DefaultDataDir().c_str());
    auto catalog = iameval::Catalog::Default();
    if (!catalog.ok() || (*catalog)->FindAction("s3:GetObject") == nullptr) {
      std::printf("installed catalog: %s\n",
                  catalog.ok()
                      ? "no s3:GetObject"
                      : std::string(catalog.status().message()).c_str());
      return 1;
    }
    auto doc = iameval::ManagedPolicyDocument("ReadOnlyAccess");
    if (!doc.ok()) {
      std::printf("installed managed policies: %s\n",
                  std::string(doc.status().message()).c_str());
      return 1;
    }
    std::printf("installed data: %zu actions, ReadOnlyAccess %zu bytes\n",
                (*catalog)->action_count(), doc->size());
  }
  return d.allowed() ? 0 : 1;
}
