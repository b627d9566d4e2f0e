#!/usr/bin/env node
// Same engine, same bytes: runs every sample scenario, every conformance example and every invalid
// input through the WebAssembly build under node and through the native `flowcast`, and requires
// identical stdout, stderr and exit codes.
//
//   node --no-experimental-fetch tests/wasm_parity.js [--native PATH] [--bundle DIR] [-v]
//
// Defaults: build/release/server/flowcast and build/wasm/bundle (scripts/build-wasm.sh). Run from
// anywhere; paths are resolved from the repository root, and file names in messages are the
// repository-relative paths on both sides.
//
// Cases, per valid file: `replay --json` through the node command line (wasm/node/flowcast_node.js)
// and, in-process through the JS API, replay --table and --csv, validate, check, explain for every
// listed contact (alone and with every template), diff against itself and against the next file.
// Per invalid file (tests/invalid/*.json): validate and replay, and validate under the default
// name "scenario.json" against the .expected file.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const verbose = args.includes('-v');
const native = path.resolve(root, opt('--native', 'build/release/server/flowcast'));
const bundle = path.resolve(root, opt('--bundle', 'build/wasm/bundle'));
const nodeCli = path.join(root, 'wasm', 'node', 'flowcast_node.js');

for (const [what, p] of [['native flowcast', native], ['wasm bundle', path.join(bundle, 'flowcast_wasm.js')]]) {
  if (!fs.existsSync(p)) {
    console.error(`wasm_parity: no ${what} at ${p}`);
    process.exit(2);
  }
}

const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const jsonFiles = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
  .filter((f) => f.endsWith('.json')).sort().map((f) => rel(path.join(dir, f)));

const samples = jsonFiles(path.join(root, 'scenarios'));
const conformanceDir = path.resolve(root, '..', 'shared', 'spec', 'conformance');
const conformance = jsonFiles(conformanceDir);
const invalid = jsonFiles(path.join(root, 'tests', 'invalid'));

function runNative(argv) {
  const r = spawnSync(native, argv, { cwd: root, maxBuffer: 1 << 30 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function runNodeCli(argv) {
  const r = spawnSync(process.execPath, ['--no-experimental-fetch', nodeCli, ...argv],
    { cwd: root, maxBuffer: 1 << 30, env: Object.assign({}, process.env, { FLOWCAST_WASM_DIR: bundle }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let cases = 0;
const failures = [];

function firstDifference(a, b) {
  const al = a.toString('utf8').split('\n'), bl = b.toString('utf8').split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}:\n      native: ${JSON.stringify(al[i])}\n      wasm:   ${JSON.stringify(bl[i])}`;
  }
  return '(same lines, different bytes)';
}

function compare(label, nat, wasm) {
  cases++;
  const problems = [];
  if (nat.code !== wasm.code) problems.push(`exit code: native ${nat.code}, wasm ${wasm.code}`);
  for (const stream of ['out', 'err']) {
    const a = Buffer.from(nat[stream]), b = Buffer.from(wasm[stream]);
    if (!a.equals(b)) problems.push(`std${stream} differs (${a.length} vs ${b.length} bytes), ${firstDifference(a, b)}`);
  }
  if (problems.length) {
    failures.push(label);
    console.log(`FAIL ${label}\n    ${problems.join('\n    ')}`);
  } else if (verbose) {
    console.log(`ok   ${label}`);
  }
}

function contactsAndTemplates(file) {
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
    const contacts = (Array.isArray(doc.contacts) ? doc.contacts : []).map((c) => c && c.id)
      .filter((id) => typeof id === 'string');
    const templates = doc.templates && typeof doc.templates === 'object' ? Object.keys(doc.templates) : [];
    return { contacts, templates };
  } catch (e) {
    return { contacts: [], templates: [] };
  }
}

async function main() {
  const FlowcastApi = require(path.join(bundle, 'flowcast_api.js'));
  const fc = await FlowcastApi.load({ dir: bundle });
  const raw = fc.raw;
  const read = (f) => fs.readFileSync(path.join(root, f));

  const valid = [...samples, ...conformance];
  for (const [i, f] of valid.entries()) {
    const text = read(f);
    compare(`replay --json ${f} (node CLI)`, runNative(['replay', '--json', f]), runNodeCli(['replay', '--json', f]));
    for (const format of ['table', 'csv']) {
      compare(`replay --${format} ${f}`, runNative(['replay', `--${format}`, f]), raw.replay(text, { name: f, format }));
    }
    compare(`validate ${f}`, runNative(['validate', f]), raw.validate(text, f));
    compare(`check ${f}`, runNative(['check', f]), raw.check(text, f));
    const { contacts, templates } = contactsAndTemplates(f);
    for (const c of [...contacts, 'nobody-such']) {
      compare(`explain ${f} --contact ${c}`, runNative(['explain', f, '--contact', c]), raw.explain(text, c, null, f));
      for (const t of templates) {
        compare(`explain ${f} --contact ${c} --template ${t}`,
          runNative(['explain', f, '--contact', c, '--template', t]), raw.explain(text, c, t, f));
      }
    }
    const next = valid[(i + 1) % valid.length];
    for (const g of [f, next]) {
      compare(`diff ${f} ${g}`, runNative(['diff', f, g]),
        raw.diff(text, read(g), { beforeName: f, afterName: g }));
    }
  }

  for (const f of invalid) {
    const text = read(f);
    compare(`validate ${f}`, runNative(['validate', f]), raw.validate(text, f));
    compare(`replay --json ${f} (node CLI)`, runNative(['replay', '--json', f]), runNodeCli(['replay', '--json', f]));
    if (valid.length) {
      compare(`diff ${valid[0]} ${f}`, runNative(['diff', valid[0], f]),
        raw.diff(read(valid[0]), text, { beforeName: valid[0], afterName: f }));
    }
    // Under the API's default file name the lines are the .expected file's, FILE -> scenario.json.
    const expectedFile = path.join(root, f.replace(/\.json$/, '.expected'));
    if (fs.existsSync(expectedFile)) {
      let expected = fs.readFileSync(expectedFile, 'utf8');
      if (expected && !expected.endsWith('\n')) expected += '\n';
      expected = expected.replace(/^FILE: /gm, 'scenario.json: ');
      compare(`validate ${f} as scenario.json`, { code: 2, out: '', err: expected }, raw.validate(text));
    }
  }

  if (!conformance.length) console.log(`note: no conformance examples in ${conformanceDir}`);
  console.log(`wasm parity: ${samples.length} samples, ${conformance.length} conformance examples, ` +
    `${invalid.length} invalid inputs; ${cases} cases, ${failures.length} failed`);
  return failures.length ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(`wasm_parity: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 2;
});
