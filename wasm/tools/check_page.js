#!/usr/bin/env node
// Loads the editor page in headless Chromium and checks that it starts cleanly:
//   - no console errors or warnings, no uncaught exceptions, no failed requests;
//   - the canvas backing store is CSS size x devicePixelRatio (HiDPI);
//   - the samples arrive and the first one is selected; a click on the second one selects it;
//   - window.flowcast.replay() works in the page, and the headless flowcast_wasm.js loaded with
//     FlowcastApi.load() gives the same report;
// and saves a screenshot. Talks to Chromium over --remote-debugging-pipe (no npm packages).
//
//   node wasm/tools/check_page.js URL [--screenshot out.png] [--scale 2] [--size 1280x800]
//
// Serve the bundle first, e.g. python3 -m http.server -d build/wasm/bundle 8765.
// Exit 0 when clean, 1 when something was wrong, 2 on usage or browser failure.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def;
};
const url = argv.find((a) => /^https?:/.test(a));
if (!url) {
  console.error('usage: check_page.js URL [--screenshot out.png] [--scale N] [--size WxH]');
  process.exit(2);
}
const screenshot = opt('--screenshot', null);
const scale = Number(opt('--scale', '1'));
const [width, height] = opt('--size', '1280x800').split('x').map(Number);
const chromium = opt('--chromium', process.env.CHROMIUM || 'chromium');

// Chromium's own performance notes about reading back the WebGL canvas for the screenshot.
const NOISE = [/GPU stall due to ReadPixels/];

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcast-chromium-'));
const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', `--window-size=${width},${height}`,
  'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let browserLog = '';
browser.stderr.on('data', (d) => { browserLog += d; });

