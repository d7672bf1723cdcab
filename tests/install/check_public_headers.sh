#!/usr/bin/env bash
# The compiled form is not API: fails if a public header (include/iameval,
# outside internal/) declares or names one of the engine's internal types
# or helpers other than as internal::NAME, or opens namespace internal
# itself. Usage: check_public_headers.sh INCLUDE_DIR
set -euo pipefail
dir=$1/iameval
forbidden='CompiledPolicyImpl|CompiledStatement|CompiledCondition|CompiledConditionValue|CompiledResource|PrincipalMatcher|PrincipalMatcherKind|GrantForm|kGrant[A-Za-z]+|GlobToken|GlobSpan|GlobMatch|AsciiLower|AsciiLowerInPlace|Tri|VariableTemplate|TemplatePart|ParseVariableTemplate|SubstituteTemplate|CompileCondition|EvaluateCondition|NameIndex|LayerResult|EvalInput|ContextSlot'
status=0
checked=0
while IFS= read -r -d '' header; do
  checked=$((checked + 1))
  # Comments say what they like; code may only name internals qualified.
  code=$(sed -e 's://.*$::' "$header")
  if hits=$(grep -nP "(?<![\w:])(${forbidden})\b" <<<"$code"); then
    echo "${header#"$1"/}: names internals in namespace iameval:" >&2
    echo "$hits" >&2
    status=1
  fi
  if grep -nP '^\s*namespace\s+(iameval::)?internal\b' <<<"$code" >/dev/null; then
    echo "${header#"$1"/}: opens namespace internal (put it under internal/)" >&2
    status=1
  fi
done < <(find "$dir" -name '*.h' -not -path "$dir/internal/*" -print0)
if [ "$checked" -lt 10 ]; then
  echo "only $checked public headers found under $dir" >&2
  exit 1
fi
exit $status
