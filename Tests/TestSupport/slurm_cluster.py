#!/usr/bin/env python3
"""A private one-node Slurm cluster for callsift's tests.

Writes a slurm.conf in a temporary folder (free ports, this host as the only node, no cgroups,
no accounting), starts munged with a key of its own and slurmctld and slurmd in the foreground,
waits until the node is idle, prints the folder (set SLURM_CONF=<folder>/slurm.conf for sbatch
and squeue), and serves until its standard input closes; then it stops them and removes the folder.
Needs root (slurmd runs jobs as their users) and Debian's slurm-wlm and munge.
"""
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from loopback import free_port, hold


def memory_mb():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) // 1024 * 9 // 10
    return 1024


def main():
    if os.geteuid() != 0:
        sys.exit("a Slurm node needs root")
    for tool in ("munged", "slurmctld", "slurmd", "sbatch", "sinfo"):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
            sys.exit("no %s: install Debian's slurm-wlm and munge" % tool)
    folder = tempfile.mkdtemp(prefix="callsift-slurm-")
    os.chmod(folder, 0o755)
    munge = pwd.getpwnam("munge")
    munge_dir = os.path.join(folder, "munge")
    os.mkdir(munge_dir)
    os.chmod(munge_dir, 0o711)  # munged wants its socket's folder searchable by all
    key = os.path.join(munge_dir, "munge.key")
    with open(key, "wb") as handle:
        handle.write(os.urandom(1024))
    os.chmod(key, 0o400)
    for path in (munge_dir, key):
        os.chown(path, munge.pw_uid, munge.pw_gid)
    socket_path = os.path.join(munge_dir, "munge.socket")

    def as_munge():
        os.setgid(munge.pw_gid)
        os.setuid(munge.pw_uid)

    processes = [subprocess.Popen(
        ["/usr/sbin/munged", "--foreground", "--socket=" + socket_path, "--key-file=" + key,
         "--pid-file=" + os.path.join(munge_dir, "munged.pid"), "--log-file=" + os.path.join(munge_dir, "log"),
         "--seed-file=" + os.path.join(munge_dir, "seed")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=as_munge)]
    host = socket.gethostname().split(".")[0]
    for name in ("state", "spool"):
        os.mkdir(os.path.join(folder, name))
    conf = os.path.join(folder, "slurm.conf")
    with open(conf, "w") as handle:
        handle.write("\n".join([
            "ClusterName=callsift-test", "SlurmctldHost=" + host,
            "SlurmctldPort=%d" % free_port(), "SlurmdPort=%d" % free_port(),
            "SlurmUser=root", "SlurmdUser=root", "AuthType=auth/munge", "CredType=cred/munge",
            "AuthInfo=socket=" + socket_path,
            "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none",
            "SelectType=select/cons_tres", "SelectTypeParameters=CR_CPU",
            "StateSaveLocation=" + os.path.join(folder, "state"),
            "SlurmdSpoolDir=" + os.path.join(folder, "spool"),
            "SlurmctldPidFile=" + os.path.join(folder, "slurmctld.pid"),
            "SlurmdPidFile=" + os.path.join(folder, "slurmd.pid"),
            "SlurmctldLogFile=" + os.path.join(folder, "slurmctld.log"),
            "SlurmdLogFile=" + os.path.join(folder, "slurmd.log"),
            "MpiDefault=none", "ReturnToService=2",
            "JobAcctGatherType=jobacct_gather/none", "AccountingStorageType=accounting_storage/none",
            "NodeName=%s CPUs=%d RealMemory=%d State=UNKNOWN" % (host, os.cpu_count() or 1, memory_mb()),
            "PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP", ""]))
    environment = dict(os.environ, SLURM_CONF=conf)
    time.sleep(0.5)
    for daemon in ("slurmctld", "slurmd"):
        processes.append(subprocess.Popen(
            ["/usr/sbin/" + daemon, "-D", "-f", conf], env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    deadline = time.time() + 60
    while time.time() < deadline:
        state = subprocess.run(["sinfo", "-h", "-o", "%t"], env=environment, capture_output=True, text=True)
        if state.stdout.strip() == "idle":
            break
        time.sleep(0.5)
    else:
        for process in processes:
            process.kill()
        sys.exit("the node did not come up: " + open(os.path.join(folder, "slurmctld.log")).read()[-2000:])
    print(folder, flush=True)
    hold(folder, processes, before_stop=lambda: subprocess.run(
        ["scancel", "--full", "--user=root"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))


if __name__ == "__main__":
    main()
