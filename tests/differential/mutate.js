#!/usr/bin/env node
// YAML-level mutator for differential testing of portal against the Backstage oracle.
//
// Usage: node mutate.js OUTDIR N SEED SOURCE...
//   SOURCE: files or folders; every *.yaml / *.yml below a folder is a seed file.
//   MUTATE_OPS (environment): most mutations per file, default 4.
// Writes N files OUTDIR/mNNNNN.yaml. Each is a seed file (or a small built-in entity)
// with 1-4 random mutations that exercise the YAML parser rather than Backstage's
// rules: duplicate keys, tabs, flow collections, anchors and aliases, `<<` keys,
// tricky plain scalars, `---`/`...`, comments, block scalars, tags, unicode, CRLF,
// BOM, odd keys, keys differing in case, directives, empty values, deep nesting,
// long names, indentation, explicit keys, quoting, and re-serialisation of the whole
// document in another style by the `yaml` package.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function requireYaml() {
  for (const p of ['yaml', '/tmp/oracle/node_modules/yaml']) {
    try {
      return require(p); // eslint-disable-line global-require
    } catch {
      // try the next one
    }
  }
  return null;
}
const yaml = requireYaml();

const [outDir, nStr, seedStr, ...sources] = process.argv.slice(2);
if (!outDir || !nStr) {
  console.error('usage: node mutate.js OUTDIR N SEED SOURCE...');
  process.exit(2);
}

// mulberry32: small, seedable, good enough.
let state = Number(seedStr ?? 1) >>> 0;
function rnd() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = n => Math.floor(rnd() * n);
const pick = a => a[int(a.length)];
const chance = p => rnd() < p;

// ------------------------------------------------------------------ seeds --

function collect(p, out) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    if (path.basename(p) === 'node_modules') return;
    for (const e of fs.readdirSync(p).sort()) collect(path.join(p, e), out);
  } else if (/\.ya?ml$/.test(p) && st.size < 200000) {
    out.push(p);
  }
}
const seedFiles = [];
for (const s of sources) collect(s, seedFiles);

const BASE = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: my-service
  namespace: default
  title: My Service
  description: Does things
  labels:
    tier: one
  annotations:
    example.com/owner-team: team-a
  tags:
    - java
    - web
  links:
    - url: https://example.com
      title: Home
spec:
  type: service
  lifecycle: production
  owner: team-a
  system: sys
  providesApis:
    - my-api
  dependsOn:
    - component:other
`;
const BASE_GROUP = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-a
spec:
  type: team
  children: []
  members: [jdoe]
  profile:
    displayName: Team A
`;

function seedText() {
  if (seedFiles.length === 0 || chance(0.15)) return chance(0.8) ? BASE : BASE_GROUP;
  try {
    return fs.readFileSync(pick(seedFiles), 'utf8');
  } catch {
    return BASE;
  }
}

// ---------------------------------------------------------------- helpers --

