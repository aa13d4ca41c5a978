"""Helpers shared by the repro scripts: free ports, child processes with a deadline, results.

Each repro prints what TensorFlow 2.21 really did and ends with one JSON line (the last line of
stdout) that test/oracle/repros.test.ts asserts on. Nothing here hides a hang: every wait has a
deadline, and a child that outlives it is killed and reported as such.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

PYTHON = sys.executable
HERE = os.path.dirname(os.path.abspath(__file__))


def free_ports(n: int) -> list[int]:
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def child_env(**extra: str) -> dict:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "0")
    env["CUDA_VISIBLE_DEVICES"] = ""
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def spawn(args: list[str], env: dict | None = None, log=None, **kw) -> subprocess.Popen:
    """Starts a child in its own process group, stdout+stderr merged into one text pipe (or into
    the open file `log`, which can then be read while the child runs)."""
    return subprocess.Popen(
        args,
        stdout=log if log is not None else subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env or child_env(),
        start_new_session=True,
        **kw,
    )


def finish(proc: subprocess.Popen, deadline: float) -> tuple[str, int | None, bool]:
    """Waits until `deadline` (time.monotonic()); kills the group if still running.

    Returns (output, returncode, killed_by_us)."""
    killed = False
    try:
        out, _ = proc.communicate(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        killed = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
    return out or "", proc.returncode, killed


def read_text(path: str) -> str:
    with open(path, errors="replace") as f:
        return f.read()


def grep(text: str, *needles: str) -> list[str]:
    return [line for line in text.splitlines() if any(n in line for n in needles)]


def report(result: dict) -> None:
    print(json.dumps(result, sort_keys=True))
    sys.stdout.flush()
