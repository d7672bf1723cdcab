// ARN field mistakes in Resource/NotResource entries and region names in
// aws:RequestedRegion conditions: a partition, region or account that
// cannot be right (a 5-digit account, region and account swapped, a region
// AWS does not have, an empty field).
//
// The partitions and regions are a curated table (Access Analyzer's class K):
// AWS's list of Regions, https://docs.aws.amazon.com/global-infrastructure/
// latest/regions/aws-regions.html, and the partitions of the AWS SDKs'
// endpoint data (partitions.json of aws-sdk-go-v2 / botocore), as of
// 2026-12. A region opened later is reported until the table learns it,
// hence "approximate".
#include <array>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "iameval/arn.h"
#include "lint/lint_internal.h"

namespace iameval::lint_internal {
namespace {

using T = LintFindingType;

constexpr LintCheckInfo kChecks[] = {
    {"INVALID_ARN_ACCOUNT", T::kError, "arn_fields",
     "An ARN's account field is not a 12-digit account ID (nor \"aws\" or a "
     "wildcard).",
     false},
    {"INVALID_ARN_REGION", T::kError, "arn_fields",
     "An ARN's region field is no AWS Region (an account ID there means "
     "region and account are swapped).",
     true},
    {"INVALID_PARTITION", T::kError, "arn_fields",
     "An ARN's partition is none of aws, aws-cn, aws-us-gov, aws-iso*, "
     "aws-eusc.",
     true},
    {"INVALID_REGION", T::kError, "arn_fields",
     "An aws:RequestedRegion condition value that is no AWS Region.", true},
};

constexpr absl::string_view kPartitions[] = {
    "aws",       "aws-cn",    "aws-us-gov", "aws-iso",
    "aws-iso-b", "aws-iso-e", "aws-iso-f",  "aws-eusc",
};

constexpr absl::string_view kRegions[] = {
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    // Other partitions.
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "us-isof-south-1",
    "us-isof-east-1",
    "eu-isoe-west-1",
    "eusc-de-east-1",
};

bool HasWildcardOrVariable(absl::string_view s) {
  return s.find_first_of("*?") != absl::string_view::npos ||
         absl::StrContains(s, "${");
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool KnownRegion(absl::string_view r) {
  for (absl::string_view k : kRegions) {
    if (r == k) return true;
  }
  return false;
}

void CheckArn(Context& ctx, const JsonValue& item, const std::string& ptr) {
  std::array<absl::string_view, 6> f;
  if (!absl::StartsWith(item.text, "arn:") ||
      SplitArnComponents(item.text, &f) < 6) {
    return;  // the grammar reports it (INVALID_ARN_PREFIX, MISSING_ARN_FIELD)
  }
  const absl::string_view partition = f[1], region = f[3], account = f[4];
  if (partition.empty() || f[2].empty()) {
    ctx.Report("MISSING_ARN_FIELD", ptr, item,
               absl::StrCat("\"", item.text, "\" has an empty ",
                            partition.empty() ? "partition" : "service",
                            " field; write arn:aws:SERVICE:..."));
  } else if (!HasWildcardOrVariable(partition)) {
    bool known = false;
    for (absl::string_view p : kPartitions) known |= partition == p;
    if (!known) {
      ctx.Report("INVALID_PARTITION", ptr, item,
                 absl::StrCat("\"", partition,
                              "\" is no AWS partition (aws, aws-cn, "
                              "aws-us-gov, ...)"));
    }
  }
  if (!region.empty() && !HasWildcardOrVariable(region) &&
      !KnownRegion(region)) {
    ctx.Report("INVALID_ARN_REGION", ptr, item,
               AllDigits(region)
                   ? absl::StrCat("\"", region,
                                  "\" in the region field looks like an "
                                  "account ID: are region and account "
                                  "swapped? (arn:PARTITION:SERVICE:REGION:"
                                  "ACCOUNT:RESOURCE)")
                   : absl::StrCat("\"", region, "\" is no AWS Region"));
  }
  if (!account.empty() && !HasWildcardOrVariable(account) && account != "aws" &&
      !(AllDigits(account) && account.size() == 12)) {
    std::string why = AllDigits(account) ? absl::StrCat("has ", account.size(),
                                                        " digits, not 12")
                      : KnownRegion(account)
                          ? "is a Region: are region and account swapped? "
                            "(arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"
                          : "is not a 12-digit account ID";
    ctx.Report("INVALID_ARN_ACCOUNT", ptr, item,
               absl::StrCat("the account field \"", account, "\" ", why));
  }
}

void CheckRequestedRegion(Context& ctx, const JsonValue& s,
                          const std::string& ptr) {
  const JsonValue* cond = s.Find("Condition");
  if (cond == nullptr || !cond->is_object()) return;
  for (const JsonMember& op : cond->members) {
    // Only equality tests name regions; StringLike patterns may be partial.
    const bool equality = absl::StrContains(op.key, "StringEquals") ||
                          absl::StrContains(op.key, "StringNotEquals");
    if (!op.value.is_object() || !equality) {
      continue;
    }
    for (const JsonMember& k : op.value.members) {
      if (!absl::EqualsIgnoreCase(k.key, "aws:RequestedRegion")) continue;
      const std::string kptr =
          absl::StrCat(ptr, "/Condition/", json::EscapePointerToken(op.key),
                       "/", json::EscapePointerToken(k.key));
      ForEachString(
          k.value, kptr, [&](const JsonValue& v, const std::string& p) {
            if (HasWildcardOrVariable(v.text)) return;
            const bool ignore_case = absl::StrContains(op.key, "IgnoreCase");
            std::string region =
                ignore_case ? absl::AsciiStrToLower(v.text) : v.text;
            if (!KnownRegion(region)) {
              ctx.Report("INVALID_REGION", p, v,
                         absl::StrCat("\"", v.text, "\" is no AWS Region"));
            }
          });
    }
  }
}

}  // namespace

absl::Span<const LintCheckInfo> ArnChecks() { return kChecks; }

const char* InvalidResourceCode(absl::string_view resource) {
  if (resource != "*" && !absl::StartsWith(resource, "arn:")) {
    return "INVALID_ARN_PREFIX";
  }
  std::array<absl::string_view, 6> f;
  if (SplitArnComponents(resource, &f) < 6 || f[1].empty() || f[2].empty()) {
    return "MISSING_ARN_FIELD";
  }
  for (char c : f[2]) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c))) {
      return "INVALID_ARN_SERVICE_CASE";
    }
  }
  return "IAMEVAL_INVALID_RESOURCE";
}

void CheckArnFields(Context& ctx) {
  ForEachStatement(ctx, [&](const JsonValue& s, const std::string& ptr) {
    for (const char* element : {"Resource", "NotResource"}) {
      if (const JsonValue* v = s.Find(element)) {
        ForEachString(*v, absl::StrCat(ptr, "/", element),
                      [&](const JsonValue& item, const std::string& p) {
                        CheckArn(ctx, item, p);
                      });
      }
    }
    CheckRequestedRegion(ctx, s, ptr);
  });
}

}  // namespace iameval::lint_internal
