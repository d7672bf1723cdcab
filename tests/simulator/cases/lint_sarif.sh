# lint, sarif: SARIF 2.1.0 for code scanning, one rule per check (exit 2).
iameval lint --format sarif tests/simulator/data/lint/policies/app/deployer.json
