# simulate: usage errors exit 1.
iameval simulate --principal arn:aws:iam::111122223333:user/bob
echo "exit $?"
iameval simulate --anonymous --action s3:GetObject --colour
echo "exit $?"
iameval simulate --principal bob --action s3:GetObject
echo "exit $?"
iameval simulate --anonymous --action s3:GetObject --context no-equals-sign
echo "exit $?"
iameval simulate --anonymous --action s3:GetObject --identity examples/policies/developer.json
