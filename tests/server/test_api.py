"""The API end to end: deploy, events, contacts, outbox, SMTP delivery, unsubscribe, preview
(byte-identical to the CLI), backtest, health and metrics."""

import copy
import json
import os
import subprocess
import tempfile

from harness import ADMIN, INGEST, POSTGRES, WELCOME, Running, binary, run_tests


def test_health_and_root(workdir):
    with Running(workdir) as (srv, _):
        status, _, body = srv.request("GET", "/healthz", token=None)
        assert status == 200 and body["status"] == "ok", body
        assert body["clock"] == "manual" and body["now"] == "2026-03-02T00:00:00Z", body
        status, headers, page = srv.request("GET", "/", token=None)
        assert status == 200 and "Flowcast" in page, page
        if not POSTGRES:
            assert os.path.exists(srv.db) and os.path.exists(srv.db + "-wal"), "WAL database"


def test_deploy_ingest_deliver(workdir):
    with Running(workdir, smtp=True) as (srv, sink):
        r = srv.ok("PUT", "/v1/workflows/welcome", WELCOME, expect=(201,))
        assert r["version"] == 1 and r["deployed_at"] == "2026-03-02T00:00:01Z", r
        srv.ok("PUT", "/v1/contacts/alice", {"email": "alice@example.com",
                                             "properties": {"first_name": "Alice"}}, token=INGEST)
        r = srv.ok("POST", "/v1/events", {"contact": "alice", "type": "Signed Up", "id": "su-1"},
                   token=INGEST, expect=(202,))
        assert r["accepted"] == 1 and r["duplicates"] == 0, r
        # The same id again: acknowledged, ignored.
        r = srv.ok("POST", "/v1/events", {"contact": "alice", "type": "Signed Up", "id": "su-1"},
                   token=INGEST, expect=(202,))
        assert r["accepted"] == 0 and r["duplicates"] == 1, r
        sent = srv.wait_for(lambda: sink.received(), what="the welcome email")
        assert len(sent) == 1
        m = sent[0]["message"]
        assert sent[0]["to"] == ["alice@example.com"]
        assert m["Subject"] == "Welcome Alice", m["Subject"]
        assert "Hello Alice!" in m.get_content()
        unsub = m["List-Unsubscribe"]
        assert unsub.startswith("<" + srv.url + "/u/"), unsub
        assert m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        outbox = srv.messages(contact="alice")
        assert [x["template"] for x in outbox] == ["welcome_1"], outbox
        srv.wait_for(lambda: srv.messages(status="delivered"), what="delivered status")
        # The delay: nothing before 1h, the second email right at 1h.
        srv.advance("59m")
        assert len(srv.messages(contact="alice")) == 1
        srv.advance("60s")
        assert len(srv.messages(contact="alice")) == 1, "a step due at 01:00:01 ran early"
        srv.advance("1s")
        outbox = srv.messages(contact="alice")
        assert [x["template"] for x in outbox] == ["welcome_1", "welcome_2"], outbox
        assert outbox[1]["at"] == "2026-03-02T01:00:01Z", outbox[1]
        srv.wait_for(lambda: len(sink.received()) == 2, what="the second email")
        # The contact view.
        c = srv.ok("GET", "/v1/contacts/alice")
        assert c["email"] == "alice@example.com" and c["properties"] == {"first_name": "Alice"}, c
        assert c["subscriptions"] == {"email": True, "sms": True, "push": True}, c
        assert c["enrollments"] == [] and len(c["messages"]) == 2, c
        # Unsubscribe: GET shows a page and changes nothing; POST records the event.
        path = unsub[1:-1][len(srv.url):]
        status, _, page = srv.request("GET", path, token=None)
        assert status == 200 and "<form method=post>" in page
        assert srv.ok("GET", "/v1/contacts/alice")["subscriptions"]["email"] is True
        status, _, page = srv.request("POST", path, token=None, raw=b"List-Unsubscribe=One-Click",
                                      content_type="application/x-www-form-urlencoded")
        assert status == 200 and "unsubscribed" in page, page
        c = srv.ok("GET", "/v1/contacts/alice")
        assert c["subscriptions"]["email"] is False, c
        # A marketing email to the unsubscribed contact is skipped, not sent.
        srv.ok("POST", "/v1/events", {"contact": "alice", "type": "Signed Up"}, token=INGEST)
        srv.advance("2h")
        skipped = srv.messages(contact="alice", status="skipped")
        assert [(x["template"], x["reason"]) for x in skipped] == [("welcome_2", "unsubscribed")], skipped
        metrics = srv.ok("GET", "/metrics")
        assert "flowcast_events_accepted_total" in metrics, metrics
        assert 'flowcast_outbox_messages{status="skipped"} 1' in metrics, metrics
        assert "flowcast_unsubscribes_total 1" in metrics


