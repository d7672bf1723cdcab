#!/usr/bin/env node
// Runs workloads W1 and W2 of bench/iameval_bench.cc through
// @cloud-copilot/iam-simulate's runSimulation: first the decision of each
// request, then its throughput. Prints one JSON object on stdout (run.sh saves
// it and report.js compares it with iameval's benchmark output).
//
//   node bench/compare/peer.js --prefix bench/compare/scratch --root .
//
// Environment: REPS (timed rounds, default 5), ROUND_MS (length of a timed
// round, default 1000), WARMUP_MS (untimed calls before the rounds, default
// 2000). The figure of a case is the median of its rounds.
'use strict';

const fs = require('fs');
const path = require('path');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const root = path.resolve(arg('--root', path.join(__dirname, '..', '..')));
const prefix = path.resolve(arg('--prefix', path.join(__dirname, 'scratch')));
const REPS = Number(process.env.REPS || 5);
const ROUND_MS = Number(process.env.ROUND_MS || 1000);
const WARMUP_MS = Number(process.env.WARMUP_MS || 2000);

const pkgDir = (name) => path.join(prefix, 'node_modules', '@cloud-copilot', name);
// Resolve the package as if from the scratch folder (its "exports" map).
const peerRequire = require('module').createRequire(path.join(prefix, 'package.json'));
const { runSimulation } = peerRequire('@cloud-copilot/iam-simulate');
const { createValidatedPolicy, validateIdentityPolicy } = peerRequire('@cloud-copilot/iam-policy');

// --- The workloads, as in bench/iameval_bench.cc ----------------------------

const ACCOUNT = '111122223333';
const ALICE = 'arn:aws:iam::111122223333:user/alice';

