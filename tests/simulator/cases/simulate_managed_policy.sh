# simulate: an AWS managed policy by ARN; ReadOnlyAccess reads but does not write (exit 2).
iameval simulate --principal arn:aws:iam::111122223333:user/bob \
  --action s3:GetObject --action s3:PutObject --resource arn:aws:s3:::reports/q1.csv \
  --identity arn:aws:iam::aws:policy/ReadOnlyAccess