def test_preview_matches_cli(workdir):
    scenario = copy.deepcopy(WELCOME)
    scenario["settings"] = {"start": "2026-03-02T00:00:00Z", "end": "2026-03-05T00:00:00Z",
                            "quiet_hours": {"start": "21:00", "end": "08:00"}}
    scenario["contacts"] = [{"id": "ann", "email": "ann@example.com",
                             "properties": {"first_name": "Ann"}}, {"id": "bob"}]
    scenario["events"] = [
        {"at": "2026-03-02T20:30:00Z", "contact": "ann", "type": "Signed Up"},
        {"at": "2026-03-02T10:00:00Z", "contact": "bob", "type": "Signed Up"}]
    path = os.path.join(workdir, "s.json")
    text = json.dumps(scenario, indent=1)
    with open(path, "w") as f:
        f.write(text)
    cli = subprocess.run([binary(), "replay", path, "--json"], capture_output=True, check=True).stdout
    with Running(workdir) as (srv, _):
        status, headers, body = srv.request("POST", "/v1/preview", raw=text.encode())
        assert status == 200, body
        assert body == json.loads(cli), "preview differs from the CLI"
        import urllib.request
        req = urllib.request.Request(srv.url + "/v1/preview", data=text.encode(), method="POST",
                                     headers={"Authorization": "Bearer " + ADMIN,
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            assert r.read() == cli, "preview is not byte-identical to flowcast replay --json"
        # Invalid: the CLI's messages.
        bad = text.replace('"duration": "1h"', '"duration": "1 hour"')
        with open(path, "w") as f:
            f.write(bad)
        cli_err = subprocess.run([binary(), "validate", path], capture_output=True).stderr.decode()
        status, _, body = srv.request("POST", "/v1/preview", raw=bad.encode())
        assert status == 422, body
        assert [l.replace(path, "request") for l in cli_err.splitlines()] == body["details"], (cli_err, body)


def test_backtest(workdir):
    with Running(workdir) as (srv, _):
        srv.ok("PUT", "/v1/workflows/welcome", WELCOME)
        for name in ("a", "b", "c"):
            srv.ok("PUT", "/v1/contacts/" + name, {"email": name + "@example.com"})
            srv.ok("POST", "/v1/events", {"contact": name, "type": "Signed Up"})
            srv.advance("2h")
        candidate = copy.deepcopy(WELCOME)
        candidate["workflows"][0]["steps"][1]["duration"] = "30m"
        r = srv.ok("POST", "/v1/backtest?from=2026-03-02T00:00:00Z&to=2026-03-02T12:00:00Z", candidate)
        assert r["events"] == 6, r
        assert r["deployed"] == [{"id": "welcome", "version": 1}], r
        moved = [c for c in r["diff"]["changes"] if c["kind"] == "moved"]
        assert len(moved) == 3 and all(c["template"] == "welcome_2" for c in moved), r["diff"]
        assert r["diff"]["totals"]["welcome_2"] == {"before": 3, "after": 3}, r["diff"]
        assert r["report"]["format"] == "flowcast.report/1"
        assert len([m for m in r["report"]["messages"] if m["status"] == "sent"]) == 6


def test_erasure(workdir):
    with Running(workdir) as (srv, _):
        srv.ok("PUT", "/v1/workflows/welcome", WELCOME)
        for name in ("keep", "gone"):
            srv.ok("PUT", "/v1/contacts/" + name, {"email": name + "@example.com"})
            srv.ok("POST", "/v1/events", {"contact": name, "type": "Signed Up"})
        srv.advance("10s")
        before = {m["id"]: m for m in srv.messages(contact="keep")}
        r = srv.ok("DELETE", "/v1/contacts/gone")
        assert r["events_deleted"] == 2, r
        status, _, _ = srv.request("GET", "/v1/contacts/gone")
        assert status == 404
        assert srv.messages(contact="gone") == []
        after = {m["id"]: m for m in srv.messages(contact="keep")}
        assert before.keys() == after.keys(), (before, after)
        srv.advance("1h")
        assert len(srv.messages(contact="keep")) == 2
        assert srv.messages(contact="gone") == []


def test_editor_bundle(workdir):
    web = os.path.join(workdir, "web")
    os.makedirs(web)
    with open(os.path.join(web, "index.html"), "w") as f:
        f.write("<!doctype html><title>editor</title>")
    with Running(workdir, extra=["--web-dir", web]) as (srv, _):
        status, _, page = srv.request("GET", "/", token=None)
        assert status == 200 and "<title>editor</title>" in page, page
        status, _, _ = srv.request("GET", "/v1/workflows")
        assert status == 200


def test_config_file(workdir):
    path = os.path.join(workdir, "flowcast.json")
    with open(path, "w") as f:
        json.dump({"listen": "127.0.0.1:1", "tokens": [{"token": "cfg-ingest-0123456789", "scopes": ["ingest"]},
                                                       {"token": "cfg-admin-0123456789", "scopes": ["admin"]}],
                   "retry": {"base_seconds": 5, "max_attempts": 2}}, f)
    # Flags win over the file (--listen 127.0.0.1:0 from the harness), the file's tokens apply.
    with Running(workdir, tokens=False, extra=["--config", path]) as (srv, _):
        srv.ok("POST", "/v1/events", {"contact": "a", "type": "t"}, token="cfg-ingest-0123456789")
        status, _, _ = srv.request("GET", "/v1/workflows", token="cfg-ingest-0123456789")
        assert status == 403
        srv.ok("GET", "/v1/workflows", token="cfg-admin-0123456789")
    with open(path, "w") as f:
        json.dump({"colour": "blue"}, f)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLOWCAST_")}
    r = subprocess.run([binary(), "serve", "--config", path], capture_output=True, env=env)
    assert r.returncode == 2 and b"unknown setting colour" in r.stderr, r
    env["FLOWCAST_MAX_ATTEMPTS"] = "many"
    r = subprocess.run([binary(), "serve"], capture_output=True, env=env)
    assert r.returncode == 2 and b"FLOWCAST_MAX_ATTEMPTS" in r.stderr, r


def test_system_clock(workdir):
    doc = copy.deepcopy(WELCOME)
    doc["workflows"][0]["steps"][1]["duration"] = "2s"
    sink_kw = dict(smtp=True, manual=False)
    with Running(workdir, **sink_kw) as (srv, sink):
        srv.ok("PUT", "/v1/workflows/welcome", doc)
        srv.ok("PUT", "/v1/contacts/w", {"email": "w@example.com"})
        srv.ok("POST", "/v1/events", {"contact": "w", "type": "Signed Up"})
        srv.wait_for(lambda: len(sink.received()) == 2, timeout=6, what="the step due in 2s")
        first, second = srv.messages(contact="w")
        import datetime
        t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
        assert (t(second["at"]) - t(first["at"])).total_seconds() == 2, (first, second)
        late = (t(second["delivered_at"]) - t(second["at"])).total_seconds()
        assert 0 <= late <= 1, second


if __name__ == "__main__":
    run_tests([test_health_and_root, test_editor_bundle, test_config_file, test_system_clock, test_deploy_ingest_deliver, test_preview_matches_cli,
               test_backtest, test_erasure])
