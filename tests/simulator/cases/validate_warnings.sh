# validate: warnings and suggestions alone do not fail (exit 0).
iameval validate tests/simulator/data/validate-warnings.json
