#!/usr/bin/env python3
"""Loopback webhook receiver for callsift's tests.

  POST /ID/hook          recorded; answered 204
  POST /fail-N.ID/hook   the first N POSTs under that prefix answered 500, then as above
  POST /away.ID/hook     answered 307 to the same path on "localhost": another host, same server
  GET  /ID/received      every POST accepted under that prefix:
                         [{"headers": {...}, "body": "...", "received_at": UNIX_SECONDS}]

Prints the port it listens on (127.0.0.1 only), then serves until its standard input closes.
"""
import http.server
import json
import threading
import time

import loopback

LOCK = threading.Lock()
RECEIVED = {}  # prefix -> list of requests
COUNTS = {}    # prefix -> POSTs seen


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        prefix = self.path.strip("/").split("/")[0]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if prefix.startswith("away.") and self.headers.get("Host", "").startswith("127.0.0.1"):
            self.send_response(307)
            self.send_header("Location", "http://localhost:%d%s" % (self.server.server_address[1], self.path))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        fail = int(prefix.split(".")[0][5:]) if prefix.startswith("fail-") else 0
        with LOCK:
            COUNTS[prefix] = COUNTS.get(prefix, 0) + 1
            failing = COUNTS[prefix] <= fail
            if not failing:
                RECEIVED.setdefault(prefix, []).append(
                    {"headers": dict(self.headers), "body": body.decode(), "received_at": time.time()})
        self.send_response(500 if failing else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        prefix = self.path.strip("/").split("/")[0]
        with LOCK:
            payload = json.dumps(RECEIVED.get(prefix, [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


loopback.serve(Handler)
