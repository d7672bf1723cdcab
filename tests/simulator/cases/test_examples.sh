# test: the example test files all pass (exit 0).
iameval test examples/tests/*.json
