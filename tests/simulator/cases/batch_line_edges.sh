# batch line handling: CRLF endings, blank and whitespace-only lines (no
# output), a last line without a newline, and a 3 MB line that spans several
# read blocks; the request-only lines take the in-place decoder, the others
# the strict reader, and both answer in input order.
B=examples/batch/developer-bundle.json
P='"principal":"arn:aws:sts::111122223333:assumed-role/developer/alice"'
{
  printf '{"id":"crlf","request":{%s,"action":"s3:GetObject","resource":"arn:aws:s3:::dev-data/a"}}\r\n' "$P"
  printf '\n   \t \r\n'
  printf '{"id":"escaped-\\u00e9","request":{%s,"action":"s3:GetObject","resource":"arn:aws:s3:::dev-data/a"}}\n' "$P"
  printf '{"id":"long","request":{%s,"action":"s3:GetObject","resource":"arn:aws:s3:::dev-data/a","context":{"s3:prefix":"' "$P"
  head -c 3000000 /dev/zero | tr '\0' 'x'
  printf '"}}}\n'
  printf '{"id":"number","request":{%s,"action":"s3:GetObject","resource":"arn:aws:s3:::dev-data/a","context":{"s3:max-keys":5}}}\n' "$P"
  printf '{"id":"dup","request":{%s,"action":"s3:GetObject","resource":"*","context":{"a:b":"1","A:B":"2"}}}\n' "$P"
  printf '{"id":"last","request":{%s,"action":"ec2:RunInstances","resource":"*"}}' "$P"
} > "$OUT/edges.jsonl"
iameval batch --bundle $B "$OUT/edges.jsonl"; echo "exit $?"
iameval batch --bundle $B --jobs 2 < "$OUT/edges.jsonl" > "$OUT/2.txt"
iameval batch --bundle $B "$OUT/edges.jsonl" | cmp - "$OUT/2.txt" && echo "jobs 2 identical"
