#include "testing/account_fixture.h"

#include <cstdio>

namespace iameval::testing {

std::string Org3Dir() {
  return std::string(IAMEVAL_SOURCE_DIR) + "/tests/fixtures/accounts/org3/";
}

std::shared_ptr<const AccountModel> Org3Model() {
  static const auto* const kModel = [] {
    const std::string dir = Org3Dir();
    AccountFiles files;
    files.snapshots = {dir + "management.json", dir + "dev.json",
                       dir + "prod.json"};
    files.organization = dir + "organization.json";
    files.resources = {dir + "resources.json"};
    absl::StatusOr<std::shared_ptr<const AccountModel>> m =
        LoadAccountModel(files);
    if (!m.ok()) {
      std::fprintf(stderr, "org3 fixture: %s\n",
                   std::string(m.status().message()).c_str());
    }
    return new std::shared_ptr<const AccountModel>(m.ok() ? *m : nullptr);
  }();
  return *kModel;
}

}  // namespace iameval::testing
