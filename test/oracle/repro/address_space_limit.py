"""Restoring under an address-space limit (ulimit -v / RLIMIT_AS), TF 2.21, CPU.

A child imports TensorFlow, then lowers its own RLIMIT_AS to its current virtual size plus a
margin, builds the model and restores a 64 MiB checkpoint into it. Depending on the margin, TF 2.21:
  * raises ResourceExhaustedError ("OOM when allocating tensor ... [Op:RestoreV2]"), or
  * aborts the whole process from C++ ("Check failed: ... pthread_create() failed", SIGABRT,
    exit status 134 in a shell) with no Python exception at all, when the limit stops a thread
    pool from starting its threads.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, child_env, finish, report, spawn  # noqa: E402
import time  # noqa: E402

CHILD = r"""
import resource, sys
import numpy as np, keras, tensorflow as tf

def vm_size():
    with open("/proc/self/status") as f:
        return int(next(l for l in f if l.startswith("VmSize:")).split()[1]) * 1024

mode, prefix, margin = sys.argv[1], sys.argv[2], int(sys.argv[3])
if mode == "save":
    model = keras.Sequential([keras.Input((4096,)), keras.layers.Dense(4096)])   # 64 MiB kernel
    tf.train.Checkpoint(model=model).save(prefix)
    sys.exit(0)
if mode == "restore-built":
    # Model built (zeros: no temporary copy) and thread pools started before the limit.
    model = keras.Sequential([keras.Input((4096,)), keras.layers.Dense(4096, kernel_initializer="zeros")])
    model(np.ones((1, 4096), np.float32))
limit = vm_size() + margin
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
print("@ limit set: current size + %d MiB" % (margin >> 20), flush=True)
try:
    if mode == "build-and-restore":
        model = keras.Sequential([keras.Input((4096,)), keras.layers.Dense(4096)])
        print("@ built", flush=True)
    tf.train.Checkpoint(model=model).restore(prefix).assert_existing_objects_matched()
    print("@ restored", flush=True)
except Exception as exc:
    print("@ RAISED", type(exc).__name__, str(exc)[:400].replace("\n", " | "), flush=True)
"""

# Margins above the process's size when the limit is set. Where exactly each outcome starts
# depends on the machine (thread count, stack size), so each mode is tried at a few margins.
CASES = [(mode, int(m)) for mode, m in (c.split(":") for c in os.environ.get(
    "REPRO_AS_CASES", "build-and-restore:0,build-and-restore:16,build-and-restore:64,"
    "restore-built:4,restore-built:16,restore-built:48,restore-built:256").split(","))]


def main():
    d = tempfile.mkdtemp()
    prefix = os.path.join(d, "ckpt")
    out, code, _ = finish(spawn([PYTHON, "-c", CHILD, "save", prefix, "0"], child_env()), time.monotonic() + 180)
    assert code == 0, out
    results = []
    for mode, margin in CASES:
        out, code, killed = finish(spawn([PYTHON, "-c", CHILD, mode, prefix + "-1", str(margin << 20)], child_env()), time.monotonic() + 180)
        events = [line for line in out.splitlines() if line.startswith("@")]
        fatal = [line for line in out.splitlines() if "Check failed" in line or line.startswith("F0000") or "pthread_create" in line]
        results.append({
            "mode": mode,
            "margin_mib": margin,
            "returncode": code,
            "signal": -code if code is not None and code < 0 else None,
            "events": events,
            "fatal": [re.sub(r"^F\d{4} [\d:.]+\s+\d+ ", "F<time> <tid> ", line) for line in fatal][:3],
            "python_exception": next((e.split()[2] for e in events if e.startswith("@ RAISED")), None),
        })
        print(results[-1])
    report({"results": results})


if __name__ == "__main__":
    main()
