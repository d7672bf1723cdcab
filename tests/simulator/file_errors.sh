#!/usr/bin/env bash
# Every command, given a bad input where a file is expected: a directory, a
# missing file, a dangling symbolic link (a file that vanished), an
# unreadable file, an empty stdin and a FIFO without a writer.
#
#   file_errors.sh IAMEVAL_BINARY     (run from the project root)
#
# Each run must exit 1 with exactly one line on stderr naming the input
# (never an abort, exit 134); a FIFO must not block. Unreadable files are
# read without CAP_DAC_OVERRIDE (capsh) when running as root, since root
# reads a mode-000 file; without capsh that one case is skipped, saying so.
set -u
if [[ $# -ne 1 ]]; then
  echo "usage: $0 IAMEVAL_BINARY" >&2
  exit 2
fi
bin=$1
scratch=$(mktemp -d)
trap 'chmod -R u+rwx "$scratch"; rm -rf "$scratch"' EXIT

dir=$scratch/a-directory
mkdir "$dir"
touch "$dir/notes.txt"  # no *.json: validate and test walk it in vain
missing=$scratch/no-such-file.json
vanished=$scratch/vanished.json
ln -s "$scratch/gone.json" "$vanished"
unreadable=$scratch/unreadable.json
cp examples/policies/reader.json "$unreadable"
chmod 000 "$unreadable"
fifo=$scratch/fifo.json
mkfifo "$fifo"

# The data folder of the vendored catalog, broken three ways for `expand`
# (its only file input).
mkdir -p "$scratch/data-dir/iam-data/service_reference.json"
mkdir -p "$scratch/data-unreadable/iam-data"
cp third_party/iam-data/service_reference.json \
  "$scratch/data-unreadable/iam-data/"
chmod 000 "$scratch/data-unreadable/iam-data/service_reference.json"

unreadable_prefix=()
unreadable_skip=""
if [[ $(id -u) == 0 ]]; then
  if command -v capsh >/dev/null; then
    unreadable_prefix=(capsh --drop=cap_dac_override,cap_dac_read_search --)
  else
    unreadable_skip="running as root without capsh: root reads mode-000 files"
  fi
fi

user=arn:aws:iam::111122223333:user/alice
sim=(simulate --principal "$user" --action s3:GetObject
     --resource arn:aws:s3:::b/k)
acct=tests/fixtures/accounts/org3/dev.json
dave=arn:aws:iam::222222222222:user/dave  # in $acct
# One command per line; @ is where the bad input goes.
commands=(
  "validate @"
  "validate --kind scp @"
  "test @"
  "${sim[*]} --identity @"
  "${sim[*]} --boundary @"
  "${sim[*]} --session-policy @"
  "${sim[*]} --scp @"
  "${sim[*]} --rcp @"
  "${sim[*]} --resource-policy @"
  "${sim[*]} --vpce-policy @"
  "${sim[*]} --context-file @"
  "batch @"
  "batch --bundle @ examples/scenarios.jsonl"
  "can --account @ $user s3:GetObject arn:aws:s3:::b/k"
  "can --account $acct --org @ $dave s3:GetObject arn:aws:s3:::b/k"
  "can --account $acct --resources @ $dave s3:GetObject arn:aws:s3:::b/k"
  "can --account $acct --session-policy @ $dave s3:GetObject arn:aws:s3:::b/k"
  "who-can --account @ s3:GetObject arn:aws:s3:::b/k"
  "what-can --account @ $user"
  "assume-paths --account @"
  "review --account @"
  "escalations --account @"
)

failures=0
checks=0
env_vars=()
prefix=()
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# check LABEL PATH REASON STDIN ARGS...: exit 1 and one line on stderr that
# holds PATH and REASON. With the environment
# assignments in ${env_vars[@]}, under ${prefix[@]} (capsh) when set.
check() {
  local label=$1 path=$2 reason=$3 input=$4
  shift 4
  checks=$((checks + 1))
  local run=(env "${env_vars[@]}" timeout 20 "$bin" "$@")
  if ((${#prefix[@]})); then
    # capsh runs a shell command line: quote every word.
    "${prefix[@]}" -c "$(printf '%q ' "${run[@]}")" \
      <"$input" >"$scratch/stdout" 2>"$scratch/stderr"
  else
    "${run[@]}" <"$input" >"$scratch/stdout" 2>"$scratch/stderr"
  fi
  local rc=$?
  local lines
  lines=$(wc -l <"$scratch/stderr")
  if [[ $rc != 1 ]]; then
    fail "$label: exit $rc, want 1: $*"
    sed 's/^/    /' "$scratch/stderr"
  elif [[ $lines != 1 ]]; then
    fail "$label: $lines lines on stderr, want 1: $*"
    sed 's/^/    /' "$scratch/stderr"
  elif ! grep -qF -- "$path" "$scratch/stderr" ||
    ! grep -qF -- "$reason" "$scratch/stderr"; then
    fail "$label: stderr does not say $path and $reason: $*"
    sed 's/^/    /' "$scratch/stderr"
  fi
}

for template in "${commands[@]}"; do
  for kind in directory missing vanished unreadable stdin fifo; do
    arg=
    reason=
    prefix=()
    input=/dev/null
    case $kind in
      directory) arg=$dir; reason="cannot read: Is a directory" ;;
      missing) arg=$missing; reason="cannot read: No such file" ;;
      vanished) arg=$vanished; reason="cannot read: No such file" ;;
      unreadable)
        if [[ -n $unreadable_skip ]]; then
          continue
        fi
        arg=$unreadable
        reason="cannot read: Permission denied"
        prefix=("${unreadable_prefix[@]}")
        ;;
      stdin) arg=-; reason="cannot read: stdin is empty" ;;
      fifo) continue ;;  # below
    esac
    path=$arg
    [[ $arg == - ]] && path="<stdin>"
    if [[ $kind == directory ]]; then
      case $template in
        validate*|test*) reason="no *.json file in the directory" ;;
      esac
    fi
    read -r -a words <<<"${template//@/$arg}"
    check "$kind" "$path" "$reason" "$input" "${words[@]}"
  done
