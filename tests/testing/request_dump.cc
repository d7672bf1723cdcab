#include "testing/request_dump.h"

#include "absl/strings/str_cat.h"

namespace iameval::testing {
namespace {

std::string DumpValue(const ContextValue& v) {
  std::string out = absl::StrCat("\"", v.text, "\"");
  if (v.number) {
    absl::StrAppend(&out, " number=", v.number->negative ? "-" : "",
                    v.number->integer, ".", v.number->fraction);
  }
  if (v.date) absl::StrAppend(&out, " date=", v.date->micros);
  if (v.ip) {
    absl::StrAppend(&out, " ip=", v.ip->v6 ? "v6:" : "v4:");
    for (uint8_t b : v.ip->bytes) absl::StrAppend(&out, b, ".");
    absl::StrAppend(&out, "/", v.ip->prefix);
  }
  if (v.boolean) absl::StrAppend(&out, " bool=", *v.boolean ? "true" : "false");
  return out;
}

}  // namespace

std::string DumpRequest(const Request& r) {
  const Principal& p = r.principal;
  std::string out = absl::StrCat(
      "principal kind=", PrincipalKindName(p.kind), " arn=", p.arn,
      " partition=", p.partition, " account=", p.account, " name=", p.name,
      " role=", p.role_name_folded, " issuer=", p.issuer_arn,
      " service_linked=", p.service_linked_role,
      " session_unknown=", p.session_unknown,
      " role_path_unknown=", p.role_path_unknown, "\n", "action=", r.action,
      " folded=", r.action_folded, "\nresource=", r.resource,
      " account=", r.resource_account,
      " inferred=", r.resource_account_inferred,
      " kms_key=", r.resource_is_kms_key, " trust=", r.trust_request, "\n");
  for (const ContextEntry* e : r.context.SortedEntries()) {
    absl::StrAppend(&out, "context ", e->key, e->is_list ? " list" : "",
                    e->unknown ? " unknown" : "", ":");
    for (const ContextValue& v : e->values) {
      absl::StrAppend(&out, " ", DumpValue(v));
    }
    out += "\n";
  }
  return out;
}

}  // namespace iameval::testing
