#!/usr/bin/env node
// Compares backstage-yaml's reading with the `yaml` package's, document by document: each
// document's `toJSON()` value (or "ERR" for an error) must be the same, key order aside.
//
// Usage: node yamlcmp.js DUMP.jsonl [LABEL]
//   DUMP.jsonl: what `cargo run -p backstage-yaml --example dump -- FILE...` prints.
// The `yaml` package is taken from NODE_MODULES (a node_modules folder), or else from the
// node_modules folder beside this script (`npm ci` here installs the pinned 2.9.1).
// Prints a YAMLDIFF block for every document that differs and a YAMLSUMMARY line; the exit
// status is 1 when any document differs.
'use strict';
process.emitWarning = () => {}; // yaml warns about collection keys
const fs = require('node:fs');
const path = require('node:path');

const modules = process.env.NODE_MODULES || path.join(__dirname, 'node_modules');
const yaml = require(path.join(modules, 'yaml'));
const [dump, label = 'yaml'] = process.argv.slice(2);
if (!dump) {
  console.error('usage: node yamlcmp.js DUMP.jsonl [LABEL]');
  process.exit(2);
}

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

let files = 0;
let docs = 0;
let diffs = 0;
for (const line of fs.readFileSync(dump, 'utf8').split('\n').filter(Boolean)) {
  const { file, docs: got } = JSON.parse(line);
  files++;
  const text = fs.readFileSync(file).toString('utf8');
  const parsed = yaml.parseAllDocuments(text);
  const want = (Array.isArray(parsed) ? parsed : []).map(d => {
    if (d.errors.length) return 'ERR';
    try {
      // A symbol (a `!!merge` value) is held as an empty mapping, and a lone UTF-16
      // surrogate (from a "\ud800" escape) as U+FFFD: Rust strings cannot hold one.
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
      console.log(`  yaml:           ${w}`);
      console.log(`  backstage-yaml: ${g}`);
    }
  }
}
console.log(`YAMLSUMMARY ${label} files=${files} documents=${docs} disagree=${diffs}`);
process.exitCode = diffs ? 1 : 0;
