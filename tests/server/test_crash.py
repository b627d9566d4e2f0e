"""Crash safety: kill -9 the server again and again while events stream in and emails go out,
then check that every acknowledged event is stored exactly once, every expected message is in
the outbox exactly once, and no email reached the SMTP sink twice."""

import collections
import json
import random
import threading
import time
import urllib.error
import urllib.request

from harness import ADMIN, WELCOME, Server, SmtpSink, run_tests

ROUNDS = 30


class Poster(threading.Thread):
    """Posts one batch per request (identify + Signed Up for a new contact) until stopped."""

    def __init__(self, url, batches, start_index):
        super().__init__(daemon=True)
        self.url = url
        self.batches = batches  # n -> acknowledged?
        self.n = start_index
        self.stop = False
        self.in_flight = 0

    def run(self):
        while not self.stop:
            n = self.n
            self.n += 1
            self.batches.setdefault(n, False)
            if not post_batch(self.url, n, self):
                return
            time.sleep(0.01)


def batch_body(n):
    c = "c%05d" % n
    return {"batch": [
        {"contact": c, "type": "identify", "id": c + "-id",
         "properties": {"email": c + "@example.com", "first_name": c}},
        {"contact": c, "type": "Signed Up", "id": c + "-su"}]}


def post_batch(url, n, poster=None):
    req = urllib.request.Request(url + "/v1/events", data=json.dumps(batch_body(n)).encode(),
                                 method="POST", headers={"Authorization": "Bearer " + ADMIN,
                                                         "Content-Type": "application/json"})
    try:
        if poster:
            poster.in_flight += 1
        with urllib.request.urlopen(req, timeout=10) as r:
            ok = r.status == 202
        if ok and poster:
            poster.batches[n] = True
        return ok
    except (urllib.error.URLError, ConnectionError, OSError):
        return False
    finally:
        if poster:
            poster.in_flight -= 1


def test_kill9_loop(workdir):
    rng = random.Random(1234)
    sink = SmtpSink(delay=0.02).start()
    srv = Server(workdir, smtp_port=sink.port, env={"FLOWCAST_RETRY_BASE_SECONDS": "1"})
    batches = {}
    crashes_ingest = crashes_delivery = uncertain = 0
    try:
        srv.start()
        srv.ok("PUT", "/v1/workflows/welcome", WELCOME)
        srv.stop()
        for _ in range(ROUNDS):
            srv.start()
            # Clients retry what was not acknowledged, with the same ids.
            for n, acked in list(batches.items()):
                if not acked and post_batch(srv.url, n):
                    batches[n] = True
            poster = Poster(srv.url, batches, len(batches))
            poster.start()
            deadline = time.time() + rng.uniform(0.15, 0.6)
            while time.time() < deadline:
                try:
                    srv.advance("20m")
                except Exception:
                    pass
                time.sleep(0.05)
            # Kill while a request is under way when possible (mid-ingest).
            spin = time.time() + 0.5
            while poster.in_flight == 0 and poster.is_alive() and time.time() < spin:
                time.sleep(0.0005)
            in_flight = poster.in_flight
            srv.kill9()
            poster.stop = True
            poster.join(timeout=15)
            crashes_ingest += in_flight > 0
            # A crash during an SMTP transaction shows at the next start as one more uncertain row.
            srv.start()
            now_uncertain = len(srv.messages(status="uncertain"))
            crashes_delivery += now_uncertain > uncertain
            uncertain = now_uncertain
            srv.stop()
        # Final run: retry the rest, let every delay come due and every email go out.
        srv.start()
        for n, acked in list(batches.items()):
            if not acked:
                assert post_batch(srv.url, n), "retry of batch %d failed" % n
                batches[n] = True
        srv.advance("2h")
        srv.wait_for(lambda: not srv.messages(status="pending") and not srv.messages(status="sending"),
                     timeout=120, what="the outbox to drain")
        contacts = len(batches)
        print("contacts %d, crashes with a request in flight %d, during an SMTP delivery %d"
              % (contacts, crashes_ingest, crashes_delivery))
        assert contacts > 50, "too little traffic to mean anything"
        assert crashes_ingest >= 20, "too few crashes mid-ingest"
        assert crashes_delivery >= ROUNDS // 3, "too few crashes mid-delivery"
        # Every acknowledged event stored exactly once.
        health = srv.ok("GET", "/healthz", token=None)
        assert health["events"] == 2 * contacts, (health, contacts)
        for n in rng.sample(sorted(batches), 25):
            c = srv.ok("GET", "/v1/contacts/c%05d" % n)
            assert c["events"] == 2 and c["email"] == "c%05d@example.com" % n, c
        # Every message exactly once in the outbox, each welcome_1 and welcome_2 once per contact.
        outbox = srv.messages()
        per = collections.Counter((m["contact"], m["template"]) for m in outbox)
        for n in batches:
            for t in ("welcome_1", "welcome_2"):
                assert per[("c%05d" % n, t)] == 1, ("c%05d" % n, t, per[("c%05d" % n, t)])
        assert len(outbox) == 2 * contacts
        statuses = collections.Counter(m["status"] for m in outbox)
        assert set(statuses) <= {"delivered", "uncertain"}, statuses
        # One delivery at a time: a crash leaves at most one message uncertain.
        assert statuses["uncertain"] <= ROUNDS, statuses
        # No email twice; every delivered one arrived; uncertain ones at most once.
        received = collections.Counter(sink.ids())
        dupes = [i for i, k in received.items() if k > 1]
        assert not dupes, "sent twice: %r" % dupes[:5]
        for m in outbox:
            if m["status"] == "delivered":
                assert received[m["id"]] == 1, m
        assert set(received) <= {m["id"] for m in outbox}
        print("outbox %r; emails received %d" % (dict(statuses), len(received)))
    finally:
        srv.stop()
        sink.stop()


if __name__ == "__main__":
    run_tests([test_kill9_loop])
