# expand: patterns that cover nothing get the nearest spellings on stderr (exit 1).
iameval expand 's3:GetObjet*' 's4:Get*' 'sts:GetCallerIdentity' 'GetObject' 's3:Fetch*'
echo "exit $?"
iameval expand --format json 's3:GetObjet*' 'sts:GetCallerIdentity'
