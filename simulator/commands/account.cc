// The account subcommands: `can`, `who-can`, `what-can`, `assume-paths`,
// `review` and `escalations`, over a loaded account model (snapshots from
// `aws iam get-account-authorization-details`, an organization file and a
// resources file; docs/formats.md, docs/accounts.md).
#include "iameval/account.h"

#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "common.h"
#include "flags.h"
#include "iameval/catalog.h"
#include "iameval/internal/status_macros.h"
#include "json/json_writer.h"

namespace iameval::cli {
namespace {

constexpr char kModelOptions[] =
    R"(Account data (at least one --account):
  --account FILE        get-account-authorization-details output (repeatable,
                        one per account; several pages may be an array)
  --org FILE            organization file: OUs, accounts, SCPs and RCPs
  --resources FILE      resources file: ARNs, owners, policies, tags
                        (repeatable)
  --context KEY=VALUE   request context for every evaluation (repeatable;
                        KEY=V1,V2 makes a multi-valued key); overrides the
                        session profile's keys
  --strict              assume nothing about the session (default: an
                        authenticated human session: MFA present, MFA age
                        300 s, the current time, and SAML:aud the AWS
                        sign-in audience for SAML federation). Every report
                        states the profile; what waits for a key it does
                        not give is listed with "needs KEY=VALUE".
  --allow-missing-policies
                        an attached policy the snapshot and the vendored AWS
                        managed policies lack is a warning, not an error; the
                        principal is reported as incomplete
  --now TIME            the profile's current time: YYYY-MM-DDTHH:MM:SSZ or
                        seconds since the epoch (default: the clock)
)";

const FlagSpec kCommonFlags[] = {
    {"help"},
    {"account", true, true},
    {"org", true},
    {"resources", true, true},
    {"context", true, true},
    {"format", true},
    {"include-denied"},
    {"session-name", true},
    {"session-policy", true},
    {"region", true},
    {"strict"},
    {"summary"},
    {"limit", true},
    {"now", true},
    {"unused-days", true},
    {"allow-missing-policies"},
    {"diff", true, true},
};

struct Loaded {
  std::shared_ptr<const AccountModel> model;
  // The session profile every query runs under (--strict, --context).
  SessionProfile profile;
  int64_t now = 0;  // the profile's time (--now, else the clock)
  RequestContext context;
  std::string format;
  ParsedFlags flags;
};

// Where relative "file" and "policyFile" references of an input resolve.
std::string BaseDir(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (path == "-" || slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The model of --account, --org and --resources, read with ReadInput like
// every other input of the command line (so "-" is stdin here too). Every
// input is read even after errors in one, and all their errors are printed
// in compiler style ("FILE:LINE:COLUMN: error: ..."); the status returned
// then only counts them.
absl::StatusOr<std::shared_ptr<const AccountModel>> LoadModel(
    const ParsedFlags& flags, const LoadOptions& options) {
  AccountModelBuilder builder(options);
  // InvalidArgument: errors in the text, recorded in builder.issues().
  auto add = [](const absl::Status& s) {
    return absl::IsInvalidArgument(s) ? absl::OkStatus() : s;
  };
  for (const std::string& path : flags.All("account")) {
    IAMEVAL_ASSIGN_OR_RETURN(std::string text, ReadInput(path));
    IAMEVAL_RETURN_IF_ERROR(add(builder.AddSnapshot(text, DisplayName(path))));
  }
  if (flags.Has("org")) {
    const std::string path = flags.Get("org");
    IAMEVAL_ASSIGN_OR_RETURN(std::string text, ReadInput(path));
    IAMEVAL_RETURN_IF_ERROR(
        add(builder.SetOrganization(text, DisplayName(path), BaseDir(path))));
  }
  for (const std::string& path : flags.All("resources")) {
    IAMEVAL_ASSIGN_OR_RETURN(std::string text, ReadInput(path));
    IAMEVAL_RETURN_IF_ERROR(
        add(builder.AddResources(text, DisplayName(path), BaseDir(path))));
  }
  absl::StatusOr<std::shared_ptr<const AccountModel>> model = builder.Build();
  if (model.ok() || builder.issues().empty()) return model;
  for (const Issue& issue : builder.issues()) {
    std::string line = FormatIssue(issue.file, issue) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  const size_t n = builder.issues().size();
  return absl::InvalidArgumentError(
      absl::StrCat(n, n == 1 ? " error" : " errors", " in the account inputs"));
}

// "2026-01-01T00:00:00Z" or "1767225600".
bool ParseNow(const std::string& text, int64_t* out) {
  if (absl::SimpleAtoi(text, out)) return true;
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return false;
  *out = static_cast<int64_t>(timegm(&tm));
  return true;
}

// Parses the common flags and loads the model; returns an exit code on
// failure (and 0 with `*out` set on success). `*help` is set for --help.
int Load(absl::string_view command, absl::Span<const std::string> args,
         const char* help, const std::vector<std::string>& formats, Loaded* out,
         bool* help_shown) {
  *help_shown = false;
  int exit_code = kExitOk;
  std::optional<ParsedFlags> flags =
      ParseCommandLine(command, absl::StrCat(help, kModelOptions), args,
                       kCommonFlags, &exit_code);
  if (!flags) {
    // Nothing more to do: --help was shown, or the flags were wrong.
    *help_shown = exit_code == kExitOk;
    return exit_code;
  }
  out->format = flags->Get("format", formats.front());
  bool known = false;
  for (const std::string& f : formats) known |= f == out->format;
  if (!known) {
    return UsageError(command,
                      absl::StrCat("unknown --format \"", out->format, "\""));
  }
  if (flags->All("account").empty()) {
    return UsageError(command, "--account FILE is required");
  }
  for (const std::string& c : flags->All("context")) {
    absl::Status s = AddContextFlag(c, &out->context);
    if (!s.ok()) return UsageError(command, s.message());
  }
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (flags->Has("now") && !ParseNow(flags->Get("now"), &now)) {
    return UsageError(command,
                      absl::StrCat("--now \"", flags->Get("now"),
                                   "\": expected YYYY-MM-DDTHH:MM:SSZ or "
                                   "seconds since the epoch"));
  }
  out->now = now;
  out->profile =
      flags->Has("strict") ? StrictSessionProfile() : HumanSessionProfile(now);
  out->profile.given = out->context;
  LoadOptions load_options;
  load_options.missing_policy_is_error = !flags->Has("allow-missing-policies");
  absl::StatusOr<std::shared_ptr<const AccountModel>> model =
      LoadModel(*flags, load_options);
  if (!model.ok()) {
    PrintError(command, model.status().message());
    return kExitFailure;
  }
  for (const Issue& w : (*model)->warnings()) {
    // Located as the load errors are; one about no file (a built-in
    // policy) is the command's.
    std::string line =
        w.file.empty() ? absl::StrCat("iameval ", command, FormatIssue("", w))
                       : FormatIssue(w.file, w);
    line += "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  out->model = *std::move(model);
  out->flags = *std::move(flags);
  return kExitOk;
}

// The service catalog when it loads (patterns expand, access levels show);
// otherwise null and a warning, and the queries report patterns as such.
const Catalog* OptionalCatalog(absl::string_view command) {
  absl::StatusOr<std::shared_ptr<const Catalog>> c = Catalog::Default();
  if (!c.ok()) {
    PrintWarning(command, absl::StrCat("service catalog unavailable (",
                                       c.status().message(),
                                       "); action patterns are not expanded"));
    return nullptr;
  }
  // Catalog::Default() keeps the catalog for the life of the process.
  return c->get();
}

// The profile on every report: a first line of text, a "profile" member of
// the JSON object, a comment in DOT, a line above the Markdown or CSV.
std::string WithProfile(const std::string& body, const std::string& format,
                        const SessionProfile& profile) {
  if (format == "json") {
    return json::WithLeadingMember("profile", SessionProfileToJson(profile),
                                   body);
  }
  if (format == "dot") {
    return absl::StrCat("// ", SessionProfileToText(profile), "\n", body);
  }
  if (format == "csv") {
    return absl::StrCat("# ", SessionProfileToText(profile), "\n", body);
  }
  if (format == "markdown") {
    return absl::StrCat("_", SessionProfileToText(profile), "_\n\n", body);
  }
  return absl::StrCat(SessionProfileToText(profile), "\n", body);
}

void Print(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
}

}  // namespace

int RunCan(absl::Span<const std::string> args) {
  constexpr char kHelp[] =
      R"(Usage: iameval can --account FILE... PRINCIPAL ACTION RESOURCE [--format text|json]

Can PRINCIPAL do ACTION on RESOURCE, in the loaded accounts? PRINCIPAL is a
user, role (a session of it asks), role-session, federated-user or root ARN,
an account id (its root user), or a unique user or role name. The answer is
the decision with its explanation: the layer that decided, the statements
that matched, the condition keys the request lacked.

Options:
  --format text|json    text (default) or JSON
  --session-name NAME   the session name when PRINCIPAL is a role (default:
                        unknown, so a policy naming one session of it is
                        undecidable for it)
  --session-policy FILE a session policy passed when the session was made

Exit status: 0 allowed, 2 denied, 1 usage or input error.

)";
  Loaded l;
  bool help = false;
  int rc = Load("can", args, kHelp, {"text", "json"}, &l, &help);
  if (rc != kExitOk || help) return rc;
  const auto& pos = l.flags.positional();
  if (pos.size() != 3)
    return UsageError("can", "expected PRINCIPAL ACTION RESOURCE");
  Caller caller;
  caller.principal = pos[0];
  if (l.flags.Has("session-name"))
    caller.session_name = l.flags.Get("session-name");
  if (l.flags.Has("session-policy")) {
    absl::StatusOr<PolicyInput> p =
        ReadPolicyInput(l.flags.Get("session-policy"));
    if (!p.ok()) {
      PrintError("can", p.status().message());
      return kExitFailure;
    }
    // The library reads an empty session policy as none at all, which
    // would silently drop the file's restriction.
    if (absl::StripAsciiWhitespace(p->text).empty()) {
      PrintError("can", absl::StrCat(DisplayName(l.flags.Get("session-policy")),
                                     ": the session policy file is empty"));
      return kExitFailure;
    }
    caller.session_policy = p->text;
  }
  RequestContext context = ProfilePrincipalContext(l.profile);
  absl::StatusOr<CanResult> r = Can(*l.model, caller, pos[1], pos[2], context);
  if (!r.ok()) {
    PrintError("can", r.status().message());
    return kExitFailure;
  }
  Print(WithProfile(
      l.format == "json" ? CanResultToJson(*r) : CanResultToText(*r), l.format,
      l.profile));
  return r->decision.allowed() ? kExitOk : kExitDenied;
}

int RunWhoCan(absl::Span<const std::string> args) {
  constexpr char kHelp[] =
      R"(Usage: iameval who-can --account FILE... ACTION RESOURCE [--format text|json]

Every principal across the loaded accounts (users; roles, asked as a session
of the role) allowed to do ACTION on RESOURCE, with the statements that grant
it. Listed apart: principals the engine allows once the condition keys the
profile lacks are supplied ("needs context", with the keys and values),
principals outside the snapshot that the resource or trust policy names
(other accounts, services, SAML/OIDC providers), and principals that reach
an allowed role by assuming roles (with the path).

Options:
  --format text|json    text (default) or JSON

Exit status: 0, or 1 on a usage or input error.

)";
  Loaded l;
  bool help = false;
  int rc = Load("who-can", args, kHelp, {"text", "json"}, &l, &help);
  if (rc != kExitOk || help) return rc;
  const auto& pos = l.flags.positional();
  if (pos.size() != 2) return UsageError("who-can", "expected ACTION RESOURCE");
  QueryOptions options;
  options.profile = l.profile;
  absl::StatusOr<WhoCanResult> r = WhoCan(*l.model, pos[0], pos[1], options);
  if (!r.ok()) {
    PrintError("who-can", r.status().message());
    return kExitFailure;
  }
  Print(WithProfile(l.format == "json" ? WhoCanToJson(*r) : WhoCanToText(*r),
                    l.format, l.profile));
  return kExitOk;
}

int RunWhatCan(absl::Span<const std::string> args) {
  constexpr char kHelp[] =
      R"(Usage: iameval what-can --account FILE... PRINCIPAL [RESOURCE] [--format text|json]

The actions PRINCIPAL is allowed, per service and access level, on RESOURCE
or (default "*") on the resources its policies name and the resources of the
resources file they match. Action patterns are expanded with the service
catalog, and only action x resource pairs it allows are tried (an action's
resource types against the ARN). Pairs allowed only once context the profile
does not give is supplied are marked NEEDS CONTEXT with the keys.

Options:
  --format text|json    text (default) or JSON
  --include-denied      list denied actions too
  --summary             allowed pairs counted per service and access level
  --limit N             at most N pairs in text (default 200; 0: all)

Exit status: 0, or 1 on a usage or input error.

)";
  Loaded l;
  bool help = false;
  int rc = Load("what-can", args, kHelp, {"text", "json"}, &l, &help);
  if (rc != kExitOk || help) return rc;
  const auto& pos = l.flags.positional();
  if (pos.empty() || pos.size() > 2) {
    return UsageError("what-can", "expected PRINCIPAL [RESOURCE]");
  }
  Caller caller;
  caller.principal = pos[0];
  WhatCanOptions options;
  options.query.profile = l.profile;
  options.catalog = OptionalCatalog("what-can");
  options.include_denied = l.flags.Has("include-denied");
  absl::StatusOr<WhatCanResult> r =
      WhatCan(*l.model, caller, pos.size() == 2 ? pos[1] : "*", options);
  if (!r.ok()) {
    PrintError("what-can", r.status().message());
    return kExitFailure;
  }
  size_t limit = 200;
  if (l.flags.Has("limit") && !absl::SimpleAtoi(l.flags.Get("limit"), &limit)) {
    return UsageError("what-can", "--limit takes a number (0: no limit)");
  }
  std::string body = l.format == "json"       ? WhatCanToJson(*r)
                     : l.flags.Has("summary") ? WhatCanSummaryText(*r)
                                              : WhatCanToText(*r, limit);
  Print(WithProfile(body, l.format, l.profile));
  return kExitOk;
}

int RunAssumePaths(absl::Span<const std::string> args) {
  constexpr char kHelp[] =
      R"(Usage: iameval assume-paths --account FILE... [--format text|json|dot]

The role-assumption graph across the loaded accounts: an edge for every
principal allowed sts:AssumeRole on a role (with the trust and identity
statements that allow it), and the transitive closure (who can reach which
role, in how many steps). `--format dot` writes Graphviz: pipe it to
`dot -Tsvg > roles.svg`.

Exit status: 0, or 1 on a usage or input error.

)";
  Loaded l;
  bool help = false;
  int rc =
      Load("assume-paths", args, kHelp, {"text", "json", "dot"}, &l, &help);
  if (rc != kExitOk || help) return rc;
  if (!l.flags.positional().empty()) {
    return UsageError("assume-paths", "takes no positional arguments");
  }
  AssumePathsOptions options;
  options.query.profile = l.profile;
  AssumeGraph g = AssumePaths(*l.model, options);
  Print(WithProfile(l.format == "json"  ? AssumeGraphToJson(g)
                    : l.format == "dot" ? AssumeGraphToDot(g)
                                        : AssumeGraphToText(g),
                    l.format, l.profile));
  return kExitOk;
}

