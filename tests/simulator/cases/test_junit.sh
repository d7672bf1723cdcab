# test --junit: the XML report of a failing file (exit 2).
iameval test tests/simulator/data/failing-tests.json --junit "$OUT/report.xml" > /dev/null
echo "exit $?"
cat "$OUT/report.xml"
