# lint: a policy without findings (exit 0).
iameval lint tests/simulator/data/lint/policies/clean.json
