#!/usr/bin/env bash
# Configures and builds one configuration. Usage: scripts/build.sh [release|asan|fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-release}
jobs=$(nproc)
case "$config" in
  release)
    cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLOWCAST_WERROR=ON ;;
  asan)
    cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFLOWCAST_SANITIZE=ON \
      -DFLOWCAST_WERROR=ON ;;
  fuzz)
    cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER=clang++ -DFLOWCAST_FUZZ=ON -DFLOWCAST_TESTS=OFF -DFLOWCAST_WERROR=OFF ;;
  *) echo "unknown configuration $config" >&2; exit 2 ;;
esac
cmake --build "build/$config" -j "$jobs"
