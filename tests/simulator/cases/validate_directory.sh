# validate DIR: the *.json files under it, recursively, in sorted order
# (hidden entries and other extensions skipped); a directory with no *.json
# file is an error.
iameval validate tests/simulator/data/policy-dir
echo "exit $?"
iameval validate tests/simulator/data/policy-dir/nested examples/policies/auditor.json
echo "exit $?"
iameval validate tests/simulator/data/policy-dir/.hidden/..
echo "exit $?"
iameval validate tests/simulator/cases
echo "exit $?"
