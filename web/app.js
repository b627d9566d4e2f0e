// The editor page: starts the editor module (editor.js) on the canvas, hands it the time zones
// and the bundled samples, and exposes the engine API as window.flowcast for the console, e.g.
//   flowcast.replay(await (await fetch('samples/abandoned_cart.json')).text())
'use strict';
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

    // Zones first: each sample is replayed as it arrives.
    FlowcastApi.loadZones(mod, await zonesP);
    const index = await indexP;
    overlay.className = 'hidden';
    canvas.focus();
    mod.editorSetStatus(`loading ${index.length} samples...`);
    const texts = await Promise.all(index.map((s) => fetchOk('samples/' + encodeURIComponent(s.file))));
    index.forEach((s, i) => mod.editorAddSample(s.file, s.name, texts[i]));
    mod.editorSetStatus(index.length ? '' : 'no samples in the bundle');
  } catch (e) {
    fail(e && e.message ? e.message : String(e));
    throw e;
  }
})();
