#!/usr/bin/env bash
# The README's run command: installs what it needs, builds the native program and the editor
# bundle, checks the sample scenarios, then starts the live server (embedded SQLite) serving the
# editor at http://127.0.0.1:8080/ (override with FLOWCAST_LISTEN, FLOWCAST_DB).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
web_dir=""
if bash scripts/build-wasm.sh; then
  web_dir=build/wasm/bundle
else
  echo "warning: the editor bundle did not build; the server runs without it" >&2
fi
echo "=== flowcast check scenarios/*.json"
./build/release/server/flowcast check scenarios/*.json
mkdir -p build/data
echo "=== flowcast serve (editor at http://${FLOWCAST_LISTEN:-127.0.0.1:8080}/)"
exec ./build/release/server/flowcast serve --db "${FLOWCAST_DB:-build/data/flowcast.db}" \
  --listen "${FLOWCAST_LISTEN:-127.0.0.1:8080}" ${web_dir:+--web-dir "$web_dir"}