const KEY_LINE = /^(\s*)(- )?((?:"[^"]*"|'[^']*'|[^\s#:'"{}[\],&*!|>%@`][^:#]*?)):(?:\s+(.*))?$/;

function lines(text) {
  return text.split('\n');
}
function keyLines(ls) {
  const out = [];
  ls.forEach((l, i) => {
    const m = KEY_LINE.exec(l);
    if (m) {
      out.push({
        i,
        indent: m[1],
        dash: m[2] ?? '',
        key: m[3],
        value: m[4] ?? '',
      });
    }
  });
  return out;
}
function valueLines(ls) {
  return keyLines(ls).filter(
    k => k.value && !/^[|>]/.test(k.value) && !k.value.startsWith('#'),
  );
}
// The indentation of a key written on line k (after a `- `, it is two more).
function keyIndent(k) {
  return k.indent + (k.dash ? ' '.repeat(k.dash.length) : '');
}
function setLine(ls, k, value) {
  ls[k.i] = `${k.indent}${k.dash}${k.key}:${value === '' ? '' : ` ${value}`}`;
}

const TRICKY_SCALARS = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO', 'On', 'OFF',
  '~', 'null', 'Null', 'NULL', 'nUll', '', 'true', 'True', 'TRUE', 'tRue', 'false', 'False',
  '0x1F', '0X1F', '0x', '0xG', '0o17', '0O17', '0o8', '017', '08', '0b101', '00', '-0', '+0', '0',
  '1e3', '1E3', '1e+3', '1e-3', '1.e3', '.5', '5.', '+5', '-5', '+.5', '1_000', '1,000',
  '.inf', '.Inf', '.INF', '+.inf', '-.Inf', '.NaN', '.nan', '.NAN', '-.nan', 'inf', 'NaN',
  '1e400', '-1e400', '123456789012345678901234567890', '0.1', '1.0', '12:30:00', '190:20:30',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
  "''", '""', "'~'", '"null"', "'yes'", '"1"', "'it''s'", '"\\u0041"', '"a\\tb"', '"\\x41"',
  '"\\N\\_\\L\\P"', '"\\q"', '"\\/"', '"\\e"', '"\\U0001F600"', '"\\ud800"',
  '[]', '{}', '[a, b]', '{a: 1}', '[a, b,]', '{a: 1,}', '[a: b]', '{a, b}', '[a', '{a',
  '- a', 'a: b', 'a: b: c', '"a" b', "'unterminated", '"unterminated', '@x', '`x', '%x',
  '!x', '&x', '*x', '? x', '| x', '-x', '-', ':x', 'x:', 'x #c', 'x#c', '#c', 'a,b', ']',
  '}', 'a]', 'a}', 'x:y', 'x: ', 'a - b', 'a -b', '- - a', '-- a', '>', '|', '|-', '>-',
  '"a\nb"', 'a\tb', '\ta', 'a\t', 'é', 'ü-name', '名前', '🚀', 'a\u00a0b', 'a\u200bb',
  'a\u2028b', 'a\u0085b', '\u00a0', 'x'.repeat(63), 'x'.repeat(64), 'a'.repeat(1100),
  'svc', 'Team A', 'group:team-a', 'component:default/x', 'https://example.com',
  '!!str 1', '!!int "1"', '!!int 1.5', '!!float 1', '!!bool yes', '!!null x', '!!str',
  '!custom x', '! 1', '!<tag:yaml.org,2002:str> 5', '!!binary aGVsbG8=', '!!timestamp 2001-12-14',
  '!e!x y', '!!map {}', '!!seq []', '!!str [a]', '!!set {a}', '!!omap [a: 1]', '!!merge x',
  '&a x', '&a', '*a', '&a [x]', '& a', '&a &b x', '!!str &a x', '&a !!str x',
];

const TAGS = [
  '!!str', '!!int', '!!float', '!!bool', '!!null', '!!map', '!!seq', '!!binary', '!!timestamp',
  '!!set', '!!omap', '!!pairs', '!custom', '!', '!<tag:yaml.org,2002:str>', '!<!foo>',
  '!e!tag', '!!foo', '!!merge', '!<tag:yaml.org,2002:int>', '!!value',
];

// -------------------------------------------------------------- mutations --

const M = {};

