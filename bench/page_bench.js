#!/usr/bin/env node
// Replay speed inside the editor page: opens the bundle in headless Chromium (the system
// /usr/bin/chromium through npm playwright-core, as tests/browser/ does), fetches a generated
// population and times load, replay (best of K) and report with benchPhases (wasm/bench_phases.cc,
// linked into the editor module), then one whole `replay --json` call.
//
//   node bench/page_bench.js [--contacts 10000] [--repeat 3] [--events-per-contact 10]
//        [--bundle build/wasm/bundle] [--native-dir build/release/bench]
//
// bench/wasm_bench.js --page N runs it after the node figures.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}
const repeat = Number(opt('--repeat', '3'));
const perContact = opt('--events-per-contact', '10');
const bundle = path.resolve(root, opt('--bundle', 'build/wasm/bundle'));
const nativeDir = path.resolve(root, opt('--native-dir', 'build/release/bench'));
const outDir = path.join(root, 'build', 'bench-wasm');
const fmt = (ms) => (ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms.toFixed(1) + ' ms');

async function pageBench(n) {
  const http = require('http');
  const { chromium } = require(path.join(root, 'node_modules', 'playwright-core'));
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `pop-${n}x${perContact}.json`);
  if (!fs.existsSync(file)) {
    execFileSync(path.join(nativeDir, 'gen_population'), ['--contacts', String(n), '--events-per-contact', perContact, '--out', file]);
  }
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const f = rel === 'population.json' ? file : path.join(bundle, path.normalize(rel));
    if (!f.startsWith(bundle) && f !== file || !fs.existsSync(f)) { res.writeHead(404); res.end(); return; }
    const type = f.endsWith('.wasm') ? 'application/wasm' : f.endsWith('.js') ? 'text/javascript' : f.endsWith('.html') ? 'text/html' : 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type });
    fs.createReadStream(f).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.flowcastTest && flowcastTest.ready, null, { timeout: 30000 });
    const r = await page.evaluate(async (k) => {
      const bytes = new Uint8Array(await (await fetch('population.json')).arrayBuffer());
      const phases = JSON.parse(flowcast.module.benchPhases(bytes, k));
      const t0 = performance.now();
      flowcast.raw.replay(bytes);
      phases.whole_ms = performance.now() - t0;
      return phases;
    }, repeat);
    console.log(`in the page (Chromium ${browser.version()}), ${n} contacts, ${r.events} events: load ${fmt(r.load_ms)}, ` +
      `replay ${fmt(Math.min(...r.replay_ms))} (best of ${repeat}), report ${fmt(r.report_ms)}; ` +
      `one replay --json call ${fmt(r.whole_ms)}`);
  } finally {
    await browser.close();
    server.close();
  }
}

pageBench(Number(opt('--contacts', '10000'))).catch((e) => {
  console.error('page_bench:', e && e.stack ? e.stack : e);
  process.exit(1);
});