int RunReview(absl::Span<const std::string> args) {
  constexpr char kHelp[] =
      R"(Usage: iameval review --account FILE... [--format markdown|csv|json]

An access review: per principal, the services and access levels it holds
(riskiest first), and flags for admin-equivalent access, permissions
management, privilege-escalation paths, roles assumable from outside the
account or organization, users without an MFA-enforcing policy, users with
long-lived access keys (when the snapshot carries them), permissions
boundaries, roles unused for --unused-days (RoleLastUsed), and IAM users in
accounts whose people sign in through Identity Center.

Options:
  --format markdown|csv|json
  --unused-days N       flag roles not used for N days (default 90; 0: off)
  --diff OLD            compare with an earlier quarter: OLD is that
                        quarter's snapshot (repeatable, as --account; --org
                        and --resources apply to both). Prints new and
                        removed principals and, per principal, the grants
                        (service=access level) and flags gained and lost.

Exit status: 0, or 1 on a usage or input error.

)";
  Loaded l;
  bool help = false;
  int rc = Load("review", args, kHelp, {"markdown", "csv", "json"}, &l, &help);
  if (rc != kExitOk || help) return rc;
  ReviewOptions options;
  options.query.profile = l.profile;
  // The profile decides what is assumed, not the review's own default.
  options.assume_mfa = false;
  options.catalog = OptionalCatalog("review");
  options.now_unix_seconds = l.now;
  if (l.flags.Has("unused-days") &&
      !absl::SimpleAtoi(l.flags.Get("unused-days"), &options.unused_days)) {
    return UsageError("review", "--unused-days takes a number of days");
  }
  ReviewResult r = Review(*l.model, options);
  if (l.flags.Has("diff")) {
    AccountFiles old_files;
    old_files.snapshots = l.flags.All("diff");
    old_files.organization = l.flags.Get("org");
    old_files.resources = l.flags.All("resources");
    LoadOptions load_options;
    load_options.missing_policy_is_error =
        !l.flags.Has("allow-missing-policies");
    std::vector<Issue> issues;
    absl::StatusOr<std::shared_ptr<const AccountModel>> old_model =
        LoadAccountModel(old_files, load_options, &issues);
    if (!old_model.ok()) {
      if (issues.empty()) {
        PrintError("review", old_model.status().message());
      } else {
        for (const Issue& issue : issues) {
          std::string line = FormatIssue(issue.file, issue) + "\n";
          std::fwrite(line.data(), 1, line.size(), stderr);
        }
      }
      return kExitFailure;
    }
    ReviewDiff diff = DiffReviews(Review(**old_model, options), r);
    Print(WithProfile(l.format == "csv"    ? ReviewDiffToCsv(diff)
                      : l.format == "json" ? ReviewDiffToJson(diff)
                                           : ReviewDiffToMarkdown(diff),
                      l.format, l.profile));
    return kExitOk;
  }
  Print(WithProfile(l.format == "csv"    ? ReviewToCsv(r)
                    : l.format == "json" ? ReviewToJson(r)
                                         : ReviewToMarkdown(r),
                    l.format, l.profile));
  return kExitOk;
}

