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

// Every zone name the native program knows from /usr/share/zoneinfo, as zones.bin packs them
// (wasm/tools/pack_zones.py): TZif files outside posix/ and right/, and not `localtime`.
function zoneNames(root = '/usr/share/zoneinfo') {
  const names = [];
  const walk = (dir, prefix) => {
    for (const e of fs.readdirSync(dir).sort()) {
      const name = prefix ? `${prefix}/${e}` : e;
      if (!prefix && ['posix', 'right', 'localtime'].includes(e)) continue;
      if (!/^[A-Za-z0-9_+\-]+$/.test(e)) continue;
      const p = path.join(dir, e);
      let st;
      try { st = fs.statSync(p); } catch (err) { continue; }
      if (st.isDirectory()) walk(p, name);
      else if (st.isFile() && st.size <= (1 << 20)) {
        const fd = fs.openSync(p, 'r');
        const magic = Buffer.alloc(4);
        fs.readSync(fd, magic, 0, 4, 0);
        fs.closeSync(fd);
        if (magic.toString('latin1') === 'TZif') names.push(name);
      }
    }
  };
  if (fs.existsSync(root)) walk(root, '');
  return names;
}

// Inputs that stress what differs between the toolchains: number parsing in expressions (the
// wasm build supplies std::from_chars for double itself), and every time zone, through DST gaps,
// quiet hours and instants far beyond the last listed transition (the TZif footer rule).
function generatedScenarios() {
  const base = (extra) => Object.assign({
    format: 'flowcast/1',
    settings: { start: '2026-03-01T00:00:00Z', end: '2026-04-01T00:00:00Z', timezone: 'UTC' },
    templates: { t: { channel: 'email', kind: 'marketing', subject: 's', body: 'b' } },
  }, extra);
  const numberExprs = [
    '0.1 + 0.2 == 0.30000000000000004', '0.1 + 0.2 == 0.3', '0.30000000000000004 > 0.3',
    '9007199254740993 == 9007199254740992', '9007199254740995 == 9007199254740996',
    '1e23 == 100000000000000000000000', '1.7976931348623157e308 > 1e308', '4.9e-324 > 0',
    '2.4703282292062328e-324 > 0', '2.2250738585072011e-308 < 2.2250738585072014e-308',
    '123456789012345678901234567890 > 1.2345678901234567e29', '1E2 == 100', '1.5e+1 == 15',
    '0.000001 * 1000000 == 1', '7 / 2 == 3.5',
  ];
  const numbers = base({
    name: 'numbers',
    workflows: numberExprs.map((e, i) => ({
      id: `n${i}`, trigger: { event: 'A', if: e }, steps: [{ id: 's', type: 'send', template: 't' }],
    })),
    contacts: [{ id: 'alice', email: 'alice@example.com' }],
    events: [{ at: '2026-03-02T10:00:00Z', contact: 'alice', type: 'A' }],
  });
  const badNumbers = base({
    name: 'bad numbers',
    workflows: ['1e999 > 0', '1e-400 == 0', '-1e400 < 0', '179769313486231590000e289 > 0', '1.5.5 > 0']
      .map((e, i) => ({ id: `b${i}`, trigger: { event: 'A', if: e }, steps: [{ id: 's', type: 'send', template: 't' }] })),
  });
  const zones = zoneNames();
  const everyZone = base({
    name: 'every zone',
    settings: {
      start: '2026-03-01T00:00:00Z', end: '2039-01-01T00:00:00Z', timezone: 'Europe/Paris',
      quiet_hours: { start: '21:00', end: '08:00' },
    },
    workflows: [{
      id: 'w', trigger: { event: 'A' }, steps: [
        { id: 'a', type: 'send', template: 't' },
        { id: 'gap', type: 'delay_until', time: '02:30' },
        { id: 'b', type: 'send', template: 't' },
        { id: 'far', type: 'delay', duration: '600w' },
        { id: 'gap2', type: 'delay_until', time: '02:30', days: ['sun'] },
        { id: 'c', type: 'send', template: 't' },
      ],
    }],
    contacts: zones.map((z, i) => ({ id: `c${i}`, email: `c${i}@example.com`, timezone: z })),
    events: zones.map((z, i) => ({ at: i % 2 ? '2026-03-28T23:45:00Z' : '2026-10-24T23:15:00Z', contact: `c${i}`, type: 'A' })),
  });
  const unknownZones = base({
    name: 'unknown zones',
    contacts: ['Europe/Pariss', 'europe/paris', 'Europe/Paris/', '../zoneinfo/UTC', 'zone.tab', 'Etc/GMT+15', 'EST5EDT']
      .map((z, i) => ({ id: `u${i}`, email: 'u@example.com', timezone: z })),
  });
  return [['numbers.json', numbers], ['bad-numbers.json', badNumbers], ['every-zone.json', everyZone],
    ['unknown-zones.json', unknownZones], ['not-utf8.json', Buffer.from('{"format": "flowcast/1", "name": "\xff\xfe"}', 'latin1')]];
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

  // Generated inputs, written to a temporary folder and named by their path on both sides.
  const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'flowcast-parity-'));
  try {
    for (const [name, doc] of generatedScenarios()) {
      const file = path.join(tmp, name);
      const text = Buffer.isBuffer(doc) ? doc : Buffer.from(JSON.stringify(doc, null, 1));
      fs.writeFileSync(file, text);
      for (const format of ['json', 'table']) {
        compare(`replay --${format} generated/${name}`, runNative(['replay', `--${format}`, file]),
          raw.replay(text, { name: file, format }));
      }
      compare(`validate generated/${name}`, runNative(['validate', file]), raw.validate(text, file));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
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