// W1Bundle(), verbatim (checkSourcesInSync compares it with the C++ file).
const W1_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadBucket', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::app-data', 'arn:aws:s3:::app-data/*'],
    },
    {
      Sid: 'WriteOverTls', Effect: 'Allow', Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::app-data/*',
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    },
    { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
  ],
};

function managedPolicy(name) {
  const file = path.join(root, 'third_party', 'aws-managed-policies', 'managed_policies.jsonl');
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const p = JSON.parse(line);
    if (p.name === name) return p.document;
  }
  throw new Error(`no managed policy ${name} in ${file}`);
}

// bench: the Google Benchmark function; want: the outcome it asserts.
const CASES = [
  { workload: 'W1', request: 'allowed', bench: 'BM_W1_Small_Allowed', policy: 'w1',
    action: 's3:GetObject', resource: 'arn:aws:s3:::app-data/reports/q1.csv', want: 'Allowed' },
  { workload: 'W1', request: 'denied', bench: 'BM_W1_Small_Denied', policy: 'w1',
    action: 's3:DeleteObject', resource: 'arn:aws:s3:::app-data/reports/q1.csv', want: 'ExplicitlyDenied' },
  { workload: 'W2', request: 'allowed', bench: 'BM_W2_ReadOnlyAccess_Allowed', policy: 'ReadOnlyAccess',
    action: 'ec2:DescribeInstances', resource: '*', want: 'Allowed' },
  { workload: 'W2', request: 'denied', bench: 'BM_W2_ReadOnlyAccess_Denied', policy: 'ReadOnlyAccess',
    action: 's3:PutObject', resource: 'arn:aws:s3:::app-data/x', want: 'ImplicitlyDenied' },
];

const OUTCOME_ENUM = {
  Allowed: 'Outcome::kAllowed',
  ExplicitlyDenied: 'Outcome::kExplicitlyDenied',
  ImplicitlyDenied: 'Outcome::kImplicitlyDenied',
};

// Fails loudly when bench/iameval_bench.cc no longer defines the workloads
// copied above (a different policy, request or expected outcome).
function checkSourcesInSync() {
  const src = fs.readFileSync(path.join(root, 'bench', 'iameval_bench.cc'), 'utf8');
  const problems = [];
  const w1 = /W1Bundle\(\)\s*\{[\s\S]*?R"\(([\s\S]*?)\)"/.exec(src);
  if (!w1) {
    problems.push('W1Bundle() with a raw-string policy not found');
  } else if (JSON.stringify(JSON.parse(w1[1])) !== JSON.stringify(W1_POLICY)) {
    problems.push('the W1 policy differs from W1Bundle()');
  }
  if (!/W2Bundle\(\)\s*\{[\s\S]*?ManagedPolicyJson\("ReadOnlyAccess"\)/.test(src)) {
    problems.push('W2Bundle() no longer compiles ReadOnlyAccess');
  }
  for (const c of CASES) {
    const body = new RegExp(`void ${c.bench}\\(([\\s\\S]*?)BENCHMARK\\(${c.bench}\\)`).exec(src);
    if (!body) {
      problems.push(`${c.bench} not found`);
      continue;
    }
    for (const s of [`"${ALICE}"`, `"${c.action}"`, `"${c.resource}"`, OUTCOME_ENUM[c.want]]) {
      if (!body[1].includes(s)) problems.push(`${c.bench} does not contain ${s}`);
    }
    if (!body[1].includes(c.workload === 'W1' ? 'W1Bundle()' : 'W2Bundle()')) {
      problems.push(`${c.bench} uses another bundle`);
    }
  }
  if (problems.length) {
    throw new Error('bench/compare/peer.js is out of date with bench/iameval_bench.cc:\n  ' +
                    problems.join('\n  '));
  }
}

// Two ways to call runSimulation:
//   plain:        policies as JSON objects (iam-simulate's README); runSimulation
//                 validates them on every call.
//   prevalidated: each policy wrapped once with iam-policy's
//                 createValidatedPolicy(doc, validateIdentityPolicy), which
//                 runSimulation accepts and does not validate again (the
//                 closest it has to iameval's compile-once bundle).
const VARIANTS = {
  plain: (doc) => doc,
  prevalidated: (doc) => createValidatedPolicy(doc, validateIdentityPolicy),
};

function simulationFor(c, policy) {
  return {
    identityPolicies: [{ name: c.policy, policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      principal: ALICE,
      action: c.action,
      // S3 ARNs carry no account: the bucket is the principal's (iameval's
      // default for S3 too), so the request is same-account.
      resource: { resource: c.resource, accountId: ACCOUNT },
      contextVariables: {},
    },
  };
}

const OPTIONS = { simulationMode: 'Strict' };

// Maps a RunSimulationResults to Allowed/ExplicitlyDenied/ImplicitlyDenied,
// or 'error: ...' when the simulation did not run.
function decisionOf(r) {
  if (r.resultType === 'error') return `error: ${JSON.stringify(r.errors)}`;
  return r.overallResult;
}

// Wall-clock seconds of `iterations` sequential calls (and the process's CPU
// seconds, all threads, recorded for reference).
async function timeRound(sim, iterations) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) await runSimulation(sim, OPTIONS);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function measure(sim) {
  // Warm-up (untimed for the result), also estimating the rate.
  let n = 0;
  const w0 = process.hrtime.bigint();
  const warmupNs = BigInt(Math.round(WARMUP_MS * 1e6));
  while (process.hrtime.bigint() - w0 < warmupNs || n < 10) {
    await runSimulation(sim, OPTIONS);
    ++n;
  }
  const rate = n / (Number(process.hrtime.bigint() - w0) / 1e9);
  const iterations = Math.max(10, Math.round((rate * ROUND_MS) / 1000));
  const rounds = [];
  const cpuRounds = [];
  for (let i = 0; i < REPS; ++i) {
    const t = await timeRound(sim, iterations);
    rounds.push(iterations / t.wall);
    cpuRounds.push(iterations / t.cpu);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    iterations_per_round: iterations,
    rounds_per_second: rounds,
    decisions_per_second: median(rounds),
    cpu_rounds_per_second: cpuRounds,
    decisions_per_cpu_second: median(cpuRounds),
  };
}

function version(name) {
  return JSON.parse(fs.readFileSync(path.join(pkgDir(name), 'package.json'), 'utf8')).version;
}

async function main() {
  checkSourcesInSync();
  const policies = { w1: W1_POLICY, ReadOnlyAccess: managedPolicy('ReadOnlyAccess') };
  const out = {
    node: process.version,
    packages: Object.fromEntries(['iam-simulate', 'iam-data', 'iam-policy', 'iam-utils']
      .map((n) => [`@cloud-copilot/${n}`, version(n)])),
    options: OPTIONS,
    reps: REPS, round_ms: ROUND_MS, warmup_ms: WARMUP_MS,
    cases: [],
  };
  // Decisions first, for every case and variant, before any timing.
  const sims = [];
  for (const c of CASES) {
    const row = { ...c, variants: {} };
    const bySim = {};
    for (const [v, wrap] of Object.entries(VARIANTS)) {
      const sim = simulationFor(c, wrap(policies[c.policy]));
      const r = await runSimulation(sim, OPTIONS);
      row.variants[v] = { decision: decisionOf(r), result_type: r.resultType };
      bySim[v] = sim;
    }
    out.cases.push(row);
    sims.push(bySim);
  }
  for (let i = 0; i < CASES.length; ++i) {
    const c = out.cases[i];
    for (const v of Object.keys(VARIANTS)) {
      const res = c.variants[v];
      process.stderr.write(`iam-simulate ${c.workload} ${c.request} (${v}): ${res.decision}\n`);
      if (res.result_type === 'error') continue;
      Object.assign(res, await measure(sims[i][v]));
      // The same simulation object was reused: its decision must not change.
      const again = decisionOf(await runSimulation(sims[i][v], OPTIONS));
      if (again !== res.decision) res.decision_after_timing = again;
    }
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(`peer.js: ${e.stack || e}\n`);
  process.exit(2);
});
