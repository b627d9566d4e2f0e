#!/usr/bin/env node
// Browser tests of the editor in real headless Chromium (the system /usr/bin/chromium, driven by
// npm playwright-core; tests/browser/install.sh installs it into node_modules/).
//
//   node tests/browser/editor_test.js [--bundle build/wasm/bundle] [--native PATH] [--out DIR]
//                                     [--docs-img docs/img]
//
// It serves the bundle itself and checks that:
//   1. the page loads with no console errors or warnings, exceptions or failed requests;
//   2. a bundled sample opened by a real click in the Samples panel is replayed, and the totals
//      the editor shows equal the native `flowcast replay --json` report's;
//   3. a delay changed in the Inspector by real mouse and keyboard events on the canvas (click
//      the node in the graph, click the field, Ctrl+A, type, Enter) changes the preview, and the
//      Diff panel (baseline pinned by a real click) shows the moved messages;
//   4. an expression typed wrong is reported with its column; Ctrl+Z on the canvas undoes;
//   5. clicking a contact shows its explain story;
//   6. the Templates panel renders for the selected contact; Add shoppers adds 100 contacts;
//   7. a share link opened in a new page restores exactly the same scenario and preview.
// A screenshot of each state goes to DIR (default build/browser-tests/); with --docs-img, the
// ones docs/editor.md shows are copied there too.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}
const bundle = path.resolve(root, opt('--bundle', 'build/wasm/bundle'));
const outDir = path.resolve(root, opt('--out', 'build/browser-tests'));
const nativeCandidates = [opt('--native', ''), 'build/release/server/flowcast', 'build/editor-native/server/flowcast']
  .filter(Boolean).map((p) => path.resolve(root, p));
const native = nativeCandidates.find((p) => fs.existsSync(p));

let chromium;
try {
  ({ chromium } = require(path.join(root, 'node_modules', 'playwright-core')));
} catch (e) {
  console.error('browser tests: playwright-core missing; run tests/browser/install.sh');
  process.exit(1);
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json',
  '.bin': 'application/octet-stream' };
function serve(dir) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Per-template sent / skipped / deferred from a flowcast.report/1 document.
function nativeTotals(report) {
  const t = {};
  for (const m of report.messages) {
    const row = t[m.template] || (t[m.template] = { sent: 0, skipped: 0, deferred: 0 });
    row[m.status] += 1;
    if (m.deferred_from) row.deferred += 1;
  }
  return t;
}

const failures = [];
const t0 = Date.now();
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what} [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
  if (!ok) failures.push(what);
}

