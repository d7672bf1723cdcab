# what-can: a developer's allowed actions on the resources its policies name.
iameval what-can --account tests/fixtures/accounts/org3/management.json --account tests/fixtures/accounts/org3/dev.json --account tests/fixtures/accounts/org3/prod.json --org tests/fixtures/accounts/org3/organization.json --resources tests/fixtures/accounts/org3/resources.json arn:aws:iam::222222222222:user/dave
