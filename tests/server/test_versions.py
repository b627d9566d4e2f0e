"""Workflow versions: each deploy is a new version, in-flight enrollments finish on the version
they started on, a deleted workflow enrolls nobody new, and a restart changes nothing."""

import copy

from harness import INGEST, WELCOME, Running, Server, run_tests


def v2():
    doc = copy.deepcopy(WELCOME)
    doc["templates"]["welcome_2b"] = {"channel": "email", "subject": "Day two, new", "body": "v2"}
    doc["workflows"][0]["steps"][2]["template"] = "welcome_2b"
    return doc


def sent(srv, contact):
    return [(m["template"], m["at"]) for m in srv.messages(contact=contact)]


def test_versions(workdir):
    with Running(workdir) as (srv, _):
        assert srv.ok("PUT", "/v1/workflows/welcome", WELCOME)["version"] == 1
        for c in ("alice", "bob", "carol"):
            srv.ok("PUT", "/v1/contacts/" + c, {"email": c + "@example.com"}, token=INGEST)
        srv.ok("POST", "/v1/events", {"contact": "alice", "type": "Signed Up"})
        srv.advance("10m")
        view = srv.ok("GET", "/v1/contacts/alice")
        assert [(e["workflow"], e["version"]) for e in view["enrollments"]] == [("welcome", 1)], view
        r = srv.ok("PUT", "/v1/workflows/welcome", v2(), expect=(201,))
        assert r["version"] == 2 and r["deployed_at"] == "2026-03-02T00:10:01Z", r
        listing = srv.ok("GET", "/v1/workflows")["workflows"]
        assert len(listing) == 1 and listing[0]["current"] == 2, listing
        assert [v["status"] for v in listing[0]["versions"]] == ["retired", "current"], listing
        assert listing[0]["versions"][0]["retired_at"] == "2026-03-02T00:10:01Z"
        got = srv.ok("GET", "/v1/workflows/welcome")
        assert got["version"] == 2 and "welcome_2b" in got["document"]["templates"], got
        assert "contacts" not in got["document"]
        srv.ok("POST", "/v1/events", {"contact": "bob", "type": "Signed Up"})
        srv.advance("61m")
        # alice finished on version 1 (welcome_2); bob ran version 2 (welcome_2b).
        assert sent(srv, "alice") == [("welcome_1", "2026-03-02T00:00:01Z"),
                                      ("welcome_2", "2026-03-02T01:00:01Z")], sent(srv, "alice")
        assert sent(srv, "bob") == [("welcome_1", "2026-03-02T00:10:01Z"),
                                    ("welcome_2b", "2026-03-02T01:10:01Z")], sent(srv, "bob")
        # Version 1 has nothing in flight any more: drained.
        srv.advance("1s")
        listing = srv.ok("GET", "/v1/workflows")["workflows"]
        assert [v["status"] for v in listing[0]["versions"]] == ["drained", "current"], listing
        # Delete: bob's in-flight enrollment would finish, carol is never enrolled.
        srv.ok("POST", "/v1/events", {"contact": "bob", "type": "Signed Up"})
        r = srv.ok("DELETE", "/v1/workflows/welcome")
        assert r["version"] == 2, r
        srv.ok("POST", "/v1/events", {"contact": "carol", "type": "Signed Up"})
        srv.advance("2h")
        assert sent(srv, "carol") == [], sent(srv, "carol")
        assert [t for t, _ in sent(srv, "bob")] == ["welcome_1", "welcome_2b", "welcome_1", "welcome_2b"]
        before = srv.messages()
        status, _, _ = srv.request("GET", "/v1/workflows/welcome")
        assert status == 404
    # A restart rebuilds the same state: no new outbox rows.
    srv = Server(workdir)
    srv.start()
    try:
        srv.advance("1d")
        after = srv.messages()
        assert [m["id"] for m in after] == [m["id"] for m in before], "outbox changed after restart"
    finally:
        srv.stop()


if __name__ == "__main__":
    run_tests([test_versions])
