# Without the data folder: simulate says once that requests are not checked and decides anyway;
# validate, expand and managed policy ARNs need the data (exit 1).
IAMEVAL_DATA_DIR=/nonexistent-iameval-data iameval simulate \
  --principal arn:aws:iam::111122223333:user/bob \
  --action s3:GetObjet --action s3:GetObject --identity tests/simulator/data/tag-keys.json
echo "exit $?"
IAMEVAL_DATA_DIR=/nonexistent-iameval-data iameval validate tests/simulator/data/tag-keys.json
echo "exit $?"
IAMEVAL_DATA_DIR=/nonexistent-iameval-data iameval expand 's3:Get*'
echo "exit $?"
IAMEVAL_DATA_DIR=/nonexistent-iameval-data iameval simulate \
  --principal arn:aws:iam::111122223333:user/bob \
  --action s3:GetObject --identity arn:aws:iam::aws:policy/ReadOnlyAccess
