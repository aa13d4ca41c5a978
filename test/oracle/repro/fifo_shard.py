"""A stalled filesystem read, made with a FIFO in place of a checkpoint's data shard (TF 2.21).

Opening a FIFO for reading blocks until a writer appears, the way a read from a stalled network
mount (NFS, gcsfuse, s3fs) blocks. The child restores the checkpoint with a faulthandler watchdog
armed; its stack shows where a stalled filesystem stops a restore: the object graph is read
through CheckpointReader.get_tensor, before any RestoreV2 op runs. Then the driver sends SIGTERM
and finally SIGKILL. Modes: `plain` (SIGTERM ends the process) and `preemption-handler` (a
tf.distribute.experimental.PreemptionCheckpointHandler was created first, as multi-worker
training scripts with preemption handling do: SIGTERM no longer ends the process; only SIGKILL).
"""
import os
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, child_env, finish, read_text, report, spawn  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SAMPLE = os.path.join(REPO, "public", "samples", "renamed-attribute", "fixed")
WATCHDOG = 8.0

CHILD = r"""
import faulthandler, sys, time
import numpy as np, keras, tensorflow as tf

class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.denselayer1 = keras.layers.Dense(4)
        self.head = keras.layers.Dense(1)
    def call(self, x):
        return self.head(self.denselayer1(x))

model = Regressor()
model(np.ones((1, 8), np.float32))
if sys.argv[2] == "preemption-handler":
    # What a MultiWorkerMirroredStrategy training script with preemption handling sets up
    # before it restores: the handler replaces Python's SIGTERM handler with its own.
    import os, tempfile
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    handler = tf.distribute.experimental.PreemptionCheckpointHandler(
        strategy.cluster_resolver, tf.train.Checkpoint(step=tf.Variable(0)), tempfile.mkdtemp())
    import signal
    print("@ SIGTERM handler:", getattr(signal.getsignal(signal.SIGTERM), "__qualname__", signal.getsignal(signal.SIGTERM)), flush=True)
print("@ restoring", flush=True)
faulthandler.dump_traceback_later(%(watchdog)s, exit=False, file=sys.stdout)
started = time.monotonic()
try:
    tf.train.Checkpoint(model=model).restore(sys.argv[1]).assert_existing_objects_matched()
    print("@ restored after %%.1f s" %% (time.monotonic() - started), flush=True)
except Exception as exc:
    print("@ RAISED after %%.1f s" %% (time.monotonic() - started), type(exc).__name__, str(exc)[:300].replace("\n", " | "), flush=True)
"""


def run(mode):
    d = tempfile.mkdtemp()
    for name in os.listdir(SAMPLE):
        if name.startswith("ckpt-1.index"):
            shutil.copy(os.path.join(SAMPLE, name), d)
    os.mkfifo(os.path.join(d, "ckpt-1.data-00000-of-00001"))
    log_path = os.path.join(d, "child.log")
    log = open(log_path, "w")
    proc = spawn([PYTHON, "-c", CHILD % {"watchdog": WATCHDOG}, os.path.join(d, "ckpt-1"), mode], child_env(), log=log)
    # Wait until the restore starts (TensorFlow imported), then for the watchdog to fire.
    deadline = time.monotonic() + 180
    while "@ restoring" not in read_text(log_path) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(WATCHDOG + 2)
    before = read_text(log_path)
    blocked = proc.poll() is None and "@ restoring" in before and "@ restored" not in before and "@ RAISED" not in before
    proc.send_signal(signal.SIGTERM)
    time.sleep(3)
    sigterm_ended_it = proc.poll() is not None
    _, code, killed = finish(proc, time.monotonic() + 5)
    log.close()
    out = read_text(log_path)
    stack = [line.strip() for line in out.splitlines() if line.strip().startswith("File ")]
    result = {
        "mode": mode,
        "blocked": blocked,
        "after_sigterm": [line for line in out[len(before):].splitlines() if line.startswith("@")],
        "sigterm_ended_it": sigterm_ended_it,
        "killed_by_deadline": killed,
        "returncode": code,
        "stack": stack[:25],
        "restore_v2_in_stack": any("restore_v2" in line.lower() or "RestoreV2" in line for line in stack),
        "get_tensor_in_stack": any("get_tensor" in line for line in stack),
    }
    result["log"] = [line for line in out.splitlines() if "termination notice" in line or "PreemptionCheckpointHandler" in line][:5]
    print(f"--- {mode}")
    print("\n".join(line for line in out.splitlines() if line.startswith("@") or "File " in line or "thread" in line.lower() or "termination" in line))
    shutil.rmtree(d)
    return result


def main():
    modes = sys.argv[1:] or ["plain", "preemption-handler"]
    report({"results": [run(mode) for mode in modes]})


if __name__ == "__main__":
    main()
