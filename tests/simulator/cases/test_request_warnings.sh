# test: managed policies by ARN; request warnings located in the file, a default's said once (exit 0).
iameval test tests/simulator/data/request-warnings-tests.json
