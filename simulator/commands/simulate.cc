// `iameval simulate`: one request (or one per action x resource pair) from
// flags and policy files, decided and explained.
#include <unistd.h>

#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "account_id.h"
#include "commands/commands.h"
#include "common.h"
#include "flags.h"
#include "iameval/evaluate.h"
#include "iameval/explain.h"
#include "iameval/policy_bundle.h"
#include "iameval/request.h"
#include "request_checks.h"

namespace iameval::cli {
namespace {

constexpr char kHelp[] =
    R"(Usage: iameval simulate (--principal ARN|SERVICE | --anonymous)
                        --action ACTION [--resource ARN] [POLICIES] [OPTIONS]

Decides a request offline and explains the decision. Several --action and
--resource flags give one result per action x resource pair (actions outer).

Request:
  --principal ARN|SERVICE   the caller: IAM user, role
                            (arn:aws:iam::ACCT:role/PATH/NAME: a session of
                            it), role session
                            (arn:aws:sts::ACCT:assumed-role/ROLE/SESSION),
                            federated user or root ARN, or a service principal
  --session-name NAME       with a role ARN as principal: the session's name
                            (default: unknown, and a policy naming one
                            session of the role is undecidable for it)
  --anonymous               an unsigned request (instead of --principal)
  --session-issuer ARN      the role (with its path) behind a role session, or
                            the IAM user behind a federated user
  --action ACTION           service:Action, no wildcards; repeatable
  --resource ARN            an ARN or *; repeatable; default *
  --resource-account ID     the account owning the resource (default: the
                            ARN's account, else the principal's)
  --context KEY=VALUE       a condition key; KEY=V1,V2 makes it multi-valued;
                            \, is a literal comma, \\ a backslash; repeatable;
                            overrides the same key from --context-file
  --context-file FILE       JSON object: key -> string or array of strings

Policies (FILE may be - for stdin, or an AWS managed policy's ARN such as
arn:aws:iam::aws:policy/ReadOnlyAccess, with its path where it has one):
  --identity FILE           identity policy; repeatable
  --boundary FILE           permissions boundary; repeatable (each must allow)
  --session-policy FILE     session policy; repeatable (together one set)
  --scp FILE[,FILE...]      one SCP level, root first; repeatable
  --rcp FILE[,FILE...]      one RCP level, root first; repeatable
  --resource-policy FILE    the resource's policy; for sts:AssumeRole* on a
                            role ARN, the role's trust policy; repeatable
  --vpce-policy FILE        VPC endpoint policy; repeatable
  --management-account ID   the organization's management account (its
                            principals escape SCPs, its resources RCPs)
  --aws-managed-key         the KMS key is AWS managed (RCPs do not apply)

Checks:
  --strict                  make the request warnings errors (exit 1): an
                            action the service catalog does not have, an ARN
                            that is none of the action's resource types, a
                            context value not of its key's type

Output:
  --format text|json        text (default) or one JSON object per line
  -h, --help                show this help

Exit status: 0 every result allowed, 2 any result denied, 1 usage or input
error. Policy problems are printed as FILE:LINE:COLUMN: error: ...
)";

constexpr FlagSpec kFlags[] = {
    {"help"},
    {"principal", true},
    {"anonymous"},
    {"session-issuer", true},
    {"session-name", true},
    {"action", true, true},
    {"resource", true, true},
    {"resource-account", true},
    {"context", true, true},
    {"context-file", true},
    {"identity", true, true},
    {"boundary", true, true},
    {"session-policy", true, true},
    {"scp", true, true},
    {"rcp", true, true},
    {"resource-policy", true, true},
    {"vpce-policy", true, true},
    {"management-account", true},
    {"aws-managed-key"},
    TextOrJsonFormatFlag(),
    {"strict"},
};

constexpr char kCommand[] = "simulate";

// Compiles each (file, kind) once and remembers failures, so a file named
// by two flags is reported once.
class PolicyLoader {
 public:
  // Returns null after printing the diagnostics when the file is unusable.
  PolicyRef Load(const std::string& path, PolicyKind kind) {
    auto key = std::make_pair(path, kind);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    PolicyRef& slot = cache_[key];
    absl::StatusOr<PolicyInput> input = ReadPolicyInput(path);
    if (!input.ok()) {
      PrintError(kCommand, input.status().message());
      failed_ = true;
      return nullptr;
    }
    const std::string name = DisplayName(path);
    absl::StatusOr<PolicyRef> compiled = CompilePolicyText(
        input->text, kind, name, name, {}, PolicyParseOptions(*input));
    if (!compiled.ok()) {
      failed_ = true;
      return nullptr;
    }
    slot = *std::move(compiled);
    return slot;
  }

