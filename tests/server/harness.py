"""Test harness for the live server: starts the real `flowcast serve` binary on a free loopback
port with a temporary database and a manual clock, runs an SMTP sink (aiosmtpd) and a tiny HTTP
sink, and offers small HTTP helpers. Python standard library plus aiosmtpd only.

With FLOWCAST_TEST_DB=postgres every database is a fresh PostgreSQL database in one throw-away
cluster started for the run (pg_cluster.py); otherwise a SQLite file in the test's temp dir."""

import base64
import email
import email.policy
import hashlib
import hmac
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request

ADMIN = "admin-token-0123456789abcdef"
INGEST = "ingest-token-0123456789abcdef"
START = "2026-03-02T00:00:00Z"

FLOWCAST = None
POSTGRES = os.environ.get("FLOWCAST_TEST_DB") == "postgres"
_CLUSTER = None


def pg_cluster():
    """The run's PostgreSQL cluster, started on first use."""
    global _CLUSTER
    if _CLUSTER is None:
        from pg_cluster import PgCluster
        _CLUSTER = PgCluster().start()
    return _CLUSTER


def database(workdir, name="flowcast"):
    """The --db of a test: a SQLite file in workdir, or a PostgreSQL database of its own."""
    if not POSTGRES:
        return os.path.join(workdir, name + ".db")
    key = "".join(c if c.isalnum() else "_" for c in os.path.basename(workdir) + "_" + name)
    return pg_cluster().create_database(key.lower())


def binary():
    global FLOWCAST
    if FLOWCAST is None:
        FLOWCAST = os.environ.get("FLOWCAST") or (sys.argv[1] if len(sys.argv) > 1 else None)
        if not FLOWCAST:
            raise SystemExit("usage: test.py PATH/TO/flowcast")
    return FLOWCAST


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WELCOME = {
    "format": "flowcast/1",
    "templates": {
        "welcome_1": {"channel": "email", "kind": "transactional",
                      "subject": "Welcome {{contact.first_name}}",
                      "body": "Hello {{contact.first_name}}!\nGlad you are here."},
        "welcome_2": {"channel": "email", "subject": "Day two", "body": "Still with us?"},
    },
    "workflows": [{
        "id": "welcome", "name": "Welcome series",
        "trigger": {"event": "Signed Up"}, "reenroll": "always",
        "steps": [
            {"id": "hello", "type": "send", "template": "welcome_1"},
            {"id": "wait", "type": "delay", "duration": "1h"},
            {"id": "later", "type": "send", "template": "welcome_2"},
        ],
    }],
}


