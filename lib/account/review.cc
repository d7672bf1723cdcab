// Review: an access review of every user and role of an AccountModel.
#include "iameval/account/review.h"

#include <algorithm>
#include <ctime>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "account/account_internal.h"
#include "iameval/account/escalation.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/wildcard.h"
#include "json/json_writer.h"

namespace iameval {

using internal::AsciiLower;
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

// `action` on "*".
bool Allowed(const AccountModel& model, const ResolvedCaller& c,
             absl::string_view action, const RequestContext& context) {
  if (!account_internal::MayBeAllowedOnStar(c, AsciiLower(action))) {
    return false;
  }
  ResolvedResource r = ResolveResource(model, "*", "", c.principal.account);
  absl::StatusOr<Resolution> res = Resolve(model, c, r, action, context);
  return res.ok() && Evaluate(res->bundle, res->request).allowed();
}

// Lower is riskier: what a reviewer reads first.
int LevelRisk(absl::string_view level) {
  if (level == "Permissions management") return 0;
  if (level == "Write") return 1;
  if (level == "Tagging") return 2;
  if (level == "List") return 3;
  if (level == "Read") return 4;
  return 5;
}

// "2024-01-01T00:00:00Z" (also "+00:00" or fractional seconds) as seconds
// since the epoch; -1 when it cannot be read.
int64_t ParseDate(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return -1;
  return static_cast<int64_t>(timegm(&tm));
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
  for (const IamRole& r : model.roles()) out.identity_center |= r.sso;
  std::set<std::string> escalating;
  if (options.include_escalations) {
    EscalationOptions eo;
    eo.query = options.query;
    for (const EscalationPath& p : FindEscalations(model, eo).paths) {
      escalating.insert(p.principal);
    }
  }

  // External assumers of each role, from the assumption graph.
  AssumePathsOptions assume_options;
  assume_options.query = options.query;
  assume_options.include_services = false;
  AssumeGraph graph = AssumePaths(model, assume_options);
  std::map<std::string, std::vector<const AssumeEdge*>> edges_to;
  for (const AssumeEdge& e : graph.edges) edges_to[e.to].push_back(&e);

  account_internal::WhatCanCache what_can_cache;
  WhatCanOptions what;
  what.query = options.query;
  what.catalog = options.catalog;
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
      // `c` is what ResolveCaller gives for its entity ARN and the
      // query's session name: a user or role of the model.
      account_internal::ServiceLevels allowed;
      absl::StatusOr<WhatCanResult> w = account_internal::WhatCanCached(
          model, c, "*", what, &what_can_cache, &allowed);
      if (w.ok()) {
        services = std::move(allowed);
        for (const WhatCanPattern& pattern : w->patterns) {
          if (absl::StartsWith(pattern.pattern, "NotAction:")) {
            services["*"].insert("unknown");
          } else {
            services[account_internal::ServiceOf(pattern.pattern)].insert(
                "unknown");
          }
        }
      }
    }
    for (auto& [service, levels] : services) {
      std::vector<std::string> sorted(levels.begin(), levels.end());
      std::sort(sorted.begin(), sorted.end(),
                [](const std::string& a, const std::string& b) {
                  return std::make_pair(LevelRisk(a), a) <
                         std::make_pair(LevelRisk(b), b);
                });
      p.permissions_management |=
          std::find(sorted.begin(), sorted.end(), "Permissions management") !=
          sorted.end();
      p.services.push_back({service, std::move(sorted)});
    }
    std::stable_sort(p.services.begin(), p.services.end(),
                     [](const ServiceAccess& a, const ServiceAccess& b) {
                       return LevelRisk(a.access_levels.front()) <
                              LevelRisk(b.access_levels.front());
                     });
    p.permissions_management |= p.admin;
    p.escalation = escalating.count(p.principal) > 0;
    if (c.role != nullptr) {
      p.last_used_known = c.role->last_used_known;
      p.last_used = c.role->last_used;
      if (p.last_used_known && options.unused_days > 0 &&
          options.now_unix_seconds > 0) {
        const int64_t used = ParseDate(p.last_used);
        p.unused = used < 0 || options.now_unix_seconds - used >
                                   int64_t{86400} * options.unused_days;
      }
    }
    p.iam_user_with_identity_center = c.user != nullptr && out.identity_center;

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
    if (p.permissions_management) p.flags.push_back("permissions-management");
    if (p.escalation) p.flags.push_back("escalation");
    if (p.no_mfa_enforcement) p.flags.push_back("no-mfa");
    if (p.active_access_keys.value_or(0) > 0) p.flags.push_back("access-keys");
    if (p.has_boundary) p.flags.push_back("boundary");
    const std::vector<std::string>* missing =
        c.user != nullptr   ? &c.user->missing_policies
        : c.role != nullptr ? &c.role->missing_policies
                            : nullptr;
    if (missing != nullptr && !missing->empty()) {
      // Its services are a lower bound: never read as less privileged.
      p.flags.push_back("incomplete");
    }
    if (p.unused) p.flags.push_back("unused");
    if (p.iam_user_with_identity_center) {
      p.flags.push_back("iam-user-with-identity-center");
    }
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
                  "`access-keys` (active access keys), "
                  "`permissions-management`, `escalation` (a privilege-"
                  "escalation path starts here), `boundary`, `unused` (role "
                  "not used for N days, or never), "
                  "`iam-user-with-identity-center`. Services: riskiest "
                  "access level first.\n");
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

