# batch: unreadable input or bundle exits 1 without output.
iameval batch no-such-file.jsonl
echo "exit $?"
iameval batch --bundle tests/simulator/data/bad-bundle.json examples/scenarios.jsonl
echo "exit $?"
iameval batch --jobs many examples/scenarios.jsonl
