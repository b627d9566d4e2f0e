"""A throw-away PostgreSQL server for tests and benchmarks: a fresh cluster (initdb) in a temp
folder, listening on 127.0.0.1 at a free port with trust authentication, stopped and deleted by
stop() (also at exit, whatever happened). PostgreSQL refuses to run as root: as root the cluster
belongs to the `postgres` user (Debian's postgresql package creates it)."""

import atexit
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading


def pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        raise SystemExit("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    return os.path.dirname(found[-1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    def __init__(self, fsync=False):
        self.fsync = fsync  # off for tests (a kill -9 of a flowcast server never loses commits)
        self.dir = None
        self.port = None
        self.bin = pg_bin()
        self.as_user = []
        self.databases = set()

    def _run(self, args, **kw):
        return subprocess.run(self.as_user + args, check=True, capture_output=True, **kw)

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="flowcast-pg-")
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        atexit.register(self.stop)
        if threading.current_thread() is threading.main_thread():
            # A SIGTERM (ctest, Ctrl-C in a shell script) still unwinds and cleans up.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        data = os.path.join(self.dir, "data")
        self._run([self.bin + "/initdb", "-D", data, "-A", "trust", "-U", "postgres",
                   "--no-sync", "-E", "UTF8", "--locale", "C"])
        self.port = free_port()
        opts = "-k %s -p %d -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=%s" % (
            self.dir, self.port, "on" if self.fsync else "off")
        self._run([self.bin + "/pg_ctl", "-D", data, "-l", os.path.join(self.dir, "log"),
                   "-o", opts, "-w", "start"])
        return self

    def url(self, database):
        return "postgres://postgres@127.0.0.1:%d/%s" % (self.port, database)

    def psql(self, database, sql):
        """Runs SQL; returns the rows as lists of strings (tab-separated, unaligned)."""
        r = subprocess.run([self.bin + "/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                            "postgres", "-d", database, "-X", "-q", "-A", "-t", "-F", "\t",
                            "-v", "ON_ERROR_STOP=1", "-c", sql],
                           check=True, capture_output=True, text=True)
        return [line.split("\t") for line in r.stdout.splitlines() if line]

    def create_database(self, name):
        """A new, empty database; returns its URL (the same one again for a known name)."""
        if name not in self.databases:
            self.psql("postgres", 'CREATE DATABASE "%s"' % name)
            self.databases.add(name)
        return self.url(name)

    def stop(self):
        if not self.dir:
            return
        data = os.path.join(self.dir, "data")
        subprocess.run(self.as_user + [self.bin + "/pg_ctl", "-D", data, "-m", "immediate",
                                       "-w", "stop"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
