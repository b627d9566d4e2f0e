// Shared by the node benchmarks (wasm_bench.js, page_bench.js): command-line options and the
// generated populations they measure.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);

// The value after `name` on the command line, or `def`.
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}

const outDir = path.join(root, 'build', 'bench-wasm');

// The path of an n-contact population, generated once with the native gen_population.
function population(nativeDir, n, perContact) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `pop-${n}x${perContact}.json`);
  if (!fs.existsSync(file)) {
    execFileSync(path.join(nativeDir, 'gen_population'),
                 ['--contacts', String(n), '--events-per-contact', String(perContact), '--out', file]);
  }
  return file;
}

module.exports = { root, args, opt, outDir, population };
