// The editor page: starts the editor module (editor.js) on the canvas, hands it the time zones
// and the bundled samples, and exposes the engine API as window.flowcast for the console, e.g.
//   flowcast.replay(await (await fetch('samples/abandoned_cart.json')).text())
//
// window.flowcastPage is what the editor calls back (wasm/editor/host_web.cc): the file picker,
// downloads, share links. A share link carries the scenario in the URL fragment:
// #s=<base64url of deflate-raw(scenario JSON)>; opening the link restores it exactly.
// window.flowcastTest is a small state API for browser tests (tests/browser/).
'use strict';

const SHARE_PREFIX = '#s=';

function base64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unbase64url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const res = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await res.arrayBuffer());
}

// Scenario text -> URL fragment (with the prefix), and back.
async function encodeShare(text) {
  const packed = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return SHARE_PREFIX + base64url(packed);
}

async function decodeShare(hash) {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  const bytes = await pipe(unbase64url(hash.slice(SHARE_PREFIX.length)), new DecompressionStream('deflate-raw'));
  return new TextDecoder().decode(bytes);
}

(async function main() {
  const overlay = document.getElementById('overlay');
  const canvas = document.getElementById('canvas');

  function fail(message) {
    overlay.textContent = 'Flowcast could not start:\n' + message;
    overlay.className = 'error';
  }

  async function fetchOk(url, how) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return how === 'json' ? res.json() : new Uint8Array(await res.arrayBuffer());
  }

  try {
    // Fetch while the module compiles.
    const zonesP = fetchOk('zones.bin');
    const indexP = fetchOk('samples/index.json', 'json');
    const mod = await createEditorModule({
      canvas,
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
    });
    const api = FlowcastApi.wrap(mod);
    window.flowcast = api;

    let lastShared = '';
    window.flowcastPage = {
      openFile() {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = '.json,application/json';
        input.onchange = async () => {
          const file = input.files && input.files[0];
          if (file) mod.editorOpenText(file.name, await file.text());
        };
        input.click();
      },
      download(name, text) {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([text], {type: 'application/json'}));
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      },
      async share(text) {
        const hash = await encodeShare(text);
        lastShared = hash;
        history.replaceState(null, '', hash);
        const link = location.href;
        try {
          await navigator.clipboard.writeText(link);
          mod.editorSetStatus(`share link copied (${link.length} characters)`);
        } catch (e) {
          mod.editorSetStatus(`share link in the address bar (${link.length} characters)`);
        }
        return link;
      },
    };

    async function openFromHash() {
      if (!location.hash.startsWith(SHARE_PREFIX) || location.hash === lastShared) return false;
      try {
        const text = await decodeShare(location.hash);
        lastShared = location.hash;
        mod.editorOpenText('shared.json', text);
        return true;
      } catch (e) {
        mod.editorSetStatus('the share link is damaged: ' + (e && e.message ? e.message : e));
        return false;
      }
    }
    window.addEventListener('hashchange', openFromHash);

    window.flowcastTest = {
      state: () => JSON.parse(mod.editorState()),
      scenarioText: () => mod.editorScenarioText(),
      openText: (name, text) => mod.editorOpenText(name, text),
      selectSample: (file) => mod.editorSelectSample(file),
      select: (workflow, step, contact) => mod.editorSelect(workflow, step, contact || ''),
      pinBaseline: () => mod.editorPinBaseline(),
      showPanel: (title, open = true) => mod.editorShowPanel(title, open),
      undo: () => mod.editorUndo(),
      redo: () => mod.editorRedo(),
      shareLink: async () => { await window.flowcastPage.share(mod.editorScenarioText()); return location.href; },
      encodeShare,
      decodeShare,
      ready: false,
    };

    // Zones first: each sample is replayed as it arrives.
    FlowcastApi.loadZones(mod, await zonesP);
    const shared = await openFromHash();
    const index = await indexP;
    overlay.className = 'hidden';
    canvas.focus();
    mod.editorSetStatus(`loading ${index.length} samples...`);
    const texts = await Promise.all(index.map((s) => fetchOk('samples/' + encodeURIComponent(s.file))));
    index.forEach((s, i) => mod.editorAddSample(s.file, s.name, texts[i]));
    mod.editorSetStatus(index.length ? (shared ? 'opened the shared scenario' : '') : 'no samples in the bundle');
    window.flowcastTest.ready = true;
  } catch (e) {
    fail(e && e.message ? e.message : String(e));
    throw e;
  }
})();
