# --format other than text or json is a usage error (exit 1) in every command
# that takes it; the message is shared (TextOrJsonFormatFlag, simulator/flags.h).
iameval validate --format xml examples/policies/auditor.json
echo "exit $?"
iameval expand --format xml s3:Get*
echo "exit $?"
iameval simulate --format yaml
echo "exit $?"
