#!/usr/bin/env bash
# Checks that the examples of docs/cli.md are verbatim copies of golden tests.
#
#   check_docs.sh DOC.md TESTS_DIR
#
# An example is a line `<!-- golden: NAME exit=N -->` followed by a
# ```console block. The block must be "$ " + the command of
# TESTS_DIR/cases/NAME.sh (comment lines dropped), then the stdout and the
# stderr recorded in TESTS_DIR/golden/NAME.golden; N must be its exit code.
# Since the goldens are checked against the binary, the docs are too.
set -u
if [[ $# -ne 2 ]]; then
  echo "usage: $0 DOC.md TESTS_DIR" >&2
  exit 2
fi
doc=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk -v tmp="$tmp" '
  /^<!-- golden: [A-Za-z0-9_]+ exit=[0-9]+ -->$/ {
    n++; name = $3; code = $4; sub("exit=", "", code)
    print name > (tmp "/" n ".name"); close(tmp "/" n ".name")
    print code > (tmp "/" n ".exit"); close(tmp "/" n ".exit")
    want = 1; next
  }
  want && /^```console$/ { want = 0; inblock = 1; printf "" > (tmp "/" n ".block"); next }
  want { print "golden marker for " name " is not followed by a ```console block" > "/dev/stderr"; bad = 1; want = 0 }
  inblock && /^```$/ { inblock = 0; close(tmp "/" n ".block"); next }
  inblock { print > (tmp "/" n ".block") }
  END { exit bad }
' "$doc" || exit 1

status=0
count=0
for name_file in "$tmp"/*.name; do
  [[ -e $name_file ]] || break
  base=${name_file%.name}
  name=$(cat "$name_file")
  want_exit=$(cat "$base.exit")
  case_file=$dir/cases/$name.sh
  golden=$dir/golden/$name.golden
  if [[ ! -f $case_file || ! -f $golden ]]; then
    echo "$doc: example $name: no case $case_file or golden $golden"
    status=1
    continue
  fi
  {
    grep -v '^#' "$case_file" | sed '1s/^/$ /'
    sed -n '/^==> stderr <==$/q;p' "$golden"
    sed -n '/^==> stderr <==$/,/^==> exit code: [0-9]* <==$/p' "$golden" | sed '1d;$d'
  } >"$base.expected"
  got_exit=$(sed -n 's/^==> exit code: \([0-9]*\) <==$/\1/p' "$golden" | tail -1)
  if [[ $got_exit != "$want_exit" ]]; then
    echo "$doc: example $name says exit=$want_exit, the golden has $got_exit"
    status=1
  fi
  if ! diff -u "$base.expected" "$base.block" >"$base.diff"; then
    echo "$doc: example $name differs from its golden (- golden, + doc):"
    cat "$base.diff"
    status=1
  fi
  count=$((count + 1))
done
if [[ $count -eq 0 ]]; then
  echo "$doc: no golden examples found"
  exit 1
fi
[[ $status -eq 0 ]] && echo "ok: $count examples of $doc match their goldens"
exit $status
