"""Events with an `at` in the past: stored with their own `at`, taken by the engines at the
present (`taken_at`), refused beyond max_late_seconds; backtests replay them at their own time;
a restart rebuilds the same state."""

from harness import WELCOME, Running, Server, run_tests


def test_late_event_taken_now_and_kept(workdir):
    with Running(workdir, env={"FLOWCAST_MAX_LATE_SECONDS": "7200"}) as (srv, _):
        srv.ok("PUT", "/v1/workflows/welcome", WELCOME, expect=(201,))
        srv.advance("1h")  # now 01:00:00; events now are taken at 01:00:01
        r = srv.ok("POST", "/v1/events", {"batch": [
            {"contact": "bob", "type": "identify", "at": "2026-03-02T00:10:00Z",
             "properties": {"email": "bob@example.com", "first_name": "Bob"}},
            {"contact": "bob", "type": "Signed Up", "at": "2026-03-02T00:20:00Z", "id": "late-1"}]},
            expect=(202,))
        assert r["accepted"] == 2, r
        ev = r["events"]
        # Its own time is kept; the engines took it at the present.
        assert ev[0]["at"] == "2026-03-02T00:10:00Z" and ev[1]["at"] == "2026-03-02T00:20:00Z", ev
        assert ev[0]["taken_at"] == ev[1]["taken_at"] == "2026-03-02T01:00:01Z", ev
        # The workflow reacts now: the first email at the present, the second 1h after it (not
        # 1h after 00:20, which would already have passed).
        out = srv.messages(contact="bob")
        assert [(m["template"], m["at"]) for m in out] == [("welcome_1", "2026-03-02T01:00:01Z")], out
        srv.ok("POST", "/v1/admin/clock", {"to": "2026-03-02T02:00:00Z"})
        assert len(srv.messages(contact="bob")) == 1
        srv.ok("POST", "/v1/admin/clock", {"to": "2026-03-02T02:00:01Z"})
        out = srv.messages(contact="bob")
        assert [(m["template"], m["at"]) for m in out][1] == ("welcome_2", "2026-03-02T02:00:01Z"), out
        # Too far in the past: refused, nothing stored.
        status, _, body = srv.request("POST", "/v1/events", {"batch": [
            {"contact": "bob", "type": "Viewed", "at": "2026-03-02T02:00:00Z"},
            {"contact": "bob", "type": "Viewed", "at": "2026-03-01T23:00:00Z"}]})
        assert status == 422 and "max_late_seconds" in body["details"][0], body
        assert "event 1" in body["details"][0] and len(body["details"]) == 1, body
        assert srv.ok("GET", "/v1/contacts/bob")["events"] == 2
        # A late event right after a deploy is taken after it, at the present.
        health = srv.ok("GET", "/healthz", token=None)
        assert health["events"] == 2, health


def test_backtest_uses_own_time_and_restart_rebuilds(workdir):
    srv = Server(workdir)
    try:
        srv.start()
        srv.ok("PUT", "/v1/workflows/welcome", WELCOME, expect=(201,))
        srv.advance("1h")
        srv.ok("POST", "/v1/events", {"batch": [
            {"contact": "cy", "type": "identify", "at": "2026-03-02T00:10:00Z",
             "properties": {"email": "cy@example.com"}},
            {"contact": "cy", "type": "Signed Up", "at": "2026-03-02T00:20:00Z"}]}, expect=(202,))
        def records():
            return [(m["id"], m["template"], m["at"]) for m in srv.messages(contact="cy")]
        before = records()
        assert [r[1:] for r in before] == [("welcome_1", "2026-03-02T01:00:01Z")], before
        # The backtest replays history at each event's own time: the signup at 00:20.
        bt = srv.ok("POST", "/v1/backtest?from=2026-03-02T00:00:00Z&to=2026-03-02T03:00:00Z", WELCOME)
        sent = [(m["contact"], m["template"], m["at"]) for m in bt["report"]["messages"]
                if m["contact"] == "cy"]
        assert ("cy", "welcome_1", "2026-03-02T00:20:00Z") in sent, sent
        srv.kill9()
        srv.start()
        assert records() == before
        c = srv.ok("GET", "/v1/contacts/cy")
        assert c["events"] == 2 and c["email"] == "cy@example.com", c
    finally:
        srv.stop()


if __name__ == "__main__":
    run_tests([test_late_event_taken_now_and_kept, test_backtest_uses_own_time_and_restart_rebuilds])
