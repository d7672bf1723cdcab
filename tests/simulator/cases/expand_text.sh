# expand, text: the union of three patterns by service and access level, with counts (exit 0).
iameval expand 'iam:*RolePolicy' 'sts:AssumeRole*' 'iam:PassRole'
