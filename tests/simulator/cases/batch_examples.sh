# batch: the example scenarios, one result line each, in order (exit 0).
iameval batch examples/scenarios.jsonl
