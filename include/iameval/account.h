// File: iameval/account.h
// -----------------------------------------------------------------------------
// Account analysis: load real accounts (get-account-authorization-details,
// an organization file, a resources file) and ask who can do what. Umbrella
// header; see docs/accounts.md for the walk-through.
//
//   account/model.h       AccountModel, loading, principal resolution
//   account/query.h       Can, WhoCan, WhatCan, AssumePaths
//   account/review.h      Review (access review, Markdown/CSV)
//   account/escalation.h  FindEscalations (privilege-escalation paths)
//
// Thread safety and lifetime: see each header.
#ifndef IAMEVAL_ACCOUNT_H_
#define IAMEVAL_ACCOUNT_H_

#include "iameval/account/escalation.h"  // IWYU pragma: export
#include "iameval/account/model.h"       // IWYU pragma: export
#include "iameval/account/profile.h"     // IWYU pragma: export
#include "iameval/account/query.h"       // IWYU pragma: export
#include "iameval/account/review.h"      // IWYU pragma: export

#endif  // IAMEVAL_ACCOUNT_H_
