#include "request_checks.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "iameval/arn.h"
#include "iameval/spelling.h"
#include "iameval/typed_value.h"

namespace iameval::cli {
namespace {

// As many candidates as ValidatePolicy suggests for UNKNOWN_ACTION; of them
// only the nearest are shown (NearestOnly).
constexpr int kSuggestions = 3;

// Why `value` is not of `type` ("Bool", "ArrayOfDate", ...) and which
// operators then evaluate to Indeterminate; `why` null when it is of the type
// or the type takes any string (String).
struct Mismatch {
  const char* why = nullptr;
  const char* operators = nullptr;
};

Mismatch TypeMismatch(absl::string_view type, const ContextValue& value) {
  absl::ConsumePrefix(&type, "ArrayOf");
  if (type == "Bool" && !value.boolean) {
    return {"is not true or false", "Bool"};
  }
  if (type == "Date" && !value.date) {
    return {"is not an ISO 8601 date (2026-01-31T12:00:00Z) or epoch seconds",
            "Date*"};
  }
  if (type == "IPAddress" && !value.ip) {
    return {"is not an IPv4 or IPv6 address", "IpAddress/NotIpAddress"};
  }
  if (type == "Numeric" && !value.number) {
    return {"is not a decimal number", "Numeric*"};
  }
  if (type == "ARN" && !ArnView::Parse(value.text)) {
    return {"is not an ARN", "Arn*"};
  }
  return {};
}

// "object (arn:${Partition}:s3:::${BucketName}/${ObjectName})".
std::string DescribeType(const ResourceTypeInfo& type) {
  return absl::StrCat(type.name, " (", absl::StrJoin(type.arns, " or "), ")");
}

}  // namespace

std::vector<std::string> NearestOnly(absl::string_view unknown,
                                     std::vector<std::string> candidates) {
  if (candidates.empty()) return candidates;
  std::vector<int> distance;
  distance.reserve(candidates.size());
  for (const std::string& c : candidates) {
    distance.push_back(EditDistanceIgnoreCase(unknown, c));
  }
  const int best = *std::min_element(distance.begin(), distance.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (distance[i] == best) out.push_back(std::move(candidates[i]));
  }
  return out;
}

std::string DidYouMean(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return "";
  std::vector<std::string> quoted;
  quoted.reserve(suggestions.size());
  for (const std::string& s : suggestions) {
    quoted.push_back(absl::StrCat("\"", s, "\""));
  }
  return absl::StrCat("; did you mean ", absl::StrJoin(quoted, ", "), "?");
}

const Catalog* CatalogForChecks(absl::string_view command) {
  absl::StatusOr<std::shared_ptr<const Catalog>> catalog = Catalog::Default();
  if (catalog.ok()) return catalog->get();
  // Default() keeps its result, so the failure is the same every call; say
  // it once, not once per request.
  static bool said = false;
  if (!said) {
    said = true;
    std::string line = absl::StrCat(
        "iameval ", command,
        ": warning: requests are not checked against the service catalog: ",
        catalog.status().message(), "\n");
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  return nullptr;
}

std::optional<std::string> CheckAction(const Catalog& catalog,
                                       absl::string_view action) {
  if (catalog.FindAction(action) != nullptr) return std::nullopt;
  std::string why;
  if (size_t colon = action.find(':'); colon != absl::string_view::npos) {
    absl::string_view prefix = action.substr(0, colon);
    if (catalog.FindService(prefix) == nullptr) {
      why = absl::StrCat(" (no AWS service has the prefix \"", prefix, "\")");
    }
  }
  return absl::StrCat(
      "unknown action \"", action, "\"", why,
      DidYouMean(
          NearestOnly(action, catalog.NearestActions(action, kSuggestions))));
}

std::optional<std::string> CheckResource(const Catalog& catalog,
                                         absl::string_view action,
                                         absl::string_view resource) {
  const ActionInfo* info = catalog.FindAction(action);
  if (info == nullptr || resource == "*") return std::nullopt;
  if (info->resources.empty()) {
    return absl::StrCat("\"", resource, "\" is not a resource of ",
                        info->full_name,
                        ": the action supports only the resource \"*\"");
  }
  if (catalog.ResolveResourceType(*info, resource) != nullptr) {
    return std::nullopt;
  }
  std::vector<std::string> expected;
  for (const ActionResource& r : info->resources) {
    expected.push_back(DescribeType(*r.type));
  }
  return absl::StrCat("\"", resource, "\" fits no resource type of ",
                      info->full_name, "; expected ",
                      absl::StrJoin(expected, ", "));
}

std::vector<std::string> CheckContextEntry(const Catalog& catalog,
                                           const ContextEntry& entry) {
  std::vector<std::string> out;
  std::optional<std::string> type = catalog.ConditionKeyType(entry.key);
  if (!type) return out;
  for (const ContextValue& value : entry.values) {
    Mismatch m = TypeMismatch(*type, value);
    if (m.why == nullptr) continue;
    out.push_back(absl::StrCat("context key \"", entry.key, "\" is of type ",
                               *type, ", but \"", value.text, "\" ", m.why,
                               ": ", m.operators,
                               " conditions on it are Indeterminate"));
  }
  return out;
}

}  // namespace iameval::cli
