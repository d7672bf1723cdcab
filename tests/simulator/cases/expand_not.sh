# expand --not: the complement of the patterns' union; with it they add up to '*' (exit 0).
iameval expand --not '*:Get*' '*:List*' '*:Describe*' > "$OUT/not.txt"
echo "exit $?"
tail -1 "$OUT/not.txt"
grep -c '^    .*:Get' "$OUT/not.txt"
iameval expand '*:Get*' '*:List*' '*:Describe*' | tail -1
iameval expand '*' | tail -1
iameval expand --not '*'
