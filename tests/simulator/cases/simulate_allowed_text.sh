# simulate, text: the same request with MFA, under the organization's SCPs (exit 0).
iameval simulate \
  --principal arn:aws:sts::111122223333:assumed-role/developer/alice \
  --action s3:GetObject --resource arn:aws:s3:::dev-data/report.csv \
  --context aws:MultiFactorAuthPresent=true \
  --context aws:RequestedRegion=eu-west-1 \
  --identity examples/policies/developer.json \
  --identity examples/policies/require-mfa.json \
  --scp examples/policies/scp-full-access.json,examples/policies/scp-deny-leave-org.json \
  --scp examples/policies/scp-full-access.json,examples/policies/scp-region-lock.json \
  --scp examples/policies/scp-full-access.json
