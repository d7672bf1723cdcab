# batch --check: every line decided or failed otherwise than its "expect", "expectLayer" or "expectError" says is printed as FILE:LINE (blank lines counted), "Denied" takes either deny (exit 2).
iameval batch --check tests/simulator/data/check-scenarios.jsonl
