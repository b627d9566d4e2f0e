#!/usr/bin/env bash
# Installs what the browser tests need into the repository's git-ignored node_modules/:
# playwright-core from npm (the library only: the tests drive the system /usr/bin/chromium, so
# `playwright install` is never run). Does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -f node_modules/playwright-core/package.json ]; then exit 0; fi
# Node packages that bundle npm provide it already; Debian's nodejs needs the npm package.
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm
fi
if ! timeout 30 npm view playwright-core version >/dev/null 2>&1; then
  echo "browser tests: the npm registry is not reachable; cannot install playwright-core" >&2
  exit 1
fi
npm install --no-save --no-audit --no-fund playwright-core
