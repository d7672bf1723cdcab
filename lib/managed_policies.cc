// The vendored AWS managed policies by ARN or name (managed_policies.h).
#include "iameval/managed_policies.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "iameval/catalog.h"
#include "iameval/spelling.h"
#include "io/read_file.h"
#include "json/json_reader.h"

namespace iameval {
namespace {

constexpr absl::string_view kArnPrefix = "arn:aws:iam::aws:policy/";

// The list, read once. Lines are found by a cheap scan of their "name" and
// "arn" members; only the line asked for is read as JSON, so the first
// lookup costs one 3.4 MB read and a scan, not 1,594 JSON parses.
struct ManagedPolicyList {
  absl::Status status;  // not ok: the list could not be read
  std::string text;     // the whole file
  absl::flat_hash_map<std::string, absl::string_view> line_by_arn;
  // Names are unique over all paths in the list (AWS requires it).
  absl::flat_hash_map<std::string, std::string> arn_by_name;
};

// The string value of `"member":"...` in a line of the list, which
// extract.js writes without escapes (ARNs and names are plain ASCII).
absl::string_view MemberText(absl::string_view line, absl::string_view member) {
  const std::string needle = absl::StrCat("\"", member, "\":\"");
  size_t at = line.find(needle);
  if (at == absl::string_view::npos) return {};
  at += needle.size();
  size_t end = line.find('"', at);
  if (end == absl::string_view::npos) return {};
  return line.substr(at, end - at);
}

const ManagedPolicyList* LoadList() {
  auto* list = new ManagedPolicyList();
  const std::string path =
      absl::StrCat(Catalog::DefaultDataDir(),
                   "/aws-managed-policies/managed_policies.jsonl");
  absl::StatusOr<std::string> text = io::ReadFile(path);
  if (!text.ok()) {
    list->status = absl::Status(
        text.status().code(),
        absl::StrCat(text.status().message(),
                     " (the AWS managed policy list; set IAMEVAL_DATA_DIR to "
                     "the folder holding aws-managed-policies/"
                     "managed_policies.jsonl)"));
    return list;
  }
  list->text = *std::move(text);
  absl::string_view all = list->text;
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\n', start);
    if (end == absl::string_view::npos) end = all.size();
    absl::string_view line = all.substr(start, end - start);
    start = end + 1;
    absl::string_view arn = MemberText(line, "arn");
    absl::string_view name = MemberText(line, "name");
    if (arn.empty() || name.empty()) continue;
    list->line_by_arn.emplace(std::string(arn), line);
    list->arn_by_name.emplace(std::string(name), std::string(arn));
  }
  return list;
}

const ManagedPolicyList& List() {
  // A function-local static: initialised once, thread-safely, on first use;
  // never destroyed, so lookups from other static destructors stay valid.
  static const ManagedPolicyList* const kList = LoadList();
  return *kList;
}

// Up to three ARNs of the policies whose names are nearest the unknown
// one's (the same name under another path is nearest), for "did you mean".
std::vector<std::string> Nearest(const ManagedPolicyList& list,
                                 absl::string_view arn_or_name) {
  absl::string_view name = arn_or_name;
  if (size_t slash = name.rfind('/'); slash != absl::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  const int limit = std::max<int>(3, static_cast<int>(name.size()) / 3);
  std::vector<std::pair<int, absl::string_view>> ranked;
  for (const auto& [candidate, arn] : list.arn_by_name) {
    const int d = EditDistanceIgnoreCase(name, candidate);
    if (d <= limit) ranked.emplace_back(d, arn);
  }
  // Ties in ARN order, so the message does not depend on hash order.
  std::sort(ranked.begin(), ranked.end());
  // Only the nearest: the right path for a name is distance 0 and should
  // not share the message with look-alike names.
  std::vector<std::string> out;
  for (size_t i = 0; i < ranked.size() && i < 3; ++i) {
    if (ranked[i].first != ranked[0].first) break;
    out.push_back(absl::StrCat("\"", ranked[i].second, "\""));
  }
  return out;
}

}  // namespace

bool IsAwsManagedPolicyArn(absl::string_view text) {
  return absl::StartsWith(text, kArnPrefix) &&
         text.size() > kArnPrefix.size() && text.back() != '/';
}

absl::StatusOr<std::string> ManagedPolicyDocument(
    absl::string_view arn_or_name) {
  const ManagedPolicyList& list = List();
  if (!list.status.ok()) return list.status;
  const absl::string_view* line = nullptr;
  if (absl::StartsWith(arn_or_name, "arn:")) {
    auto it = list.line_by_arn.find(arn_or_name);
    if (it != list.line_by_arn.end()) line = &it->second;
  } else if (auto name = list.arn_by_name.find(arn_or_name);
             name != list.arn_by_name.end()) {
    line = &list.line_by_arn.find(name->second)->second;
  }
  if (line == nullptr) {
    std::vector<std::string> nearest = Nearest(list, arn_or_name);
    return absl::NotFoundError(absl::StrCat(
        "no AWS managed policy ",
        absl::StartsWith(arn_or_name, "arn:") ? "has the ARN" : "is named",
        " \"", arn_or_name, "\" in the vendored list",
        nearest.empty() ? ""
                        : absl::StrCat("; did you mean ",
                                       absl::StrJoin(nearest, ", "), "?")));
  }
  json::JsonValue root;
  Issue error;
  json::ReadOptions options;
  if (!json::ReadJson(*line, options, &root, &error)) {
    return absl::DataLossError(
        absl::StrCat("the AWS managed policy list's line for \"", arn_or_name,
                     "\" is not valid JSON: ", error.ToString()));
  }
  const json::JsonValue* document = root.Find("document");
  if (document == nullptr || !document->is_object()) {
    return absl::DataLossError(
        absl::StrCat("the AWS managed policy list's line for \"", arn_or_name,
                     "\" has no \"document\" object"));
  }
  // The document's own bytes, verbatim: what AWS serves, no re-serialising.
  return std::string(
      line->substr(document->offset, document->end - document->offset));
}

}  // namespace iameval
