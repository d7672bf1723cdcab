# colour and progress only on a terminal (script(1) provides one): colour unless
# NO_COLOR is set; a progress bar on stderr for a file input, none for stdin.
script -qec "$IAMEVAL_BIN test examples/tests/auditor.json" /dev/null | tr -d '\r' | head -3 | cat -v
NO_COLOR=1 script -qec "$IAMEVAL_BIN test examples/tests/auditor.json" /dev/null | tr -d '\r' | head -3 | cat -v
iameval test examples/tests/auditor.json | head -3 | cat -v
for i in $(seq 1 2000); do cat tests/simulator/data/mixed.jsonl; done > "$OUT/in.jsonl"
echo "batch FILE on a terminal:"
script -qec "$IAMEVAL_BIN batch --jobs 2 $OUT/in.jsonl > $OUT/res" /dev/null | tr '\r' '\n' | cat -v
echo "batch < FILE on a terminal:"
script -qec "$IAMEVAL_BIN batch --jobs 2 < $OUT/in.jsonl > $OUT/res" /dev/null | tr '\r' '\n' | cat -v
echo "end"
