#!/usr/bin/env bash
# Builds the release configuration, generates a synthetic shop population and runs replay_bench
# on it. Usage: scripts/bench.sh [--contacts N] [--events-per-contact E] [--workflows W]
#                                [--seed S] [--repeat K] [--no-report]
# Default 100,000 contacts; the full target is --contacts 1000000 (a ~1.8 GB file; it needs about
# 13 GB of RAM: see docs/performance.md).
# Outputs go to build/bench/ (never committed); a population is generated once and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
contacts=100000 events=10 workflows=10 seed=1 repeat=1
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --contacts) contacts=$2; shift 2 ;;
    --events-per-contact) events=$2; shift 2 ;;
    --workflows) workflows=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --no-report) extra+=(--no-report); shift ;;
    *) echo "usage: scripts/bench.sh [--contacts N] [--events-per-contact E] [--workflows W]" \
            "[--seed S] [--repeat K] [--no-report]" >&2; exit 2 ;;
  esac
done

bash scripts/build.sh release

mkdir -p build/bench
file="build/bench/population-c${contacts}-e${events}-w${workflows}-s${seed}.json"
if [ ! -s "$file" ]; then
  echo "== generating $file"
  start=$(date +%s%N)
  build/release/bench/gen_population --contacts "$contacts" --events-per-contact "$events" \
    --workflows "$workflows" --seed "$seed" --out "$file.tmp"
  mv "$file.tmp" "$file"
  echo "generated $(stat -c %s "$file") bytes in $(( ($(date +%s%N) - start) / 1000000 )) ms"
fi
echo "== build/release/bench/replay_bench $file --repeat $repeat ${extra[*]}"
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
build/release/bench/replay_bench "$file" --repeat "$repeat" "${extra[@]}"
