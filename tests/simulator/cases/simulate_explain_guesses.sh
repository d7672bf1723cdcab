# simulate: a policy variable without a value is a missing key; near misses say what failed;
# the S3 ARN's owner and the role's path are guesses, and the explanation says so.
iameval simulate \
  --principal arn:aws:sts::444455556666:assumed-role/analyst/sam \
  --action s3:GetObject --resource arn:aws:s3:::team-data/q1.csv \
  --context aws:ResourceTag/team=finance \
  --resource-policy tests/simulator/data/team-bucket.json
