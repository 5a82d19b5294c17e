#!/usr/bin/env python3
"""Loopback stand-in for an OpenAI-compatible chat-completions server, for callsift's LLM tests.

  POST /SCENARIO[.ID]/v1/chat/completions  answers like POST https://api.openai.com/v1/chat/completions
  POST /SCENARIO[.ID]/_script              a JSON list of replies for that prefix, used in order, the last
                                           one repeating: {"status": 200, "headers": {}, "content": "...",
                                           "finish_reason": "stop", "delay_seconds": 0, "body": {...}}
                                           ("body", when given, is sent as is instead of a completion)
  GET  /SCENARIO[.ID]/_last                what came under that prefix: request count, the last body, whether
                                           it carried response_format, the most requests in flight at once

(/_script and /_last also answer under .../v1/.) A script overrides SCENARIO; without one, SCENARIO picks:
  good                 {"status": "ok", "score": 87, "quotes": [...]}
  fenced               the same object in a ```json fence, between two sentences
  truncated-then-good  the object cut off mid-way with finish_reason "length", then as good
  hallucinated-quote   an object whose quote is in no transcript
  out-of-range         scores of 140 and -12
  429-then-good        429 with Retry-After: 0 once, then as good
  always-500           500 every time
  slow                 sleeps 5 s, then as good (slow-N: N whole seconds)
  no-response-format   400 naming response_format while the request has one, then as good
  json-object-only     as llama-cpp-python's server: 500 with a validation error at response_format
                       unless its type is json_object (with a schema), then as good

ID (anything) keeps one test's counts apart from another's.

Usage is deterministic: prompt_tokens = len of all message contents // 4, completion_tokens = len(content) // 4.
A request with "Authorization: Bearer KEY" (KEY is the first argument) is accepted, as is one without
(a local server); any other Authorization gets 401, echoing the key it was given as some servers do.
The key itself is never recorded: /_last says only whether one came and whether it was right.
Prints the port it listens on (127.0.0.1 only), then serves until its standard input closes.
"""
import http.server
import json
import sys
import threading
import time
import urllib.parse
import uuid

import loopback

KEY = sys.argv[1]
LOCK = threading.Lock()
PREFIXES = {}  # prefix -> {"count", "last", "in_flight", "max_in_flight", "times", "response_format", "script", "served"}

GOOD = {"status": "ok", "score": 87, "quotes": ["we can start on Monday"], "summary": "A short, friendly call."}
GOOD_TEXT = json.dumps(GOOD)
FIXED = {
    "good": GOOD_TEXT,
    "fenced": "Here is the analysis you asked for:\n```json\n" + json.dumps(GOOD, indent=2) + "\n```\nLet me know if you need more.",
    "hallucinated-quote": json.dumps(dict(GOOD, quotes=["I guarantee a 90% discount forever"])),
    "out-of-range": json.dumps({"status": "ok", "scores": {"discovery": 140, "closing": -12}}),
}


def prefix_state(prefix):
    return PREFIXES.setdefault(prefix, {
        "count": 0, "last": None, "in_flight": 0, "max_in_flight": 0, "times": [],
        "response_format": [], "authorization": [], "script": None, "served": 0,
    })


def completion(request, content, finish_reason="stop"):
    prompt = "".join(str(m.get("content", "")) for m in request.get("messages", []))
    return {
        "id": "chatcmpl-" + uuid.uuid4().hex[:24],
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "standin"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(content) // 4,
                  "total_tokens": len(prompt) // 4 + len(content) // 4},
    }


