// File: tests/testing/account_fixture.h
// -----------------------------------------------------------------------------
// The three-account organization of tests/fixtures/accounts/org3 (snapshots
// of the management, dev and prod accounts, the organization file and a
// resources file), shared by the account tests.
//
// Thread safety: Org3Model() loads once (function-local static); the model
// is immutable. Lifetime: the model lives until the process ends.
#ifndef IAMEVAL_TESTS_TESTING_ACCOUNT_FIXTURE_H_
#define IAMEVAL_TESTS_TESTING_ACCOUNT_FIXTURE_H_

#include <memory>
#include <string>

#include "iameval/account.h"

namespace iameval::testing {

// The fixture's folder, with a trailing slash.
std::string Org3Dir();

// The loaded organization; nullptr (after printing the status to stderr)
// when it does not load, which the tests assert against.
std::shared_ptr<const AccountModel> Org3Model();

}  // namespace iameval::testing

#endif  // IAMEVAL_TESTS_TESTING_ACCOUNT_FIXTURE_H_
