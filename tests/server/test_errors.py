"""Every 4xx path of the API answers a clear JSON error and changes nothing."""

import json
import subprocess

from harness import (ADMIN, INGEST, WELCOME, Running, Server, binary, database, hmac_b64,
                     run_tests)


def expect(srv, status, method, path, body=None, contains=None, **kw):
    got, headers, payload = srv.request(method, path, body, **kw)
    assert got == status, "%s %s: expected %d, got %d %r" % (method, path, status, got, payload)
    if status >= 400 and not path.startswith("/u/"):
        assert isinstance(payload, dict) and "error" in payload, (method, path, payload)
        if contains:
            text = json.dumps(payload)
            assert contains in text, (contains, payload)
    return payload


def event_count(srv):
    return srv.ok("GET", "/healthz", token=None)["events"]


def test_auth(workdir):
    with Running(workdir, quiet=False) as (srv, _):
        admin_only = [("GET", "/v1/workflows"), ("GET", "/v1/contacts/x"),
                      ("DELETE", "/v1/contacts/x"), ("GET", "/v1/messages"), ("GET", "/metrics"),
                      ("PUT", "/v1/workflows/w"), ("DELETE", "/v1/workflows/w"),
                      ("POST", "/v1/preview"), ("POST", "/v1/backtest"), ("POST", "/v1/admin/clock")]
        ingest = [("POST", "/v1/events"), ("PUT", "/v1/contacts/x"), ("POST", "/v1/track"),
                  ("POST", "/v1/identify"), ("POST", "/v1/batch")]
        for method, path in admin_only + ingest:
            expect(srv, 401, method, path, {}, token=None, contains="missing bearer token")
            expect(srv, 401, method, path, {}, token="wrong-token-0123456789", contains="invalid token")
        for method, path in admin_only:
            expect(srv, 403, method, path, {}, token=INGEST, contains="admin scope")
        # Segment clients authenticate with HTTP Basic (write key as user name).
        import base64
        basic = "Basic " + base64.b64encode((INGEST + ":").encode()).decode()
        status, _, _ = srv.request("POST", "/v1/track", {"userId": "u", "event": "E"}, token=None,
                                   headers={"Authorization": basic})
        assert status == 200
        # Tokens never reach the log.
        log = open(srv.log_path).read()
        assert ADMIN not in log and INGEST not in log and "wrong-token" not in log, log
        assert "POST /v1/events 401" in log, log


def test_bodies(workdir):
    with Running(workdir, extra=["--max-body-bytes", "2048"]) as (srv, _):
        expect(srv, 415, "POST", "/v1/events", raw=b"{}", content_type="text/plain",
               contains="Content-Type")
        expect(srv, 400, "POST", "/v1/events", raw=b"", contains="empty body")
        expect(srv, 400, "POST", "/v1/events", raw=b'{"contact": ', contains="invalid JSON")
        deep = b'{"contact":"a","type":"t","properties":{"x":' + b"[" * 100 + b"]" * 100 + b"}}"
        expect(srv, 400, "POST", "/v1/events", raw=deep, contains="nested deeper")
        big = {"contact": "a", "type": "t", "properties": {"x": "y" * 4000}}
        expect(srv, 413, "POST", "/v1/events", big)
        expect(srv, 404, "GET", "/v1/nothing-here", contains="no such endpoint")
        assert event_count(srv) == 0


