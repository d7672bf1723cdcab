# simulate: sts:AssumeRole on a role ARN reads --resource-policy as the trust policy.
iameval simulate \
  --principal arn:aws:sts::111122223333:assumed-role/developer/alice \
  --action sts:AssumeRole --resource arn:aws:iam::444455556666:role/reader \
  --context-file examples/context/mfa-eu-west-1.json \
  --identity examples/policies/developer.json \
  --identity examples/policies/require-mfa.json \
  --resource-policy examples/policies/reader-trust.json
