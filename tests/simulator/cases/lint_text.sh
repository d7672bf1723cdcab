# lint, text: a directory is walked (sorted); a security warning blocks by default (exit 2).
iameval lint tests/simulator/data/lint/policies
