# validate: a file with errors and one with only warnings; any error fails (exit 1).
iameval validate tests/simulator/data/validate-errors.json tests/simulator/data/validate-warnings.json
