# Loader warnings are located like the loader errors (FILE:LINE:COL:
# warning: MESSAGE [CODE] (POINTER)): a truncated page, and, under
# --allow-missing-policies, an attachment and a group the snapshot lacks.
iameval review --allow-missing-policies --format csv --now 2026-01-01T00:00:00Z \
  --account tests/simulator/data/account-warnings/snapshot.json
echo "exit $?"
