"""A restore that waits for a pending async checkpoint save (TF 2.21).

With CheckpointOptions(experimental_enable_async_checkpoint=True), Checkpoint.save returns at once
and a background thread writes. Checkpoint.restore on the same object first joins that thread's
queue (async_checkpoint_helper.py: restore -> self._queue.join()), so a save that is slow or stuck
(here: to gs:// through a proxy that never completes the TLS handshake, with shortened timeouts)
makes a restore of a LOCAL checkpoint wait for it. The save's own error is not raised by the
restore; it is printed at interpreter exit. A restore through another Checkpoint object (same
model) does not wait: the queue belongs to the object that saved.
"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, child_env, finish, grep, report, spawn  # noqa: E402
from _fake_gcs import Proxy  # noqa: E402

CHILD = r"""
import faulthandler, sys, time, keras, tensorflow as tf
local, mode = sys.argv[1], sys.argv[2]
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
tf.train.Checkpoint(model=model).save(local + "/ckpt")
ckpt = tf.train.Checkpoint(model=model)
if mode in ("pending-async-save", "restore-through-another-object"):
    opts = tf.train.CheckpointOptions(experimental_enable_async_checkpoint=True)
    t = time.monotonic()
    ckpt.save("gs://bucket/run1/ckpt", options=opts)
    print("@ async save returned after %.2f s" % (time.monotonic() - t), flush=True)
faulthandler.dump_traceback_later(3, exit=False, file=sys.stdout)
t = time.monotonic()
reader = tf.train.Checkpoint(model=model) if mode == "restore-through-another-object" else ckpt
reader.restore(local + "/ckpt-1").assert_existing_objects_matched()
print("@ restore of the local checkpoint returned after %.2f s" % (time.monotonic() - t), flush=True)
faulthandler.cancel_dump_traceback_later()
"""


def main():
    d = tempfile.mkdtemp()
    stall = Proxy("stall", d)
    env = child_env(HTTPS_PROXY=stall.url, GOOGLE_AUTH_TOKEN_FOR_TESTING="test-token",
                    GCS_REQUEST_CONNECTION_TIMEOUT_SECS="2", GCS_RETRY_CONFIG_MAX_RETRIES="2")
    result = {}
    for mode in ("no-async-save", "pending-async-save", "restore-through-another-object"):
        local = tempfile.mkdtemp()
        out, code, killed = finish(spawn([PYTHON, "-c", CHILD, local, mode], env), time.monotonic() + 180)
        stack = [line.strip() for line in out.splitlines() if line.strip().startswith("File ")]
        result[mode] = {
            "events": [line for line in out.splitlines() if line.startswith("@")],
            "main_thread_waits_in": [line for line in stack if "async_checkpoint_helper.py" in line or "queue.py" in line][:4],
            "at_exit": grep(out, "Propagating the most recent error", "Exception ignored in atexit")[:3],
            "returncode": code,
            "killed": killed,
        }
        print(mode, result[mode])
    report(result)


if __name__ == "__main__":
    main()
