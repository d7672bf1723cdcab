# batch --bundle: lines carry only id and request; policies come from the bundle.
iameval batch --bundle examples/batch/developer-bundle.json \
  examples/batch/developer-requests.jsonl
