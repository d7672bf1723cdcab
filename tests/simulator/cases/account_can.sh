# can: a user in dev assumes the prod deploy role; a boundary-capped user is denied; json.
iameval can --now 2026-01-01T00:00:00Z --account tests/fixtures/accounts/org3/management.json --account tests/fixtures/accounts/org3/dev.json --account tests/fixtures/accounts/org3/prod.json --org tests/fixtures/accounts/org3/organization.json --resources tests/fixtures/accounts/org3/resources.json \
  arn:aws:iam::222222222222:user/dave sts:AssumeRole arn:aws:iam::333333333333:role/DeployRole \
  --context aws:MultiFactorAuthPresent=true
echo "exit $?"
iameval can --now 2026-01-01T00:00:00Z --account tests/fixtures/accounts/org3/management.json --account tests/fixtures/accounts/org3/dev.json --account tests/fixtures/accounts/org3/prod.json --org tests/fixtures/accounts/org3/organization.json --resources tests/fixtures/accounts/org3/resources.json --format json \
  arn:aws:iam::222222222222:user/bob iam:CreateUser arn:aws:iam::222222222222:user/new
echo "exit $?"
