# batch --check: the same from stdin on 3 threads; request-only lines with "expect" against a bundle; nothing to check is a warning; without --check the expected error is an error (exit 1).
iameval batch --check --jobs 3 - < tests/simulator/data/check-scenarios.jsonl > /dev/null
echo "exit $?"
sed -e 's/}}}$/}},"expect":"Allowed"}/' examples/batch/developer-requests.jsonl |
  iameval batch --check --bundle examples/batch/developer-bundle.json
echo "exit $?"
iameval batch --check --bundle examples/batch/developer-bundle.json examples/batch/developer-requests.jsonl > /dev/null
echo "exit $?"
iameval batch tests/simulator/data/check-scenarios.jsonl > /dev/null
