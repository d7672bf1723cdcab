# test DIR: every *.json test file under it, sorted.
iameval test examples/tests
echo "exit $?"
