"""Several servers on one PostgreSQL database: three `flowcast serve` processes share a real,
throw-away PostgreSQL cluster. Events go to all three at random while the (shared, manual) clock
moves; one server is killed with kill -9 in the middle of the run; the other two take over its
partitions; later it is restarted and gets a share back. Afterwards the database's event log is replayed with `flowcast replay`, and every
message the replay predicts must have been delivered at the instant it says, exactly once, and
nothing else sent."""

import collections
import json
import os
import random
import subprocess
import threading
import time
import urllib.error
import urllib.request

from harness import ADMIN, Server, SmtpSink, binary, run_tests
from pg_cluster import PgCluster

PARTITIONS = 64

SHOP = {
    "format": "flowcast/1",
    "templates": {
        "welcome_1": {"channel": "email", "kind": "transactional",
                      "subject": "Welcome {{contact.first_name}}", "body": "Hello!"},
        "welcome_2": {"channel": "email", "subject": "Day two", "body": "Still with us?"},
        "cart": {"channel": "email", "subject": "Your cart", "body": "You left something."},
    },
    "workflows": [
        {"id": "welcome", "trigger": {"event": "Signed Up"},
         "steps": [{"id": "hello", "type": "send", "template": "welcome_1"},
                   {"id": "wait", "type": "delay", "duration": "1h"},
                   {"id": "later", "type": "send", "template": "welcome_2"}]},
        {"id": "cart", "trigger": {"event": "Cart Updated"}, "exit_on": [{"event": "Order Placed"}],
         "steps": [{"id": "wait", "type": "delay", "duration": "45m"},
                   {"id": "remind", "type": "send", "template": "cart"}]},
    ],
}


def post(url, body, timeout=10):
    req = urllib.request.Request(url + "/v1/events", data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + ADMIN,
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status == 202
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def health(srv):
    return srv.ok("GET", "/healthz", token=None)


class Traffic(threading.Thread):
    """Posts each contact's requests to random live servers; a request that fails (its server
    died) is sent again, with the same event ids, to another one."""

    def __init__(self, servers, rng):
        super().__init__(daemon=True)
        self.servers = servers  # the live ones; the test removes the one it kills
        self.rng = rng
        self.stop = False
        self.in_flight = 0
        self.requests = []  # every request body, each acknowledged in the end
        self.unacked = []
        self.after_kill = 0

    def send(self, body):
        self.requests.append(body)
        for _ in range(5):
            srv = self.rng.choice(list(self.servers))
            self.in_flight += 1
            ok = post(srv.url, body)
            self.in_flight -= 1
            if ok:
                return
        self.unacked.append(body)

    def run(self):
        n = 0
        while not self.stop:
            c = "c%05d" % n
            batch = [{"contact": c, "type": "identify", "id": c + "-id",
                      "properties": {"email": c + "@example.com", "first_name": c}},
                     {"contact": c, "type": "Signed Up", "id": c + "-su"}]
            if n % 2 == 0:
                batch.append({"contact": c, "type": "Cart Updated", "id": c + "-cart"})
            self.send({"batch": batch})
            # An order from an earlier contact, sent on its own (to any server): it ends that
            # contact's cart enrollment if it comes before the reminder.
            if n % 4 == 2:
                o = "c%05d" % (n - 2)
                self.send({"contact": o, "type": "Order Placed", "id": o + "-order"})
            n += 1
            time.sleep(0.005)


def fmt(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(t)))