def test_events(workdir):
    with Running(workdir, extra=["--max-batch-events", "5"]) as (srv, _):
        expect(srv, 422, "POST", "/v1/events", {"contact": "a"}, contains="request: missing required key 'type'")
        expect(srv, 422, "POST", "/v1/events", {"contact": "a", "type": "t", "colour": 1},
               contains="colour")
        expect(srv, 422, "POST", "/v1/events", [1, 2], contains="expected an event object")
        # One bad event in a batch: nothing of the batch is stored.
        batch = {"batch": [{"contact": "a", "type": "ok"}, {"contact": "a", "type": "bad", "at": "yesterday"}]}
        p = expect(srv, 422, "POST", "/v1/events", batch, contains="/batch/1/at")
        assert "nothing was stored" in p["error"]
        expect(srv, 422, "POST", "/v1/events", {"batch": []}, contains="empty")
        expect(srv, 422, "POST", "/v1/events", {"batch": {}}, contains="expected an array")
        expect(srv, 422, "POST", "/v1/events", {"batch": [], "x": 1}, contains="only the key")
        expect(srv, 422, "POST", "/v1/events", {"batch": [{"contact": "a", "type": "t"}] * 6},
               contains="more than 5")
        expect(srv, 422, "POST", "/v1/events",
               {"contact": "a", "type": "t", "at": "2027-01-01T00:00:00Z"}, contains="future")
        expect(srv, 422, "POST", "/v1/events",
               {"contact": "a", "type": "identify", "properties": {"email": 5}}, contains="/properties/email")
        assert event_count(srv) == 0
        # Segment.
        expect(srv, 400, "POST", "/v1/track", {"userId": "u"}, token=INGEST, contains="/event")
        expect(srv, 400, "POST", "/v1/identify", {"traits": {}}, token=INGEST, contains="userId")
        expect(srv, 400, "POST", "/v1/batch", {"batch": [{"type": "nope", "userId": "u"}]},
               token=INGEST, contains="/batch/0/type")
        expect(srv, 400, "POST", "/v1/batch", {"calls": []}, token=INGEST, contains="/batch")
        expect(srv, 413, "POST", "/v1/batch",
               {"batch": [{"type": "track", "userId": "u", "event": "E"}] * 6}, token=INGEST,
               contains="more than 5")
        assert event_count(srv) == 0


def test_contacts_and_workflows(workdir):
    with Running(workdir) as (srv, _):
        expect(srv, 422, "PUT", "/v1/contacts/a", {"emial": "x"}, contains="emial")
        expect(srv, 422, "PUT", "/v1/contacts/a", {"timezone": "Mars/Base"}, contains="/timezone")
        expect(srv, 422, "PUT", "/v1/contacts/a", {"id": "b"}, contains="does not match")
        expect(srv, 422, "PUT", "/v1/contacts/a", ["x"], contains="expected a contact object")
        expect(srv, 404, "GET", "/v1/contacts/nobody", contains="no contact")
        expect(srv, 404, "DELETE", "/v1/contacts/nobody", contains="no contact")
        assert event_count(srv) == 0
        bad = json.loads(json.dumps(WELCOME))
        bad["workflows"][0]["steps"][0]["template"] = "missing"
        p = expect(srv, 422, "PUT", "/v1/workflows/welcome", bad, contains="invalid workflow document")
        assert any(d.startswith("request: /workflows/0/steps/0/template: ") for d in p["details"]), p
        expect(srv, 422, "PUT", "/v1/workflows/other", WELCOME, contains='no workflow \\"other\\"')
        p = expect(srv, 422, "PUT", "/v1/workflows/welcome", raw=b'{"format": "flowcast/1",\n  "x": }')
        assert p["details"][0].startswith("request: line 2, column"), p
        expect(srv, 404, "GET", "/v1/workflows/welcome", contains="no deployed workflow")
        expect(srv, 404, "DELETE", "/v1/workflows/welcome", contains="no deployed workflow")
        assert srv.ok("GET", "/v1/workflows")["workflows"] == []
        expect(srv, 400, "POST", "/v1/backtest?from=yesterday", WELCOME, contains="RFC 3339")
        expect(srv, 422, "POST", "/v1/backtest?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z",
               WELCOME, contains="before")
        expect(srv, 422, "POST", "/v1/preview", {"format": "flowcast/2"}, contains="details")
        expect(srv, 400, "GET", "/v1/messages?status=lost", contains="status must be")
        expect(srv, 400, "GET", "/v1/messages?limit=0", contains="limit")
        expect(srv, 400, "POST", "/v1/admin/clock", {"advance": "soon"}, contains="duration")
        expect(srv, 400, "POST", "/v1/admin/clock", {"to": "then"}, contains="instant")
        expect(srv, 400, "POST", "/v1/admin/clock", {"by": "1h"}, contains="expected")
        expect(srv, 422, "POST", "/v1/admin/clock", {"to": "2026-03-01T00:00:00Z"}, contains="never goes back")
        assert event_count(srv) == 0


