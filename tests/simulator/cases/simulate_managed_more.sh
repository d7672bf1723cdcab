# simulate: managed policies with a path, as a boundary, and ARNs that name none (exit 1).
iameval simulate --format json --principal arn:aws:iam::111122223333:user/bob \
  --action s3:ListAllMyBuckets --identity arn:aws:iam::aws:policy/job-function/ViewOnlyAccess
echo "exit $?"
iameval simulate --principal arn:aws:iam::111122223333:user/bob \
  --action iam:CreateUser --resource arn:aws:iam::111122223333:user/mallory \
  --identity arn:aws:iam::aws:policy/AdministratorAccess \
  --boundary arn:aws:iam::aws:policy/PowerUserAccess
echo "exit $?"
iameval simulate --principal arn:aws:iam::111122223333:user/bob --action s3:ListAllMyBuckets \
  --identity arn:aws:iam::aws:policy/ViewOnlyAccess \
  --identity arn:aws:iam::aws:policy/ReadOnlyAcess \
  --identity arn:aws:iam::aws:policy/NoSuchPolicyAtAllAnywhere