def test_three_servers_kill9(workdir):
    rng = random.Random(5)
    pg = PgCluster().start()
    sink = SmtpSink(delay=0.02).start()
    url = pg.create_database("cluster")
    servers = []
    try:
        for i in range(3):
            d = os.path.join(workdir, "s%d" % i)
            os.mkdir(d)
            servers.append(Server(d, smtp_port=sink.port, db=url,
                                  env={"FLOWCAST_RETRY_BASE_SECONDS": "1"}).start())
        for wf in ("welcome", "cart"):
            servers[0].ok("PUT", "/v1/workflows/" + wf, SHOP)
        # Every server runs both workflows and the partitions are shared out.
        servers[0].wait_for(lambda: all(health(s)["workflow_versions"] == 2 for s in servers)
                            and sum(health(s)["partitions"] for s in servers) == PARTITIONS
                            and all(health(s)["partitions"] > 0 for s in servers),
                            timeout=30, what="three servers sharing the partitions")
        live = list(servers)
        traffic = Traffic(live, rng)
        traffic.start()

        def run_clock(seconds):
            deadline = time.time() + seconds
            while time.time() < deadline:
                try:
                    rng.choice(list(live)).advance("7m")
                except Exception:
                    pass
                time.sleep(0.15)

        run_clock(4)
        # Kill one while a request is under way (when possible).
        victim = rng.choice(servers)
        owned = health(victim)["partitions"]
        spin = time.time() + 0.5
        while traffic.in_flight == 0 and time.time() < spin:
            time.sleep(0.0005)
        live.remove(victim)
        victim.kill9()
        sent_before_kill = len(traffic.requests)
        run_clock(4)
        # It comes back: the others give up partitions to it, under the same traffic.
        victim.start()
        live.append(victim)
        live[0].wait_for(lambda: health(victim)["partitions"] > 0, timeout=20,
                         what="the restarted server to get partitions")
        run_clock(3)
        traffic.stop = True
        traffic.join(timeout=60)
        assert not traffic.unacked, "requests never acknowledged: %r" % traffic.unacked[:3]
        assert len(traffic.requests) - sent_before_kill > 50, "too little traffic after the kill"
        assert owned > 0, "the killed server owned no partition"
        live[0].wait_for(lambda: sum(health(s)["partitions"] for s in live) == PARTITIONS,
                         timeout=20, what="the servers to own every partition")
        # Let every delay come due and the outbox drain.
        for _ in range(12):
            live[0].advance("10m")
            time.sleep(0.1)

        def drained():
            rows = pg.psql("cluster", "SELECT COUNT(*) FROM outbox WHERE status IN "
                           "('pending', 'sending', 'confirming')")
            unplaced = pg.psql("cluster", "SELECT COUNT(*) FROM events WHERE pos IS NULL")
            return rows[0][0] == "0" and unplaced[0][0] == "0"
        live[0].wait_for(drained, timeout=120, what="the outbox to drain")
        end = int(pg.psql("cluster", "SELECT value FROM meta WHERE key = 'manual_clock'")[0][0])

        # Every acknowledged event is stored once, and placed.
        events = pg.psql("cluster", "SELECT contact, type, at, properties, event_id FROM events "
                                    "ORDER BY at, pos")
        ids = collections.Counter(e[4] for e in events)
        sent_ids = {e["id"] for body in traffic.requests for e in body.get("batch", [body])}
        assert set(ids) == sent_ids and max(ids.values()) == 1, "events lost or stored twice"

        # What the replay of that log predicts.
        deployed = min(int(r[0]) for r in pg.psql("cluster",
                                                  "SELECT deployed_at FROM workflow_versions"))
        doc = dict(SHOP)
        doc["settings"] = {"start": fmt(deployed), "end": fmt(end + 1)}
        doc["events"] = [{"at": fmt(int(e[2])), "contact": e[0], "type": e[1],
                          "properties": json.loads(e[3]), "id": e[4]} for e in events]
        path = os.path.join(workdir, "log.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        report = json.loads(subprocess.run([binary(), "replay", path, "--json"], check=True,
                                           capture_output=True).stdout)
        predicted = collections.Counter((m["contact"], m["template"], m["at"], m["status"])
                                        for m in report["messages"])
        rows = pg.psql("cluster", "SELECT id, contact, template_id, at, status, resent, "
                                  "COALESCE(delivered_at, 0), to_addr FROM outbox")
        status_of = {"delivered": "sent", "skipped": "skipped"}
        got = collections.Counter((r[1], r[2], fmt(int(r[3])), status_of.get(r[4], r[4]))
                                  for r in rows)
        missing = predicted - got
        extra = got - predicted
        assert not missing and not extra, ("missing %r extra %r"
                                           % (list(missing)[:5], list(extra)[:5]))
        # Delivered once each (twice only when its server died while the receiver was
        # confirming it, and then with the same Message-ID), to the right address, at or after
        # its instant.
        received = collections.Counter(sink.ids())
        delivered = [r for r in rows if r[4] == "delivered"]
        for r in delivered:
            assert 1 <= received[r[0]] <= 1 + int(r[5]), (r, received[r[0]])
            # (An event taken in the current second is placed on the next one, and what it sends
            # at once is due now: see docs/api.md "Time".)
            assert int(r[6]) >= int(r[3]) - 1, ("delivered before its time", r)
        assert set(received) == {r[0] for r in delivered}, "something else was sent"
        by_id = {m["message"]["X-Flowcast-Message-Id"]: m["to"] for m in sink.received()}
        assert all(by_id[r[0]] == [r[7]] for r in delivered)
        dupes = sum(k - 1 for k in received.values())
        resent = sum(int(r[5]) for r in rows)
        assert dupes <= resent <= 1, (dupes, resent)
        sent = sum(v for k, v in predicted.items() if k[3] == "sent")
        print("requests %d (%d after the kill), events %d, messages predicted %d (%d sent), "
              "delivered %d, emails received %d; the killed server owned %d partitions; "
              "resent after the kill %d, duplicates %d"
              % (len(traffic.requests), len(traffic.requests) - sent_before_kill, len(events),
                 sum(predicted.values()), sent, len(delivered), sum(received.values()), owned,
                 resent, dupes))
        assert sent > 100, "too few messages to mean anything"
    finally:
        for s in servers:
            s.stop()
        sink.stop()
        pg.stop()


