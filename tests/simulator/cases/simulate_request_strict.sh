# simulate --strict: the request warnings are errors and nothing is decided (exit 1).
iameval simulate --strict --principal arn:aws:iam::111122223333:user/bob \
  --action s3:GetObjet --action s3:ListAllMyBuckets --action s3:GetObject \
  --resource arn:aws:s3:::reports \
  --context aws:SecureTransport=yes --context aws:CurrentTime=yesterday \
  --context 'aws:SourceIp=10.0.0.1,office' --context aws:SourceArn=my-bucket \
  --context aws:MultiFactorAuthAge=300 --context aws:RequestedRegion=eu-west-1 \
  --identity arn:aws:iam::aws:policy/ReadOnlyAccess
echo "exit $?"
iameval simulate --strict --principal arn:aws:iam::111122223333:user/bob \
  --action s4:GetObject --action ec2:DescribeInstances \
  --identity arn:aws:iam::aws:policy/ReadOnlyAccess
