# lint --list-checks: the registry, sorted by code (docs/lint.md pastes it).
iameval lint --list-checks
