# lint, aa-json: the AWS CLI documentation's validate-policy example, in Access Analyzer's response shape (0-based columns); same three findings and spans.
iameval lint --type trust --format aa-json tests/simulator/data/lint/aws-cli/validate-policy-example.json
