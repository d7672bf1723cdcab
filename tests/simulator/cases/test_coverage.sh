# test --coverage: statements no test applied and Deny statements that never alone denied a test, over both files; AWS managed policies left out (exit 0).
iameval test tests/simulator/data/coverage-tests.json tests/simulator/data/coverage-more-tests.json --coverage
