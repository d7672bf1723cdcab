# an unknown subcommand, and no subcommand at all (exit 1).
iameval frobnicate
echo "exit $?"
iameval
