# expand, json: one object with the counts per access level and the actions (exit 0).
iameval expand --format json 'sts:*'
