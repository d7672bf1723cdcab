# lint --fail-on: only the listed finding types block; here ERROR alone, and the file has none (exit 0).
iameval lint --fail-on ERROR tests/simulator/data/lint/policies/app/deployer.json
