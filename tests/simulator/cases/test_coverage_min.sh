# test --min-coverage: 66.6% is below 70 (exit 2) and not below 66.6 (exit 0); a bad value is a usage error (exit 1); the JSON report.
iameval test tests/simulator/data/coverage-tests.json tests/simulator/data/coverage-more-tests.json \
  --min-coverage 70 --coverage-json "$OUT/coverage.json" > /dev/null
echo "exit $?"
cat "$OUT/coverage.json"
iameval test tests/simulator/data/coverage-tests.json tests/simulator/data/coverage-more-tests.json \
  --min-coverage 66.6 > /dev/null
echo "exit $?"
iameval test tests/simulator/data/coverage-tests.json --min-coverage 101
echo "exit $?"
