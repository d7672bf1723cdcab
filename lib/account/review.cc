// Review: an access review of every user and role of an AccountModel.
#include "iameval/account/review.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "account/account_internal.h"
#include "iameval/evaluate.h"
#include "iameval/wildcard.h"

namespace iameval {
namespace {

// A Deny statement conditioned on aws:MultiFactorAuthPresent: the usual
// "deny everything unless signed in with MFA" guard.
bool EnforcesMfa(const ModelPolicy& p) {
  for (const Statement& s : p.parsed.statements) {
    if (s.effect != Effect::kDeny) continue;
    for (const ConditionEntry& c : s.conditions) {
      if (AsciiLower(c.key) == "aws:multifactorauthpresent") return true;
    }
  }
  return false;
}

bool Allowed(const AccountModel& model, const ResolvedCaller& c,
             absl::string_view action, const RequestContext& context) {
  ResolvedResource r = ResolveResource(model, "*", "", c.principal.account);
  absl::StatusOr<Resolution> res = Resolve(model, c, r, action, context);
  return res.ok() && Evaluate(res->bundle, res->request).allowed();
}

std::string Service(absl::string_view action) {
  size_t colon = action.find(':');
  if (colon == absl::string_view::npos) return std::string(action);
  return AsciiLower(action.substr(0, colon));
}

std::string ServicesText(const std::vector<ServiceAccess>& services,
                         size_t limit) {
  std::vector<std::string> parts;
  for (const ServiceAccess& s : services) {
    if (parts.size() == limit) {
      parts.push_back(
          absl::StrCat("and ", services.size() - limit, " more services"));
      break;
    }
    parts.push_back(absl::StrCat(s.service, " (",
                                 absl::StrJoin(s.access_levels, ", "), ")"));
  }
  return absl::StrJoin(parts, "; ");
}

std::string CsvField(absl::string_view s) {
  if (s.find_first_of(",\"\n\r") == absl::string_view::npos) {
    return std::string(s);
  }
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += "\"";
  return out;
}

std::string MarkdownCell(absl::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

}  // namespace

ReviewResult Review(const AccountModel& model,
                    const ReviewOptions& options_in) {
  ReviewOptions options = options_in;
  if (options.assume_mfa) {
    options.query.context.SetIfAbsent("aws:MultiFactorAuthPresent", "true");
    options.query.context.SetIfAbsent("aws:MultiFactorAuthAge", "0");
  }
  // The profile's keys under the given ones, for the direct evaluations.
  const RequestContext principal_context =
      account_internal::PrincipalContext(options.query);
  ReviewResult out;
  out.catalog_used = options.catalog != nullptr;
  const Organization* org = model.organization();

  // External assumers of each role, from the assumption graph.
  AssumePathsOptions assume_options;
  assume_options.query = options.query;
  assume_options.include_services = false;
  AssumeGraph graph = AssumePaths(model, assume_options);
  std::map<std::string, std::vector<const AssumeEdge*>> edges_to;
  for (const AssumeEdge& e : graph.edges) edges_to[e.to].push_back(&e);

  auto review = [&](const ResolvedCaller& c, const std::string& type) {
    PrincipalReview p;
    p.principal = c.entity_arn;
    p.type = type;
    p.account = c.principal.account;
    p.has_boundary = !c.boundary.empty();

    // Admin-equivalent: an action only a wildcard can grant is allowed on
    // "*" after every layer (iam:* at least; any service for "*").
    if (Allowed(model, c, "iam:IamevalWildcardProbe", principal_context)) {
      p.admin = true;
      p.admin_detail = Allowed(model, c, "iamevalprobe:IamevalWildcardProbe",
                               principal_context)
                           ? "*"
                           : "iam:*";
    }

    // Services and access levels: what the principal's policies name and
    // the engine allows. A full administrator holds every service.
    std::map<std::string, std::set<std::string>> services;
    if (p.admin_detail == "*") {
      if (options.catalog != nullptr) {
        services["*"] = {"List", "Permissions management", "Read", "Tagging",
                         "Write"};
      } else {
        services["*"] = {"unknown"};
      }
    } else {
      WhatCanOptions what;
      what.query = options.query;
      what.catalog = options.catalog;
      Caller caller;
      caller.principal = c.entity_arn;
      caller.session_name = options.query.session_name;
      absl::StatusOr<WhatCanResult> w = WhatCan(model, caller, "*", what);
      if (w.ok()) {
        for (const WhatCanEntry& e : w->actions) {
          if (!e.decision.allowed()) continue;
          services[Service(e.action)].insert(e.access_level);
        }
        for (const WhatCanPattern& pattern : w->patterns) {
          if (absl::StartsWith(pattern.pattern, "NotAction:")) {
            services["*"].insert("unknown");
          } else {
            services[Service(pattern.pattern)].insert("unknown");
          }
        }
      }
    }
    for (auto& [service, levels] : services) {
      p.services.push_back({service, {levels.begin(), levels.end()}});
    }

    if (c.role != nullptr) {
      std::set<std::string> external;
      for (const AssumeEdge* e : edges_to[c.role->arn]) {
        const bool ext_kind = e->from_kind == "external-account" ||
                              e->from_kind == "external-principal" ||
                              e->from_kind == "anyone";
        if (!ext_kind && !e->cross_account) continue;
        external.insert(e->from);
        p.assumable_from_outside_account = true;
        if (org != nullptr && e->outside_organization) {
          p.assumable_from_outside_org = true;
        }
        if (e->from_kind == "anyone") p.assumable_from_outside_org = true;
      }
      p.external_trust.assign(external.begin(), external.end());
    }

    if (c.user != nullptr) {
      bool mfa = false;
      for (const ModelPolicyRef& d : c.identity_documents)
        mfa |= EnforcesMfa(*d);
      for (const ModelPolicyRef& d : c.boundary_documents)
        mfa |= EnforcesMfa(*d);
      if (org != nullptr) {
        for (int n : org->PathTo(c.principal.account)) {
          for (const ModelPolicyRef& d : org->nodes[n].scps)
            mfa |= EnforcesMfa(*d);
        }
      }
      p.no_mfa_enforcement = !mfa;
      if (c.user->access_keys) {
        int active = 0;
        for (const AccessKeyInfo& k : *c.user->access_keys) active += k.active;
        p.active_access_keys = active;
      }
    }

    if (p.admin) p.flags.push_back("admin");
    if (p.assumable_from_outside_org) {
      p.flags.push_back("outside-org-trust");
    } else if (p.assumable_from_outside_account) {
      p.flags.push_back("cross-account-trust");
    }
    if (p.no_mfa_enforcement) p.flags.push_back("no-mfa");
    if (p.active_access_keys.value_or(0) > 0) p.flags.push_back("access-keys");
    out.principals.push_back(std::move(p));
  };

  for (const IamUser& u : model.users()) review(ResolveUser(model, u), "user");
  for (const IamRole& r : model.roles()) {
    review(ResolveRole(model, r, options.query.session_name), "role");
  }
  std::sort(out.principals.begin(), out.principals.end(),
            [](const PrincipalReview& a, const PrincipalReview& b) {
              return std::tie(a.account, a.type, a.principal) <
                     std::tie(b.account, b.type, b.principal);
            });
  return out;
}

std::string ReviewToMarkdown(const ReviewResult& review) {
  std::string out = "# Access review\n\n";
  absl::StrAppend(&out,
                  review.catalog_used
                      ? "Access levels from the service catalog.\n"
                      : "No service catalog: access levels are \"unknown\".\n",
                  "\nFlags: `admin` (allowed `*` or `iam:*` on `*`), "
                  "`cross-account-trust` / `outside-org-trust` (role "
                  "assumable from another account / from outside the "
                  "organization), `no-mfa` (no policy denies without MFA), "
                  "`access-keys` (active access keys).\n");
  std::string account;
  for (const PrincipalReview& p : review.principals) {
    if (p.account != account) {
      account = p.account;
      absl::StrAppend(&out, "\n## Account ", account,
                      "\n\n| Principal | Type | Services (access levels) | "
                      "Flags | Notes |\n|---|---|---|---|---|\n");
    }
    std::vector<std::string> notes;
    if (p.admin) notes.push_back(absl::StrCat("admin via ", p.admin_detail));
    if (!p.external_trust.empty()) {
      notes.push_back(
          absl::StrCat("assumable by ", absl::StrJoin(p.external_trust, ", ")));
    }
    if (p.active_access_keys) {
      notes.push_back(
          absl::StrCat(*p.active_access_keys, " active access key(s)"));
    }
    if (p.has_boundary) notes.push_back("permissions boundary");
    absl::StrAppend(&out, "| ", MarkdownCell(p.principal), " | ", p.type, " | ",
                    MarkdownCell(ServicesText(p.services, 12)), " | ",
                    absl::StrJoin(p.flags, ", "), " | ",
                    MarkdownCell(absl::StrJoin(notes, "; ")), " |\n");
  }
  return out;
}

std::string ReviewToCsv(const ReviewResult& review) {
  std::string out =
      "account,principal,type,services,access_levels,admin,external_trust,"
      "outside_account,outside_org,no_mfa,active_access_keys,boundary,flags\n";
  for (const PrincipalReview& p : review.principals) {
    std::vector<std::string> services, levels;
    for (const ServiceAccess& s : p.services) {
      services.push_back(s.service);
      levels.push_back(
          absl::StrCat(s.service, "=", absl::StrJoin(s.access_levels, "|")));
    }
    absl::StrAppend(
        &out, CsvField(p.account), ",", CsvField(p.principal), ",", p.type, ",",
        CsvField(absl::StrJoin(services, ";")), ",",
        CsvField(absl::StrJoin(levels, ";")), ",",
        p.admin ? p.admin_detail : "", ",",
        CsvField(absl::StrJoin(p.external_trust, ";")), ",",
        p.assumable_from_outside_account ? "true" : "false", ",",
        p.assumable_from_outside_org ? "true" : "false", ",",
        p.type == "user" ? (p.no_mfa_enforcement ? "true" : "false") : "", ",",
        p.active_access_keys ? absl::StrCat(*p.active_access_keys) : "", ",",
        p.has_boundary ? "true" : "false", ",",
        CsvField(absl::StrJoin(p.flags, ";")), "\n");
  }
  return out;
}

}  // namespace iameval
