# validate --strict: warnings fail too; suggestions never do (exit 1).
iameval validate --strict tests/simulator/data/validate-warnings.json
echo "exit $?"
iameval validate --strict tests/simulator/data/tag-keys.json