def test_failover_takes_partitions_and_timers(workdir):
    """A contact's timer is due while its owner is dead: the server that takes its partition
    rebuilds the enrollment from the database and sends the message at its instant."""
    pg = PgCluster().start()
    sink = SmtpSink().start()
    url = pg.create_database("failover")
    servers = []
    try:
        for i in range(2):
            d = os.path.join(workdir, "s%d" % i)
            os.mkdir(d)
            servers.append(Server(d, smtp_port=sink.port, db=url).start())
        a, b = servers
        a.ok("PUT", "/v1/workflows/welcome", SHOP)
        a.wait_for(lambda: health(b)["workflow_versions"] == 1
                   and health(a)["partitions"] + health(b)["partitions"] == PARTITIONS
                   and health(a)["partitions"] > 0 and health(b)["partitions"] > 0,
                   timeout=30, what="two servers sharing the partitions")
        # Sign up contacts through b until a contact of a's partitions is enrolled.
        for n in range(40):
            b.ok("POST", "/v1/events", {"batch": [
                {"contact": "p%d" % n, "type": "identify",
                 "properties": {"email": "p%d@example.com" % n}},
                {"contact": "p%d" % n, "type": "Signed Up"}]})
        def of(srv, template):
            return [m for m in srv.messages() if m["template"] == template]
        a.wait_for(lambda: len([m for m in of(a, "welcome_1") if m["status"] == "delivered"]) == 40,
                   timeout=20, what="the first emails")
        before = health(a)["events"]
        assert 0 < before < 80, before  # a holds only its own partitions' contacts
        a.kill9()
        b.wait_for(lambda: health(b)["partitions"] == PARTITIONS, timeout=15,
                   what="b to take every partition")
        assert health(b)["events"] == 80
        b.advance("61m")
        b.wait_for(lambda: len(of(b, "welcome_2")) == 40, timeout=30,
                   what="every second email produced, a's contacts included (%r)"
                   % health(b))
        b.wait_for(lambda: len([m for m in of(b, "welcome_2") if m["status"] == "delivered"]) == 40,
                   timeout=30, what="every second email, a's contacts included")
        # Each at its instant: one hour after the first.
        first = {m["contact"]: m["at"] for m in of(b, "welcome_1")}
        for m in of(b, "welcome_2"):
            assert first[m["contact"]].replace("T00:", "T01:") == m["at"], (first[m["contact"]], m)
        received = collections.Counter(sink.ids())
        assert len(received) == 80 and set(received.values()) == {1}, received
    finally:
        for s in servers:
            s.stop()
        sink.stop()
        pg.stop()


def test_erasure_on_any_server(workdir):
    """Contacts erased through one server, wherever their partition is, are gone everywhere:
    nothing more is recorded or sent for them, and both servers answer 404."""
    pg = PgCluster().start()
    sink = SmtpSink().start()
    url = pg.create_database("erasure")
    servers = []
    try:
        for i in range(2):
            d = os.path.join(workdir, "s%d" % i)
            os.mkdir(d)
            servers.append(Server(d, smtp_port=sink.port, db=url).start())
        a, b = servers
        a.ok("PUT", "/v1/workflows/welcome", SHOP)
        a.wait_for(lambda: health(b)["workflow_versions"] == 1
                   and health(a)["partitions"] + health(b)["partitions"] == PARTITIONS
                   and health(a)["partitions"] > 0 and health(b)["partitions"] > 0,
                   timeout=30, what="two servers sharing the partitions")
        for n in range(20):
            a.ok("POST", "/v1/events", {"batch": [
                {"contact": "e%d" % n, "type": "identify",
                 "properties": {"email": "e%d@example.com" % n}},
                {"contact": "e%d" % n, "type": "Signed Up"}]})
        a.wait_for(lambda: len(sink.received()) == 20, timeout=20, what="the first emails")
        # Half of them erased through b, whichever server runs them (both, with 20 contacts).
        owners = collections.Counter()
        for n in range(0, 20, 2):
            b.ok("DELETE", "/v1/contacts/e%d" % n)
        # The clock moves at once: the welcome_2 timers of the erased contacts may fire on a's
        # engines before a has heard of the erasures; their records must not be stored.
        b.advance("61m")
        # The owner's engines hear of it at their next rebalance (within a second).
        a.wait_for(lambda: all(s.request("GET", "/v1/contacts/e%d" % n)[0] == 404
                               for s in servers for n in range(0, 20, 2)),
                   timeout=5, what="the erased contacts gone from both servers")
        for n in range(1, 20, 2):
            c = a.ok("GET", "/v1/contacts/e%d" % n)  # any server answers for any contact
            assert c["events"] == 2 and c["email"] == "e%d@example.com" % n, c
            owners[b.ok("GET", "/v1/contacts/e%d" % n)["events"]] += 1
        a.wait_for(lambda: len(sink.received()) >= 30, timeout=20, what="the second emails")
        time.sleep(1)
        rows = pg.psql("erasure", "SELECT contact, template_id FROM outbox ORDER BY 1, 2")
        assert sorted(r[0] for r in rows) == sorted(["e%d" % n for n in range(1, 20, 2)] * 2), rows
        assert len(sink.received()) == 30, "emails to erased contacts: %r" % sorted(
            m["to"][0] for m in sink.received()[20:])
        partitions = {r[0] for r in pg.psql("erasure", "SELECT DISTINCT partition FROM events")}
        assert len(partitions) > 1 and owners == {2: 10}, (partitions, owners)
    finally:
        for s in servers:
            s.stop()
        sink.stop()
        pg.stop()


