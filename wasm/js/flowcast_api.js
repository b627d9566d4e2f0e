// The Flowcast JavaScript API: the native engine, compiled to WebAssembly, for node and browsers.
//
//   const FlowcastApi = require('./flowcast_api.js');        // node (or <script> in a page:
//   const fc = await FlowcastApi.load();                      //  window.FlowcastApi)
//   const report = fc.replay(scenarioText);                   // flowcast.report/1, exact bytes
//
// Every call is one `flowcast` command over in-memory text. The friendly methods return the
// command's stdout as a string and throw a FlowcastError (with .code and .diagnostics) when the
// command fails the way `flowcast` exits with 2 (invalid input). fc.raw.* return the exit code
// and the stdout/stderr bytes ({code, out, err}, Uint8Arrays), byte for byte what the native
// program prints. A scenario may be given as a string, a Uint8Array (its exact bytes) or an object
// (serialised with JSON.stringify).
//
// The module loaded is flowcast_wasm.js (headless); FlowcastApi.wrap(module) gives the same API
// over any module linked with wasm/bindings.cc, such as the editor's.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.FlowcastApi = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const DEFAULT_NAME = 'scenario.json';
  const isNode = typeof process === 'object' && process.versions != null &&
                 process.versions.node != null && typeof window === 'undefined';

  class FlowcastError extends Error {
    constructor(command, outcome, diagnostics) {
      super(diagnostics.trim() || `flowcast ${command} failed with exit code ${outcome.code}`);
      this.name = 'FlowcastError';
      this.command = command;
      this.code = outcome.code;
      this.diagnostics = diagnostics;  // the stderr text, one diagnostic per line
    }
  }

  const decoder = new TextDecoder('utf-8');
  const text = (bytes) => decoder.decode(bytes);

  function input(scenario) {
    if (typeof scenario === 'string' || scenario instanceof Uint8Array) return scenario;
    if (scenario instanceof ArrayBuffer) return new Uint8Array(scenario);
    return JSON.stringify(scenario);
  }

  function wrap(mod) {
    const raw = {
      replay: (scenario, { name = DEFAULT_NAME, format = 'json' } = {}) =>
        mod.rawReplay(input(scenario), name, format),
      validate: (scenario, name = DEFAULT_NAME) => mod.rawValidate(input(scenario), name),
      check: (scenario, name = DEFAULT_NAME) => mod.rawCheck(input(scenario), name),
      explain: (scenario, contactId, templateId, name = DEFAULT_NAME) =>
        mod.rawExplain(input(scenario), name, String(contactId),
                       templateId == null || templateId === '' ? null : String(templateId)),
      diff: (before, after, { beforeName = 'before.json', afterName = 'after.json' } = {}) =>
        mod.rawDiff(input(before), beforeName, input(after), afterName),
    };
    // Exit code 2 (invalid input) throws; 0 and 1 (differences, failed expectations) return.
    function stdout(command, outcome) {
      if (outcome.code === 2) throw new FlowcastError(command, outcome, text(outcome.err));
      return text(outcome.out);
    }
    return {
      module: mod,
      raw,
      FlowcastError,
      // The flowcast.report/1 document (format 'json'), or the 'table' / 'csv' rendering.
      replay: (scenario, options) => stdout('replay', raw.replay(scenario, options)),
      // Every error and warning, one line each ('' when there is nothing to say). Never throws on
      // an invalid scenario: that is what it reports.
      validate: (scenario, name) => text(raw.validate(scenario, name).err),
      // "NAME: ok (N expectations)" or the failed expectations.
      check: (scenario, name) => stdout('check', raw.check(scenario, name)),
      // One contact's story; with templateId, why they did or didn't get it.
      explain: (scenario, contactId, templateId, name) =>
        stdout('explain', raw.explain(scenario, contactId, templateId, name)),
      // Messages added, removed or moved; totals per template.
      diff: (before, after, options) => stdout('diff', raw.diff(before, after, options)),
    };
  }

  // Loads flowcast_wasm.js and the time zones. Options (all optional):
  //   dir        where the bundle lives (node: default this file's folder; browser: '')
  //   factory    the module factory (default: require(dir/flowcast_wasm.js) or the global
  //              createFlowcastModule)
  //   zones      zones.bin as a Uint8Array or ArrayBuffer (default: read or fetched from dir);
  //              false to skip (then only "UTC" is known)
  //   moduleArgs extra Emscripten module arguments
  async function load(options = {}) {
    const dir = options.dir != null ? options.dir : (isNode ? __dirname : '');
    const join = (f) => (isNode ? require('path').join(dir, f) : (dir ? dir.replace(/\/?$/, '/') : '') + f);
    let factory = options.factory;
    if (!factory) {
      factory = isNode ? require(join('flowcast_wasm.js')) : root.createFlowcastModule;
      if (typeof factory !== 'function') throw new Error('flowcast_wasm.js is not loaded');
    }
    let zones = options.zones;
    if (zones === undefined) {
      if (isNode) zones = require('fs').readFileSync(join('zones.bin'));
      else {
        const res = await fetch(join('zones.bin'));
        if (!res.ok) throw new Error(`zones.bin: HTTP ${res.status}`);
        zones = await res.arrayBuffer();
      }
    }
    const moduleArgs = Object.assign({}, options.moduleArgs);
    if (!isNode && dir && !moduleArgs.locateFile) moduleArgs.locateFile = (f) => join(f);
    const mod = await factory(moduleArgs);
    if (zones !== false) loadZones(mod, zones);
    return wrap(mod);
  }

  // Hands zones.bin to a module; returns the number of zone names.
  function loadZones(mod, zones) {
    const bytes = zones instanceof Uint8Array ? zones : new Uint8Array(zones);
    const n = mod.loadZones(bytes);
    if (n < 0) throw new Error('zones.bin is malformed');
    return n;
  }

  const root = typeof self !== 'undefined' ? self : (typeof globalThis !== 'undefined' ? globalThis : this);
  return { load, wrap, loadZones, FlowcastError };
});