std::string ReviewToJson(const ReviewResult& review) {
  using account_internal::WriteStrings;
  std::string out;
  json::JsonWriter w(&out);
  w.BeginObject().Key("catalogUsed").Bool(review.catalog_used);
  w.Key("identityCenter").Bool(review.identity_center);
  w.Key("principals").BeginArray();
  for (const PrincipalReview& p : review.principals) {
    w.BeginObject().Member("principal", p.principal).Member("type", p.type);
    w.Member("account", p.account).Key("services").BeginArray();
    for (const ServiceAccess& s : p.services) {
      w.BeginObject().Member("service", s.service);
      WriteStrings(s.access_levels, &w.Key("accessLevels"));
      w.EndObject();
    }
    w.EndArray().Key("admin");
    if (p.admin) {
      w.String(p.admin_detail);
    } else {
      w.Null();
    }
    WriteStrings(p.external_trust, &w.Key("externalTrust"));
    w.Key("activeAccessKeys");
    if (p.active_access_keys) {
      w.Int(*p.active_access_keys);
    } else {
      w.Null();
    }
    w.Key("lastUsed");
    if (p.last_used_known) {
      w.String(p.last_used);
    } else {
      w.Null();
    }
    WriteStrings(p.flags, &w.Key("flags"));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

namespace {

std::set<std::string> Grants(const PrincipalReview& p) {
  std::set<std::string> out;
  for (const ServiceAccess& s : p.services) {
    for (const std::string& level : s.access_levels) {
      out.insert(absl::StrCat(s.service, "=", level));
    }
  }
  return out;
}

std::vector<std::string> Minus(const std::set<std::string>& a,
                               const std::set<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(out));
  return out;
}

}  // namespace

ReviewDiff DiffReviews(const ReviewResult& old_review,
                       const ReviewResult& new_review) {
  std::map<std::string, const PrincipalReview*> before, after;
  for (const PrincipalReview& p : old_review.principals)
    before[p.principal] = &p;
  for (const PrincipalReview& p : new_review.principals)
    after[p.principal] = &p;
  ReviewDiff out;
  for (const auto& [arn, p] : after) {
    auto it = before.find(arn);
    if (it == before.end()) {
      out.added.push_back(*p);
      continue;
    }
    const std::set<std::string> g0 = Grants(*it->second), g1 = Grants(*p);
    const std::set<std::string> f0(it->second->flags.begin(),
                                   it->second->flags.end());
    const std::set<std::string> f1(p->flags.begin(), p->flags.end());
    PrincipalChange c;
    c.principal = arn;
    c.grants_added = Minus(g1, g0);
    c.grants_removed = Minus(g0, g1);
    c.flags_added = Minus(f1, f0);
    c.flags_removed = Minus(f0, f1);
    if (!c.grants_added.empty() || !c.grants_removed.empty() ||
        !c.flags_added.empty() || !c.flags_removed.empty()) {
      out.changed.push_back(std::move(c));
    }
  }
  for (const auto& [arn, p] : before) {
    if (!after.count(arn)) out.removed.push_back(arn);
  }
  return out;
}

std::string ReviewDiffToMarkdown(const ReviewDiff& diff) {
  std::string out = absl::StrCat(
      "# Access review: changes\n\n", diff.added.size(), " new principals, ",
      diff.removed.size(), " removed, ", diff.changed.size(), " changed.\n");
  if (!diff.added.empty()) {
    out +=
        "\n## New principals\n\n| Principal | Services | Flags "
        "|\n|---|---|---|\n";
    for (const PrincipalReview& p : diff.added) {
      absl::StrAppend(&out, "| ", MarkdownCell(p.principal), " | ",
                      MarkdownCell(ServicesText(p.services, 12)), " | ",
                      absl::StrJoin(p.flags, ", "), " |\n");
    }
  }
  if (!diff.removed.empty()) {
    out += "\n## Removed principals\n\n";
    for (const std::string& p : diff.removed) {
      absl::StrAppend(&out, "- ", MarkdownCell(p), "\n");
    }
  }
  if (!diff.changed.empty()) {
    out +=
        "\n## Changed\n\n| Principal | Grants added | Grants removed | "
        "Flags added | Flags removed |\n|---|---|---|---|---|\n";
    for (const PrincipalChange& c : diff.changed) {
      absl::StrAppend(&out, "| ", MarkdownCell(c.principal), " | ",
                      absl::StrJoin(c.grants_added, ", "), " | ",
                      absl::StrJoin(c.grants_removed, ", "), " | ",
                      absl::StrJoin(c.flags_added, ", "), " | ",
                      absl::StrJoin(c.flags_removed, ", "), " |\n");
    }
  }
  return out;
}

std::string ReviewDiffToCsv(const ReviewDiff& diff) {
  std::string out =
      "change,principal,grants_added,grants_removed,flags_added,"
      "flags_removed\n";
  for (const PrincipalReview& p : diff.added) {
    std::set<std::string> g = Grants(p);
    absl::StrAppend(&out, "added,", CsvField(p.principal), ",",
                    CsvField(absl::StrJoin(g, ";")), ",,",
                    CsvField(absl::StrJoin(p.flags, ";")), ",\n");
  }
  for (const std::string& p : diff.removed) {
    absl::StrAppend(&out, "removed,", CsvField(p), ",,,,\n");
  }
  for (const PrincipalChange& c : diff.changed) {
    absl::StrAppend(&out, "changed,", CsvField(c.principal), ",",
                    CsvField(absl::StrJoin(c.grants_added, ";")), ",",
                    CsvField(absl::StrJoin(c.grants_removed, ";")), ",",
                    CsvField(absl::StrJoin(c.flags_added, ";")), ",",
                    CsvField(absl::StrJoin(c.flags_removed, ";")), "\n");
  }
  return out;
}

std::string ReviewDiffToJson(const ReviewDiff& diff) {
  using account_internal::WriteStrings;
  std::string out;
  json::JsonWriter w(&out);
  w.BeginObject().Key("added").BeginArray();
  for (const PrincipalReview& p : diff.added) {
    std::set<std::string> g = Grants(p);
    w.BeginObject().Member("principal", p.principal);
    WriteStrings({g.begin(), g.end()}, &w.Key("grants"));
    WriteStrings(p.flags, &w.Key("flags"));
    w.EndObject();
  }
  w.EndArray();
  WriteStrings(diff.removed, &w.Key("removed"));
  w.Key("changed").BeginArray();
  for (const PrincipalChange& c : diff.changed) {
    w.BeginObject().Member("principal", c.principal);
    WriteStrings(c.grants_added, &w.Key("grantsAdded"));
    WriteStrings(c.grants_removed, &w.Key("grantsRemoved"));
    WriteStrings(c.flags_added, &w.Key("flagsAdded"));
    WriteStrings(c.flags_removed, &w.Key("flagsRemoved"));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

}  // namespace iameval
