#!/usr/bin/env node
// Compares the relations of accepted entities: the oracle's (validate.js --extra, forward
// and reverse) against `portal list --json` (each entity's relations, merged over the scan).
//
// It also compares values: each listed entity's `spec` and `metadata` (less annotations)
// against the document as the `yaml` package's `toJSON()` reads it (key order aside).
//
// Usage: node relations.js DIR ORACLE.jsonl PORTAL LABEL   (ORACLE env: the oracle folder)
// Files of DIR whose documents the oracle accepted are copied into batch folders (as
// <file>/catalog-info.yaml) so that no entity reference appears twice in a batch; each
// batch is listed by portal, and every listed entity's relations must equal the set of
// oracle relations with that entity as source, from all documents of the batch.
'use strict';
process.emitWarning = () => {}; // yaml warns about collection keys
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const [dir, oracleFile, portal, label = ''] = process.argv.slice(2);
const yaml = require(path.join(process.env.ORACLE || '/tmp/oracle', 'node_modules', 'yaml'));

// Fields whose string lists Backstage sorts while preprocessing.
const SORTED = ['providesApis', 'consumesApis', 'dependsOn', 'dependencyOf', 'memberOf', 'children', 'members'];

function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical(v[k]);
    return out;
  }
  return v;
}

// [path, yaml's value, portal's value, last key] of the first difference, or null.
function firstDifference(a, b, at = '', key = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${at}.${k}`, k);
      if (d) return d;
    }
  }
  return [at || '.', a, b, key];
}

function comparable(entity) {
  const e = JSON.parse(JSON.stringify(entity ?? null)) ?? {};
  const md = { namespace: 'default', ...(e.metadata ?? {}) };
  delete md.annotations;
  const spec = { ...(e.spec ?? {}) };
  for (const f of SORTED) {
    if (Array.isArray(spec[f]) && spec[f].every(x => typeof x === 'string')) spec[f] = [...spec[f]].sort();
  }
  return JSON.stringify(canonical({ metadata: md, spec }));
}
const rows = fs
  .readFileSync(oracleFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(l => JSON.parse(l));

const TYPES = [
  'ownedBy', 'ownerOf', 'partOf', 'hasPart', 'providesApi', 'apiProvidedBy', 'consumesApi',
  'apiConsumedBy', 'dependsOn', 'dependencyOf', 'memberOf', 'hasMember', 'childOf', 'parentOf',
];

const refOf = r =>
  `${r.kind}:${r.namespace ?? 'default'}/${r.name}`.toLowerCase();

// Group rows by file; keep files whose accepted documents have distinct references and
// hold no Location (portal would follow it).
const byFile = new Map();
for (const r of rows) {
  if (!byFile.has(r.file)) byFile.set(r.file, []);
  byFile.get(r.file).push(r);
}
const batches = [];
for (const [file, rs] of byFile) {
  const ok = rs.filter(r => r.valid);
  if (ok.length === 0) continue;
  if (ok.some(r => r.kind === 'Location' || !r.kind || !r.name)) continue;
  // Placeholders name files beside the descriptor, which a batch folder does not hold.
  if (/\$(text|json|yaml)/.test(fs.readFileSync(path.join(dir, file), 'utf8'))) continue;
  const refs = ok.map(refOf);
  if (new Set(refs).size !== refs.length) continue;
  let batch = batches.find(b => refs.every(x => !b.refs.has(x)));
  if (!batch) {
    batch = { refs: new Set(), files: [] };
    batches.push(batch);
  }
  for (const x of refs) batch.refs.add(x);
  batch.files.push({ file, rows: ok });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-rel-'));
let entities = 0;
let diffs = 0;
batches.forEach((batch, bi) => {
  const bdir = path.join(tmp, `b${bi}`);
  const expected = new Map(); // ref -> Set("type target")
  const values = new Map(); // ref -> comparable JSON of the document
  for (const { file, rows: rs } of batch.files) {
    const d = path.join(bdir, file.replace(/[/\\]/g, '__'));
    fs.mkdirSync(d, { recursive: true });
    fs.copyFileSync(path.join(dir, file), path.join(d, 'catalog-info.yaml'));
    for (const r of rs) {
      if (!expected.has(refOf(r))) expected.set(refOf(r), new Set());
    }
    const docs = yaml.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const r of rs) {
      try {
        values.set(refOf(r), comparable(docs[r.doc].toJSON()));
      } catch {
        // compared by verdict only
      }
    }
  }
  for (const { rows: rs } of batch.files) {
    for (const r of rs) {
      for (const rel of r.relations) {
        // "src type target"; references may hold spaces, so split at a known type.
        for (const type of TYPES) {
          const i = rel.indexOf(` ${type} `);
          if (i < 0) continue;
          const src = rel.slice(0, i);
          if (!expected.has(src)) continue;
          expected.get(src).add(`${type} ${rel.slice(i + type.length + 2)}`);
          break;
        }
      }
    }
  }
  let out;
  try {
    out = execFileSync(portal, ['list', '-s', bdir, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    out = e.stdout || '[]';
  }
  const listed = JSON.parse(out || '[]');
  const seen = new Set();
  for (const e of listed) {
    const ref = `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase();
    seen.add(ref);
    entities++;
    const got = new Set((e.relations ?? []).map(r => `${r.type} ${r.targetRef}`));
    const want = expected.get(ref) ?? new Set();
    const diff =
      values.has(ref) && values.get(ref) !== comparable(e)
        ? firstDifference(JSON.parse(values.get(ref)), JSON.parse(comparable(e)))
        : null;
    // The text of a collection-valued key is a known difference (README.md).
    if (diff && /^[[{]/.test(diff[3])) {
      console.log(`KEYTEXT ${label} ${ref} at ${diff[0].slice(0, 200)}`);
    } else if (diff) {
      diffs++;
      const [where, want, got] = diff;
      console.log(`VALDIFF ${label} ${ref} at ${where}`);
      console.log(`  yaml:   ${JSON.stringify(want)?.slice(0, 300)}`);
      console.log(`  portal: ${JSON.stringify(got)?.slice(0, 300)}`);
    }
    const missing = [...want].filter(x => !got.has(x));
    const extra = [...got].filter(x => !want.has(x));
    if (!expected.has(ref) || missing.length || extra.length) {
      diffs++;
      console.log(`RELDIFF ${label} ${ref}${expected.has(ref) ? '' : ' (not accepted by the oracle)'}`);
      if (missing.length) console.log(`  missing in portal: ${missing.join('; ')}`);
      if (extra.length) console.log(`  extra in portal:   ${extra.join('; ')}`);
    }
  }
  for (const ref of expected.keys()) {
    if (!seen.has(ref)) {
      diffs++;
      console.log(`RELDIFF ${label} ${ref} accepted by the oracle but not listed by portal`);
    }
  }
});
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`RELSUMMARY ${label} entities=${entities} disagree=${diffs}`);
