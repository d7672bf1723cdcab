# simulate: the request is checked against the service catalog; a typo is still allowed by s3:Get* (exit 0).
iameval simulate --principal arn:aws:iam::111122223333:user/bob \
  --action s3:GetObjet --resource arn:aws:s3:::reports/q1.csv \
  --context aws:SourceIp=office \
  --identity arn:aws:iam::aws:policy/ReadOnlyAccess
