# test: bad requests, missing or broken policies and malformed files (exit 1).
iameval test tests/simulator/data/error-tests.json tests/simulator/data/malformed-tests.json \
  tests/simulator/data/no-such-tests.json
