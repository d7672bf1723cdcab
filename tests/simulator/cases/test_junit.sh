# test --junit: the XML report of a failing file, each test case with file, line and time (exit 2; times masked).
iameval test tests/simulator/data/failing-tests.json --junit "$OUT/report.xml" > /dev/null
echo "exit $?"
sed -E 's/time="[0-9]+\.[0-9]{6}"/time="T"/' "$OUT/report.xml"