  void LoadAll(const std::vector<std::string>& paths, PolicyKind kind,
               std::vector<PolicyRef>* out) {
    for (const std::string& p : paths) {
      if (PolicyRef ref = Load(p, kind)) out->push_back(std::move(ref));
    }
  }

  // --scp a.json,b.json: one level of two policies.
  void LoadLevels(const std::vector<std::string>& flags, PolicyKind kind,
                  std::vector<std::vector<PolicyRef>>* out) {
    for (const std::string& flag : flags) {
      out->emplace_back();
      for (absl::string_view p : absl::StrSplit(flag, ',', absl::SkipEmpty())) {
        if (PolicyRef ref = Load(std::string(p), kind)) {
          out->back().push_back(std::move(ref));
        }
      }
      if (out->back().empty() && !failed_) {
        PrintError(kCommand, absl::StrCat("--", PolicyKindName(kind), " \"",
                                          flag, "\" names no policy file"));
        failed_ = true;
      }
    }
  }

  bool failed() const { return failed_; }

 private:
  std::map<std::pair<std::string, PolicyKind>, PolicyRef> cache_;
  bool failed_ = false;
};

struct Row {
  Request request;
  bool trust = false;  // the resource policy is read as a trust policy
};

}  // namespace

int RunSimulate(absl::Span<const std::string> args) {
  int exit_code = kExitOk;
  std::optional<ParsedFlags> parsed =
      ParseCommandLine(kCommand, kHelp, args, kFlags, &exit_code);
  if (!parsed) return exit_code;
  const ParsedFlags& flags = *parsed;
  if (!flags.positional().empty()) {
    return UsageError(kCommand, absl::StrCat("unexpected argument \"",
                                             flags.positional()[0], "\""));
  }
  const std::string format = flags.Get("format", "text");
  if (flags.Has("principal") == flags.Has("anonymous")) {
    return UsageError(kCommand,
                      "give exactly one of --principal and --anonymous");
  }
  if (flags.All("action").empty())
    return UsageError(kCommand, "--action is required");
  const std::string management = flags.Get("management-account");
  if (flags.Has("management-account") && !IsAccountId(management)) {
    return UsageError(kCommand,
                      absl::StrCat("--management-account \"", management,
                                   "\" is not a 12-digit account id"));
  }

  // Context: the file first, then flags on top of it.
  RequestContext context;
  if (flags.Has("context-file")) {
    const std::string path = flags.Get("context-file");
    absl::StatusOr<std::string> text = ReadInput(path);
    if (!text.ok()) {
      PrintError(kCommand, text.status().message());
      return kExitFailure;
    }
    json::JsonValue root;
    Issue error;
    if (!json::ReadJson(*text, json::ReadOptions(), &root, &error)) {
      std::fprintf(stderr, "%s\n",
                   FormatIssue(DisplayName(path), error).c_str());
      return kExitFailure;
    }
    absl::Status s = AddContextJson(root, *text, DisplayName(path), &context);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
      return kExitFailure;
    }
  }
  RequestContext flag_keys;  // to reject a key given twice by flags
  for (const std::string& c : flags.All("context")) {
    absl::string_view key = absl::string_view(c).substr(0, c.find('='));
    if (!key.empty() && flag_keys.Find(key) != nullptr) {
      return UsageError(
          kCommand, absl::StrCat("--context ", key,
                                 " given twice (keys are case-insensitive)"));
    }
    flag_keys.Set(key, "");
    absl::Status s = AddContextFlag(c, &context);
    if (!s.ok()) return UsageError(kCommand, s.message());
  }

  // Every policy file is read and reported before anything is decided, so
  // one run shows every problem.
  PolicyLoader loader;
  PolicyBundle bundle;
  loader.LoadAll(flags.All("identity"), PolicyKind::kIdentity,
                 &bundle.identity);
  loader.LoadAll(flags.All("boundary"), PolicyKind::kBoundary,
                 &bundle.boundary);
  loader.LoadAll(flags.All("session-policy"), PolicyKind::kSession,
                 &bundle.session);
  loader.LoadLevels(flags.All("scp"), PolicyKind::kScp, &bundle.scp_levels);
  loader.LoadLevels(flags.All("rcp"), PolicyKind::kRcp, &bundle.rcp_levels);
  loader.LoadAll(flags.All("vpce-policy"), PolicyKind::kVpcEndpoint,
                 &bundle.vpc_endpoint);
  bundle.management_account = management;
  bundle.aws_managed_key = flags.Has("aws-managed-key");

  std::vector<std::string> resources = flags.All("resource");
  if (resources.empty()) resources.push_back("*");
  std::vector<Row> rows;
  for (const std::string& action : flags.All("action")) {
    for (const std::string& resource : resources) {
      RequestSpec spec;
      spec.principal = flags.Get("principal");
      spec.anonymous = flags.Has("anonymous");
      spec.session_issuer = flags.Get("session-issuer");
      spec.session_name = flags.Get("session-name");
      spec.action = action;
      spec.resource = resource;
      spec.resource_account = flags.Get("resource-account");
      spec.context = context;
      absl::StatusOr<Request> request = BuildRequest(std::move(spec));
      if (!request.ok()) {
        PrintError(kCommand, request.status().message());
        return kExitFailure;
      }
      Row row;
      row.trust = ResourcePolicyKindFor(*request) == PolicyKind::kTrust;
      row.request = *std::move(request);
      rows.push_back(std::move(row));
    }
  }
  // The same file can be a trust policy for one row and a resource policy
  // for another; each kind is parsed with its own grammar.
  PolicyBundle trust_bundle = bundle;
  bool need_resource = false, need_trust = false;
  for (const Row& row : rows) (row.trust ? need_trust : need_resource) = true;
  if (need_resource) {
    loader.LoadAll(flags.All("resource-policy"), PolicyKind::kResource,
                   &bundle.resource);
  }
  if (need_trust) {
    loader.LoadAll(flags.All("resource-policy"), PolicyKind::kTrust,
                   &trust_bundle.resource);
  }
  // The request against the service catalog, before anything is decided,
  // like the policy problems above: one run shows every problem.
  bool request_errors = false;
  if (const Catalog* catalog = CatalogForChecks(kCommand)) {
    std::vector<std::string> problems;
    for (const std::string& action : flags.All("action")) {
      if (std::optional<std::string> p = CheckAction(*catalog, action)) {
        problems.push_back(*std::move(p));
        continue;
      }
      for (const std::string& resource : resources) {
        if (std::optional<std::string> p =
                CheckResource(*catalog, action, resource)) {
          problems.push_back(*std::move(p));
        }
      }
    }
    for (const ContextEntry* entry : context.SortedEntries()) {
      for (std::string& p : CheckContextEntry(*catalog, *entry)) {
        problems.push_back(std::move(p));
      }
    }
    const bool strict = flags.Has("strict");
    std::set<std::string> said;  // a repeated flag repeats no message
    for (const std::string& p : problems) {
      if (!said.insert(p).second) continue;
      strict ? PrintError(kCommand, p) : PrintWarning(kCommand, p);
    }
    request_errors = strict && !problems.empty();
  }
  if (loader.failed() || request_errors) return kExitFailure;
  if (absl::Status s = bundle.Validate(rows[0].request.principal); !s.ok()) {
    PrintError(kCommand, s.message());
    return kExitFailure;
  }

  const bool color = format == "text" && StdoutWantsColor();
  bool any_denied = false;
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    Trace trace;
    Decision d =
        Evaluate(row.trust ? trust_bundle : bundle, row.request, &trace);
    any_denied |= !d.allowed();
    if (format == "json") {
      JsonFields fields;
      fields.context = true;
      absl::StrAppend(&out, DecisionToJson(d, &trace, row.request, fields),
                      "\n");
    } else {
      if (i > 0) out.push_back('\n');
      absl::StrAppend(&out, FormatDecisionText(d, &trace, row.request, color,
                                               /*show_context=*/true));
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return any_denied ? kExitDenied : kExitOk;
}

}  // namespace iameval::cli
