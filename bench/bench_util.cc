#include "bench_util.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "iameval/parser.h"
#include "json/json_reader.h"
#include "json/json_writer.h"

namespace iameval::bench {

const std::vector<ManagedPolicy>& ManagedPolicies() {
  static const auto* const kPolicies = [] {
    auto* out = new std::vector<ManagedPolicy>();
    std::ifstream in(
        std::string(IAMEVAL_SOURCE_DIR) +
        "/third_party/aws-managed-policies/managed_policies.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      json::JsonValue root;
      Issue error;
      if (!json::ReadJson(line, json::ReadOptions(), &root, &error)) abort();
      out->push_back(
          {root.Find("name")->text, json::ToJson(*root.Find("document"))});
    }
    return out;
  }();
  return *kPolicies;
}

const std::string& ManagedPolicyJson(const std::string& name) {
  for (const ManagedPolicy& p : ManagedPolicies()) {
    if (p.name == name) return p.json;
  }
  fprintf(stderr, "no managed policy %s\n", name.c_str());
  abort();
}

PolicyRef MustCompile(const std::string& json, PolicyKind kind,
                      const std::string& id) {
  CompileOptions options;
  options.policy_id = id;
  ParseOptions parse;
  parse.max_document_bytes = 64u << 20;  // W4's 10,000 statements
  parse.check_size_quotas = false;
  ParseResult r = ParsePolicy(json, kind, parse);
  if (!r.ok()) {
    fprintf(stderr, "%s: %s\n", id.c_str(), JoinErrors(r.issues).c_str());
    abort();
  }
  auto p = CompilePolicy(r.policy, options);
  if (!p.ok()) abort();
  return *p;
}

Request MustRequest(const std::string& principal, const std::string& action,
                    const std::string& resource,
                    std::vector<std::pair<std::string, std::string>> context) {
  RequestSpec spec;
  spec.principal = principal;
  spec.action = action;
  spec.resource = resource;
  for (auto& [k, v] : context) spec.context.Set(k, v);
  auto r = BuildRequest(std::move(spec));
  if (!r.ok()) abort();
  return *std::move(r);
}

std::string SyntheticPolicy(int statements) {
  std::string out = "{\"Version\":\"2012-10-17\",\"Statement\":[";
  for (int i = 0; i < statements; ++i) {
    if (i > 0) out += ",";
    int service = i;  // one service per statement: "many services"
    absl::StrAppend(&out, "{\"Sid\":\"S", i, "\",\"Effect\":\"",
                    i % 7 == 6 ? "Deny" : "Allow", "\",\"Action\":[\"svc",
                    service, ":Get", i, "\",\"svc", service, ":List", i,
                    "*\"],\"Resource\":\"arn:aws:svc", service,
                    ":us-east-1:111122223333:thing/", i, "/*\"}");
  }
  out += "]}";
  return out;
}

}  // namespace iameval::bench
