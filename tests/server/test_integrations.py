"""Segment-compatible ingestion, Shopify and WooCommerce webhooks, the sms/push gateway,
webhook steps, and delivery retries with backoff."""

import copy
import json

from harness import INGEST, WELCOME, HttpSink, Running, SmtpSink, hmac_b64, run_tests

SECRET = "shop-secret-0123456789"


def test_segment(workdir):
    with Running(workdir) as (srv, _):
        srv.ok("PUT", "/v1/workflows/welcome", WELCOME)
        r = srv.ok("POST", "/v1/identify", {"userId": "u1", "traits": {"email": "u1@example.com",
                                                                     "first_name": "Uma"},
                                           "messageId": "m-1", "timestamp": "2026-03-01T10:00:00.123Z"},
                   token=INGEST)
        assert r == {"success": True}, r
        srv.ok("POST", "/v1/track", {"userId": "u1", "event": "Signed Up", "messageId": "m-2",
                                     "properties": {"plan": "pro"}}, token=INGEST)
        r = srv.ok("POST", "/v1/batch", {"batch": [
            {"type": "track", "anonymousId": "anon-9", "event": "Product Viewed", "messageId": "m-3"},
            {"type": "page", "userId": "u1", "name": "Home"},
            {"type": "track", "userId": "u1", "event": "Signed Up", "messageId": "m-2"}]}, token=INGEST)
        assert r == {"success": True}, r
        c = srv.ok("GET", "/v1/contacts/u1")
        assert c["email"] == "u1@example.com" and c["properties"] == {"first_name": "Uma"}, c
        assert c["events"] == 2, c  # the replayed messageId m-2 was ignored
        assert srv.ok("GET", "/v1/contacts/anon-9")["events"] == 1
        assert [m["template"] for m in srv.messages(contact="u1")] == ["welcome_1"]


def post_hook(srv, path, body, headers):
    raw = json.dumps(body).encode()
    return srv.request("POST", path, raw=raw, token=None, headers=headers(raw))


def test_shop_webhooks(workdir):
    env = {"FLOWCAST_SHOPIFY_SECRET": SECRET, "FLOWCAST_WOOCOMMERCE_SECRET": SECRET}
    with Running(workdir, env=env) as (srv, _):
        order = {"id": 820982911946154508, "name": "#9999", "email": "Jon@Example.com",
                 "total_price": "59.90", "currency": "EUR", "line_items": [{}, {}],
                 "created_at": "2026-03-01T18:00:00-05:00",
                 "customer": {"id": 115310627314723954, "first_name": "Jon", "last_name": "Snow"}}

        def shopify(topic, wid):
            return lambda raw: {"X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": wid,
                                "X-Shopify-Hmac-Sha256": hmac_b64(SECRET, raw)}

        status, _, body = post_hook(srv, "/hooks/shopify", order, shopify("orders/create", "w-1"))
        assert status == 200 and body["accepted"] == 2, body
        status, _, body = post_hook(srv, "/hooks/shopify", order, shopify("orders/create", "w-1"))
        assert status == 200 and body["duplicates"] == 2, body  # Shopify retried the delivery
        checkout = {"token": "abc", "email": "jon@example.com", "total_price": "12.00",
                    "abandoned_checkout_url": "https://shop.example/c/abc"}
        status, _, body = post_hook(srv, "/hooks/shopify", checkout, shopify("checkouts/create", "w-2"))
        assert status == 200 and body["accepted"] == 2, body
        status, _, body = post_hook(srv, "/hooks/shopify", {"id": 1}, shopify("products/create", "w-3"))
        assert status == 200 and "not mapped" in body["ignored"], body
        c = srv.ok("GET", "/v1/contacts/jon@example.com")
        assert c["email"] == "jon@example.com", c
        assert c["properties"]["first_name"] == "Jon", c
        assert c["events"] == 4, c

        def woo(topic, did):
            return lambda raw: {"X-WC-Webhook-Topic": topic, "X-WC-Webhook-Delivery-ID": did,
                                "X-WC-Webhook-Signature": hmac_b64(SECRET, raw)}

        worder = {"id": 727, "number": "727", "status": "processing", "total": "21.50",
                  "currency": "USD", "billing": {"email": "ann@example.com", "first_name": "Ann"}}
        status, _, body = post_hook(srv, "/hooks/woocommerce", worder, woo("order.updated", "d-1"))
        assert status == 200 and body["accepted"] == 2, body
        status, _, body = srv.request("POST", "/hooks/woocommerce", raw=b"webhook_id=3", token=None,
                                      content_type="application/x-www-form-urlencoded")
        assert status == 200 and body["ignored"] == "ping", body
        c = srv.ok("GET", "/v1/contacts/ann@example.com")
        assert c["properties"]["first_name"] == "Ann" and c["events"] == 2, c


