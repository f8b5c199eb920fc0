#!/usr/bin/env node
// Compares the oracle's verdicts (validate.js --extra JSONL) with portal's
// (`validate --format json`) per (file, doc). Prints every disagreement with the
// oracle's first error and portal's first error diagnostic, then a summary line.
// Usage: node compare.js ORACLE.jsonl PORTAL.json LABEL [--quiet]
'use strict';
const fs = require('node:fs');

const [oracleFile, portalFile, label = ''] = process.argv.slice(2);
const quiet = process.argv.includes('--quiet');

const oracle = new Map();
for (const line of fs.readFileSync(oracleFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const o = JSON.parse(line);
  oracle.set(`${o.file}#${o.doc}`, o);
}

let portal;
try {
  portal = JSON.parse(fs.readFileSync(portalFile, 'utf8'));
} catch (e) {
  console.log(`PORTAL-OUTPUT-UNREADABLE ${label}: ${e.message}`);
  process.exit(2);
}
// First error diagnostic per (file, doc); doc null means the whole file.
const portalErrors = new Map();
for (const d of portal.diagnostics) {
  if (d.severity !== 'error') continue;
  const key = `${d.file}#${d.doc}`;
  if (!portalErrors.has(key)) portalErrors.set(key, d);
}

const describe = d =>
  d ? `[${d.rule}] ${d.line}:${d.column} ${d.message}` : '-';
let same = 0;
const diffs = [];
for (const [key, o] of oracle) {
  const p = portalErrors.get(key) ?? portalErrors.get(`${o.file}#null`);
  const portalValid = !p;
  if (portalValid === o.valid) {
    same++;
    continue;
  }
  diffs.push({ key, o, p });
}
// Portal errors on documents the oracle does not print (empty or non-existent).
for (const [key, p] of portalErrors) {
  if (oracle.has(key) || key.endsWith('#null')) continue;
  diffs.push({ key, o: null, p });
}

for (const { key, o, p } of diffs) {
  if (quiet) continue;
  const ov = o ? (o.valid ? 'accepted' : 'rejected') : 'absent';
  console.log(`DIFF ${label} ${key} oracle=${ov} portal=${p ? 'rejected' : 'accepted'}`);
  console.log(`  oracle: ${o && o.errors.length ? o.errors[0] : '-'}`);
  console.log(`  portal: ${describe(p)}`);
}
console.log(
  `SUMMARY ${label} documents=${oracle.size} agree=${same} disagree=${diffs.length}`,
);
