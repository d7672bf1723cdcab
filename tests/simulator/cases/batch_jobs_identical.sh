# batch: 3000 lines (several chunks) give identical bytes with --jobs 1, 2 and 3.
for i in $(seq 1 250); do
  sed "s/\"id\":\"/\"id\":\"$i-/" examples/scenarios.jsonl
  sed "s/\"id\":\"/\"id\":\"$i-/" tests/simulator/data/mixed.jsonl
done > "$OUT/big.jsonl"
iameval batch --details --jobs 1 "$OUT/big.jsonl" > "$OUT/1.txt"; echo "jobs 1: exit $?"
iameval batch --details --jobs 2 "$OUT/big.jsonl" > "$OUT/2.txt"; echo "jobs 2: exit $?"
iameval batch --details --jobs 3 "$OUT/big.jsonl" > "$OUT/3.txt"; echo "jobs 3: exit $?"
wc -l < "$OUT/1.txt"
cmp "$OUT/1.txt" "$OUT/2.txt" && cmp "$OUT/1.txt" "$OUT/3.txt" && echo identical
