#!/usr/bin/env bash
# The README's run command: installs what it needs, builds everything, then runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
echo "=== flowcast check scenarios/*.json"
./build/release/server/flowcast check scenarios/*.json
echo "=== flowcast replay scenarios/abandoned_cart.json"
exec ./build/release/server/flowcast replay scenarios/abandoned_cart.json
