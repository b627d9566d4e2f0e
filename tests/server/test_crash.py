"""Crash safety: kill -9 the server again and again while events stream in and emails go out,
then check that every acknowledged event is stored exactly once, every expected message is in
the outbox exactly once and reached the SMTP sink (nothing lost), and an email reached the sink
twice only when a crash fell in the one window that cannot be resolved: after the end of data,
before the server's reply was recorded (the row says so: `resent`). Two deterministic tests pin
each window: a crash before the hand-over resends with no duplicate; a crash while confirming
resends (or holds, with on_unconfirmed=hold)."""

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
    crashes_ingest = crashes_delivery = interrupted = 0
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
            # A crash during an SMTP transaction shows at the next start as one more interrupted
            # attempt (the row is sent again).
            srv.start()
            now_interrupted = sum(m.get("interrupted", 0) for m in srv.messages())
            crashes_delivery += now_interrupted > interrupted
            interrupted = now_interrupted
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
        assert set(statuses) == {"delivered"}, statuses
        # Nothing lost: every message reached the sink. Twice only after a crash while its
        # receiver was confirming it (`resent`), and at most once more per such crash.
        received = collections.Counter(sink.ids())
        resent = sum(m.get("resent", 0) for m in outbox)
        interrupted = sum(m.get("interrupted", 0) for m in outbox)
        for m in outbox:
            assert 1 <= received[m["id"]] <= 1 + m.get("resent", 0), (m, received[m["id"]])
        assert set(received) <= {m["id"] for m in outbox}
        dupes = sum(k - 1 for k in received.values())
        assert resent <= ROUNDS, resent  # at most one attempt in flight per crash
        print("outbox %r; emails received %d (%d distinct); attempts interrupted %d, of them "
              "while confirming (sent again) %d; duplicates received %d"
              % (dict(statuses), sum(received.values()), len(received), interrupted, resent, dupes))
    finally:
        srv.stop()
        sink.stop()


def crash_during_delivery(workdir, sink, env, wait_status):
    """Deploys the welcome flow, signs one contact up, kills the server while its first email is
    in `wait_status`, restarts it and lets the outbox drain. Returns (server, row)."""
    srv = Server(workdir, smtp_port=sink.port, env=env)
    srv.start()
    srv.ok("PUT", "/v1/workflows/welcome", WELCOME)
    srv.ok("POST", "/v1/events", {"batch": [
        {"contact": "ann", "type": "identify", "properties": {"email": "ann@example.com"}},
        {"contact": "ann", "type": "Signed Up"}]})
    srv.wait_for(lambda: srv.messages(status=wait_status), timeout=30, what=wait_status)
    srv.kill9()
    srv.start()
    return srv


def test_crash_before_hand_over_resends_once(workdir):
    # The sink stalls at RCPT TO: the message was not handed over; sent again, received once.
    sink = SmtpSink(rcpt_delay=3.0).start()
    srv = None
    try:
        srv = crash_during_delivery(workdir, sink, {}, "sending")
        sink.rcpt_delay = 0
        srv.wait_for(lambda: [m for m in srv.messages() if m["template"] == "welcome_1"
                              and m["status"] == "delivered"], timeout=30, what="delivery")
        [m] = [m for m in srv.messages() if m["template"] == "welcome_1"]
        assert m["interrupted"] == 1 and "resent" not in m, m
        time.sleep(0.5)
        assert sink.ids().count(m["id"]) == 1, sink.ids()
    finally:
        if srv:
            srv.stop()
        sink.stop()


def test_crash_while_confirming_resends_same_message_id(workdir):
    # The sink has the whole message but stalls before its reply: the one ambiguous window.
    sink = SmtpSink(delay=3.0).start()
    srv = None
    try:
        srv = crash_during_delivery(workdir, sink, {}, "confirming")
        sink.delay = 0
        srv.wait_for(lambda: [m for m in srv.messages() if m["template"] == "welcome_1"
                              and m["status"] == "delivered"], timeout=30, what="delivery")
        [m] = [m for m in srv.messages() if m["template"] == "welcome_1"]
        assert m["interrupted"] == 1 and m["resent"] == 1, m
        # Sent again with the same Message-ID, so the receiver can tell it is the same message.
        got = [r["message"]["Message-ID"] for r in sink.received()
               if r["message"]["X-Flowcast-Message-Id"] == m["id"]]
        assert len(got) == 2 and got[0] == got[1], got
    finally:
        if srv:
            srv.stop()
        sink.stop()


def test_crash_while_confirming_hold(workdir):
    # on_unconfirmed=hold: at most once; the row waits as `uncertain` for a person to decide.
    sink = SmtpSink(delay=3.0).start()
    srv = None
    try:
        srv = crash_during_delivery(workdir, sink, {"FLOWCAST_ON_UNCONFIRMED": "hold"},
                                    "confirming")
        [m] = srv.messages(status="uncertain")
        assert m["template"] == "welcome_1" and m["interrupted"] == 1, m
        time.sleep(1.0)
        assert sink.ids().count(m["id"]) == 1
        assert srv.messages(status="uncertain")
    finally:
        if srv:
            srv.stop()
        sink.stop()


if __name__ == "__main__":
    run_tests([test_crash_before_hand_over_resends_once,
               test_crash_while_confirming_resends_same_message_id,
               test_crash_while_confirming_hold,
               test_kill9_loop])
