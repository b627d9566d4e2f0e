#!/usr/bin/env node
// The `flowcast` command line over the WebAssembly build, for node:
//
//   node --no-experimental-fetch wasm/node/flowcast_node.js replay FILE [--json|--table|--csv]
//   ... check FILE... | validate FILE... | explain FILE --contact ID [--template T]
//   ... diff BEFORE.json AFTER.json
//
// Same engine, same bytes: stdout, stderr and the exit code are what the native
// `build/release/server/flowcast` prints for the same command (tests/wasm_parity.sh checks that),
// except that `replay` defaults to --json here. The bundle (flowcast_api.js, flowcast_wasm.js/.wasm,
// zones.bin) is looked up in $FLOWCAST_WASM_DIR, then next to this script, then in the
// repository's build/wasm/bundle.
'use strict';
const fs = require('fs');
const path = require('path');

const USAGE =
  'usage: flowcast_node.js COMMAND [ARGS]   (the wasm build of flowcast)\n' +
  '\n' +
  'commands:\n' +
  '  replay FILE [--json|--table|--csv]     replay a scenario (--json, the report, by default)\n' +
  '  check FILE...                          replay and verify each file\'s expectations\n' +
  '  explain FILE --contact ID [--template T]  tell one contact\'s story step by step\n' +
  '  diff BEFORE.json AFTER.json            compare two versions over the same timelines\n' +
  '  validate FILE...                       report every mistake in the files\n' +
  '\n' +
  'Exit codes: 0 success, 1 an expectation failed or the reports differ, 2 invalid input.\n';

function bundleDir() {
  const candidates = [
    process.env.FLOWCAST_WASM_DIR,
    __dirname,
    path.join(__dirname, '..', '..', 'build', 'wasm', 'bundle'),
  ].filter(Boolean);
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, 'flowcast_wasm.js')) &&
        fs.existsSync(path.join(dir, 'flowcast_api.js'))) {
      return dir;
    }
  }
  throw new Error('no wasm bundle found (looked in ' + candidates.join(', ') +
                  '); build it with scripts/build-wasm.sh');
}

function usageError(command, message) {
  process.stderr.write(`flowcast ${command}: ${message}\n`);
  return 2;
}

// Reads FILE as bytes (passed to the engine untouched), or reports it the way the native CLI does.
function readFile(file, err) {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    err.push(Buffer.from(`${file}: cannot open the file\n`));
    return null;
  }
}

function emit(outcome) {
  if (outcome.out.length) process.stdout.write(Buffer.from(outcome.out));
  if (outcome.err.length) process.stderr.write(Buffer.from(outcome.err));
  return outcome.code;
}

function flushErrors(err) {
  for (const b of err) process.stderr.write(b);
}

function run(fc, command, args) {
  const raw = fc.raw;
  const options = args.filter((a) => a.startsWith('-'));
  switch (command) {
    case 'replay': {
      let format = 'json';
      const files = [];
      for (const a of args) {
        if (a === '--json' || a === '--table' || a === '--csv') format = a.slice(2);
        else if (a.startsWith('-')) return usageError('replay', 'unknown option ' + a);
        else files.push(a);
      }
      if (files.length !== 1) return usageError('replay', files.length ? 'more than one file given' : 'no file given');
      const err = [];
      const text = readFile(files[0], err);
      if (!text) return flushErrors(err), 2;
      return emit(raw.replay(text, { name: files[0], format }));
    }
    case 'validate':
    case 'check': {
      if (options.length) return usageError(command, 'unknown option ' + options[0]);
      if (!args.length) return usageError(command, 'no file given');
      let code = 0;
      for (const file of args) {
        const err = [];
        const text = readFile(file, err);
        if (!text) {
          flushErrors(err);
          code = 2;
          continue;
        }
        code = Math.max(code, emit(raw[command](text, file)));
      }
      return code;
    }
    case 'explain': {
      let file = null, contact = '', template = null;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if ((a === '--contact' || a === '--template') && i + 1 >= args.length) {
          return usageError('explain', a + ' needs a value');
        }
        if (a === '--contact') contact = args[++i];
        else if (a === '--template') template = args[++i];
        else if (a.startsWith('-')) return usageError('explain', 'unknown option ' + a);
        else if (file === null) file = a;
        else return usageError('explain', 'more than one file given');
      }
      if (file === null) return usageError('explain', 'no file given');
      if (!contact) return usageError('explain', '--contact is required');
      const err = [];
      const text = readFile(file, err);
      if (!text) return flushErrors(err), 2;
      return emit(raw.explain(text, contact, template, file));
    }
    case 'diff': {
      if (args.length !== 2) return usageError('diff', 'expected two files');
      if (options.length) return usageError('diff', 'unknown option ' + options[0]);
      const err = [];
      const before = readFile(args[0], err);
      const after = readFile(args[1], err);
      if (!before || !after) return flushErrors(err), 2;
      return emit(raw.diff(before, after, { beforeName: args[0], afterName: args[1] }));
    }
    default:
      process.stderr.write(`flowcast: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

async function main(argv) {
  if (argv.length < 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help' || args.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const dir = bundleDir();
  const FlowcastApi = require(path.join(dir, 'flowcast_api.js'));
  const fc = await FlowcastApi.load({ dir });
  return run(fc, command, args);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`flowcast_node.js: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 3;
  });
