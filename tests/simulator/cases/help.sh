# iameval --help, --version and each subcommand's --help (exit 0).
iameval --help
iameval --version
iameval simulate --help
iameval batch --help
iameval test -h
iameval validate --help
iameval expand --help
iameval can --help
echo "exit $?"