// --- CDP over the pipe: JSON messages separated by NUL bytes ---
let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = Buffer.alloc(0);
browser.stdio[4].on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const msg = JSON.parse(buffer.subarray(0, end).toString('utf8'));
    buffer = buffer.subarray(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${msg.error.message} (${msg.error.code})`));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  browser.stdio[3].write(JSON.stringify(msg) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const problems = [];
const notes = [];
function record(kind, text) {
  if (NOISE.some((re) => re.test(text))) notes.push(`${kind}: ${text}`);
  else problems.push(`${kind}: ${text}`);
}

async function main() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const s = (method, params) => send(method, params, sessionId);
  listeners.push((m) => {
    if (m.sessionId !== sessionId) return;
    const p = m.params;
    if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'warning' || p.type === 'assert')) {
      record(`console.${p.type}`, p.args.map((a) => (a.value !== undefined ? a.value : a.description)).join(' '));
    } else if (m.method === 'Runtime.exceptionThrown') {
      const d = p.exceptionDetails;
      record('exception', (d.exception && d.exception.description) || d.text);
    } else if (m.method === 'Log.entryAdded' && (p.entry.level === 'error' || p.entry.level === 'warning')) {
      record(`log.${p.entry.level}`, `${p.entry.text}${p.entry.url ? ' ' + p.entry.url : ''}`);
    } else if (m.method === 'Network.loadingFailed') {
      record('network', `${p.errorText} (request ${p.requestId})`);
    } else if (m.method === 'Network.responseReceived' && p.response.status >= 400) {
      record('network', `HTTP ${p.response.status} ${p.response.url}`);
    }
  });
  for (const domain of ['Runtime', 'Log', 'Page', 'Network']) await s(`${domain}.enable`);
  await s('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: scale, mobile: false });
  await s('Page.navigate', { url });

  const evaluate = async (expression) => {
    const r = await s('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  const waitFor = async (expression, what, ms = 30000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      try {
        if (await evaluate(expression)) return true;
      } catch (e) { /* the page is still loading */ }
      await sleep(200);
    }
    problems.push(`timeout: ${what}`);
    return false;
  };

  const started = await waitFor(
    "typeof flowcast === 'object' && document.getElementById('overlay').className === 'hidden' " +
    "&& flowcast.module.editorSelectedSample() !== ''", 'the editor did not start');
  if (started) {
    await sleep(500);  // a few frames
    const page = await evaluate(`(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight,
               dpr: devicePixelRatio, selected: flowcast.module.editorSelectedSample() };
    })()`);
    console.log(`canvas ${page.w}x${page.h} for ${page.cssW}x${page.cssH} CSS px at devicePixelRatio ${page.dpr}; ` +
      `selected ${page.selected}`);
    if (page.w !== Math.round(page.cssW * page.dpr) || page.h !== Math.round(page.cssH * page.dpr)) {
      problems.push('canvas backing store is not CSS size x devicePixelRatio');
    }
    if (page.cssW !== width || page.cssH !== height) problems.push('canvas does not fill the window');

    // Click the second sample in the list, where the editor says its row is
    // (flowcastTest.state().rects, in CSS pixels).
    const index = await evaluate("fetch('samples/index.json').then((r) => r.json())");
    if (index.length > 1) {
      const r = await evaluate(`flowcastTest.state().rects[${JSON.stringify('samples:' + index[1].file)}]`);
      const x = (r[0] + r[2]) / 2, y = (r[1] + r[3]) / 2;
      for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
        await s('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
        await sleep(100);
      }
      await sleep(300);
      const now = await evaluate('flowcast.module.editorSelectedSample()');
      console.log(`after a click on the second row: selected ${now}`);
      if (now !== index[1].file) problems.push(`clicking the second sample selected '${now}', not '${index[1].file}'`);
    }

    const report = await evaluate(
      "fetch('samples/' + encodeURIComponent(flowcast.module.editorSelectedSample())).then((r) => r.text())" +
      '.then((t) => flowcast.replay(t))');
    if (!report.startsWith('{\n  "format": "flowcast.report/1",')) problems.push('flowcast.replay() in the page returned no report');
    else console.log(`flowcast.replay() in the page: ${report.length} bytes of report`);

    // The headless module (flowcast_wasm.js) in the same page, through FlowcastApi.load().
    const same = await evaluate(`new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = 'flowcast_wasm.js'; s.onload = resolve; s.onerror = () => reject(new Error('flowcast_wasm.js'));
        document.head.appendChild(s);
      }).then(() => FlowcastApi.load())
        .then((fc) => fetch('samples/' + encodeURIComponent(flowcast.module.editorSelectedSample()))
          .then((r) => r.text()).then((t) => fc.replay(t) === flowcast.replay(t)))`);
    if (!same) problems.push('flowcast_wasm.js in the page does not give the editor module\'s report');
    else console.log('flowcast_wasm.js via FlowcastApi.load() in the page: same report as the editor module');
  }

  if (screenshot) {
    await sleep(300);
    const shot = await s('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(screenshot, Buffer.from(shot.data, 'base64'));
    console.log(`screenshot: ${screenshot}`);
  }
  await sleep(300);  // late console messages
}

const timer = setTimeout(() => {
  problems.push('timeout: the whole check took more than 90 s');
  finish(1);
}, 90000);

function finish(code) {
  clearTimeout(timer);
  try { browser.kill('SIGTERM'); } catch (e) { /* gone */ }
  try { fs.rmSync(userDataDir, { recursive: true, force: true }); } catch (e) { /* busy */ }
  for (const n of notes) console.log(`note (ignored) ${n}`);
  for (const p of problems) console.log(`PROBLEM ${p}`);
  console.log(problems.length ? `page check: ${problems.length} problems` : 'page check: clean');
  process.exit(code !== undefined ? code : (problems.length ? 1 : 0));
}

browser.on('error', (e) => {
  console.error(`check_page: cannot start ${chromium}: ${e.message}`);
  process.exit(2);
});
main().then(() => finish(), (e) => {
  console.error(`check_page: ${e.stack || e}\n${browserLog.slice(-2000)}`);
  finish(2);
});
