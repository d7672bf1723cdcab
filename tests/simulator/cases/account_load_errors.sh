# Loader errors in compiler style, all of them at once: a snapshot with two
# errors (a policy inside it, located in the snapshot file; a user with a
# role ARN), then a bad organization file and a bad resources file together.
iameval review --account tests/simulator/data/account-errors/snapshot.json
echo "exit $?"
iameval who-can --account tests/simulator/data/account-errors/good-snapshot.json \
  --org tests/simulator/data/account-errors/organization.json \
  --resources tests/simulator/data/account-errors/resources.json \
  s3:GetObject arn:aws:s3:::logs-bucket/x
echo "exit $?"
