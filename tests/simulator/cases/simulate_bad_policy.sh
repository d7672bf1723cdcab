# simulate: policy errors are reported compiler-style (exit 1).
iameval simulate --principal arn:aws:iam::111122223333:user/bob \
  --action s3:GetObject --identity tests/simulator/data/bad-policy.json \
  --identity no-such-file.json
