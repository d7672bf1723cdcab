# lint --rules: a pattern Boost.Regex cannot compile is an input error (exit 1).
iameval lint --rules tests/simulator/data/lint/bad-rules.json tests/simulator/data/lint/policies/clean.json
