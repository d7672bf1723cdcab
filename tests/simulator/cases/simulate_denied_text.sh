# simulate, text: denied by the MFA guard; the missing key is named (exit 2).
iameval simulate \
  --principal arn:aws:sts::111122223333:assumed-role/developer/alice \
  --action s3:GetObject --resource arn:aws:s3:::dev-data/report.csv \
  --identity examples/policies/developer.json \
  --identity examples/policies/require-mfa.json
