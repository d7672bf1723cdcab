# test: every problem of every test is reported at FILE:LINE:COLUMN, the valid tests still run; a broken file level runs no test and counts as failed (exit 1).
iameval test tests/simulator/data/schema-errors-tests.json tests/simulator/data/file-errors-tests.json