// A key defined twice in one mapping (possibly with other quoting).
M.duplicateKey = text => {
  const ls = lines(text);
  const ks = keyLines(ls);
  if (!ks.length) return text;
  const k = pick(ks);
  const bare = k.key.replace(/^["']|["']$/g, '');
  const key = pick([k.key, bare, `"${bare}"`, `'${bare}'`, bare.toUpperCase(), `${bare} `]);
  const value = pick(['dup', k.value || 'x', '~', '', '[]', '1']);
  const ind = keyIndent(k);
  if (k.dash) {
    ls.splice(k.i, 1, `${k.indent}${k.dash}${key}: ${value}`, `${ind}${k.key}:${k.value ? ` ${k.value}` : ''}`);
  } else if (k.value) {
    ls.splice(k.i + 1, 0, `${ind}${key}: ${value}`);
  } else {
    ls.splice(k.i, 0, `${ind}${key}: ${value}`);
  }
  return ls.join('\n');
};

// Keys that collide only after JavaScript stringification, or under `===`.
M.collidingKeys = text => {
  const pairs = [
    ['1', '0x1'], ['1', '1.0'], ['1', '"1"'], ['1', '01'], ['true', 'True'], ['true', '"true"'],
    ['null', '~'], ['null', '""'], ['~', ''], ['.nan', '.NaN'], ['.inf', '+.inf'], ['0', '-0'],
    ['1e3', '1000'], ['[a]', '"[ a ]"'], ['{a: 1}', '"{ a: 1 }"'], ['1', '0o1'], ['a', '? a'],
    ['Owner', 'owner'], ['1_000', '1000'], ['0x10', '16'], ['1e2', '100.0'],
  ];
  const [a, b] = pick(pairs);
  const ls = lines(text);
  const ks = keyLines(ls).filter(k => !k.dash);
  if (!ks.length) return text;
  const k = pick(ks);
  const fmt = key => (key.startsWith('? ') ? `${key}\n${k.indent}: y` : `${key}: y`);
  ls.splice(k.i, 0, `${k.indent}${fmt(a)}`, `${k.indent}${fmt(b)}`);
  return ls.join('\n');
};

M.tabs = text => {
  const ls = lines(text);
  const i = int(ls.length);
  const l = ls[i] ?? '';
  switch (int(7)) {
    case 0: // tab as indentation
      ls[i] = l.replace(/^( +)/, m => (chance(0.5) ? '\t' : `${m.slice(1)}\t`));
      break;
    case 1: // tab after the colon
      ls[i] = l.replace(/: /, ':\t');
      break;
    case 2: // trailing tab
      ls[i] = `${l}\t`;
      break;
    case 3: // tab inside a value
      ls[i] = l.replace(/(\S) (\S)/, '$1\t$2');
      break;
    case 4: // tab before a comment
      ls[i] = `${l}\t# c`;
      break;
    case 5: // a line of only a tab
      ls.splice(i, 0, pick(['\t', ' \t', '\t ']));
      break;
    default: // tab after a dash
      ls[i] = l.replace(/- /, '-\t');
  }
  return ls.join('\n');
};

// Re-serialise with the `yaml` package: flow collections, quoting styles, widths.
M.restyle = text => {
  if (!yaml) return text;
  let docs;
  try {
    docs = yaml.parseAllDocuments(text);
  } catch {
    return text;
  }
  if (!Array.isArray(docs) || !docs.length) return text;
  const opts = {
    indent: pick([2, 2, 1, 3, 4, 8]),
    indentSeq: chance(0.5),
    lineWidth: pick([80, 0, 10, 20, 40]),
    minContentWidth: pick([20, 0, 5]),
    defaultStringType: pick(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED']),
    defaultKeyType: pick([null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE']),
    doubleQuotedAsJSON: chance(0.3),
    doubleQuotedMinMultiLineLength: pick([40, 0, 5]),
    flowCollectionPadding: chance(0.5),
    simpleKeys: chance(0.2),
    nullStr: pick(['null', '~', '']),
    trueStr: pick(['true', 'True', 'TRUE']),
    falseStr: pick(['false', 'False']),
    directives: chance(0.2) ? true : undefined,
  };
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length) return text;
    const flowAll = chance(0.2);
    yaml.visit(doc, {
      Map(_, node) {
        if (flowAll || chance(0.2)) node.flow = true;
      },
      Seq(_, node) {
        if (flowAll || chance(0.3)) node.flow = true;
      },
      Scalar(_, node) {
        if (typeof node.value === 'string' && chance(0.1)) {
          node.type = pick(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED']);
        }
      },
    });
    try {
      out.push(doc.toString(opts));
    } catch {
      return text;
    }
  }
  return out.join(chance(0.5) ? '---\n' : '...\n---\n');
};

// Hand-written flow collection forms.
M.flow = text => {
  const ls = lines(text);
  const ks = valueLines(ls);
  if (!ks.length) return text;
  const k = pick(ks);
  const v = k.value;
  const forms = [
    `[${v}]`, `[ ${v} ]`, `[${v},]`, `[${v}, ]`, `{${v}}`, `{ a: ${v} }`, `{a: ${v},}`, `[a: ${v}]`,
    `{ ? a : ${v} }`, `[${v}`, `{a: ${v}`, `[${v}]]`, `{a: ${v}}}`, `[\n${keyIndent(k)}${v}]`,
    `[\n${keyIndent(k)}  ${v}\n${keyIndent(k)}]`, `{\n${keyIndent(k)}a: ${v}\n${keyIndent(k)}}`,
    `[${v}] x`, `{a: ${v}} # c`, `[${v}, [${v}, [${v}]]]`, `[{a: ${v}}, {b: c}]`, `{"a":${v}}`,
    `{a:${v}}`, `{"a":1, "a":2}`, `[${v} # c\n${keyIndent(k)}]`, `[,]`, `[,${v}]`, `{,}`,
    `[${v}, - x]`, `{a: 1, a: 2}`, `[? a : b]`, `[a, {b: c}, [d]]`, `{a: [b, {c: d}]}`,
    `{ a: 1\n${keyIndent(k)}  , b: 2 }`, `[a\n${keyIndent(k)}b]`, `{a\n${keyIndent(k)}: b}`,
  ];
  setLine(ls, k, pick(forms));
  return ls.join('\n');
};

// Anchors and aliases, well-formed or not.
M.anchors = text => {
  const ls = lines(text);
  const ks = keyLines(ls);
  if (ks.length < 2) return text;
  const a = pick(ks);
  const b = pick(ks);
  const name = pick(['a', 'x1', 'anchor', 'a-b', 'a.b', 'ä', 'a:b', 'a]', '1']);
  const [first, second] = a.i <= b.i ? [a, b] : [b, a];
  switch (int(8)) {
    case 0: // anchor a value, alias it later
      if (!first.value) ls[first.i] = `${ls[first.i]} &${name}`;
      else setLine(ls, first, `&${name} ${first.value}`);
      if (second !== first) setLine(ls, second, `*${name}`);
      break;
    case 1: // alias before its anchor
      setLine(ls, first, `*${name}`);
      if (second !== first && second.value) setLine(ls, second, `&${name} ${second.value}`);
      break;
    case 2: // anchor on a key, alias as a key
      ls[first.i] = ls[first.i].replace(first.key, `&${name} ${first.key}`);
      ls.splice(second.i + 1, 0, `${keyIndent(second)}*${name} : y`);
      break;
    case 3: // the same anchor twice
      setLine(ls, first, `&${name} ${first.value || 'x'}`);
      setLine(ls, second, `&${name} ${second.value || 'y'}`);
      ls.push(`# end`, `x-alias: *${name}`);
      break;
    case 4: // alias to the anchor of an earlier document
      ls.unshift(`x: &${name} shared`, '---');
      setLine(ls, second, `*${name}`);
      break;
    case 5: // many aliases of one anchor
      ls.push(`x-anchor: &${name} [a, b]`, `x-list: [${Array(int(120) + 1).fill(`*${name}`).join(', ')}]`);
      break;
    case 6: // aliased collection
      ls.push(`x-m: &${name}`, '  k: v', `x-n: *${name}`);
      break;
    default: // alias with trailing content
      setLine(ls, second, `*${name} x`);
  }
  return ls.join('\n');
};

// `<<` keys, merging nothing (merge keys are off in Backstage by default).
M.mergeKey = text => {
  const ls = lines(text);
  const ks = keyLines(ls);
  if (!ks.length) return text;
  const k = pick(ks);
  const ind = keyIndent(k);
  const forms = [
    ['<<: {type: service}'],
    ['<<: *base'],
    ['<<: [*base]'],
    ['<<:', '  owner: x'],
    ['<<: 1', '<<: 2'],
    ['"<<": x'],
    ['<<: ~'],
  ];
  const add = pick(forms).map(l => `${ind}${l}`);
  ls.splice(k.dash ? k.i + 1 : k.i, 0, ...add);
  if (chance(0.6)) ls.unshift('x-base: &base', '  lifecycle: production');
  return ls.join('\n');
};

M.scalar = text => {
  const ls = lines(text);
  const ks = chance(0.8) ? valueLines(ls) : keyLines(ls);
  if (!ks.length) return text;
  const k = pick(ks);
  setLine(ls, k, pick(TRICKY_SCALARS));
  return ls.join('\n');
};

M.documents = text => {
  const ls = lines(text);
  const i = int(ls.length + 1);
  const marker = pick([
    '---', '...', '--- # c', '---x', '...x', '... # c', '--- |', '--- >-', '---\t', ' ---',
    '--- x', '--- &a', '--- !!map', '--- []', '...\n---', '---\n...', '--- {}', '----', '.. .',
    '--- - a', '... ---', '--- #', '---\r',
  ]);
  ls.splice(i, 0, marker);
  return ls.join('\n');
};

M.comments = text => {
  const ls = lines(text);
  const i = int(ls.length);
  switch (int(6)) {
    case 0:
      ls.splice(i, 0, `${' '.repeat(int(6))}# comment`);
      break;
    case 1:
      ls[i] = `${ls[i]} # trailing`;
      break;
    case 2:
      ls[i] = `${ls[i]}#notacomment`;
      break;
    case 3:
      ls.splice(i, 0, '#');
      break;
    case 4:
      ls[i] = (ls[i] ?? '').replace(/: /, ': # ');
      break;
    default:
      ls.unshift('# header', '');
  }
  return ls.join('\n');
};

M.blockScalar = text => {
  const ls = lines(text);
  const ks = valueLines(ls);
  if (!ks.length) return text;
  const k = pick(ks);
  const ind = keyIndent(k);
  const header = pick(['|', '|-', '|+', '>', '>-', '>+', '|2', '|1-', '|-1', '>2', '|0', '|10', '| # c', '|x', '|--', '|  ']);
  const body = k.value.replace(/^["']|["']$/g, '');
  const inner = `${ind}${pick(['  ', '    ', ' ', '', '\t'])}`;
  const bodyLines = pick([
    [`${inner}${body}`],
    [`${inner}${body}`, ''],
    [`${inner}${body}`, '', ''],
    [`${inner}${body}`, `${inner}  more`],
    ['', `${inner}${body}`],
    [`${inner}  ${body}`, `${inner}${body}`],
    [`${inner}${body}`, `${ind} less`],
    [],
  ]);
  ls.splice(k.i, 1, `${k.indent}${k.dash}${k.key}: ${header}`, ...bodyLines);
  return ls.join('\n');
};

M.tag = text => {
  const ls = lines(text);
  const ks = keyLines(ls);
  if (!ks.length) return text;
  const k = pick(ks);
  const t = pick(TAGS);
  if (chance(0.15)) {
    ls[k.i] = ls[k.i].replace(k.key, `${t} ${k.key}`);
  } else {
    setLine(ls, k, k.value ? `${t} ${k.value}` : t);
  }
  if (chance(0.1)) ls.unshift('%TAG !e! tag:example.com,2000:', '---');
  return ls.join('\n');
};

M.unicode = text => {
  const ls = lines(text);
  const ks = valueLines(ls);
  const chars = [
    'é', 'ä', 'İ', 'ß', 'ﬁ', 'K', '\u00a0', '\u200b', '\u200f', '\u2028', '\u2029', '\u0085', '\ufeff',
    '🚀', '名', '\u0301', '\u0001', '\u0007', '\u001b', '\u007f', '\u0080', '\u009f', '\ufffd',
    '\ufffe', '\uffff', '\u000b', '\u000c', '\r',
  ];
  const c = pick(chars);
  if (ks.length && chance(0.7)) {
    const k = pick(ks);
    const pos = int(k.value.length + 1);
    setLine(ls, k, k.value.slice(0, pos) + c + k.value.slice(pos));
  } else {
    const i = int(ls.length);
    const pos = int((ls[i] ?? '').length + 1);
    ls[i] = (ls[i] ?? '').slice(0, pos) + c + (ls[i] ?? '').slice(pos);
  }
  return ls.join('\n');
};

M.lineEndings = text => {
  switch (int(5)) {
    case 0:
      return text.replace(/\r?\n/g, '\r\n');
    case 1: {
      const ls = lines(text);
      return ls.map(l => (chance(0.5) ? `${l}\r` : l)).join('\n');
    }
    case 2:
      return text.replace(/\n/g, '\r');
    case 3:
      return text.replace(/\n/, '\r\n\r\n');
    default:
      return text.endsWith('\n') ? text.slice(0, -1) : `${text}\n\n\n`;
  }
};

M.bom = text => {
  switch (int(4)) {
    case 0:
      return `\ufeff${text}`;
    case 1:
      return `\ufeff\ufeff${text}`;
    case 2:
      return text.replace(/\n---\n/, '\n---\n\ufeff');
    default: {
      const ls = lines(text);
      const i = int(ls.length);
      ls[i] = `\ufeff${ls[i]}`;
      return ls.join('\n');
    }
  }
};

M.oddKeys = text => {
  const ls = lines(text);
  const ks = keyLines(ls).filter(k => !k.dash);
  if (!ks.length) return text;
  const k = pick(ks);
  const key = pick([
    '1', '0', '-1', '1.5', '1e3', '0x1F', 'true', 'false', 'null', '~', '""', "''", '.inf', '.nan',
    '[a, b]', '{a: 1}', '[]', '{}', '? [a, b]\n{i}', '? {a: 1}\n{i}', '? |\n{i}  block\n{i}',
    '? - a\n{i}  - b\n{i}', '? a\n{i}', '?\n{i}', '"a\\nb"', '"a.b"', '"  a"', '"a "', 'a b',
    'a.b', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '$text', '$json', '$yaml',
    '$other', '"$text"', 'é', '🚀', '"\\u0000"', 'a'.repeat(1023), 'a'.repeat(1025),
    '!!str 1', '!!int 1', '&k a', 'x-' + 'a'.repeat(200),
  ]).replace(/\{i\}/g, k.indent);
  const value = pick(['x', '1', '~', '', '[a]', '{}', 'team-a']);
  ls.splice(k.i, 0, `${k.indent}${key}${key.endsWith(`\n${k.indent}`) ? ': ' : ': '}${value}`);
  return ls.join('\n');
};

// A key written twice with different letter case (Backstage's stitching rejects it).
M.caseKeys = text => {
  const ls = lines(text);
  const ks = keyLines(ls).filter(k => k.value && /[a-z]/i.test(k.key));
  if (!ks.length) return text;
  const k = pick(ks);
  const swapped = k.key.replace(/[a-z]/i, c =>
    c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
  );
  ls.splice(k.i + 1, 0, `${keyIndent(k)}${swapped}: ${k.value}`);
  return ls.join('\n');
};

M.trailing = text =>
  text +
  pick([
    '---\n', '---', '--- \n', '...\n', '...\n---\n', '--- # c\n', '\n\n', '   \n', '# end\n',
    '---\n---\n', '...\n...\n', '--- ~\n', '--- null\n', '--- ""\n', '---\n#c\n', '---\n  \n',
    '\n--- []\n', '\n--- x\n', '\n--- {}\n',
  ]);

M.directives = text => {
  const d = pick([
    '%YAML 1.2\n---\n', '%YAML 1.1\n---\n', '%YAML 1.0\n---\n', '%YAML 2.0\n---\n', '%YAML 1.3\n---\n',
    '%YAML 1.2\n', '%YAML 1.2\n%YAML 1.2\n---\n', '%TAG !e! tag:example.com,2000:\n---\n',
    '%FOO bar\n---\n', '%YAML\n---\n', '%YAML 1.2 # c\n---\n', '%YAML  1.1\n---\n',
    '%TAG ! tag:x,2000:\n---\n', '%YAML 1.1\n--- # c\n', '%\n---\n', '%YAML 1.1\n...\n',
  ]);
  if (chance(0.3)) {
    const idx = text.indexOf('\n---\n');
    if (idx >= 0) return `${text.slice(0, idx)}\n...\n${d}${text.slice(idx + 5)}`;
  }
  return d + text;
};

M.emptyValue = text => {
  const ls = lines(text);
  const ks = valueLines(ls);
  if (!ks.length) return text;
  const k = pick(ks);
  setLine(ls, k, pick(['', '""', "''", '~', '   ', '[]', '{}', '-']));
  return ls.join('\n');
};

M.deep = text => {
  const ls = lines(text);
  const ks = keyLines(ls).filter(k => !k.dash);
  if (!ks.length) return text;
  const k = pick(ks);
  // Between about 700 and 1300 levels, whether Backstage reads a document depends on its
  // shape and on the JavaScript stack size: portal draws the line at 900 (see README.md).
  const d = pick([10, 50, 100, 200, 254, 255, 256, 257, 300, 600, 1400, 3000]);
  let v;
  switch (int(4)) {
    case 0:
      v = `${'['.repeat(d)}x${']'.repeat(d)}`;
      break;
    case 1:
      v = `${'{a: '.repeat(d)}x${'}'.repeat(d)}`;
      break;
    case 2: {
      const rows = [];
      for (let j = 0; j < Math.min(d, 400); j++) rows.push(`${k.indent}${' '.repeat(2 * (j + 1))}k${j}:`);
      rows.push(`${k.indent}${' '.repeat(2 * (Math.min(d, 400) + 1))}leaf: x`);
      ls.splice(k.i, 0, `${k.indent}x-deep:`, ...rows);
      return ls.join('\n');
    }
    default: {
      const n = Math.min(d, 400);
      const rows = [];
      for (let j = 0; j < n; j++) rows.push(`${k.indent}${' '.repeat(2 * j + 2)}-`);
      rows.push(`${k.indent}${' '.repeat(2 * n + 2)}x`);
      ls.splice(k.i, 0, `${k.indent}x-deep:`, ...rows);
      return ls.join('\n');
    }
  }
  ls.splice(k.i, 0, `${k.indent}x-deep: ${v}`);
  return ls.join('\n');
};

M.longNames = text => {
  const ls = lines(text);
  const fields = {
    name: () => pick(['x'.repeat(63), 'x'.repeat(64), `a${'-'.repeat(61)}b`, `${'a.'.repeat(31)}a`, 'é'.repeat(31), `${'ab'.repeat(31)}c`]),
    namespace: () => pick(['n'.repeat(63), 'n'.repeat(64), `a${'-'.repeat(61)}b`]),
    kind: () => pick(['K'.repeat(63), 'K'.repeat(64)]),
    apiVersion: () => pick([`${'a'.repeat(63)}.io/v1`, `a.io/${'v'.repeat(63)}`, `a.io/${'v'.repeat(64)}`, `${'a.'.repeat(126)}a/v1`, `${'a.'.repeat(127)}a/v1`]),
    type: () => 't'.repeat(pick([1, 63, 64, 5000])),
    owner: () => pick([`group:${'n'.repeat(64)}/${'x'.repeat(200)}`, 'x'.repeat(300)]),
    tier: () => pick(['v'.repeat(63), 'v'.repeat(64)]),
  };
  const ks = keyLines(ls).filter(k => fields[k.key]);
  if (ks.length) {
    const k = pick(ks);
    setLine(ls, k, fields[k.key]());
  } else {
    ls.push(`x-long: ${'l'.repeat(70000)}`);
  }
  return ls.join('\n');
};

M.indentation = text => {
  const ls = lines(text);
  const i = int(ls.length);
  const l = ls[i] ?? '';
  switch (int(4)) {
    case 0:
      ls[i] = ` ${l}`;
      break;
    case 1:
      ls[i] = l.replace(/^ /, '');
      break;
    case 2: // sequence not indented under its key
      ls[i] = l.replace(/^(\s*)  - /, '$1- ');
      break;
    default:
      ls[i] = `${' '.repeat(int(10))}${l.trimStart()}`;
  }
  return ls.join('\n');
};

M.explicitKey = text => {
  const ls = lines(text);
  const ks = valueLines(ls).filter(k => !k.dash);
  if (!ks.length) return text;
  const k = pick(ks);
  ls.splice(k.i, 1, ...pick([
    [`${k.indent}? ${k.key}`, `${k.indent}: ${k.value}`],
    [`${k.indent}? ${k.key}`, `${k.indent}:   ${k.value}`],
    [`${k.indent}? ${k.key} : ${k.value}`],
    [`${k.indent}? ${k.key}`],
    [`${k.indent}?`, `${k.indent}  ${k.key}`, `${k.indent}: ${k.value}`],
    [`${k.indent}${k.key}`, `${k.indent}: ${k.value}`],
  ]));
  return ls.join('\n');
};

M.quoting = text => {
  const ls = lines(text);
  const ks = valueLines(ls);
  if (!ks.length) return text;
  const k = pick(ks);
  const v = k.value;
  const bare = v.replace(/^(["'])(.*)\1$/, '$2');
  const forms = [
    `"${bare}"`, `'${bare}'`, bare, `"${bare}`, `"${bare}" `, `" ${bare}"`, `'${bare} '`,
    `"${bare}\n${keyIndent(k)}  more"`, `'${bare}\n${keyIndent(k)}  more'`, `"${bare}\\\n${keyIndent(k)}  more"`,
    `${bare}\n${keyIndent(k)}  continued`, `${bare}\n${keyIndent(k)}continued`, `"${bare}"x`,
    `"${bare}" # c`, `'${bare}'#c`, `"${bare.replace(/./, '\\x41')}"`, `"\\${bare}"`,
    `"${bare}\n\n${keyIndent(k)}  para"`, `"${bare}\n${keyIndent(k)}more"`,
  ];
  setLine(ls, k, pick(forms));
  if (chance(0.2)) {
    const kk = pick(keyLines(ls));
    if (kk) ls[kk.i] = ls[kk.i].replace(kk.key, pick([`"${kk.key}"`, `'${kk.key}'`, `${kk.key} `]));
  }
  return ls.join('\n');
};

M.whitespace = text => {
  const ls = lines(text);
  const i = int(ls.length);
  switch (int(5)) {
    case 0:
      ls[i] = `${ls[i]}   `;
      break;
    case 1:
      ls.splice(i, 0, ' '.repeat(int(12)));
      break;
    case 2:
      ls[i] = (ls[i] ?? '').replace(/: /, ' : ');
      break;
    case 3:
      ls[i] = (ls[i] ?? '').replace(/: /, ':');
      break;
    default:
      ls[i] = (ls[i] ?? '').replace(/- /, '-  ');
  }
  return ls.join('\n');
};

M.rootShape = () =>
  pick([
    '- a\n- b\n', 'just text\n', '42\n', 'null\n', '~\n', '""\n', '[]\n', '{}\n', '|\n  text\n',
    'true\n', '- apiVersion: backstage.io/v1alpha1\n', '', '# only comments\n', '---\n', '...\n',
    '--- |\n  x\n', '\n\n\n', 'a: 1\n- b\n', '- a\nb: 1\n', 'key: [\n', '%YAML 1.2\n',
    '{apiVersion: backstage.io/v1alpha1, kind: Component, metadata: {name: a}, spec: {type: t, lifecycle: l, owner: o}}\n',
    '!!map\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: t, children: []}\n',
    '&root\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: t, children: []}\n',
    '? apiVersion\n: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: t, children: []}\n',
  ]);

// Inserts, deletes or replaces single characters that matter to YAML's syntax.
M.chars = text => {
  const specials = [
    ':', '-', ' ', '\n', '#', '[', ']', '{', '}', ',', '"', "'", '|', '>', '!', '&', '*', '?',
    '%', '\t', '@', '`', '\\', '.', '\r', '\ufeff', '  ', ': ', '- ', '? ', '---', '...',
  ];
  const chars = [...text];
  const n = 1 + int(3);
  for (let k = 0; k < n; k++) {
    const i = int(chars.length + 1);
    switch (int(3)) {
      case 0:
        chars.splice(i, 0, pick(specials));
        break;
      case 1:
        chars.splice(i, 1);
        break;
      default:
        chars.splice(i, 1, pick(specials));
    }
  }
  return chars.join('');
};

// Splices another seed's text into this one, as an extra document.
M.concat = text => {
  const other = seedText();
  return text + pick(['\n---\n', '---\n', '\n...\n', '']) + other;
};

const OPS = Object.keys(M);
const WEIGHTS = {
  restyle: 3, scalar: 4, duplicateKey: 2, documents: 2, quoting: 2, anchors: 2, tag: 2,
  flow: 2, blockScalar: 2, oddKeys: 2, rootShape: 0.3, concat: 0.5, deep: 0.5, longNames: 1,
  chars: 3,
};
const weighted = [];
for (const op of OPS) {
  const w = WEIGHTS[op] ?? 1;
  for (let i = 0; i < w * 10; i++) weighted.push(op);
}

// ------------------------------------------------------------------- main --

// MUTATE_OPS: most mutations applied to one file (default 4; more makes wilder files).
const MAX_OPS = Math.max(1, Number(process.env.MUTATE_OPS ?? 4));

fs.mkdirSync(outDir, { recursive: true });
const log = [];
for (let n = 0; n < Number(nStr); n++) {
  let text = seedText();
  const applied = [];
  const count = 1 + int(chance(0.5) ? 1 : MAX_OPS);
  for (let j = 0; j < count; j++) {
    const op = pick(weighted);
    try {
      text = M[op](text);
      applied.push(op);
    } catch (e) {
      applied.push(`${op}!`);
    }
  }
  const name = `m${String(n).padStart(5, '0')}.yaml`;
  fs.writeFileSync(path.join(outDir, name), text);
  log.push(`${name}\t${applied.join(',')}`);
}
fs.writeFileSync(path.join(outDir, 'MUTATIONS.tsv'), `${log.join('\n')}\n`);
