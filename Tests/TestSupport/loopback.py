"""What callsift's loopback test servers share: listen on 127.0.0.1 on a free port, print the port,
serve each request on its own thread, and exit when standard input closes, which happens when the
test process that started the server exits, however it exits."""
import http.server
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def exit_with_parent():
    sys.stdin.read()
    os._exit(0)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hold(folder, processes, stop=signal.SIGTERM, before_stop=None):
    """For servers that are processes of their own (PostgreSQL, Slurm): wait until standard input
    closes, then stop `processes`, the last started first, and remove `folder`."""
    try:
        sys.stdin.read()
    finally:
        if before_stop:
            before_stop()
        for process in reversed(processes):
            process.send_signal(stop)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def serve(handler, tls=None):
    """With `tls` (certificate file, key file), https instead of http."""
    threading.Thread(target=exit_with_parent, daemon=True).start()
    server = Server(("127.0.0.1", 0), handler)
    if tls:
        import ssl

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()
