#!/usr/bin/env python3
"""Loopback HTTP server for callsift's URL tests. Serves files from one folder.

  /range/NAME     the file, honouring Range requests (206, Accept-Ranges: bytes)
  /norange/NAME   the file, ignoring Range (200, no Accept-Ranges): not seekable
  /status/CODE    an empty answer with that HTTP status
  /hang           accepts the connection and never answers
  /stall/NAME     sends the headers and the first 64 KiB of the file, then stops sending
  /loop/NAME      a redirect to itself, forever
  /html/NAME      200 with an HTML page (a login or error page where the recording should be)
  /short/NAME     the file's full Content-Length, but only its first half, then the connection closes

With `--tls CERT KEY` after the folder, it speaks https with that certificate.

Prints the port it listens on (127.0.0.1 only), then serves until its standard input closes,
which happens when the test process that started it exits, however it exits.
"""
import http.server
import os
import re
import sys
import time

import loopback

ROOT = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head=False):
        parts = self.path.split("?")[0].strip("/").split("/", 1)
        kind, rest = parts[0], parts[1] if len(parts) > 1 else ""
        if kind == "status":
            code = int(rest)
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind == "hang":
            time.sleep(120)
            return
        if kind in ("loop", "html"):
            page = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>"
            self.send_response(302 if kind == "loop" else 200)
            if kind == "loop":
                self.send_header("Location", self.path)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "0" if kind == "loop" else str(len(page)))
            self.end_headers()
            if kind == "html" and not head:
                self.wfile.write(page)
            return
        path = os.path.join(ROOT, os.path.basename(rest))
        if kind not in ("range", "norange", "stall", "short") or not os.path.isfile(path):
            self.send_error(404, "Not Found")
            return
        with open(path, "rb") as f:
            data = f.read()
        start, end = 0, len(data) - 1
        match = re.match(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if kind == "range" and match:
            start = int(match.group(1))
            if match.group(2):
                end = min(end, int(match.group(2)))
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % len(data))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, len(data)))
        else:
            self.send_response(200)
        if kind == "range":
            self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        if head:
            return
        body = data[start:end + 1]
        try:
            if kind == "short":
                self.wfile.write(body[:len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if kind == "stall":
                self.wfile.write(body[:65536])
                self.wfile.flush()
                time.sleep(120)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


loopback.serve(Handler, tls=sys.argv[3:5] if sys.argv[2:3] == ["--tls"] else None)
