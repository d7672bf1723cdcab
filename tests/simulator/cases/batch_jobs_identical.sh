# batch: 17,000 lines (2 to 5 chunks of 4,096 lines per thread) give identical
# bytes with --jobs 1, 2 and 3, self-contained lines and request-only lines.
for i in $(seq 1 1000); do
  sed "s/\"id\":\"/\"id\":\"$i-/" examples/scenarios.jsonl
  sed "s/\"id\":\"/\"id\":\"$i-/" tests/simulator/data/mixed.jsonl
done > "$OUT/big.jsonl"
iameval batch --details --jobs 1 "$OUT/big.jsonl" > "$OUT/1.txt"; echo "jobs 1: exit $?"
iameval batch --details --jobs 2 "$OUT/big.jsonl" > "$OUT/2.txt"; echo "jobs 2: exit $?"
iameval batch --details --jobs 3 "$OUT/big.jsonl" > "$OUT/3.txt"; echo "jobs 3: exit $?"
wc -l < "$OUT/1.txt"
cmp "$OUT/1.txt" "$OUT/2.txt" && cmp "$OUT/1.txt" "$OUT/3.txt" && echo identical
for i in $(seq 1 2000); do
  sed "s/\"id\": *\"/\"id\":\"$i-/" examples/batch/developer-requests.jsonl
done > "$OUT/requests.jsonl"
B=examples/batch/developer-bundle.json
iameval batch --bundle $B --jobs 1 "$OUT/requests.jsonl" > "$OUT/r1.txt"; echo "bundle jobs 1: exit $?"
iameval batch --bundle $B --jobs 2 "$OUT/requests.jsonl" > "$OUT/r2.txt"; echo "bundle jobs 2: exit $?"
iameval batch --bundle $B --jobs 3 "$OUT/requests.jsonl" > "$OUT/r3.txt"; echo "bundle jobs 3: exit $?"
wc -l < "$OUT/r1.txt"
cmp "$OUT/r1.txt" "$OUT/r2.txt" && cmp "$OUT/r1.txt" "$OUT/r3.txt" && echo identical
sort "$OUT/r1.txt" | sed 's/"id": "[0-9]*-/"id": "/' | sort | uniq -c
