# simulate: an anonymous caller, the management account fact, vpce and rcp layers.
iameval simulate --anonymous \
  --action s3:GetObject --resource arn:aws:s3:::public-site/index.html \
  --resource-account 444455556666 --context aws:SecureTransport=true \
  --resource-policy tests/simulator/data/public-bucket.json \
  --vpce-policy tests/simulator/data/vpce.json \
  --rcp tests/simulator/data/rcp-deny-external.json \
  --management-account 999988887777
