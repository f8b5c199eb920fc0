#!/usr/bin/env node
// Compares portal's YAML reading with the `yaml` package's, document by document: each
// document's `toJSON()` value (or "ERR" for an error) must be the same, key order aside.
//
// Usage: node yamlcmp.js LABEL FILE...   (environment: ORACLE, the oracle folder;
// PORTAL_ROOT, the portal repository, where `cargo test` runs the dump)
'use strict';
process.emitWarning = () => {}; // yaml warns about collection keys
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const yaml = require(path.join(process.env.ORACLE || '/tmp/oracle', 'node_modules', 'yaml'));
const [label, ...files] = process.argv.slice(2);
const root = process.env.PORTAL_ROOT || path.resolve(__dirname, '../..');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-yaml-'));
const list = path.join(tmp, 'list');
const out = path.join(tmp, 'out.jsonl');
fs.writeFileSync(list, files.map(f => path.resolve(f)).join('\n') + '\n');
execFileSync(
  'cargo',
  ['test', '--quiet', '--lib', 'dump_for_differential_testing', '--', '--ignored'],
  { cwd: root, env: { ...process.env, PORTAL_YAML_DUMP: list, PORTAL_YAML_DUMP_OUT: out }, stdio: ['ignore', 'ignore', 'inherit'] },
);

function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = canonical(v[k]);
    return o;
  }
  return v;
}
const norm = s => (s === 'ERR' ? s : JSON.stringify(canonical(JSON.parse(s))));

let docs = 0;
let diffs = 0;
for (const line of fs.readFileSync(out, 'utf8').split('\n').filter(Boolean)) {
  const { file, docs: got } = JSON.parse(line);
  const text = fs.readFileSync(file).toString('utf8');
  const parsed = yaml.parseAllDocuments(text);
  const want = (Array.isArray(parsed) ? parsed : []).map(d => {
    if (d.errors.length) return 'ERR';
    try {
      // A symbol (a `!!merge` value) is held by portal as an empty mapping, and a lone
      // UTF-16 surrogate (from a "\ud800" escape) as U+FFFD: Rust strings cannot hold one.
      const json = JSON.stringify(d.toJSON(), (_, v) => (typeof v === 'symbol' ? {} : v)) ?? 'null';
      return json.replace(/\\ud[89a-f][0-9a-f]{2}/g, '\ufffd');
    } catch {
      return 'ERR';
    }
  });
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n; i++) {
    docs++;
    const w = want[i] === undefined ? 'absent' : norm(want[i]);
    const g = got[i] === undefined ? 'absent' : norm(got[i]);
    if (w !== g) {
      diffs++;
      console.log(`YAMLDIFF ${label} ${path.relative(process.cwd(), file)}#${i}`);
      console.log(`  yaml:   ${w}`);
      console.log(`  portal: ${g}`);
    }
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`YAMLSUMMARY ${label} documents=${docs} disagree=${diffs}`);
