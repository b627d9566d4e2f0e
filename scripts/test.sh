#!/usr/bin/env bash
# The README's test command: installs what it needs, then builds and runs every test in the
# release configuration (warnings as errors) and again under ASan+UBSan, then the WebAssembly
# build and its byte-for-byte parity with the native release build, the editor's browser tests
# (headless Chromium), then the fuzzers for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
status=0
for config in release asan; do
  echo "=== $config: build"
  bash scripts/build.sh "$config"
  echo "=== $config: ctest"
  if ! ctest --test-dir "build/$config" --output-on-failure -j "$(nproc)"; then status=1; fi
done
echo "=== wasm: build"
if bash scripts/build-wasm.sh; then
  echo "=== wasm: parity with native (build/release)"
  node --no-experimental-fetch tests/wasm_parity.js || status=1
  echo "=== wasm: the editor in headless Chromium (playwright-core)"
  if bash tests/browser/install.sh; then
    node tests/browser/editor_test.js || status=1
  else
    status=1
  fi
else
  status=1
fi
if [ -f scripts/fuzz.sh ]; then
  echo "=== fuzz (bounded)"
  bash scripts/fuzz.sh 30 || status=1
fi
exit $status
