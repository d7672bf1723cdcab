# test: "Denied" takes either deny; actions x resources run one named case each (exit 2).
iameval test tests/simulator/data/matrix-tests.json
