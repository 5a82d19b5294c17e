#!/usr/bin/env python3
"""A throwaway PostgreSQL server for callsift's tests.

Initialises a cluster in a temporary folder (as the `postgres` user when run as root: the server
refuses root), starts it on 127.0.0.1 and a free port with trust authentication for the user
`callsift`, prints "PORT BINDIR", and serves until its standard input closes; then it stops the
server and removes the folder.
"""
import glob
import os
import pwd
import signal
import subprocess
import sys
import tempfile
import time

from loopback import free_port, hold


def bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit("no PostgreSQL server: install Debian's postgresql package")
    return os.path.dirname(found[-1])


def main():
    bin_dir = bindir()
    folder = tempfile.mkdtemp(prefix="callsift-pg-")
    os.chmod(folder, 0o755)
    demote = None
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)

        def demote():
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)

    data = os.path.join(folder, "data")
    subprocess.run(
        [os.path.join(bin_dir, "initdb"), "-D", data, "-U", "callsift", "--auth=trust", "-E", "UTF8",
         "--no-sync", "--locale=C"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=demote)
    port = free_port()
    server = subprocess.Popen(
        [os.path.join(bin_dir, "postgres"), "-D", data, "-p", str(port), "-k", folder,
         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
         "-c", "full_page_writes=off", "-c", "max_connections=200"],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "server.log"), "w"), preexec_fn=demote)
    deadline = time.time() + 30
    while time.time() < deadline:
        ready = subprocess.run([os.path.join(bin_dir, "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if ready.returncode == 0:
            break
        time.sleep(0.1)
    else:
        server.kill()
        sys.exit("the server did not start: " + open(os.path.join(folder, "server.log")).read())
    print(port, bin_dir, flush=True)
    hold(folder, [server], stop=signal.SIGINT)  # SIGINT: PostgreSQL's fast shutdown


if __name__ == "__main__":
    main()
