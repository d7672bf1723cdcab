# simulate: --context KEY=V1,V2 is multi-valued and \, is a literal comma.
iameval simulate --format json \
  --principal arn:aws:iam::111122223333:user/bob \
  --action ec2:CreateTags --resource arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc \
  --context 'aws:TagKeys=team,cost\,center' \
  --identity tests/simulator/data/tag-keys.json
