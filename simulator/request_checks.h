// File: simulator/request_checks.h
// -----------------------------------------------------------------------------
// Checks of a request against the service catalog (iameval/catalog.h) before
// `simulate` or `test` decides it. The engine decides any string it is given:
// a misspelt action is simply allowed by nothing, an ARN of the wrong type
// matches no statement meant for the action, and a context value that is not
// of its key's type makes every typed comparison Indeterminate. Each of these
// gives a plausible-looking "denied" that hides the typo, so they are said as
// warnings (errors under --strict). Each check returns the message without
// severity or location; the commands add those.
//
// Thread safety: call from the main thread (CatalogForChecks prints once).
// Lifetime: the catalog lives for the whole process.
#ifndef IAMEVAL_SIMULATOR_REQUEST_CHECKS_H_
#define IAMEVAL_SIMULATOR_REQUEST_CHECKS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/catalog.h"
#include "iameval/request.h"

namespace iameval::cli {

// Catalog::Default(), or null after saying once on stderr, as
// "iameval COMMAND: warning: ...", that it could not be loaded and requests
// are not checked.
const Catalog* CatalogForChecks(absl::string_view command);

// `unknown action "s3:GetObjet"; did you mean "s3:GetObject"?` for an action
// the catalog does not have; nullopt when it has it.
std::optional<std::string> CheckAction(const Catalog& catalog,
                                       absl::string_view action);

// For a known action and a resource ARN ("*" is never reported): the ARN
// fits none of the action's resource types, or the action takes only "*".
// The message names the expected resource types and their ARN templates.
std::optional<std::string> CheckResource(const Catalog& catalog,
                                         absl::string_view action,
                                         absl::string_view resource);

// One message per value of `entry` that is not of the key's declared type
// (Bool, Date, IPAddress, Numeric, ARN and their ArrayOf forms); keys the
// catalog does not know, and String keys, are not judged.
std::vector<std::string> CheckContextEntry(const Catalog& catalog,
                                           const ContextEntry& entry);

// Of `candidates` (nearest first, as Catalog::Nearest* returns them), those
// as near to `unknown` as the nearest one: "s3:GetObjet" is one edit from
// s3:GetObject and three from s3:PutObject, and naming both would make the
// obvious fix look uncertain. Ties are all kept.
std::vector<std::string> NearestOnly(absl::string_view unknown,
                                     std::vector<std::string> candidates);

// "; did you mean "a", "b"?" for suggestions, "" for none.
std::string DidYouMean(const std::vector<std::string>& suggestions);

}  // namespace iameval::cli

#endif  // IAMEVAL_SIMULATOR_REQUEST_CHECKS_H_
