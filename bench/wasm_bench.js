#!/usr/bin/env node
// Replay speed of the WebAssembly engine under node, against the native engine on the same file.
//
//   node --no-experimental-fetch bench/wasm_bench.js [--contacts 10000,100000] [--repeat 3]
//        [--events-per-contact 10] [--bundle build/wasm/bundle] [--native-dir build/release/bench]
//        [--page 10000]
//
// For each population size it generates (once) a synthetic shop with the native gen_population
// into build/bench-wasm/, then measures the same phases on both sides:
//   - native: bench/replay_bench FILE --repeat K (load, replay best of K, report);
//   - wasm:   benchPhases() inside flowcast_wasm.wasm (wasm/bench_phases.cc), and the whole
//             `replay --json` call through the JS API (load + replay + report, as the page does).
// With --page N it also opens the editor page in headless Chromium (playwright-core, as the
// browser tests do) and times the same phases inside the page for the N-contact population.
// It prints wall-clock times per phase and the wasm/native ratio, then the CPU time of the whole
// load + replay + report (native: replay_bench's cpu figures; wasm: process.cpuUsage around one
// fc.replay() call), which is the fairer comparison on a shared, busy machine.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const { root, opt, population } = require('./bench_common');
const sizes = opt('--contacts', '10000,100000').split(',').map(Number);
const repeat = Number(opt('--repeat', '3'));
const perContact = opt('--events-per-contact', '10');
const bundle = path.resolve(root, opt('--bundle', 'build/wasm/bundle'));
const nativeDir = path.resolve(root, opt('--native-dir', 'build/release/bench'));

function nativePhases(file) {
  const out = execFileSync(path.join(nativeDir, 'replay_bench'), [file, '--repeat', String(repeat)], { encoding: 'utf8' });
  const sec = (re) => {
    const m = out.match(re);
    if (!m) throw new Error(`replay_bench output not understood (${re}):\n${out}`);
    return Number(m[1]) * 1000;
  };
  return {
    cpu_ms: sec(/^load:.*\(cpu ([0-9.]+) s/m) + sec(/^replay:.*\(best cpu ([0-9.]+) s/m) + sec(/^report:.*\(cpu ([0-9.]+) s/m),
    load_ms: sec(/^load:.* in ([0-9.]+) s/m),
    replay_ms: sec(/^replay: \d+ events in ([0-9.]+) s \(best/m),
    report_ms: sec(/^report:.* in ([0-9.]+) s/m),
  };
}

// The phases inside the editor page: bench/page_bench.js, in its own node process (playwright
// needs node's fetch, which the wasm module under node must not see).
function pageBench(n) {
  execFileSync(process.execPath, [path.join(__dirname, 'page_bench.js'), '--contacts', String(n), '--repeat', String(repeat),
    '--events-per-contact', perContact, '--bundle', bundle, '--native-dir', nativeDir], { stdio: 'inherit' });
}

const fmt = (ms) => (ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms.toFixed(1) + ' ms').padStart(10);

(async () => {
  const FlowcastApi = require(path.join(bundle, 'flowcast_api.js'));
  const fc = await FlowcastApi.load({ dir: bundle });
  const mod = fc.module;
  if (!mod || typeof mod.benchPhases !== 'function') throw new Error('this bundle has no benchPhases (rebuild: scripts/build-wasm.sh)');
  console.log(`replay speed, wasm (node ${process.version}) vs native; best of ${repeat} replays; wall clock`);
  console.log('contacts   events    phase       native        wasm   wasm/native');
  for (const n of sizes) {
    const file = population(nativeDir, n, perContact);
    const nat = nativePhases(file);
    const bytes = fs.readFileSync(file);
    let w;
    try {
      w = JSON.parse(mod.benchPhases(bytes, repeat));
    } catch (e) {
      console.log(`${String(n).padEnd(10)} wasm failed: ${e && e.message ? e.message : e}`);
      continue;
    }
    if (w.error) throw new Error(w.error);
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const report = fc.replay(bytes);
    const whole = Number(process.hrtime.bigint() - t0) / 1e6;
    const c1 = process.cpuUsage(c0);
    const wholeCpu = (c1.user + c1.system) / 1000;
    const wasm = { load_ms: w.load_ms, replay_ms: Math.min(...w.replay_ms), report_ms: w.report_ms };
    const rows = [['load', nat.load_ms, wasm.load_ms], ['replay', nat.replay_ms, wasm.replay_ms],
      ['report', nat.report_ms, wasm.report_ms],
      ['total', nat.load_ms + nat.replay_ms + nat.report_ms, whole],
      ['cpu', nat.cpu_ms, wholeCpu]];
    rows.forEach(([phase, a, b], i) => {
      const head = i === 0 ? `${String(n).padEnd(10)} ${String(w.events).padEnd(9)}` : ' '.repeat(20);
      console.log(`${head} ${phase.padEnd(8)} ${fmt(a)}  ${fmt(b)}   ${(b / a).toFixed(2).padStart(6)}x`);
    });
    console.log(' '.repeat(20) + ` (${w.messages} messages; file ${(bytes.length / 1e6).toFixed(1)} MB, report ${(report.length / 1e6).toFixed(1)} MB;` +
      ` wasm total and cpu = one fc.replay() call)`);
  }
  const pageN = Number(opt('--page', '0'));
  if (pageN) pageBench(pageN);
})().catch((e) => {
  console.error('wasm_bench:', e && e.stack ? e.stack : e);
  process.exit(1);
});
