#!/usr/bin/env bash
# Issue 13: each wrong answer the account commands gave on a small snapshot
# (tests/fixtures/accounts/issue13), checked through the command line so it
# also ran against the code that gave them. Usage: SCRIPT IAMEVAL_BINARY
set -u
iameval=$1
dir=tests/fixtures/accounts/issue13
acct=(--account "$dir/account.json" --resources "$dir/resources.json")
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. A user who may attach any policy to herself once signed in with MFA
# escalates (exit 2); the MFA guard must not hide it. Her CreateAccessKey
# grant names only her own user, so it is no blocked technique on others.
"$iameval" escalations "${acct[@]}" --format json >"$tmp/esc.json"
rc=$?
[ "$rc" = 2 ] || fail "escalations exit $rc, want 2"
jq -e '[.paths[] | select(.principal == "arn:aws:iam::444444444444:user/alice"
        and .targetAdmin)] | length >= 1' "$tmp/esc.json" >/dev/null ||
  fail "no admin path for alice"
jq -e '[.blocked[] | select(.technique == "create-access-key")] | length == 0' \
  "$tmp/esc.json" >/dev/null || fail "blocked lists create-access-key"
jq -e '.profile.assumed | has("aws:MultiFactorAuthPresent")' "$tmp/esc.json" \
  >/dev/null || fail "escalations JSON does not state the profile"

# 2. The Identity Center edge: SAML provider -> AWSReservedSSO_* role, whose
# trust requires SAML:aud.
"$iameval" assume-paths "${acct[@]}" --format json >"$tmp/paths.json" ||
  fail "assume-paths exit $?"
jq -e '[.edges[] | select(.fromKind == "federated" and
        (.from | endswith(":saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE"))
        and (.to | contains("AWSReservedSSO_ReadBuckets")))] | length == 1' \
  "$tmp/paths.json" >/dev/null || fail "Identity Center edge missing"

# 3. who-can: the trust requires sts:ExternalId; only bob is allowed once it
# is supplied (carol has no policy at all; alice, dan and the roles have no
# sts:AssumeRole grant).
"$iameval" who-can "${acct[@]}" --format json sts:AssumeRole \
  arn:aws:iam::444444444444:role/target >"$tmp/who.json" ||
  fail "who-can exit $?"
got=$(jq -c '[.conditional[].principal]' "$tmp/who.json")
[ "$got" = '["arn:aws:iam::444444444444:user/bob"]' ] ||
  fail "who-can needs-context = $got"
jq -e '[.allowed[]] | length == 0' "$tmp/who.json" >/dev/null ||
  fail "who-can allowed someone without the external id"
# ... and with the key given, bob alone is allowed.
"$iameval" who-can "${acct[@]}" --format json --context sts:ExternalId=ext-123 \
  sts:AssumeRole arn:aws:iam::444444444444:role/target >"$tmp/who2.json"
got=$(jq -c '[.allowed[].principal]' "$tmp/who2.json")
[ "$got" = '["arn:aws:iam::444444444444:user/bob"]' ] ||
  fail "who-can with the key = $got"

# 4. what-can: logs:* and s3:ListAllMyBuckets do not act on an S3 object.
"$iameval" what-can "${acct[@]}" --format json \
  arn:aws:iam::444444444444:user/dan >"$tmp/dan.json" || fail "what-can exit $?"
jq -e '[.actions[] | select(.action | startswith("logs:"))] | length == 0' \
  "$tmp/dan.json" >/dev/null || fail "what-can lists logs actions on an object"
jq -e '[.actions[] | select(.action == "s3:ListAllMyBuckets")] | length == 0' \
  "$tmp/dan.json" >/dev/null || fail "what-can lists ListAllMyBuckets on an object"
jq -e '[.actions[] | select(.action == "s3:GetObject" and
        .resource == "arn:aws:s3:::data-bucket/*")] | length == 1' \
  "$tmp/dan.json" >/dev/null || fail "what-can lost s3:GetObject"
# kms:* on "*" is tried on the key of the resources file.
key=arn:aws:kms:us-east-1:444444444444:key/11111111-2222-3333-4444-555555555555
"$iameval" what-can "${acct[@]}" --format json \
  arn:aws:iam::444444444444:role/KeyAdmin >"$tmp/kms.json" || fail "what-can kms"
jq -e --arg key "$key" '[.actions[] | select(.action == "kms:Decrypt" and
        .resource == $key and .decision == "Allowed")] | length == 1' \
  "$tmp/kms.json" >/dev/null || fail "what-can misses kms:Decrypt on the key"
# review shows the key administrator's kms access.
"$iameval" review "${acct[@]}" --format csv >"$tmp/review.csv" ||
  fail "review exit $?"
grep -q 'role/KeyAdmin.*kms' "$tmp/review.csv" || fail "review: KeyAdmin without kms"

# 5. DOT that Graphviz renders: the node label is two lines.
"$iameval" assume-paths "${acct[@]}" --format dot >"$tmp/g.dot" ||
  fail "assume-paths dot exit $?"
if ! dot -Tsvg "$tmp/g.dot" >"$tmp/g.svg"; then
  fail "dot could not render the graph"
else
  grep -q '>Analyst</text>' "$tmp/g.svg" || fail "Analyst label not on a line of its own"
  grep -q '>444444444444</text>' "$tmp/g.svg" || fail "account line missing"
  if grep -q '\\n' "$tmp/g.svg"; then fail "literal \\n in the rendered graph"; fi
fi

if [ "$failures" != 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all issue-13 checks passed"
