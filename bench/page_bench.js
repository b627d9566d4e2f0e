#!/usr/bin/env node
// Replay speed inside the editor page: opens the bundle in headless Chromium (the system
// /usr/bin/chromium through npm playwright-core, as tests/browser/ does), fetches a generated
// population and times load, replay (best of K) and report with benchPhases (wasm/bench_phases.cc,
// linked into the editor module), then one whole `replay --json` call.
//
//   node bench/page_bench.js [--contacts 10000] [--repeat 3] [--events-per-contact 10]
//        [--bundle build/wasm/bundle] [--native-dir build/release/bench] [--frames]
//
// --frames then opens the population in the editor (replay after the edit included) and measures
// the frame times while the Preview's contact list is scrolled with the mouse wheel and while
// idle: the list is clipped, so a frame should not depend on the number of contacts.
//
// bench/wasm_bench.js --page N runs it after the node figures.
'use strict';
const fs = require('fs');
const path = require('path');

const { root, args, opt, population } = require('./bench_common');
const repeat = Number(opt('--repeat', '3'));
const perContact = opt('--events-per-contact', '10');
const bundle = path.resolve(root, opt('--bundle', 'build/wasm/bundle'));
const nativeDir = path.resolve(root, opt('--native-dir', 'build/release/bench'));
async function frames(page, n) {
  const t0 = Date.now();
  const opened = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (await fetch('population.json')).arrayBuffer());
    const t = performance.now();
    flowcast.module.editorOpenText('population.json', bytes);
    return { ms: performance.now() - t, state: flowcastTest.state() };
  });
  console.log(`editor: opened ${n} contacts (${opened.state.totals.sent} messages sent) in ${fmt(opened.ms)} ` +
    `(load + replay ${fmt(opened.state.replay_ms)} of it + summary); wall ${fmt(Date.now() - t0)}`);
  const measure = (count) => page.evaluate((k) => new Promise((done) => {
    const times = [];
    let last = performance.now();
    const step = (now) => {
      times.push(now - last);
      last = now;
      if (times.length >= k) done(times.sort((a, b) => a - b)); else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }), count);
  const idle = await measure(30);
  // Scroll the preview list: wheel events over the middle of the lanes while frames are measured.
  const rects = (await page.evaluate(() => flowcastTest.state())).rects;
  const lane = Object.entries(rects).find(([k]) => k.startsWith('preview.contact:'));
  if (lane) await page.mouse.move(lane[1][0] + 40, lane[1][1] + 40);
  const scrolling = measure(60);
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 400);
  const scroll = await scrolling;
  const q = (a, f) => a[Math.min(a.length - 1, Math.floor(a.length * f))];
  console.log(`frames: idle median ${fmt(q(idle, 0.5))}, p90 ${fmt(q(idle, 0.9))}; scrolling median ${fmt(q(scroll, 0.5))}, ` +
    `p90 ${fmt(q(scroll, 0.9))} (SwiftShader software GL draws the frames)`);
}

const fmt = (ms) => (ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms.toFixed(1) + ' ms');

async function pageBench(n) {
  const http = require('http');
  const { chromium } = require(path.join(root, 'node_modules', 'playwright-core'));
  const file = population(nativeDir, n, perContact);
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
    if (args.includes('--frames')) await frames(page, n);
  } finally {
    await browser.close();
    server.close();
  }
}

pageBench(Number(opt('--contacts', '10000'))).catch((e) => {
  console.error('page_bench:', e && e.stack ? e.stack : e);
  process.exit(1);
});
