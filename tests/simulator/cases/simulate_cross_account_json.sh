# simulate: the bucket is in another account and the team tag is given: the bucket policy allows,
# the caller's identity policies do not (CROSS_ACCOUNT_NO_IDENTITY_ALLOW, not "no resource policy").
iameval simulate --format json \
  --principal arn:aws:sts::444455556666:assumed-role/analyst/sam \
  --session-issuer arn:aws:iam::444455556666:role/analyst \
  --action s3:GetObject --resource arn:aws:s3:::team-data/q1.csv \
  --resource-account 111122223333 \
  --context aws:ResourceTag/team=finance --context aws:PrincipalTag/team=finance \
  --resource-policy tests/simulator/data/team-bucket.json
