#!/usr/bin/env python3
"""mirror-server.py - a tiny HTTP release mirror for ioc's tests.

usage: mirror-server.py [--log FILE] [--port-file FILE] [--drop PATH=K]
                        [--rate BYTES] [--timeout SECONDS] DIRECTORY

Serves DIRECTORY on 127.0.0.1 on an ephemeral port and prints the port
(one line on stdout, and into --port-file when given). GET and HEAD;
directories are listed as an index page with href="NAME/" links, the way
download.freebsd.org lists releases. "Range: bytes=N-" and "bytes=N-M" are
honoured with 206 and Content-Range (416 beyond the end), which Python's
http.server does not do.

--log FILE gets one line per request:
    METHOD PATH range=<Range header or -> status=<code> sent=<body bytes>
--drop PATH=K sends only the first K body bytes of PATH (URL path, e.g.
/14.3-RELEASE/base.txz) on the first GET of it, then drops the connection,
to simulate an interrupted download. Later requests are served fully.
--rate BYTES sends file bodies at about BYTES per second (a download that
takes long enough to be interrupted).

Bounded: the server exits when its parent process dies and after
--timeout seconds (default 300). Loopback only.
"""

import argparse
import html
import os
import posixpath
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

CHUNK = 64 * 1024


class Mirror(HTTPServer):
    allow_reuse_address = True

    def __init__(self, root, log, drops, rate):
        super().__init__(("127.0.0.1", 0), Handler)
        self.rate = rate
        self.root = os.path.realpath(root)
        self.logf = open(log, "a", buffering=1) if log else None
        self.drops = drops  # path -> K, removed once used
        self.lock = threading.Lock()

    def log_request_line(self, line):
        if self.logf:
            with self.lock:
                self.logf.write(line + "\n")
                self.logf.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ioc-test-mirror/1"

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    def _local(self):
        path = urllib.parse.urlsplit(self.path).path
        path = posixpath.normpath(urllib.parse.unquote(path))
        parts = [p for p in path.split("/") if p not in ("", ".", "..")]
        local = os.path.realpath(os.path.join(self.server.root, *parts))
        if local != self.server.root and not local.startswith(
                self.server.root + os.sep):
            return None, path
        return local, path

    def _finish(self, status, sent):
        rng = self.headers.get("Range") or "-"
        self.server.log_request_line(
            "%s %s range=%s status=%d sent=%d"
            % (self.command, self.path, rng, status, sent))

    def _simple(self, status, body=b"", ctype="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        sent = 0
        if self.command != "HEAD":
            self.wfile.write(body)
            sent = len(body)
        self._finish(status, sent)

    def _index(self, local, path):
        if not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            self._finish(301, 0)
            return
        rows = ['<a href="../">../</a>']
        for name in sorted(os.listdir(local)):
            slash = "/" if os.path.isdir(os.path.join(local, name)) else ""
            q = html.escape(urllib.parse.quote(name) + slash, quote=True)
            rows.append('<a href="%s">%s</a>' % (q, html.escape(name + slash)))
        body = ("<html><head><title>Index of %s</title></head><body>"
                "<h1>Index of %s</h1><pre>\n%s\n</pre></body></html>\n"
                % (html.escape(path), html.escape(path), "\n".join(rows)))
        self._simple(200, body.encode(), "text/html")

    def _file(self, local, path):
        size = os.path.getsize(local)
        start, end, status = 0, size - 1, 200
        rng = self.headers.get("Range")
        if rng:
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", rng.strip())
            if not m:
                self._simple(400, b"bad range\n")
                return
            start = int(m.group(1))
            if m.group(2):
                end = min(int(m.group(2)), size - 1)
            if start >= size or start > end:
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % size)
                self.send_header("Content-Length", "0")
                self.end_headers()
                self._finish(416, 0)
                return
            status = 206
        length = end - start + 1
        limit = length
        if self.command == "GET":
            with self.server.lock:
                drop = self.server.drops.pop(path, None)
            if drop is not None:
                limit = min(limit, drop)
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range",
                             "bytes %d-%d/%d" % (start, end, size))
        self.end_headers()
        sent = 0
        if self.command == "GET":
            with open(local, "rb") as f:
                f.seek(start)
                chunk = CHUNK
                if self.server.rate:
                    chunk = max(1, min(CHUNK, self.server.rate // 10))
                while sent < limit:
                    buf = f.read(min(chunk, limit - sent))
                    if not buf:
                        break
                    try:
                        self.wfile.write(buf)
                    except (BrokenPipeError, ConnectionResetError):
                        break
                    sent += len(buf)
                    if self.server.rate:
                        time.sleep(len(buf) / self.server.rate)
            if limit < length:
                self.wfile.flush()
                self.close_connection = True
                self._finish(status, sent)
                # Drop the connection in the middle of the body.
                try:
                    self.connection.shutdown(2)
                except OSError:
                    pass
                return
        self._finish(status, sent)

    def _serve(self):
        local, path = self._local()
        if local is None or not os.path.exists(local):
            self._simple(404, b"not found\n")
        elif os.path.isdir(local):
            self._index(local, urllib.parse.urlsplit(self.path).path)
        else:
            self._file(local, path)

    def do_GET(self):
        self._serve()

    def do_HEAD(self):
        self._serve()


def watchdog(ppid, deadline):
    while True:
        if os.getppid() != ppid or time.monotonic() > deadline:
            os._exit(0)
        time.sleep(0.2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("directory")
    ap.add_argument("--log")
    ap.add_argument("--port-file")
    ap.add_argument("--drop", action="append", default=[],
                    metavar="PATH=K")
    ap.add_argument("--rate", type=int, default=0, metavar="BYTES")
    ap.add_argument("--timeout", type=float, default=300.0)
    a = ap.parse_args()
    drops = {}
    for d in a.drop:
        path, _, k = d.rpartition("=")
        if not path.startswith("/") or not k.isdigit():
            ap.error("--drop wants /PATH=BYTES")
        drops[posixpath.normpath(path)] = int(k)
    if not os.path.isdir(a.directory):
        ap.error("%s is not a directory" % a.directory)
    srv = Mirror(a.directory, a.log, drops, a.rate)
    port = srv.server_address[1]
    threading.Thread(target=watchdog,
                     args=(os.getppid(), time.monotonic() + a.timeout),
                     daemon=True).start()
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, a.port_file)
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
