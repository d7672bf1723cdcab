#!/usr/bin/env bash
# Instructions per untraced decision for W1-W3, from callgrind: stable where
# wall-clock time is not (a shared 2-core machine). For each benchmark, the
# inclusive cost of the out-of-line decision function the timed loop calls
# (internal::EvaluateImpl<false> or, since the R21/R23 rules,
# internal::EvaluatePolicies<false>) divided by its call count, plus the self
# cost of the loop function Run() per call (where the rules check inlines).
# Usage: bench/callgrind_decisions.sh BUILD-BENCH/bench/iameval_bench [LABEL]
set -euo pipefail
bin=$1
label=${2:-run}
dir=$(mktemp -d)
for b in BM_W1_Small_Allowed BM_W1_Small_Denied BM_W2_ReadOnlyAccess_Allowed \
         BM_W2_ReadOnlyAccess_Denied BM_W3_RealisticRole_Allowed \
         BM_W3_RealisticRole_Denied; do
  out=$dir/$b.out
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" \
    --benchmark_filter="^$b\$" --benchmark_min_time=0.05 >/dev/null 2>&1
  python3 - "$out" "$b" "$label" <<'PY'
import re, subprocess, sys
out, b, label = sys.argv[1:]
def annotate(*flags):
    return subprocess.run(['callgrind_annotate', *flags, out], check=True,
                          capture_output=True, text=True).stdout.splitlines()
num = lambda s: int(s.replace(',', ''))
inc = annotate('--inclusive=yes', '--tree=caller')
calls = callee = 0
for i, line in enumerate(inc):
    m = re.match(r'\s*([\d,]+) \(.*?\)\s+\*\s+\S*?iameval::Decision '
                 r'iameval::internal::(EvaluateImpl|EvaluatePolicies)<false>', line)
    if m:
        callee = num(m.group(1))
        j = i - 1
        while j >= 0 and '<' in inc[j]:
            c = re.search(r'\(([\d,]+)x\)', inc[j])
            if c: calls += num(c.group(1))
            j -= 1
        break
loop = sum(num(re.match(r'\s*([\d,]+)', l).group(1))
           for l in annotate('--inclusive=no')
           if 'bench::(anonymous namespace)::Run(benchmark::State' in l)
print(f'{label} {b}: {round((callee + loop) / calls)} Ir/decision '
      f'({calls} calls; decision {round(callee / calls)}, loop {round(loop / calls)})')
PY
done
rm -rf "$dir"