class Server:
    """One `flowcast serve` process."""

    def __init__(self, workdir, manual=True, tokens=True, smtp_port=None, extra=(), env=None,
                 clock_start=START, db=None, quiet=True):
        self.workdir = workdir
        self.db = db or database(workdir)
        self.manual = manual
        self.tokens = tokens
        self.smtp_port = smtp_port
        self.extra = list(extra)
        self.env_extra = dict(env or {})
        self.clock_start = clock_start
        self.quiet = quiet
        self.proc = None
        self.url = None
        self.log_path = os.path.join(workdir, "server.log")

    def command(self):
        cmd = [binary(), "serve", "--db", self.db, "--listen", "127.0.0.1:0"]
        if self.quiet:
            cmd.append("--quiet")
        if self.manual:
            cmd += ["--clock", "manual", "--clock-start", self.clock_start]
        if self.smtp_port:
            cmd += ["--smtp-url", "smtp://127.0.0.1:%d" % self.smtp_port,
                    "--smtp-from", "shop@example.com"]
        return cmd + self.extra

    def environment(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLOWCAST_")}
        if self.tokens:
            env["FLOWCAST_ADMIN_TOKEN"] = ADMIN
            env["FLOWCAST_INGEST_TOKEN"] = INGEST
        env["FLOWCAST_RETRY_BASE_SECONDS"] = env.get("FLOWCAST_RETRY_BASE_SECONDS", "10")
        env.update(self.env_extra)
        return env

    def start(self, timeout=60):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), stdout=subprocess.PIPE, stderr=log,
                                     env=self.environment())
        deadline = time.time() + timeout
        line = b""
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if b"listening on " in line:
                self.url = line.decode().split("listening on ")[1].split()[0]
                return self
        self.proc.kill()
        raise AssertionError("server did not start: %r\n%s" % (line, self.log()))

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")[-4000:]
        except OSError:
            return ""

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()

    # ---- HTTP
    def request(self, method, path, body=None, token=ADMIN, headers=None, raw=None,
                content_type="application/json", timeout=30):
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None and content_type:
            req.add_header("Content-Type", content_type)
        if token:
            req.add_header("Authorization", "Bearer " + token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, dict(r.headers), decode(r.read(), r.headers)
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), decode(e.read(), e.headers)

    def ok(self, method, path, body=None, expect=(200, 201, 202), **kw):
        status, _, payload = self.request(method, path, body, **kw)
        if status not in expect:
            raise AssertionError("%s %s -> %d %r" % (method, path, status, payload))
        return payload

    def advance(self, duration):
        return self.ok("POST", "/v1/admin/clock", {"advance": duration})

    def messages(self, **params):
        q = "&".join("%s=%s" % (k, urllib.parse.quote(str(v))) for k, v in params.items())
        return self.ok("GET", "/v1/messages?limit=10000" + ("&" + q if q else ""))["messages"]

    def wait_for(self, predicate, timeout=20, what="condition"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError("timed out waiting for " + what)


import urllib.parse  # noqa: E402


def decode(data, headers):
    ctype = headers.get("Content-Type", "") if headers else ""
    if "json" in ctype:
        try:
            return json.loads(data)
        except ValueError:
            return data.decode(errors="replace")
    return data.decode(errors="replace")


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free loopback port that keeps what it receives."""

    def __init__(self, delay=0.0, rcpt_delay=0.0):
        from aiosmtpd.controller import Controller
        self.messages = []
        self.lock = threading.Lock()
        self.delay = delay  # before the reply to the end of data (the message is complete)
        self.rcpt_delay = rcpt_delay  # before the reply to RCPT TO (nothing handed over yet)
        self.port = free_port()
        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if sink.rcpt_delay:
                    import asyncio
                    await asyncio.sleep(sink.rcpt_delay)
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                # Like a real MTA: the message is queued once its end of data arrived, even if
                # the client is gone before the reply (the window a crash cannot resolve).
                msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
                with sink.lock:
                    sink.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                          "message": msg})
                if sink.delay:
                    import asyncio
                    await asyncio.sleep(sink.delay)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def received(self):
        with self.lock:
            return list(self.messages)

    def ids(self):
        return [m["message"]["X-Flowcast-Message-Id"] for m in self.received()]


class HttpSink:
    """A loopback HTTP server that records POSTs (gateway and webhook targets)."""

    def __init__(self, status=200):
        self.requests = []
        self.status = status
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                sink.requests.append({"path": self.path, "headers": dict(self.headers),
                                      "body": body.decode(errors="replace")})
                self.send_response(sink.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()


def hmac_b64(secret, body):
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def run_tests(tests):
    """Runs test functions, each with a fresh temp dir; prints 'N passed, N failed'."""
    binary()
    passed = failed = 0
    for t in tests:
        workdir = tempfile.mkdtemp(prefix="flowcast-test-")
        try:
            t(workdir)
            passed += 1
            print("PASS", t.__name__, flush=True)
        except Exception:
            failed += 1
            print("FAIL", t.__name__, flush=True)
            traceback.print_exc()
            log = os.path.join(workdir, "server.log")
            if os.path.exists(log):
                with open(log, errors="replace") as f:
                    print("--- server log (tail):\n" + f.read()[-3000:])
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


class Running:
    """Context manager: a started server (and optional SMTP sink) stopped on exit."""

    def __init__(self, workdir, smtp=False, smtp_delay=0.0, **kw):
        self.sink = SmtpSink(smtp_delay).start() if smtp else None
        self.server = Server(workdir, smtp_port=self.sink.port if self.sink else None, **kw)

    def __enter__(self):
        try:
            self.server.start()
        except Exception:
            if self.sink:
                self.sink.stop()
            raise
        return self.server, self.sink

    def __exit__(self, *exc):
        self.server.stop()
        if self.sink:
            self.sink.stop()
        return False