(async () => {
  const started = Date.now();
  if (!fs.existsSync(path.join(bundle, 'editor.js'))) {
    console.error(`browser tests: no editor in ${bundle} (scripts/build-wasm.sh)`);
    process.exit(1);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const server = await serve(bundle);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1152, height: 720 }, deviceScaleFactor: 1 });
    const problems = [];
    function watch(page) {
      page.on('console', (m) => {
        if (m.type() !== 'error' && m.type() !== 'warning') return;
        if (/GPU stall due to ReadPixels/.test(m.text())) return;  // SwiftShader reading the canvas back
        problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    }
    const page = await context.newPage();
    watch(page);
    const state = () => page.evaluate(() => flowcastTest.state());
    const frames = (n = 3) => page.evaluate((k) => new Promise((done) => {
      const step = () => (k-- <= 0 ? done() : requestAnimationFrame(step));
      requestAnimationFrame(step);
    }), n);
    // Frames until the state satisfies `done` (at most `limit`): a loaded machine draws slowly.
    const settle = async (done, limit = 60) => {
      let s = await state();
      for (let i = 0; i < limit && !done(s); ++i) {
        await frames(1);
        s = await state();
      }
      return s;
    };
    // A real click where the editor drew the widget `name` (rects are in CSS pixels).
    async function click(name, dx = 0.5) {
      const rects = (await state()).rects;
      const r = rects[name];
      if (!r) throw new Error(`no widget '${name}' on screen`);
      const x = r[0] + (r[2] - r[0]) * dx, y = (r[1] + r[3]) / 2;
      // Two frames between steps: ImGui must see the hover, the press and the release in
      // separate frames.
      await page.mouse.move(x, y);
      await frames(2);
      await page.mouse.down();
      await frames(2);
      await page.mouse.up();
      await frames(2);
    }
    const shot = (name) => page.screenshot({ path: path.join(outDir, name) });

    // 1. Load.
    await page.goto(base);
    await page.waitForFunction(() => window.flowcastTest && flowcastTest.ready, null, { timeout: 20000 });
    await frames(2);
    await shot('01-loaded.png');
    check(problems.length === 0, `page loads with no console errors (${problems.join('; ') || 'none'})`);

    // 2. Open a sample by clicking it; totals equal native.
    const sample = 'abandoned_cart.json';
    await click('samples:browse_abandonment.json');
    check((await state()).sample === 'browse_abandonment.json', 'a click in the Samples panel opens that sample');
    await click('samples:' + sample);
    let s = await state();
    check(s.sample === sample && !s.has_errors && s.totals && s.totals.sent > 0,
      `sample ${sample} opened and replayed (${s.totals && s.totals.sent} sent, ${s.totals && s.totals.skipped} skipped)`);
    if (native) {
      const report = JSON.parse(execFileSync(native, ['replay', '--json', path.join(root, 'scenarios', sample)], { encoding: 'utf8' }));
      const want = nativeTotals(report);
      const got = {};
      for (const [id, t] of Object.entries(s.totals.templates)) {
        if (t.sent || t.skipped) got[id] = { sent: t.sent, skipped: t.skipped, deferred: t.deferred };
      }
      check(JSON.stringify(got, Object.keys(got).sort()) === JSON.stringify(want, Object.keys(want).sort()) &&
        JSON.stringify(Object.keys(got).sort()) === JSON.stringify(Object.keys(want).sort()),
        `shown totals equal the native report's (${path.relative(root, native)}): ${JSON.stringify(got)}`);
    } else {
      check(false, 'a native flowcast to compare with (build/release/server/flowcast)');
    }
    await shot('02-sample.png');

    // 3. Pin the baseline, change a delay through the canvas, see the preview and the diff change.
    await click('diff.pin');
    s = await state();
    check(s.diff && s.diff.moved === 0 && s.diff.gained === 0, 'Pin baseline: no changes yet');
    const before = s.digest;
    await click('graph.node:wait_1h');
    s = await state();
    check(s.selection.step === 0, 'a click on the graph node selects the step');
    await frames(2);
    await click('field:/workflows/0/steps/0/duration', 0.3);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3h', { delay: 20 });
    await page.keyboard.press('Enter');
    await frames(2);
    s = await state();
    const text = await page.evaluate(() => flowcastTest.scenarioText());
    check(/"duration": "3h"/.test(text), 'typing 3h into the delay field changes the scenario');
    check(s.digest !== before && !s.has_errors, 'the preview changes after the edit');
    check(s.diff && s.diff.moved > 0, `the Diff panel shows moved messages (${JSON.stringify(s.diff)})`);
    await shot('03-delay-edited.png');

    // 4. An expression typed wrong: error with a column, shown in place; Ctrl+Z undoes edits.
    await page.evaluate(() => flowcastTest.select(0, -1, ''));
    await frames(2);
    await click('field:/workflows/0/goal', 0.95);
    await page.keyboard.press('End');
    await page.keyboard.type(' and', { delay: 20 });
    await frames(2);
    s = await state();
    check(s.has_errors && s.errors.some((e) => /\/workflows\/0\/goal: column \d+/.test(e)),
      `an incomplete goal expression is reported with its column (${s.errors[0] || 'no error'})`);
    await shot('04-expression-error.png');
    await page.keyboard.press('Enter');
    await click('graph.canvas', 0.02);  // focus away from the text field, then undo with the keyboard
    let depth = (await state()).undo_depth;
    await page.keyboard.press('Control+Z');
    s = await settle((x) => x.undo_depth !== depth && !x.has_errors);
    check(!s.has_errors, 'Ctrl+Z undoes the broken expression');
    depth = s.undo_depth;
    await page.keyboard.press('Control+Z');
    s = await settle((x) => x.undo_depth !== depth && x.digest === before);
    check(s.digest === before, 'a second Ctrl+Z brings back the original preview');
    depth = s.undo_depth;
    await page.keyboard.press('Control+Y');
    s = await settle((x) => x.undo_depth !== depth && x.digest !== before);
    check(s.digest !== before, 'Ctrl+Y redoes the delay change');

    // 5. Explain a contact.
    await click('preview.contact:alice', 0.3);
    s = await state();
    check(s.selection.contact === 'alice' && /sent cart_reminder/.test(s.explain || ''),
      'a click on a contact shows its explain story');
    await shot('05-explain.png');

    // 6. Templates rendered for the selected contact; the shopper generator.
    await page.evaluate(() => flowcastTest.showPanel('Templates'));
    await frames(2);
    await click('templates:cart_reminder');
    await shot('05b-templates.png');
    await page.evaluate(() => { flowcastTest.showPanel('Templates', false); flowcastTest.showPanel('Contacts'); });
    await frames(2);
    const contactsBefore = (await state()).totals.contacts;
    await click('contacts.generate');
    s = await state();
    check(s.totals && s.totals.contacts === contactsBefore + 100 && !s.has_errors,
      `Add shoppers fills the scenario with 100 more contacts (${contactsBefore} -> ${s.totals && s.totals.contacts})`);
    await shot('05c-contacts.png');
    await page.evaluate(() => { flowcastTest.showPanel('Contacts', false); flowcastTest.undo(); });
    await frames(2);

    // 7. Share link round trip.
    const link = await page.evaluate(() => flowcastTest.shareLink());
    const original = await page.evaluate(() => flowcastTest.scenarioText());
    const page2 = await context.newPage();
    watch(page2);
    await page2.goto(link);
    await page2.waitForFunction(() => window.flowcastTest && flowcastTest.ready, null, { timeout: 20000 });
    const s2 = await page2.evaluate(() => flowcastTest.state());
    const restored = await page2.evaluate(() => flowcastTest.scenarioText());
    check(link.includes('#s=') && restored === original && s2.digest === (await state()).digest && s2.source === 'shared.json',
      `a share link (${link.length} characters) restores the same scenario and preview`);
    await page2.screenshot({ path: path.join(outDir, '06-shared.png') });
    check(problems.length === 0, `no console errors during the run (${problems.join('; ') || 'none'})`);
  } finally {
    await browser.close();
    server.close();
  }
  const docsImg = opt('--docs-img', '');
  if (docsImg && !failures.length) {
    fs.mkdirSync(path.resolve(root, docsImg), { recursive: true });
    for (const f of ['02-sample.png', '03-delay-edited.png', '04-expression-error.png', '05-explain.png',
      '05b-templates.png', '05c-contacts.png']) {
      fs.copyFileSync(path.join(outDir, f), path.resolve(root, docsImg, 'editor-' + f.replace(/^[0-9a-z]+-/, '')));
    }
  }
  console.log(`browser tests: ${failures.length ? failures.length + ' failed' : 'all passed'} in ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(root, outDir)}/`);
  process.exit(failures.length ? 1 : 0);
})().catch((e) => {
  console.error('browser tests:', e && e.stack ? e.stack : e);
  process.exit(1);
});