def gateway_doc(webhook_url):
    return {"format": "flowcast/1",
            "templates": {"code": {"channel": "sms", "kind": "transactional", "body": "Code {{event.code}}"},
                          "note": {"channel": "push", "body": "Hi"}},
            "workflows": [{"id": "otp", "trigger": {"event": "Code Requested"}, "reenroll": "always",
                           "steps": [{"id": "sms", "type": "send", "template": "code"},
                                     {"id": "push", "type": "send", "template": "note"},
                                     {"id": "hook", "type": "webhook", "url": webhook_url,
                                      "body": "{\"contact\": \"{{contact.id}}\"}"},
                                     {"id": "todo", "type": "task", "title": "Call {{contact.id}}"}]}]}


def test_gateway_and_webhooks(workdir):
    gateway = HttpSink().start()
    hooks = HttpSink().start()
    try:
        with Running(workdir, extra=["--gateway-url", gateway.url + "/send"]) as (srv, _):
            srv.ok("PUT", "/v1/workflows/otp", gateway_doc(hooks.url + "/hook"))
            srv.ok("PUT", "/v1/contacts/p1", {"phone": "+33600000000"})
            srv.ok("POST", "/v1/events", {"contact": "p1", "type": "Code Requested",
                                          "properties": {"code": "4711"}})
            srv.wait_for(lambda: len(gateway.requests) == 2 and hooks.requests, what="gateway posts")
            sms = json.loads(gateway.requests[0]["body"])
            assert sms["channel"] == "sms" and sms["to"] == "+33600000000" and sms["body"] == "Code 4711", sms
            push = json.loads(gateway.requests[1]["body"])
            assert push["channel"] == "push" and push["to"] == "p1", push
            assert json.loads(hooks.requests[0]["body"]) == {"contact": "p1"}
            assert hooks.requests[0]["headers"]["X-Flowcast-Message-Id"].startswith("a_")
            msgs = srv.wait_for(lambda: [m for m in srv.messages(contact="p1")
                                         if m["status"] in ("delivered", "recorded")]
                                if len(srv.messages(contact="p1", status="pending")) == 0 else None,
                                what="statuses")
            kinds = sorted((m["channel"], m["status"]) for m in msgs)
            assert kinds == [("push", "delivered"), ("sms", "delivered"), ("task", "recorded"),
                             ("webhook", "delivered")], kinds
            task = [m for m in msgs if m["channel"] == "task"][0]
            assert task["title"] == "Call p1", task
            # The gateway refuses for good (4xx): failed at once, no retry.
            gateway.status = 400
            srv.ok("POST", "/v1/events", {"contact": "p1", "type": "Code Requested",
                                          "properties": {"code": "1"}})
            failed = srv.wait_for(lambda: srv.messages(status="failed"), what="a failed message")
            assert failed[0]["attempts"] == 1 and "400" in failed[0]["last_error"], failed
    finally:
        gateway.stop()
        hooks.stop()


def test_retries(workdir):
    sink = SmtpSink()
    port = sink.port
    env = {"FLOWCAST_RETRY_BASE_SECONDS": "60", "FLOWCAST_MAX_ATTEMPTS": "3"}
    with Running(workdir, env=env, extra=["--smtp-url", "smtp://127.0.0.1:%d" % port]) as (srv, _):
        srv.ok("PUT", "/v1/workflows/welcome", WELCOME)
        srv.ok("PUT", "/v1/contacts/r", {"email": "r@example.com"})
        srv.ok("POST", "/v1/events", {"contact": "r", "type": "Signed Up"})
        # The SMTP server is down: the first attempt fails and is retried after 60s, then 120s.
        m = srv.wait_for(lambda: [x for x in srv.messages(contact="r") if x["attempts"] == 1
                                  and x["status"] == "pending"], what="a failed first attempt")[0]
        assert m["next_attempt_at"] == "2026-03-02T00:01:00Z", m
        assert "smtp" in m["last_error"], m
        srv.advance("59s")
        assert srv.messages(contact="r")[0]["attempts"] == 1
        srv.advance("1s")
        m = srv.wait_for(lambda: [x for x in srv.messages(contact="r") if x["attempts"] == 2
                                  and x["status"] == "pending"], what="a second attempt")[0]
        assert m["next_attempt_at"] == "2026-03-02T00:03:00Z", m
        sink.start()
        try:
            srv.advance("2m")
            srv.wait_for(lambda: srv.messages(status="delivered"), what="delivery after retries")
            assert len(sink.received()) == 1
            assert srv.messages(contact="r")[0]["attempts"] == 3
        finally:
            sink.stop()
        # Down again: after max_attempts the message fails for good.
        srv.advance("1h")  # welcome_2 is due now

        def attempts(n):
            return srv.wait_for(lambda: [x for x in srv.messages(contact="r", status="pending")
                                         if x["attempts"] == n], what="attempt %d" % n)

        attempts(1)
        srv.advance("1m")
        attempts(2)
        srv.advance("2m")
        failed = srv.wait_for(lambda: srv.messages(status="failed"), what="a failed message")
        assert failed[0]["attempts"] == 3 and failed[0]["template"] == "welcome_2", failed


if __name__ == "__main__":
    run_tests([test_segment, test_shop_webhooks, test_gateway_and_webhooks, test_retries])
