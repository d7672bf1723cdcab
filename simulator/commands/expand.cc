// `iameval expand`: the actions IAM action patterns cover, from the service
// catalog, grouped by service and access level.
#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands/commands.h"
#include "common.h"
#include "flags.h"
#include "iameval/catalog.h"
#include "iameval/explain.h"
#include "json/json_writer.h"
#include "request_checks.h"

namespace iameval::cli {
namespace {

constexpr char kHelp[] =
    R"(Usage: iameval expand PATTERN... [--not] [--format text|json]

Prints the actions that IAM action patterns cover ("s3:Get*", "*:Describe*",
"iam:PassRole"; * and ? are wildcards, case-insensitively), from the service
catalog (docs/data.md), grouped by service and access level (List, Read,
Write, Permissions management, Tagging), with counts. Several patterns cover
their union, like the entries of one Action element.

Options:
  --not                 the actions matching none of the patterns (what a
                        NotAction element with them covers)
  --format text|json    text (default) or one JSON object
  -h, --help            show this help

Exit status: 0, or 1 when a pattern covers no action (the nearest spellings
are printed on stderr) or on a usage error.
)";

constexpr FlagSpec kFlags[] = {
    {"help"},
    {"not"},
    TextOrJsonFormatFlag(),
};

constexpr char kCommand[] = "expand";

constexpr std::array<AccessLevel, 5> kLevels = {
    AccessLevel::kList, AccessLevel::kRead, AccessLevel::kWrite,
    AccessLevel::kPermissionsManagement, AccessLevel::kTagging};

// The covered actions of one service, by access level (kLevels order).
struct ServiceGroup {
  const ServiceInfo* service = nullptr;
  std::array<std::vector<const ActionInfo*>, kLevels.size()> by_level;
  size_t count = 0;
};

size_t LevelIndex(AccessLevel level) {
  for (size_t i = 0; i < kLevels.size(); ++i) {
    if (kLevels[i] == level) return i;
  }
  return 0;
}

bool HasWildcard(absl::string_view s) {
  return s.find_first_of("*?") != absl::string_view::npos;
}

// Nearest spellings for a pattern that covers nothing. An unknown literal
// service prefix is the likely typo, so the pattern is suggested with the
// nearest prefixes ("s4:Get*" -> "s3:Get*"); otherwise the nearest actions
// to the pattern without its wildcards ("s3:GetObjet*" -> "s3:GetObject").
std::vector<std::string> Suggest(const Catalog& catalog,
                                 absl::string_view pattern) {
  std::vector<std::string> out;
  size_t colon = pattern.find(':');
  if (colon != absl::string_view::npos) {
    absl::string_view prefix = pattern.substr(0, colon);
    if (!HasWildcard(prefix) && catalog.FindService(prefix) == nullptr) {
      for (const std::string& s :
           NearestOnly(prefix, catalog.NearestServices(prefix, 3))) {
        out.push_back(absl::StrCat(s, pattern.substr(colon)));
      }
      return out;
    }
  }
  std::string literal;
  for (char c : pattern) {
    if (c != '*' && c != '?') literal.push_back(c);
  }
  return NearestOnly(literal, catalog.NearestActions(literal, 3));
}

std::string Plural(size_t n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

void Counts(const std::array<size_t, kLevels.size()>& counts,
            json::JsonWriter* w) {
  w->Key("counts").BeginObject();
  for (size_t i = 0; i < kLevels.size(); ++i) {
    w->Key(AccessLevelName(kLevels[i])).Uint(counts[i]);
  }
  w->EndObject();
}

void Strings(const std::vector<std::string>& items, json::JsonWriter* w) {
  w->BeginArray();
  for (const std::string& s : items) w->String(s);
  w->EndArray();
}

}  // namespace

int RunExpand(absl::Span<const std::string> args) {
  int exit_code = kExitOk;
  std::optional<ParsedFlags> parsed =
      ParseCommandLine(kCommand, kHelp, args, kFlags, &exit_code);
  if (!parsed) return exit_code;
  const ParsedFlags& flags = *parsed;
  const std::vector<std::string>& patterns = flags.positional();
  if (patterns.empty())
    return UsageError(kCommand, "give at least one action pattern");
  const std::string format = flags.Get("format", "text");
  absl::StatusOr<std::shared_ptr<const Catalog>> loaded = Catalog::Default();
  if (!loaded.ok()) {
    PrintError(kCommand, loaded.status().message());
    return kExitFailure;
  }
  const Catalog& catalog = **loaded;
  const bool negate = flags.Has("not");

  // Which actions are covered, by dense id; then read in catalog order.
  std::vector<bool> covered(catalog.action_count(), negate);
  struct Unmatched {
    std::string pattern;
    std::vector<std::string> suggestions;
  };
  std::vector<Unmatched> unmatched;
  for (const std::string& pattern : patterns) {
    std::vector<const ActionInfo*> matched = catalog.Expand(pattern);
    if (matched.empty()) {
      unmatched.push_back({pattern, Suggest(catalog, pattern)});
    }
    for (const ActionInfo* a : matched) covered[a->id] = !negate;
  }

  std::vector<ServiceGroup> groups;
  std::array<size_t, kLevels.size()> totals{};
  size_t total = 0;
  for (const ServiceInfo& service : catalog.services()) {
    ServiceGroup group;
    group.service = &service;
    for (const ActionInfo& a : service.actions) {
      if (!covered[a.id]) continue;
      const size_t level = LevelIndex(a.access);
      group.by_level[level].push_back(&a);
      ++totals[level];
      ++group.count;
    }
    total += group.count;
    if (group.count > 0) groups.push_back(std::move(group));
  }

  std::string out;
  if (format == "json") {
    json::JsonWriter w(&out);
    w.BeginObject().Key("patterns");
    Strings(patterns, &w);
    w.Key("not").Bool(negate).Member("catalog", catalog.version());
    w.Key("count").Uint(total);
    Counts(totals, &w);
    w.Key("services").BeginArray();
    for (const ServiceGroup& g : groups) {
      std::array<size_t, kLevels.size()> counts{};
      for (size_t i = 0; i < kLevels.size(); ++i) {
        counts[i] = g.by_level[i].size();
      }
      w.BeginObject().Member("prefix", g.service->prefix);
      w.Member("name", g.service->name).Key("count").Uint(g.count);
      Counts(counts, &w);
      w.Key("actions").BeginObject();
      for (size_t i = 0; i < kLevels.size(); ++i) {
        if (g.by_level[i].empty()) continue;
        w.Key(AccessLevelName(kLevels[i])).BeginArray();
        for (const ActionInfo* a : g.by_level[i]) w.String(a->full_name);
        w.EndArray();
      }
      w.EndObject().EndObject();
    }
    w.EndArray().Key("unmatched").BeginArray();
    for (const Unmatched& u : unmatched) {
      w.BeginObject().Member("pattern", u.pattern).Key("suggestions");
      Strings(u.suggestions, &w);
      w.EndObject();
    }
    w.EndArray().EndObject();
    out.push_back('\n');
  } else {
    for (const ServiceGroup& g : groups) {
      absl::StrAppend(&out, g.service->prefix, " (", g.service->name,
                      "): ", Plural(g.count, "action", "actions"), "\n");
      for (size_t i = 0; i < kLevels.size(); ++i) {
        if (g.by_level[i].empty()) continue;
        absl::StrAppend(&out, "  ", AccessLevelName(kLevels[i]), " (",
                        g.by_level[i].size(), ")\n");
        for (const ActionInfo* a : g.by_level[i]) {
          absl::StrAppend(&out, "    ", a->full_name, "\n");
        }
      }
    }
    std::vector<std::string> levels;
    for (size_t i = 0; i < kLevels.size(); ++i) {
      if (totals[i] > 0) {
        levels.push_back(
            absl::StrCat(AccessLevelName(kLevels[i]), " ", totals[i]));
      }
    }
    if (!groups.empty()) out.push_back('\n');
    absl::StrAppend(&out, Plural(total, "action", "actions"), " in ",
                    Plural(groups.size(), "service", "services"),
                    levels.empty() ? "" : ": ", absl::StrJoin(levels, ", "),
                    " (catalog ", catalog.version(), ")\n");
  }
  std::fwrite(out.data(), 1, out.size(), stdout);

  for (const Unmatched& u : unmatched) {
    const bool shaped =
        u.pattern == "*" || u.pattern.find(':') != std::string::npos;
    PrintError(kCommand,
               absl::StrCat("\"", u.pattern, "\" matches no action",
                            shaped ? "" : " (patterns are SERVICE:ACTION)",
                            DidYouMean(u.suggestions)));
  }
  return unmatched.empty() ? kExitOk : kExitFailure;
}

}  // namespace iameval::cli
