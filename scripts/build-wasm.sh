#!/usr/bin/env bash
# Builds the WebAssembly side with Emscripten into a static bundle, build/wasm/bundle/:
# index.html + app.js (the editor page), editor.js/.wasm (ImGui editor), flowcast_wasm.js/.wasm
# (the headless engine), flowcast_api.js, flowcast_node.js, zones.bin, samples/. Fails if the
# bundle exceeds its size budget (4 MB uncompressed). See docs/wasm.md.
#
#   scripts/build-wasm.sh [--no-editor]
#
# Then: python3 -m http.server -d build/wasm/bundle 8000   (and open http://127.0.0.1:8000/)
#       node --no-experimental-fetch wasm/node/flowcast_node.js replay scenarios/abandoned_cart.json
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((4 * 1024 * 1024))
editor=ON
for a in "$@"; do
  case "$a" in
    --no-editor) editor=OFF ;;
    *) echo "usage: scripts/build-wasm.sh [--no-editor]" >&2; exit 2 ;;
  esac
done
command -v emcmake >/dev/null || { echo "build-wasm: emcmake missing (scripts/install-deps.sh installs emscripten)" >&2; exit 1; }
# Debian's Emscripten runs its JS optimizer with node and needs Debian's acorn from here.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

if [ "$editor" = ON ]; then bash scripts/fetch-imgui.sh; fi
emcmake cmake -S wasm -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLOWCAST_EDITOR="$editor"
cmake --build build/wasm -j "$(nproc)"

bundle=build/wasm/bundle
echo "=== bundle: $bundle"
(cd "$bundle" && find . -type f -printf '%s\t%P\n' | sort -k2 | grep -v $'\tsamples/' ) |
  awk -F'\t' '{ printf "  %9d  %s\n", $1, $2 }'
samples_bytes=$(find "$bundle/samples" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
samples_count=$(find "$bundle/samples" -type f -name '*.json' ! -name index.json | wc -l)
printf '  %9d  samples/ (%d scenarios + index.json)\n' "$samples_bytes" "$samples_count"
total=$(find "$bundle" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
awk -v t="$total" -v b="$budget" 'BEGIN { printf "bundle size: %d bytes (%.2f MiB), budget %d bytes (%.0f MiB)\n", t, t / 1048576, b, b / 1048576 }'
if [ "$total" -gt "$budget" ]; then
  echo "build-wasm: the bundle is over its budget of $budget bytes" >&2
  exit 1
fi
