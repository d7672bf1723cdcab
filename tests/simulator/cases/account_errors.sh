# account commands: missing --account, a bad snapshot, a bad format.
iameval who-can s3:GetObject arn:aws:s3:::b/k
echo "exit $?"
iameval who-can --account tests/simulator/data/vpce.json s3:GetObject arn:aws:s3:::b/k
echo "exit $?"
iameval review --account tests/fixtures/accounts/org3/dev.json --format xml
echo "exit $?"
