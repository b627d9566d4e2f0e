#!/usr/bin/env bash
# Live-server benchmarks (issue 4, item 7). Prints figures; never a timed test.
#
#   bash bench/server_bench.sh [BUILD_DIR] [ingest|timers|recovery|all]
#
# Settings (environment): SECONDS_PER_RUN (10), CONNECTIONS (16), TIMERS (1000000),
# TIMER_DELAY (60: seconds from an event to its timer; the split adds 0..27 s so the timers
# come due over about half a minute), KEEP=1 keeps the work directory.
#
# ingest   - the no-op cpp-httplib endpoint (bench/noop_server) and `flowcast serve`
#            (POST /v1/events, durable: WAL, synchronous=FULL, 202 after commit) measured in the
#            same run with the same load generator (bench/ingest_bench): single events and
#            batches of 100, with one workflow deployed that every event enrolls in.
# timers   - TIMERS events, each enrolling a new contact into a workflow whose delay ends in a
#            task step; then waits until every timer fired and prints the lateness histogram
#            (flowcast_timer_lateness_seconds from /metrics: wall clock minus the due second).
# recovery - restarts the server on the database the timers run left (TIMERS logged events)
#            and times it until it listens (the log is replayed into the engines).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build/server}
WHAT=${2:-all}
FC=$B/server/flowcast
IB=$B/bench/ingest_bench
NOOP=$B/bench/noop_server
SECS=${SECONDS_PER_RUN:-10}
CONNS=${CONNECTIONS:-16}
TIMERS=${TIMERS:-1000000}
DELAY=${TIMER_DELAY:-60}
TOKEN=bench-admin-token-0123456789
for f in "$FC" "$IB" "$NOOP"; do
  [[ -x $f ]] || { echo "missing $f (build $B first)" >&2; exit 2; }
done
mkdir -p build
WORK=$(mktemp -d "$PWD/build/server-bench.XXXXXX")  # on disk (fsync is real), not tmpfs
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT

echo "# $(date -u +%FT%TZ) $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# (a shared machine: other jobs run at the same time; figures vary between runs)"

# start_server NAME CMD... : starts CMD with stdout to WORK/NAME.out; sets URL and SPID.
start_server() {
  local name=$1; shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SPID=$!
  PIDS+=("$SPID")
  for _ in $(seq 1 6000); do
    if grep -q "listening on" "$WORK/$name.out" 2>/dev/null; then
      URL=$(grep -o 'http://[0-9.:]*' "$WORK/$name.out" | head -1)
      return 0
    fi
    kill -0 "$SPID" 2>/dev/null || { cat "$WORK/$name.err" >&2; return 1; }
    sleep 0.01
  done
  echo "$name did not start" >&2
  return 1
}

stop_server() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

flowcast() {  # flowcast NAME DB [extra flags]
  local name=$1 db=$2; shift 2
  FLOWCAST_ADMIN_TOKEN=$TOKEN start_server "$name" "$FC" serve --db "$db" \
    --listen 127.0.0.1:0 --quiet "$@"
}

deploy() {  # deploy ID JSON
  curl -sf -X PUT "$URL/v1/workflows/$1" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "$2" >/dev/null
}

BROWSE='{"format": "flowcast/1",
  "templates": {"b": {"channel": "email", "subject": "Still thinking about {{event.product}}?",
                      "body": "Hi, you looked at {{event.product}}."}},
  "workflows": [{"id": "browse", "trigger": {"event": "Viewed Product"},
    "exit_on": [{"event": "Order Completed"}],
    "steps": [{"id": "wait", "type": "delay", "duration": "1h"},
              {"id": "mail", "type": "send", "template": "b"}]}]}'

run_ingest() {
  echo
  echo "## ingest: $CONNS connections, ${SECS} s per run"
  start_server noop "$NOOP" --listen 127.0.0.1:0
  local noop=$URL
  "$IB" --url "$noop" --path /noop --connections "$CONNS" --seconds "$SECS" --batch 1 --tag noop-single
  "$IB" --url "$noop" --path /noop --connections "$CONNS" --seconds "$SECS" --batch 100 --tag noop-batch100
  stop_server "$SPID"
  flowcast ingest "$WORK/ingest.db"
  deploy browse "$BROWSE"
  "$IB" --url "$URL" --token "$TOKEN" --connections "$CONNS" --seconds "$SECS" --batch 1 --tag ingest-single
  "$IB" --url "$URL" --token "$TOKEN" --connections "$CONNS" --seconds "$SECS" --batch 100 --tag ingest-batch100
  stop_server "$SPID"
  echo "database: $(du -sh "$WORK/ingest.db"* | awk '{print $1}' | paste -sd' ')"
}

