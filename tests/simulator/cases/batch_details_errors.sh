# batch --details from stdin: blank lines skipped, error lines reported in place (exit 1).
iameval batch --details < tests/simulator/data/mixed.jsonl
