#!/usr/bin/env bash
# Builds the libFuzzer targets (scripts/build.sh fuzz) and runs each for SECONDS seconds.
# Usage: scripts/fuzz.sh [SECONDS]   (default 60). Fails if any target crashes, leaks or times out.
# Working corpora grow under build/fuzz/corpus/<target> (seeded from fuzz/corpus/<target>, which
# is never written); crash inputs land in build/fuzz/artifacts/. fuzz_fast_load (the fast load
# path against the slow one) uses the loader's seeds, dictionary and working corpus as extra seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
case "$seconds" in ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;; esac

bash scripts/build.sh fuzz

mkdir -p build/fuzz/artifacts
status=0
for target in load expr mustache fast_load; do
  exe="build/fuzz/fuzz/fuzz_$target"
  work="build/fuzz/corpus/$target"
  seeds=("fuzz/corpus/$target")
  dict="fuzz/$target.dict"
  if [ "$target" = fast_load ]; then
    mkdir -p build/fuzz/corpus/load
    seeds=(build/fuzz/corpus/load fuzz/corpus/load)
    dict="fuzz/load.dict"
  fi
  mkdir -p "$work"
  log="build/fuzz/fuzz_$target.log"
  echo "== fuzz_$target for ${seconds}s (log: $log)"
  if "$exe" "$work" "${seeds[@]}" -dict="$dict" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="build/fuzz/artifacts/${target}-" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^Done' "$log" || true
    echo "== fuzz_$target: ok"
  else
    status=1
    echo "== fuzz_$target: FAILED; the end of $log:" >&2
    tail -n 60 "$log" >&2
  fi
done
exit "$status"
