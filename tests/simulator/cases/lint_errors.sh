# lint: input errors (a missing file) win over findings (exit 1); bad flags are usage errors.
iameval lint tests/simulator/data/lint/policies/arns.json tests/simulator/data/lint/no-such.json
iameval lint --type role tests/simulator/data/lint/policies/clean.json
iameval lint --fail-on FATAL tests/simulator/data/lint/policies/clean.json
