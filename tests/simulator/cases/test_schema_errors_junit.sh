# test --junit: input errors are <error> test cases with file, line and time (times masked).
iameval test tests/simulator/data/schema-errors-tests.json tests/simulator/data/file-errors-tests.json \
  --junit "$OUT/report.xml" > /dev/null 2>&1
echo "exit $?"
sed -E 's/time="[0-9]+\.[0-9]{6}"/time="T"/' "$OUT/report.xml"
grep -cE 'time="[0-9]+\.[0-9]{6}"' "$OUT/report.xml"
