# batch --jobs 2: byte-for-byte the output of --jobs 1 (batch_details_errors) (exit 1).
iameval batch --details --jobs 1 tests/simulator/data/mixed.jsonl > "$OUT/jobs1.txt"
iameval batch --details --jobs 2 tests/simulator/data/mixed.jsonl > "$OUT/jobs2.txt"
rc=$?
cmp "$OUT/jobs1.txt" "$OUT/jobs2.txt" && echo "identical to --jobs 1"
cat "$OUT/jobs2.txt"
exit $rc