def error(message, kind="invalid_request_error", param=None, code=None):
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def built_in(scenario, count, request):
    """(status, headers, document, delay) for the count-th request of a prefix without a script."""
    if scenario in FIXED:
        return 200, {}, completion(request, FIXED[scenario]), 0
    if scenario == "truncated-then-good":
        if count == 1:
            return 200, {}, completion(request, GOOD_TEXT[:len(GOOD_TEXT) // 2], "length"), 0
        return 200, {}, completion(request, GOOD_TEXT), 0
    if scenario == "429-then-good":
        if count == 1:
            return 429, {"Retry-After": "0"}, error("Rate limit reached. Please try again.", "requests", code="rate_limit_exceeded"), 0
        return 200, {}, completion(request, GOOD_TEXT), 0
    if scenario == "always-500":
        return 500, {}, error("The server had an error while processing your request.", "server_error"), 0
    if scenario.startswith("slow"):
        delay = int(scenario.split("-", 1)[1]) if "-" in scenario else 5
        return 200, {}, completion(request, GOOD_TEXT), delay
    if scenario == "no-response-format":
        if "response_format" in request:
            return 400, {}, error("response_format is not supported by this server", param="response_format"), 0
        return 200, {}, completion(request, GOOD_TEXT), 0
    if scenario == "json-object-only":
        form = request.get("response_format")
        if form is not None and (form.get("type") != "json_object" or "schema" not in form):
            return 500, {}, error("1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
                                  "'msg': \"Input should be 'text' or 'json_object'\"}"), 0
        return 200, {}, completion(request, GOOD_TEXT), 0
    return 404, {}, error("No such scenario: " + scenario), 0


def scripted(entry, request):
    status = int(entry.get("status", 200))
    if "body" in entry:
        document = entry["body"]
    elif status == 200:
        document = completion(request, entry.get("content", ""), entry.get("finish_reason", "stop"))
    else:
        document = error(entry.get("content", "scripted error"))
    return status, entry.get("headers", {}), document, float(entry.get("delay_seconds", 0))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, document, headers=None):
        data = json.dumps(document).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, str(value))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def read_body(self):
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def split(self):
        """The prefix before the route (the scenario and its ID), and the route."""
        path = urllib.parse.urlsplit(self.path).path.strip("/")
        for route in ("v1/chat/completions", "v1/_script", "v1/_last", "_script", "_last"):
            if path == route or path.endswith("/" + route):
                return path[:-len(route)].strip("/"), route.replace("v1/", "")
        return "", path

    def do_GET(self):
        prefix, route = self.split()
        if route != "_last":
            self.answer(404, error("No such route."))
            return
        with LOCK:
            seen = prefix_state(prefix)
            gaps = [b - a for a, b in zip(seen["times"], seen["times"][1:])]
            self.answer(200, {
                "requests": seen["count"], "last": seen["last"], "max_in_flight": seen["max_in_flight"],
                "response_format": seen["response_format"], "authorization": seen["authorization"], "gaps": gaps,
            })

    def do_POST(self):
        arrived = time.monotonic()
        prefix, route = self.split()
        body = self.read_body()
        if route == "_script":
            with LOCK:
                seen = prefix_state(prefix)
                seen["script"] = json.loads(body)
                seen["served"] = 0
            self.answer(200, {"scripted": len(seen["script"])})
            return
        if route != "chat/completions":
            self.answer(404, error("No such route."))
            return
        try:
            request = json.loads(body)
        except ValueError:
            self.answer(400, error("We could not parse the JSON body of your request."))
            return
        authorization = self.headers.get("Authorization")
        if authorization is None:
            auth = "none"
        elif authorization == "Bearer " + KEY:
            auth = "valid"
        else:
            auth = "invalid"
        with LOCK:
            seen = prefix_state(prefix)
            seen["count"] += 1
            seen["last"] = request
            seen["times"].append(arrived)
            seen["response_format"].append("response_format" in request)
            seen["authorization"].append(auth)
            seen["in_flight"] += 1
            seen["max_in_flight"] = max(seen["max_in_flight"], seen["in_flight"])
            count = seen["count"]
            script = seen["script"]
            if script:
                entry = script[min(seen["served"], len(script) - 1)]
                seen["served"] += 1
        try:
            if auth == "invalid":
                given = authorization.split(" ", 1)[-1]
                status, headers, document, delay = 401, {}, error("Incorrect API key provided: " + given + ".", code="invalid_api_key"), 0
            elif script:
                status, headers, document, delay = scripted(entry, request)
            else:
                status, headers, document, delay = built_in(prefix.split(".")[0], count, request)
            if delay:
                time.sleep(delay)
        finally:
            with LOCK:
                seen["in_flight"] -= 1
        self.answer(status, document, headers)


loopback.serve(Handler)
