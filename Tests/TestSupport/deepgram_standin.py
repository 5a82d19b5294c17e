#!/usr/bin/env python3
"""Loopback stand-in for Deepgram's pre-recorded API, for callsift's DeepgramClient tests.

  POST /SCENARIO[.ID]/v1/listen     answers like POST https://api.deepgram.com/v1/listen
  GET  /SCENARIO[.ID]/last-request  what the last POST under that prefix carried, and how many came

SCENARIO picks the behaviour; ID (anything) keeps one test's counts apart from another's:
  ok                      a diarized answer with utterances; one result per channel when multichannel=true
  fail-429-twice          429 with Retry-After: 0 twice, then as ok
  fail-429-twice-after-N  the same with Retry-After: N
  always-500              500 every time
  bad-request             400, as Deepgram answers audio it cannot decode

last-request also gives the seconds between consecutive POSTs ("gaps"), so tests can check waits.

Every POST must carry "Authorization: Token KEY" (KEY is the first argument), else 401 as Deepgram does.
Prints the port it listens on (127.0.0.1 only), then serves until its standard input closes, which
happens when the test process that started it exits, however it exits.
"""
import datetime
import hashlib
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse
import uuid

import loopback

KEY = sys.argv[1]
LOCK = threading.Lock()
REQUESTS = {}  # prefix -> {"count": n, "last": {...}, "times": [monotonic arrival times]}

# (speaker, start, end, punctuated word, confidence): a rep and a customer.
REP = [
    (0, 0.08, 0.40, "Hello,", 0.998), (0, 0.40, 0.56, "this", 0.997), (0, 0.56, 0.64, "is", 0.999),
    (0, 0.64, 0.96, "Alex", 0.991), (0, 0.96, 1.12, "from", 0.996), (0, 1.12, 1.68, "Northwind.", 0.972),
]
CUSTOMER = [
    (1, 2.10, 2.30, "Hi,", 0.989), (1, 2.30, 2.62, "who's", 0.954), (1, 2.62, 3.10, "calling?", 0.981),
]
DURATION = 3.5


def word(entry, speaker=None):
    spk, start, end, text, confidence = entry
    return {
        "word": "".join(c for c in text.lower() if c.isalnum() or c == "'"),
        "start": start, "end": end, "confidence": confidence,
        "speaker": spk if speaker is None else speaker, "speaker_confidence": 0.82,
        "punctuated_word": text,
    }


def alternative(words):
    return {
        "transcript": " ".join(w["punctuated_word"] for w in words),
        "confidence": round(sum(w["confidence"] for w in words) / len(words), 4),
        "words": words,
    }


def utterance(words, channel):
    return {
        "start": words[0]["start"], "end": words[-1]["end"],
        "confidence": round(sum(w["confidence"] for w in words) / len(words), 4),
        "channel": channel, "transcript": " ".join(w["punctuated_word"] for w in words),
        "words": words, "speaker": words[0]["speaker"], "id": str(uuid.uuid4()),
    }


def transcript(params, body):
    multichannel = params.get("multichannel") == "true"
    model_id = str(uuid.uuid4())
    if multichannel:
        # Diarization runs per channel, so each side's only speaker is 0.
        sides = [[word(e, 0) for e in REP], [word(e, 0) for e in CUSTOMER]]
        channels = [{"alternatives": [alternative(side)]} for side in sides]
        utterances = [utterance(side, index) for index, side in enumerate(sides)]
    else:
        words = [word(e) for e in REP + CUSTOMER]
        channels = [{"alternatives": [alternative(words)]}]
        utterances = [utterance([word(e) for e in REP], 0), utterance([word(e) for e in CUSTOMER], 0)]
    results = {"channels": channels}
    if params.get("utterances") == "true":
        results["utterances"] = utterances
    return {
        "metadata": {
            "transaction_key": "deprecated",
            "request_id": str(uuid.uuid4()),
            "sha256": hashlib.sha256(body).hexdigest(),
            "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "duration": DURATION,
            "channels": len(channels),
            "models": [model_id],
            "model_info": {model_id: {"name": "2-general-nova", "version": "2024-01-09.29447",
                                      "arch": params.get("model", "nova-2")}},
        },
        "results": results,
    }


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, document, headers=()):
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def split(self):
        """The URL, the prefix before the route (the scenario), and the route."""
        url = urllib.parse.urlsplit(self.path)
        path = url.path.strip("/")
        for route in ("v1/listen", "last-request"):
            if path == route or path.endswith("/" + route):
                return url, path[:-len(route)].strip("/"), route
        return url, "", path

    def do_GET(self):
        _, prefix, route = self.split()
        if route != "last-request":
            self.answer(404, {"err_code": "NOT_FOUND", "err_msg": "No such route."})
            return
        with LOCK:
            seen = REQUESTS.get(prefix, {"count": 0, "last": None, "times": []})
            gaps = [b - a for a, b in zip(seen["times"], seen["times"][1:])]
            self.answer(200, dict(seen["last"] or {}, attempts=seen["count"], gaps=gaps))

    def do_POST(self):
        arrived = time.monotonic()
        url, prefix, route = self.split()
        body = self.read_body()
        if route != "v1/listen":
            self.answer(404, {"err_code": "NOT_FOUND", "err_msg": "No such route."})
            return
        params = dict(urllib.parse.parse_qsl(url.query))
        last = {"query": url.query, "body_size": len(body), "content_type": self.headers.get("Content-Type", "")}
        if self.headers.get("Content-Type", "").startswith("application/json"):
            last["url"] = json.loads(body).get("url")
        with LOCK:
            seen = REQUESTS.setdefault(prefix, {"count": 0, "last": None, "times": []})
            seen["count"] += 1
            seen["last"] = last
            seen["times"].append(arrived)
            count = seen["count"]
        request_id = str(uuid.uuid4())
        if self.headers.get("Authorization") != "Token " + KEY:
            self.answer(401, {"err_code": "INVALID_AUTH", "err_msg": "Invalid credentials.", "request_id": request_id})
            return
        scenario = prefix.split(".")[0]
        if scenario.startswith("fail-429-twice") and count <= 2:
            retry_after = scenario.split("-after-")[1] if "-after-" in scenario else "0"
            self.answer(429, {"err_code": "TOO_MANY_REQUESTS", "err_msg": "Too many requests. Please try again later.",
                              "request_id": request_id}, [("Retry-After", retry_after)])
        elif scenario == "always-500":
            self.answer(500, {"err_code": "INTERNAL_SERVER_ERROR", "err_msg": "We encountered an unexpected error.",
                              "request_id": request_id})
        elif scenario == "bad-request":
            self.answer(400, {"err_code": "Bad Request",
                              "err_msg": "Bad Request: failed to process audio: corrupt or unsupported data",
                              "request_id": request_id})
        else:
            self.answer(200, transcript(params, body))


loopback.serve(Handler)
