// Compiles against the installed headers and decides one request.
#include <cstdio>

#include "iameval/iameval.h"

int main() {
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
  return d.allowed() ? 0 : 1;
}
