"""A pool worker killed mid-task (as the OOM killer does): who notices? (Python 3.11, TF 2.21)

Each worker loads a checkpoint with TensorFlow; one task SIGKILLs its own process, standing in for
the Linux OOM killer (which sends SIGKILL). multiprocessing.Pool replaces the dead worker but the
result of the task it was running never arrives: `.get()` without a timeout would wait forever
(here it is given one). concurrent.futures.ProcessPoolExecutor raises BrokenProcessPool.
"""
import concurrent.futures
import multiprocessing as mp
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import report  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PREFIX = os.path.join(REPO, "public", "samples", "moved-checkpoint-dir", "fixed", "ckpt-1")
WAIT = float(os.environ.get("REPRO_POOL_WAIT", "20"))


def restore(die):
    import keras
    import tensorflow as tf

    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    tf.train.Checkpoint(model=model).restore(PREFIX).assert_existing_objects_matched()
    if die:
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
    return float(model.layers[0].kernel.numpy().sum())


def main():
    ctx = mp.get_context("spawn")
    result = {}

    with ctx.Pool(1) as pool:
        worker = pool._pool[0]
        started = time.monotonic()
        pending = pool.apply_async(restore, (True,))
        # First wait for the worker to really die (importing TensorFlow in a fresh spawned process
        # can take a while on a busy machine), then give the result WAIT more seconds to arrive.
        deadline = time.monotonic() + 300
        while worker.exitcode is None and time.monotonic() < deadline:
            time.sleep(0.2)
        result["pool_worker_exitcode"] = worker.exitcode
        try:
            pending.get(timeout=WAIT)
            result["pool"] = "returned"
        except mp.TimeoutError:
            result["pool"] = f"no result {WAIT:.0f} s after the worker died (TimeoutError only because a timeout was given)"
        # The pool's maintenance thread starts a replacement; give it time on a busy machine.
        replaced_by = time.monotonic() + 120
        while time.monotonic() < replaced_by and not any(p.pid != worker.pid and p.exitcode is None for p in pool._pool):
            time.sleep(0.2)
        result["pool_replaced_worker"] = any(p.pid != worker.pid for p in pool._pool)
        result["pool_next_task"] = pool.apply_async(restore, (False,)).get(timeout=300)
        result["pool_seconds"] = round(time.monotonic() - started, 1)
        pool.terminate()

    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as ex:
        started = time.monotonic()
        try:
            ex.submit(restore, True).result(timeout=300)
            result["executor"] = "returned"
        except concurrent.futures.process.BrokenProcessPool as exc:
            result["executor"] = f"{type(exc).__name__}: {exc}"
        result["executor_seconds"] = round(time.monotonic() - started, 1)
    for k, v in result.items():
        print(k, ":", v)
    report(result)


if __name__ == "__main__":
    main()
