# test --strict: request warnings are input errors of their tests (exit 1).
iameval test --strict tests/simulator/data/request-warnings-tests.json