def test_hooks_and_links(workdir):
    secret = "shop-secret-0123456789"
    env = {"FLOWCAST_SHOPIFY_SECRET": secret, "FLOWCAST_WOOCOMMERCE_SECRET": secret}
    with Running(workdir, env=env) as (srv, _):
        body = json.dumps({"id": 1, "email": "a@example.com"}).encode()
        h = {"X-Shopify-Topic": "orders/create"}
        expect(srv, 401, "POST", "/hooks/shopify", raw=body, token=None, headers=h, contains="signature")
        bad = dict(h, **{"X-Shopify-Hmac-Sha256": hmac_b64("wrong", body)})
        expect(srv, 401, "POST", "/hooks/shopify", raw=body, token=None, headers=bad)
        signed = {"X-Shopify-Hmac-Sha256": hmac_b64(secret, body)}
        expect(srv, 400, "POST", "/hooks/shopify", raw=body, token=None, headers=signed, contains="Topic")
        wc = {"X-WC-Webhook-Topic": "order.created", "X-WC-Webhook-Signature": "AAAA"}
        expect(srv, 401, "POST", "/hooks/woocommerce", raw=body, token=None, headers=wc)
        garbage = b"not json"
        signed = dict(h, **{"X-Shopify-Hmac-Sha256": hmac_b64(secret, garbage)})
        expect(srv, 400, "POST", "/hooks/shopify", raw=garbage, token=None, headers=signed, contains="invalid JSON")
        expect(srv, 404, "GET", "/u/abc.def", token=None)
        expect(srv, 404, "POST", "/u/abc.def", token=None, raw=b"")
        assert event_count(srv) == 0
    with Running(workdir, db=database(workdir, "second")) as (srv, _):
        expect(srv, 404, "POST", "/hooks/shopify", raw=b"{}", token=None, contains="not configured")
        expect(srv, 404, "POST", "/hooks/woocommerce", raw=b"{}", token=None, contains="not configured")


def test_refusals(workdir):
    # The admin clock is refused on the system clock.
    with Running(workdir, manual=False) as (srv, _):
        expect(srv, 409, "POST", "/v1/admin/clock", {"advance": "1h"}, contains="--clock manual")
    # Without a token, only loopback.
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("FLOWCAST_")}
    r = subprocess.run([binary(), "serve", "--db", workdir + "/x.db", "--listen", "0.0.0.0:0"],
                       capture_output=True, env=env, timeout=30)
    assert r.returncode == 2 and b"refusing" in r.stderr, r
    r = subprocess.run([binary(), "serve", "--listen", "nonsense"], capture_output=True, env=env)
    assert r.returncode == 2 and b"HOST:PORT" in r.stderr, r
    r = subprocess.run([binary(), "serve", "--admin-token", "short"], capture_output=True, env=env)
    assert r.returncode == 2 and b"16 characters" in r.stderr, r


def test_database_errors(workdir):
    # A mistyped PostgreSQL URL or a database that does not answer: one clear line (no
    # password in it) and a non-zero exit, never a crash.
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("FLOWCAST_")}

    def serve(db):
        r = subprocess.run([binary(), "serve", "--db", db, "--listen", "127.0.0.1:0"],
                           capture_output=True, env=env, timeout=30)
        return r.returncode, r.stderr.decode()
    code, err = serve("postgres://shop:s3cret@127.0.0.1:5432/x?no_such_option=1")
    assert code == 2 and "invalid PostgreSQL URL" in err and "s3cret" not in err, (code, err)
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nothing listens there once the socket is closed
    code, err = serve("postgres://shop:s3cret@127.0.0.1:%d/x" % closed)
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "cannot connect" in lines[0], (code, err)
    assert "s3cret" not in err and "shop:***@" in err, err


if __name__ == "__main__":
    run_tests([test_auth, test_bodies, test_events, test_contacts_and_workflows,
               test_hooks_and_links, test_refusals, test_database_errors])
