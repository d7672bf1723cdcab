// Compiles against the installed headers, decides one request, and (with
// IAMEVAL_DATA_DIR pointing at the installed data, or with --data when the
// program runs from a prefix's bin/ and finds the data itself) reads the
// installed service reference and managed-policy list.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "iameval/catalog.h"
#include "iameval/iameval.h"
#include "iameval/managed_policies.h"

int main(int argc, char** argv) {
  auto policy = iameval::ParseAndCompile(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
          "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]})",
      iameval::PolicyKind::kIdentity);
  if (!policy.ok()) return 1;
  iameval::PolicyBundle bundle;
  bundle.identity.push_back(*policy);
  iameval::RequestSpec spec;
  spec.principal = "arn:aws:iam::111122223333:user/alice";
  spec.action = "s3:GetObject";
  spec.resource = "arn:aws:s3:::b/k";
  auto request = iameval::BuildRequest(std::move(spec));
  if (!request.ok()) return 1;
  iameval::Decision d = iameval::Evaluate(bundle, *request);
  std::printf("%s\n", iameval::OutcomeName(d.outcome));
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
