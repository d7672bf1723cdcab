# validate, json: an array of findings with file, code, severity, message, pointer, line, column (exit 1).
iameval validate --format json tests/simulator/data/validate-errors.json
