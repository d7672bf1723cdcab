# lint --rules: a suppression (printed with its reason, never blocking) and a Sid naming pattern.
iameval lint --fail-on ERROR,SECURITY_WARNING,WARNING --rules tests/simulator/data/lint/rules.json tests/simulator/data/lint/policies/app tests/simulator/data/lint/policies/clean.json
iameval lint --format json --rules tests/simulator/data/lint/rules.json tests/simulator/data/lint/policies/app/deployer.json
