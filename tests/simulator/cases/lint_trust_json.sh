# lint, json: a trust policy; every finding with its locations and [start, end) spans (exit 2).
iameval lint --type trust --format json tests/simulator/data/lint/trust/github.json