def test_lost_session_gives_up_and_rejoins(workdir):
    """The database ends one server's session (as a network cut or a database restart would):
    it loses its locks, the other server takes its partitions, and it rejoins with a new
    session and a share. Every contact still gets each email once, at its time."""
    pg = PgCluster().start()
    sink = SmtpSink().start()
    url = pg.create_database("session")
    servers = []
    try:
        for i in range(2):
            d = os.path.join(workdir, "s%d" % i)
            os.mkdir(d)
            servers.append(Server(d, smtp_port=sink.port, db=url).start())
        a, b = servers
        a.ok("PUT", "/v1/workflows/welcome", SHOP)

        def shared():
            h = [health(s) for s in servers]
            return all(x["workflow_versions"] == 1 and x["partitions"] > 0 for x in h) and \
                sum(x["partitions"] for x in h) == PARTITIONS
        a.wait_for(shared, timeout=30, what="two servers sharing the partitions")

        refused = []

        def sign_up(first, count):
            for n in range(first, first + count):
                body = {"batch": [
                    {"contact": "p%d" % n, "type": "identify", "id": "p%d-id" % n,
                     "properties": {"email": "p%d@example.com" % n}},
                    {"contact": "p%d" % n, "type": "Signed Up", "id": "p%d-su" % n}]}
                # Until the server has noticed that its session is gone, it cannot place the
                # events of the partitions it believed it owned (503, nothing stored): the
                # client retries, as clients do.
                deadline = time.time() + 10
                while True:
                    status, _, payload = servers[n % 2].request("POST", "/v1/events", body)
                    if status == 202:
                        break
                    assert status == 503 and time.time() < deadline, (status, payload)
                    refused.append(n)
                    time.sleep(0.1)
        sign_up(0, 30)
        [pid] = pg.psql("session", "SELECT pid FROM pg_locks WHERE locktype = 'advisory' "
                                   "AND classid = 1178796034 AND objsubid = 2 LIMIT 1")[0]
        pg.psql("session", "SELECT pg_terminate_backend(%s)" % pid)
        sign_up(30, 30)  # meanwhile: stored for whoever owns the contact by then
        time.sleep(1.5)
        a.wait_for(shared, timeout=30, what="both servers owning partitions again")
        sign_up(60, 30)
        # Events stored for the other server are taken by it within a tick; the manual clock
        # jumps, so let it take them first (else they are taken an hour later, and so is
        # everything they cause).
        a.wait_for(lambda: pg.psql("session", "SELECT COUNT(*) FROM events WHERE pos IS NULL")
                   == [["0"]], timeout=10, what="every event taken")
        a.advance("61m")

        def delivered():
            rows = pg.psql("session", "SELECT COUNT(*) FROM outbox WHERE status = 'delivered'")
            return rows[0][0] == "180"
        a.wait_for(delivered, timeout=60, what="every email delivered")
        rows = pg.psql("session", "SELECT contact, template_id, at, id FROM outbox")
        assert len(rows) == 180, len(rows)
        at = {(r[0], r[1]): int(r[2]) for r in rows}
        for n in range(90):
            c = "p%d" % n
            assert at[(c, "welcome_2")] == at[(c, "welcome_1")] + 3600, c
        received = collections.Counter(sink.ids())
        assert set(received) == {r[3] for r in rows} and set(received.values()) == {1}, received
        print("requests refused (503) while a session was being replaced: %d" % len(refused))
    finally:
        for s in servers:
            s.stop()
        sink.stop()
        pg.stop()


if __name__ == "__main__":
    run_tests([test_failover_takes_partitions_and_timers, test_erasure_on_any_server,
               test_lost_session_gives_up_and_rejoins, test_three_servers_kill9])
