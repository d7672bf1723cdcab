# simulate: a policy read from stdin with -, and a boundary that blocks (exit 2).
iameval simulate \
  --principal arn:aws:sts::111122223333:assumed-role/orders-service/lambda \
  --session-issuer arn:aws:iam::111122223333:role/app/orders-service \
  --action iam:CreateUser --resource arn:aws:iam::111122223333:user/mallory \
  --identity - --boundary examples/policies/developer-boundary.json \
  < examples/policies/orders-service.json
