#!/usr/bin/env bash
# Collects what the account commands read (docs/accounts.md,
# docs/formats.md) with the AWS CLI, from the credentials in the
# environment:
#
#   OUT/account-ACCOUNT.json   aws iam get-account-authorization-details
#   OUT/organization.json      the organization tree with its SCPs and RCPs
#                              (only with organizations:* read access, i.e.
#                              from the management or a delegated account)
#   OUT/resources.json         bucket, key, queue, topic, secret and ECR
#                              repository policies and tags
#
# Usage: collect-account.sh OUT_DIR [--regions R1,R2] [--no-organization]
# Then: iameval who-can --account OUT/account-*.json --org OUT/organization.json
#       --resources OUT/resources.json ACTION RESOURCE
#
# Read-only calls only. A resource whose policy cannot be read is kept
# without a policy and named on stderr: the report then under-counts its
# grants, never invents them. tests/simulator/collect_account_test.sh runs it
# offline against a fake `aws`.
set -euo pipefail

usage() {
  echo "usage: $0 OUT_DIR [--regions R1,R2] [--no-organization]" >&2
  exit 2
}
[[ $# -ge 1 ]] || usage
out=$1
shift
regions=""
with_org=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --regions) [[ $# -ge 2 ]] || usage; regions=$2; shift ;;
    --no-organization) with_org=0 ;;
    *) usage ;;
  esac
  shift
done
command -v aws >/dev/null || { echo "collect-account: aws CLI not found" >&2; exit 1; }
command -v jq >/dev/null || { echo "collect-account: jq not found" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

account=$(aws sts get-caller-identity --query Account --output text)
echo "collect-account: account $account" >&2
aws iam get-account-authorization-details --output json >"$out/account-$account.json"

if [[ -z $regions ]]; then
  regions=$(aws configure get region 2>/dev/null || true)
  regions=${regions:-us-east-1}
fi

# --- organization -------------------------------------------------------------

# Names of the policies of FILTER attached to TARGET, as a JSON array; each
# policy's document is saved once in $tmp/policies.
attached() {
  local target=$1 filter=$2 type=$3 listing
  if ! listing=$(aws organizations list-policies-for-target --target-id "$target" \
                   --filter "$filter" --output json 2>/dev/null); then
    echo "[]"
    return
  fi
  local names=()
  while IFS=$'\t' read -r id name; do
    [[ -n $id ]] || continue
    names+=("$name")
    # The built-ins are known to iameval under these names.
    [[ $name == FullAWSAccess || $name == RCPFullAWSAccess ]] && continue
    if [[ ! -e "$tmp/policies/$id.json" ]]; then
      mkdir -p "$tmp/policies"
      aws organizations describe-policy --policy-id "$id" --output json |
        jq --arg type "$type" '{(.Policy.PolicySummary.Name):
            {type: $type, document: .Policy.Content}}' >"$tmp/policies/$id.json"
    fi
  done < <(jq -r '.Policies[] | [.Id, .Name] | @tsv' <<<"$listing")
  printf '%s\n' "${names[@]+"${names[@]}"}" | jq -R . | jq -s 'map(select(. != ""))'
}

# The node TARGET (root or OU) with its accounts and OUs, recursively.
node() {
  local id=$1 name=$2 scps rcps accounts='[]' ous='[]'
  scps=$(attached "$id" SERVICE_CONTROL_POLICY SCP)
  rcps=$(attached "$id" RESOURCE_CONTROL_POLICY RCP)
  while IFS=$'\t' read -r aid aname; do
    [[ -n $aid ]] || continue
    local a
    a=$(jq -n --arg id "$aid" --arg name "$aname" \
          --argjson scps "$(attached "$aid" SERVICE_CONTROL_POLICY SCP)" \
          --argjson rcps "$(attached "$aid" RESOURCE_CONTROL_POLICY RCP)" \
          '{id: $id, name: $name, scps: $scps, rcps: $rcps}')
    accounts=$(jq --argjson a "$a" '. + [$a]' <<<"$accounts")
  done < <(aws organizations list-accounts-for-parent --parent-id "$id" --output json |
             jq -r '.Accounts[] | [.Id, .Name] | @tsv')
  while IFS=$'\t' read -r oid oname; do
    [[ -n $oid ]] || continue
    ous=$(jq --argjson o "$(node "$oid" "$oname")" '. + [$o]' <<<"$ous")
  done < <(aws organizations list-organizational-units-for-parent --parent-id "$id" \
             --output json | jq -r '.OrganizationalUnits[] | [.Id, .Name] | @tsv')
  jq -n --arg id "$id" --arg name "$name" --argjson scps "$scps" --argjson rcps "$rcps" \
    --argjson accounts "$accounts" --argjson ous "$ous" \
    '{id: $id, name: $name, scps: $scps, rcps: $rcps, accounts: $accounts,
      organizationalUnits: $ous}'
}