timers_doc() {
  local paths="" steps="" k
  for k in $(seq 0 9); do
    paths+="${paths:+,}{\"weight\": 1, \"next\": \"d$k\"}"
    steps+=",{\"id\": \"d$k\", \"type\": \"delay\", \"duration\": \"$((DELAY + 3 * k))s\", \"next\": \"task\"}"
  done
  echo "{\"format\": \"flowcast/1\", \"templates\": {},
    \"workflows\": [{\"id\": \"timers\", \"trigger\": {\"event\": \"Tick\"},
      \"steps\": [{\"id\": \"spread\", \"type\": \"split\", \"paths\": [$paths]}$steps,
                 {\"id\": \"task\", \"type\": \"task\", \"title\": \"due\"}]}]}"
}

metric() {  # metric NAME: the value of one series from /metrics
  curl -sf "$URL/metrics" -H "Authorization: Bearer $TOKEN" | awk -v n="$1" '$1 == n {print $2}'
}

run_timers() {
  echo
  echo "## timers: $TIMERS events, each starting one timer due ${DELAY}..$((DELAY + 27)) s later"
  flowcast timers "$WORK/timers.db"
  deploy timers "$(timers_doc)"
  local t0 t1
  t0=$(date +%s.%N)
  "$IB" --url "$URL" --token "$TOKEN" --connections 4 --seconds 600 --batch 1000 \
    --contacts 0 --events "$TIMERS" --type Tick --tag timers-ingest
  t1=$(date +%s.%N)
  echo "ingested $TIMERS events in $(echo "$t1 - $t0" | bc) s (all pending at once if < $DELAY s)"
  local count=0
  for _ in $(seq 1 1200); do
    count=$(metric flowcast_timer_lateness_seconds_count)
    [[ ${count:-0} -ge $TIMERS ]] && break
    sleep 0.5
  done
  echo "timers fired: $count in $(echo "$(date +%s.%N) - $t0" | bc) s since the first event"
  curl -sf "$URL/metrics" -H "Authorization: Bearer $TOKEN" |
    awk -v total="$count" '
      /^flowcast_timer_lateness_seconds_bucket/ {
        match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5)
        n = $2
        if (!p50 && n >= 0.5 * total) p50 = le
        if (!p99 && n >= 0.99 * total) p99 = le
        if (!p999 && n >= 0.999 * total) p999 = le
        if (n > prev) last = le
        prev = n
        hist = hist sprintf(" <=%s:%d", le, n)
      }
      /^flowcast_timer_lateness_seconds_sum/ { sum = $2 }
      END {
        printf "lateness (bucket upper bounds, s): p50 <= %s, p99 <= %s, p99.9 <= %s, max <= %s, mean %.3f\n", p50, p99, p999, last, sum / (total ? total : 1)
        print "cumulative:" hist
      }'
  echo "rss: $(ps -o rss= -p "$SPID" | awk '{printf "%.0f MB", $1 / 1024}')"
  stop_server "$SPID"
}

run_recovery() {
  echo
  local db=$WORK/timers.db
  if [[ ! -f $db ]]; then echo "recovery needs the timers run first" >&2; return 1; fi
  local events
  events=$(sqlite3 "$db" 'SELECT COUNT(*) FROM events' 2>/dev/null || echo '?')
  echo "## recovery: restart on a log of $events events"
  local t0 t1
  t0=$(date +%s.%N)
  flowcast recovery "$db"
  t1=$(date +%s.%N)
  echo "restart until listening: $(echo "$t1 - $t0" | bc) s; rss $(ps -o rss= -p "$SPID" | awk '{printf "%.0f MB", $1 / 1024}')"
  curl -sf "$URL/healthz" && echo
  stop_server "$SPID"
}

case $WHAT in
  ingest) run_ingest ;;
  timers) run_timers ;;
  recovery) run_timers; run_recovery ;;
  all) run_ingest; run_timers; run_recovery ;;
  *) echo "usage: $0 [BUILD_DIR] [ingest|timers|recovery|all]" >&2; exit 2 ;;
esac
