"""The real local LLM server of `make llm` (scripts/llm-server.sh: llama.cpp's OpenAI-compatible
server with Gemma 3 270M) on a free loopback port, behind a recording proxy.

The proxy forwards every request unchanged and keeps, for each chat completion the server
answered, the token counts the server itself reported (its response's "usage"), so a test can hold
callsift's usage rows against the server's own figures. GET /_usage returns them as a JSON list of
{"prompt_tokens", "completion_tokens", "status"}.

Prints the proxy's port once the server answers /v1/models; stops the server when standard input
closes (the test process ended).
"""
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
import loopback  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UPSTREAM_PORT = loopback.free_port()
UPSTREAM = f"http://127.0.0.1:{UPSTREAM_PORT}"
SEEN = []
LOCK = threading.Lock()


class Proxy(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/_usage":
            with LOCK:
                body = json.dumps(SEEN).encode()
            self.reply(200, body)
            return
        self.forward(None)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.forward(self.rfile.read(length))

    def forward(self, body):
        request = urllib.request.Request(UPSTREAM + self.path, data=body, method=self.command)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=900) as answer:
                status, data = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, data = error.code, error.read()
        if self.path.endswith("/chat/completions"):
            usage = {}
            try:
                usage = json.loads(data).get("usage") or {}
            except ValueError:
                pass
            with LOCK:
                SEEN.append({
                    "status": status, "prompt_tokens": usage.get("prompt_tokens", 0),
                    "completion_tokens": usage.get("completion_tokens", 0),
                })
        self.reply(status, data)

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    environment = dict(os.environ, LLM_PORT=str(UPSTREAM_PORT), LLM_CONTEXT="16384")
    server = subprocess.Popen(
        [os.path.join(ROOT, "scripts", "llm-server.sh")], env=environment, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            print(f"0 the LLM server exited with status {server.returncode} (is `make llm` done?)", flush=True)
            return
        try:
            urllib.request.urlopen(UPSTREAM + "/v1/models", timeout=2).read()
            break
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                server.kill()
                print("0 the LLM server did not answer in 120 s", flush=True)
                return
            time.sleep(0.5)
    proxy = loopback.Server(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    print(proxy.server_address[1], flush=True)
    loopback.hold(None, [server])


if __name__ == "__main__":
    main()
