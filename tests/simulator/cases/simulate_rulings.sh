# R19 role ARN as the caller (unknown session, then named), R21 GetCallerIdentity under a Deny, R23 a protected resource.
D=tests/simulator/data/rulings
iameval simulate --principal arn:aws:iam::111122223333:role/ops/prod-data-readonly \
  --action s3:GetObject --resource arn:aws:s3:::data/report.csv --resource-account 111122223333 \
  --identity $D/admin.json --resource-policy $D/deny-mallory.json
echo "exit $?"
iameval simulate --principal arn:aws:iam::111122223333:role/ops/prod-data-readonly --session-name alice \
  --action s3:GetObject --resource arn:aws:s3:::data/report.csv --resource-account 111122223333 \
  --identity $D/admin.json --resource-policy $D/deny-mallory.json --format json
echo "exit $?"
iameval simulate --principal arn:aws:iam::111122223333:user/alice --action sts:GetCallerIdentity \
  --identity $D/deny-sts.json --identity $D/admin.json
echo "exit $?"
iameval simulate --principal arn:aws:iam::111122223333:user/alice --action iam:CreatePolicyVersion \
  --resource arn:aws:iam::aws:policy/ReadOnlyAccess --identity $D/admin.json
echo "exit $?"
iameval simulate --principal arn:aws:iam::111122223333:user/alice --session-name x --action s3:GetObject
echo "exit $?"