done

# A FIFO without a writer reads as empty at once instead of blocking: a
# JSON error for the commands that read a document (validate prints its
# findings on stdout), no scenarios for batch (exit 0).
prefix=()
for template in "${commands[@]}"; do
  read -r -a words <<<"${template//@/$fifo}"
  checks=$((checks + 1))
  timeout 20 "$bin" "${words[@]}" </dev/null >"$scratch/stdout" 2>&1
  rc=$?
  want=1
  [[ $template == "batch @" ]] && want=0
  if [[ $rc != "$want" ]]; then
    fail "fifo: exit $rc, want $want: ${words[*]}"
  elif [[ $want == 1 ]] && ! grep -qF -- "$fifo" "$scratch/stdout"; then
    fail "fifo: the output does not name $fifo: ${words[*]}"
    sed 's/^/    /' "$scratch/stdout"
  fi
done

# expand reads only the vendored catalog.
prefix=()
env_vars=("IAMEVAL_DATA_DIR=$scratch/data-dir")
check directory service_reference.json "cannot read: Is a directory" \
  /dev/null expand 's3:Get*'
env_vars=("IAMEVAL_DATA_DIR=$scratch/nowhere")
check missing service_reference.json "cannot read: No such file" \
  /dev/null expand 's3:Get*'
if [[ -z $unreadable_skip ]]; then
  prefix=("${unreadable_prefix[@]}")
  env_vars=("IAMEVAL_DATA_DIR=$scratch/data-unreadable")
  check unreadable service_reference.json "cannot read: Permission denied" \
    /dev/null expand 's3:Get*'
fi

[[ -n $unreadable_skip ]] && echo "SKIPPED the unreadable cases: $unreadable_skip"
echo "$checks checks, $failures failed"
((failures == 0))
