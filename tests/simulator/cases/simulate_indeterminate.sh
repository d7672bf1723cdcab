# simulate: a condition that cannot be evaluated is Indeterminate; the Deny applies (R10).
iameval simulate --principal arn:aws:iam::111122223333:user/bob \
  --action s3:GetObject --resource arn:aws:s3:::reports/q1.csv \
  --context aws:MultiFactorAuthAge=recently \
  --identity tests/simulator/data/mfa-age.json
echo "exit $?"
iameval simulate --format json --principal arn:aws:iam::111122223333:user/bob \
  --action s3:GetObject --resource arn:aws:s3:::reports/q1.csv \
  --context aws:MultiFactorAuthAge=recently \
  --identity tests/simulator/data/mfa-age.json
