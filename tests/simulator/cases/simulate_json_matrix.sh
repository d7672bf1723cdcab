# simulate, json: 2 actions x 2 resources give 4 lines, actions outer (exit 2: some denied).
iameval simulate --format json \
  --principal arn:aws:sts::444455556666:assumed-role/auditor/carol \
  --action s3:GetBucketPolicy --action s3:GetObject \
  --resource arn:aws:s3:::prod-logs --resource arn:aws:s3:::prod-logs/app.log \
  --identity examples/policies/auditor.json