if [[ $with_org == 1 ]]; then
  if org=$(aws organizations describe-organization --output json 2>/dev/null); then
    root=$(aws organizations list-roots --output json)
    tree=$(node "$(jq -r '.Roots[0].Id' <<<"$root")" "$(jq -r '.Roots[0].Name' <<<"$root")")
    policies='{}'
    if compgen -G "$tmp/policies/*.json" >/dev/null; then
      policies=$(jq -s 'add' "$tmp"/policies/*.json)
    fi
    jq -n --argjson org "$org" --argjson tree "$tree" --argjson policies "$policies" \
      '{organizationId: $org.Organization.Id,
        managementAccountId: $org.Organization.MasterAccountId,
        policies: $policies, root: $tree}' >"$out/organization.json"
  else
    echo "collect-account: no organization access; organization.json not written" >&2
  fi
fi

# --- resources ----------------------------------------------------------------

entries="$tmp/entries.jsonl"
: >"$entries"
# add ARN [POLICY_TEXT] [TAGS_JSON] [AWS_MANAGED_KEY]
add() {
  local arn=$1 policy=${2:-} tags=${3:-[]} managed=${4:-false}
  jq -cn --arg arn "$arn" --arg account "$account" --arg policy "$policy" \
    --argjson tags "$tags" --argjson managed "$managed" \
    '{arn: $arn, account: $account, tags: $tags}
     + (if $policy == "" or $policy == "None" then {} else {policy: $policy} end)
     + (if $managed then {awsManagedKey: true} else {} end)' >>"$entries"
}
unreadable() { echo "collect-account: cannot read the policy of $1; kept without one" >&2; }

for bucket in $(aws s3api list-buckets --query 'Buckets[].Name' --output text); do
  policy=""
  if ! policy=$(aws s3api get-bucket-policy --bucket "$bucket" --query Policy \
                  --output text 2>"$tmp/err"); then
    grep -q NoSuchBucketPolicy "$tmp/err" || unreadable "arn:aws:s3:::$bucket"
    policy=""
  fi
  tags=$(aws s3api get-bucket-tagging --bucket "$bucket" --output json 2>/dev/null |
           jq -c '.TagSet' || echo '[]')
  add "arn:aws:s3:::$bucket" "$policy" "${tags:-[]}"
done

IFS=, read -r -a region_list <<<"$regions"
for region in "${region_list[@]}"; do
  r=(--region "$region")
  for key in $(aws kms list-keys "${r[@]}" --query 'Keys[].KeyArn' --output text); do
    manager=$(aws kms describe-key "${r[@]}" --key-id "$key" \
                --query KeyMetadata.KeyManager --output text)
    policy=$(aws kms get-key-policy "${r[@]}" --key-id "$key" --policy-name default \
               --query Policy --output text 2>/dev/null) || { unreadable "$key"; policy=""; }
    add "$key" "$policy" '[]' "$([[ $manager == AWS ]] && echo true || echo false)"
  done
  for url in $(aws sqs list-queues "${r[@]}" --query 'QueueUrls[]' --output text); do
    [[ $url == None ]] && continue
    attrs=$(aws sqs get-queue-attributes "${r[@]}" --queue-url "$url" \
              --attribute-names Policy QueueArn --output json)
    add "$(jq -r .Attributes.QueueArn <<<"$attrs")" \
        "$(jq -r '.Attributes.Policy // ""' <<<"$attrs")"
  done
  for topic in $(aws sns list-topics "${r[@]}" --query 'Topics[].TopicArn' --output text); do
    add "$topic" "$(aws sns get-topic-attributes "${r[@]}" --topic-arn "$topic" \
                      --query Attributes.Policy --output text)"
  done
  for secret in $(aws secretsmanager list-secrets "${r[@]}" --query 'SecretList[].ARN' \
                    --output text); do
    add "$secret" "$(aws secretsmanager get-resource-policy "${r[@]}" --secret-id "$secret" \
                       --query ResourcePolicy --output text)"
  done
  for repo in $(aws ecr describe-repositories "${r[@]}" \
                  --query 'repositories[].repositoryName' --output text); do
    arn=$(aws ecr describe-repositories "${r[@]}" --repository-names "$repo" \
            --query 'repositories[0].repositoryArn' --output text)
    policy=$(aws ecr get-repository-policy "${r[@]}" --repository-name "$repo" \
               --query policyText --output text 2>/dev/null) || policy=""
    add "$arn" "$policy"
  done
done
jq -s '{resources: .}' "$entries" >"$out/resources.json"
echo "collect-account: wrote $out" >&2
