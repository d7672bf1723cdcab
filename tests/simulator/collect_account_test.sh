#!/usr/bin/env bash
# scripts/collect-account.sh offline: a fake `aws` on PATH replays recorded
# answers (and fails on any call it does not know), then the collected files
# load and answer. Usage: SCRIPT IAMEVAL_BINARY
set -u
iameval=$1
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

mkdir -p "$tmp/bin"
cat >"$tmp/bin/aws" <<'FAKE'
#!/usr/bin/env bash
echo "$*" >>"$FAKE_AWS_LOG"
deny='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'
case "$*" in
  "sts get-caller-identity --query Account --output text") echo 444444444444 ;;
  "iam get-account-authorization-details --output json") cat "$FAKE_AWS_SNAPSHOT" ;;
  "configure get region") echo us-east-1 ;;
  "organizations describe-organization --output json")
    echo '{"Organization":{"Id":"o-abcd123456","MasterAccountId":"111111111111"}}' ;;
  "organizations list-roots --output json") echo '{"Roots":[{"Id":"r-ab12","Name":"Root"}]}' ;;
  "organizations list-policies-for-target --target-id r-ab12 --filter SERVICE_CONTROL_POLICY --output json")
    echo '{"Policies":[{"Id":"p-FullAWSAccess","Name":"FullAWSAccess"},{"Id":"p-deny1","Name":"DenyLeave"}]}' ;;
  "organizations list-policies-for-target --target-id "*" --filter SERVICE_CONTROL_POLICY --output json")
    echo '{"Policies":[{"Id":"p-FullAWSAccess","Name":"FullAWSAccess"}]}' ;;
  *"--filter RESOURCE_CONTROL_POLICY"*)
    echo "An error occurred (PolicyTypeNotEnabledException)" >&2; exit 254 ;;
  "organizations describe-policy --policy-id p-deny1 --output json")
    jq -n --arg c "$deny" '{Policy: {PolicySummary: {Name: "DenyLeave"}, Content: $c}}' ;;
  "organizations list-accounts-for-parent --parent-id r-ab12 --output json")
    echo '{"Accounts":[{"Id":"111111111111","Name":"management"}]}' ;;
  "organizations list-organizational-units-for-parent --parent-id r-ab12 --output json")
    echo '{"OrganizationalUnits":[{"Id":"ou-ab12-11111111","Name":"Prod"}]}' ;;
  "organizations list-accounts-for-parent --parent-id ou-ab12-11111111 --output json")
    echo '{"Accounts":[{"Id":"444444444444","Name":"prod"}]}' ;;
  "organizations list-organizational-units-for-parent --parent-id ou-ab12-11111111 --output json")
    echo '{"OrganizationalUnits":[]}' ;;
  "s3api list-buckets --query Buckets[].Name --output text") printf 'logs\tdata\n' ;;
  "s3api get-bucket-policy --bucket data --query Policy --output text")
    echo '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}' ;;
  "s3api get-bucket-policy --bucket logs "*)
    echo "An error occurred (NoSuchBucketPolicy) when calling the GetBucketPolicy operation" >&2; exit 254 ;;
  "s3api get-bucket-tagging --bucket data --output json")
    echo '{"TagSet":[{"Key":"classification","Value":"confidential"}]}' ;;
  "s3api get-bucket-tagging --bucket logs --output json") echo "NoSuchTagSet" >&2; exit 254 ;;
  "kms list-keys --region us-east-1 --query Keys[].KeyArn --output text")
    echo arn:aws:kms:us-east-1:444444444444:key/k1 ;;
  "kms describe-key --region us-east-1 --key-id arn:aws:kms:us-east-1:444444444444:key/k1 --query KeyMetadata.KeyManager --output text")
    echo CUSTOMER ;;
  "kms get-key-policy --region us-east-1 --key-id arn:aws:kms:us-east-1:444444444444:key/k1 --policy-name default --query Policy --output text")
    echo '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:root"},"Action":"kms:*","Resource":"*"}]}' ;;
  "sqs list-queues --region us-east-1 --query QueueUrls[] --output text") echo None ;;
  "sns list-topics --region us-east-1 --query Topics[].TopicArn --output text") echo ;;
  "secretsmanager list-secrets --region us-east-1 --query SecretList[].ARN --output text") echo ;;
  "ecr describe-repositories --region us-east-1 --query repositories[].repositoryName --output text") echo ;;
  *) echo "fake aws: unexpected call: $*" >&2; exit 255 ;;
esac
FAKE
chmod +x "$tmp/bin/aws"
export FAKE_AWS_LOG="$tmp/calls.log"
export FAKE_AWS_SNAPSHOT="$root/tests/fixtures/accounts/issue13/account.json"

PATH="$tmp/bin:$PATH" bash "$root/scripts/collect-account.sh" "$tmp/out" 2>"$tmp/stderr"
rc=$?
[ "$rc" = 0 ] || { fail "collect-account exit $rc"; cat "$tmp/stderr"; }
out=$tmp/out
cmp -s "$out/account-444444444444.json" "$FAKE_AWS_SNAPSHOT" || fail "snapshot not copied"
jq -e '.organizationId == "o-abcd123456" and .managementAccountId == "111111111111"
       and .root.scps == ["FullAWSAccess", "DenyLeave"]
       and .policies.DenyLeave.type == "SCP"
       and (.policies | has("FullAWSAccess") | not)
       and .root.organizationalUnits[0].accounts[0].id == "444444444444"' \
  "$out/organization.json" >/dev/null || fail "organization.json: $(cat "$out/organization.json")"
jq -e '(.resources | length) == 3
       and ([.resources[] | select(.arn == "arn:aws:s3:::data")][0].tags[0].Key == "classification")
       and ([.resources[] | select(.arn == "arn:aws:s3:::logs")][0] | has("policy") | not)' \
  "$out/resources.json" >/dev/null || fail "resources.json: $(cat "$out/resources.json")"
grep -q "cannot read" "$tmp/stderr" && fail "a missing bucket policy was reported unreadable"

# The collected files load, and the bucket policy's outside account shows.
"$iameval" who-can --account "$out/account-444444444444.json" --org "$out/organization.json" \
  --resources "$out/resources.json" --format json s3:GetObject arn:aws:s3:::data/x \
  >"$tmp/who.json" || fail "who-can on the collected files exit $?"
jq -e '[.external[].principal] == ["arn:aws:iam::999999999999:root"]' "$tmp/who.json" \
  >/dev/null || fail "who-can external: $(jq -c .external "$tmp/who.json")"
# With the organization loaded (FullAWSAccess at every level), alice's
# self-service grant is still allowed: the collected SCP levels are complete.
"$iameval" can --account "$out/account-444444444444.json" --org "$out/organization.json" \
  --resources "$out/resources.json" --format json arn:aws:iam::444444444444:user/alice \
  iam:AttachUserPolicy arn:aws:iam::444444444444:user/alice >"$tmp/can.json" ||
  fail "can alice exit $?"

if [ "$failures" != 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "collect-account checks passed ($(wc -l <"$FAKE_AWS_LOG") aws calls)"
