#!/usr/bin/env python3
"""Ingest and delivery throughput of one, two and three `flowcast serve` processes on one
PostgreSQL database, next to one server on SQLite. Prints figures; never a timed test.

    /usr/bin/python3 bench/cluster_bench.py [BUILD_DIR] [--seconds S] [--connections C]

For each configuration, on a fresh database (PostgreSQL: a throw-away cluster with fsync on,
as durable as SQLite's synchronous=FULL):
- ingest: one `bench/ingest_bench` per server at the same time (C keep-alive connections each,
  batches of 100 events, a new contact per event), S seconds; the figure is the sum of events
  acknowledged (202 after the commit) per second. Every event enrolls its contact in a
  workflow whose next step is a day later (not reached here).
- delivery: D more events (default 5000, spread over the servers), each enrolling its contact
  in a workflow whose webhook step is due one hour later; then the (manual, shared) clock moves
  two hours on, and the figure is D divided by the time until all D webhook POSTs were
  delivered (to bench/noop_server). It includes producing the records (the timers firing).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(ROOT, "tests", "server"))
from pg_cluster import PgCluster  # noqa: E402

TOKEN = "bench-admin-token-0123456789"


def args():
    build = os.path.join(ROOT, "build", "release")
    seconds, connections, deliveries = 8.0, 4, 5000
    rest = sys.argv[1:]
    while rest:
        a = rest.pop(0)
        if a == "--seconds":
            seconds = float(rest.pop(0))
        elif a == "--connections":
            connections = int(rest.pop(0))
        elif a == "--deliveries":
            deliveries = int(rest.pop(0))
        else:
            build = a
    return build, seconds, connections, deliveries


def start(cmd, env=None):
    """Starts a server process; returns (process, url) once it prints its address."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    while True:
        line = p.stdout.readline().decode()
        if not line:
            raise SystemExit("did not start: %s" % " ".join(cmd))
        if "listening on " in line:
            return p, line.split("listening on ")[1].split()[0]


def call(url, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + TOKEN,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def workflow(hook):
    def one(wid, trigger, delay):
        return {"id": wid, "trigger": {"event": trigger},
                "steps": [{"id": "wait", "type": "delay", "duration": delay},
                          {"id": "hook", "type": "webhook", "url": hook,
                           "body": "{\"product\": \"{{event.product}}\"}"}]}
    return {"format": "flowcast/1", "templates": {},
            "workflows": [one("browse", "Viewed Product", "1d"), one("order", "Ordered", "1h")]}


def ingest(ib, urls, name, connections, args):
    """Runs one ingest_bench per server at once; returns the summed events/s."""
    outs = [""] * len(urls)

    def load(i):
        outs[i] = subprocess.run([ib, "--url", urls[i], "--token", TOKEN, "--connections",
                                  str(connections), "--batch", "100", "--contacts", "0",
                                  "--tag", "%s-%d" % (name, i)] + args,
                                 capture_output=True, text=True).stdout
    threads = [threading.Thread(target=load, args=(i,)) for i in range(len(urls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = 0.0
    for o in outs:
        words = o.split()  # "... N events/s ..." in ingest_bench's line of figures
        if "events/s" not in words:
            raise SystemExit("ingest_bench: %r" % o)
        total += float(words[words.index("events/s") - 1])
    return total


def wait_ready(urls):
    """Until every server runs both workflows and the partitions are shared out."""
    deadline = time.time() + 30
    while time.time() < deadline:
        hs = [call(u, "GET", "/healthz") for u in urls]
        if all(h["workflow_versions"] == 2 for h in hs) and \
                sum(h.get("partitions", 64) for h in hs) == 64 and \
                all(h.get("partitions", 64) > 0 for h in hs):
            return
        time.sleep(0.2)
    raise SystemExit("the servers did not share out the partitions")


def run(build, name, dbs, hook, seconds, connections, deliveries):
    fc = os.path.join(build, "server", "flowcast")
    ib = os.path.join(build, "bench", "ingest_bench")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLOWCAST_")}
    env["FLOWCAST_ADMIN_TOKEN"] = TOKEN
    servers = [start([fc, "serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet", "--clock",
                      "manual", "--clock-start", "2026-03-02T00:00:00Z"], env) for db in dbs]
    urls = [u for _, u in servers]
    try:
        for wf in ("browse", "order"):
            call(urls[0], "PUT", "/v1/workflows/" + wf, workflow(hook))
        wait_ready(urls)
        events = ingest(ib, urls, name, connections, ["--seconds", str(seconds)])
        per = deliveries // len(urls) // 100 * 100  # whole batches: ingest_bench stops exactly
        ingest(ib, urls, name + "-o", connections, ["--seconds", "600", "--events", str(per),
                                                     "--type", "Ordered"])
        total = per * len(urls)
        # Every server has taken what was stored for it before the clock moves.
        time.sleep(1.5)
        t0 = time.time()
        call(urls[0], "POST", "/v1/admin/clock", {"advance": "2h"})
        # One webhook per event (each event is a new contact's enrollment).
        delivered = 0
        while delivered < total and time.time() < t0 + 600:
            time.sleep(0.1)
            delivered = count_delivered(urls[0])
        elapsed = time.time() - t0
        return events, total, delivered, delivered / elapsed
    finally:
        for p, _ in servers:
            p.terminate()
            p.wait()


def count_delivered(url):
    req = urllib.request.Request(url + "/metrics", headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(req, timeout=60) as r:
        for line in r.read().decode().splitlines():
            if line.startswith('flowcast_outbox_messages{status="delivered"}'):
                return int(line.split()[1])
    return 0


def main():
    build, seconds, connections, deliveries = args()
    noop = os.path.join(build, "bench", "noop_server")
    work = tempfile.mkdtemp(prefix="flowcast-cluster-bench-", dir=os.path.join(ROOT, "build"))
    pg = PgCluster(fsync=True).start()
    hook_proc, hook = start([noop, "--listen", "127.0.0.1:0"])
    print("# %s, %d cores, load average %s" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                                os.cpu_count(), os.getloadavg()))
    print("# ingest: %d connection(s) per server, batches of 100, %.0f s; %d deliveries; "
          "PostgreSQL fsync=on" % (connections, seconds, deliveries), flush=True)
    print("%-10s %7s %16s %10s %14s" % ("database", "servers", "ingest events/s", "delivered",
                                        "delivery msg/s"), flush=True)
    try:
        configs = [("sqlite", [os.path.join(work, "bench.db")])]
        for n in (1, 2, 3):
            url = pg.create_database("bench%d" % n)
            configs.append(("postgres", [url] * n))
        for name, dbs in configs:
            ingest_rate, _, delivered, rate = run(build, "%s%d" % (name, len(dbs)), dbs,
                                                       hook + "/noop", seconds, connections,
                                                       deliveries)
            print("%-10s %7d %16.0f %10d %14.0f" % (name, len(dbs), ingest_rate, delivered, rate),
                  flush=True)
    finally:
        hook_proc.terminate()
        hook_proc.wait()
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
