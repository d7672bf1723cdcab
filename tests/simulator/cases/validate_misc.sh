# validate: stdin with --kind, AWS managed policies by ARN, unreadable inputs, usage errors.
iameval validate --kind scp - < tests/simulator/data/public-bucket.json
echo "exit $?"
iameval validate --kind resource - < tests/simulator/data/public-bucket.json
echo "exit $?"
iameval validate arn:aws:iam::aws:policy/AdministratorAccess arn:aws:iam::aws:policy/job-function/ViewOnlyAccess
echo "exit $?"
iameval validate arn:aws:iam::aws:policy/ViewOnlyAccess no-such-file.json examples/policies/auditor.json
echo "exit $?"
iameval validate --format json no-such-file.json
echo "exit $?"
iameval validate --kind vpc examples/policies/auditor.json
echo "exit $?"
iameval validate