int RunEscalations(absl::Span<const std::string> args) {
  constexpr char kHelp[] =
      R"(Usage: iameval escalations --account FILE... [--format text|json] [--region R]

Privilege-escalation paths: principals that can reach a more privileged one
through known techniques (iam:PassRole to a service that runs code,
CreatePolicyVersion, SetDefaultPolicyVersion, Attach*/Put*Policy on itself,
CreateAccessKey/CreateLoginProfile/UpdateLoginProfile on another user,
UpdateAssumeRolePolicy, AddUserToGroup, sts:AssumeRole), each step checked
with the engine so boundaries and SCPs count. Techniques a boundary, SCP or
deny blocks are listed apart.

Exit status: 0 when no path was found, 2 when at least one was, 1 on a usage
or input error.

)";
  Loaded l;
  bool help = false;
  int rc = Load("escalations", args, kHelp, {"text", "json"}, &l, &help);
  if (rc != kExitOk || help) return rc;
  EscalationOptions options;
  options.query.profile = l.profile;
  if (l.flags.Has("region")) options.region = l.flags.Get("region");
  EscalationResult r = FindEscalations(*l.model, options);
  Print(WithProfile(
      l.format == "json" ? EscalationsToJson(r) : EscalationsToText(r),
      l.format, l.profile));
  return r.paths.empty() ? kExitOk : kExitDenied;
}

}  // namespace iameval::cli
