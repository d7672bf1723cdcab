# test: failures print the explanation (exit 2).
iameval test tests/simulator/data/failing-tests.json
