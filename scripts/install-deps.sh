#!/usr/bin/env bash
# Installs the Debian 12 packages Flowcast builds and tests with. Idempotent; needs root.
set -euo pipefail
packages=(
  build-essential cmake ninja-build clang libclang-rt-14-dev tzdata pkg-config
  nlohmann-json3-dev libboost-test-dev libsimdjson-dev
  libcpp-httplib-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev python3-aiosmtpd
  libpq-dev postgresql
  libkainjow-mustache-dev libcctz-dev
  emscripten nodejs
  chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
