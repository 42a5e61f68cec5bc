#!/usr/bin/env python3
"""Runs one command with DOCKER_HOST on a Unix socket of ours that relays every connection to the real daemon, and
prints on one line: milliseconds from the command's start to its first connection to Docker, its wall time in
milliseconds, and its peak resident set size in KB (from /usr/bin/time, which the command runs under; the launcher
execs java, so that is the JVM's). Used by bench/startup.sh.

    first-docker-call.py DAEMON_SOCKET COMMAND [ARG...]
"""
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time


def pipe(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s, how in ((sink, socket.SHUT_WR), (source, socket.SHUT_RD)):
            try:
                s.shutdown(how)
            except OSError:
                pass


def main():
    daemon, command = sys.argv[1], sys.argv[2:]
    work = tempfile.mkdtemp(prefix="ecs-local-bench-")
    path = os.path.join(work, "docker.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    first = []

    def accept():
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if not first:
                first.append(time.monotonic())
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(daemon)
            threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    rss_file = os.path.join(work, "rss")
    env = dict(os.environ, DOCKER_HOST="unix://" + path)
    started = time.monotonic()
    code = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", rss_file] + command, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ended = time.monotonic()
    listener.close()
    with open(rss_file) as f:
        rss = f.read().split()[-1]
    os.unlink(path)
    os.unlink(rss_file)
    os.rmdir(work)
    if code != 0:
        print("the command exited with %d: %s" % (code, " ".join(command)), file=sys.stderr)
        sys.exit(1)
    to_first = "-" if not first else "%d" % ((first[0] - started) * 1000)
    print(to_first, "%d" % ((ended - started) * 1000), rss)


main()
