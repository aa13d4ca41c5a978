"""fork() after TensorFlow ran: the child's first predict never returns (TF 2.21, Keras 3.15, CPU).

Also answers where to arm faulthandler for such a child:
  * faulthandler.dump_traceback_later armed in the PARENT before the fork: its watchdog thread is
    not copied into the child, so it never fires there;
  * faulthandler.register(SIGUSR1) armed in the parent: a signal handler, inherited by the child:
    `kill -USR1 <child>` prints the child's stack;
  * dump_traceback_later armed INSIDE the child (first line of the worker): fires.
The same work in a `spawn` child finishes.
"""
import faulthandler
import multiprocessing as mp
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import report  # noqa: E402

HANG_SECONDS = float(os.environ.get("REPRO_HANG_SECONDS", "12"))


def build():
    import keras
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])


def worker(log_path, arm_in_child):
    log = open(log_path, "w", buffering=1)
    if arm_in_child:
        faulthandler.dump_traceback_later(HANG_SECONDS / 2, exit=False, file=log)
    import numpy as np
    log.write("child: predicting\n")
    build().predict(np.ones((1, 4), np.float32), verbose=0)
    log.write("child: predict returned\n")


def spawn_worker(queue):
    import numpy as np
    build().predict(np.ones((1, 4), np.float32), verbose=0)
    queue.put("spawn child: predict returned")


def read(path):
    with open(path) as f:
        return f.read()


def frames(text):
    return [line.strip() for line in text.splitlines() if line.strip().startswith("File ")]


def main():
    import numpy as np

    d = tempfile.mkdtemp()
    parent_log = open(os.path.join(d, "parent-watchdog.txt"), "w", buffering=1)
    build().predict(np.ones((1, 4), np.float32), verbose=0)  # TensorFlow's thread pools now run
    faulthandler.dump_traceback_later(HANG_SECONDS / 2, exit=False, file=parent_log)
    result = {}

    for label, arm_in_child in (("parent_armed", False), ("child_armed", True)):
        log_path = os.path.join(d, f"{label}.txt")
        usr1_path = os.path.join(d, f"{label}-usr1.txt")
        usr1_log = open(usr1_path, "w", buffering=1)
        # Armed in the parent, before the fork: kill -USR1 <pid> dumps all stacks into usr1_log.
        faulthandler.register(signal.SIGUSR1, file=usr1_log, all_threads=True)
        ctx = mp.get_context("fork")
        child = ctx.Process(target=worker, args=(log_path, arm_in_child))
        started = time.monotonic()
        child.start()
        child.join(HANG_SECONDS)
        alive = child.is_alive()
        usr1_frames = []
        if alive:
            os.kill(child.pid, signal.SIGUSR1)
            time.sleep(1.0)
            child.kill()
            child.join()
        text = read(log_path)
        usr1_log.close()
        usr1 = read(usr1_path)
        result[label] = {
            "returned": "predict returned" in text,
            "alive_after_seconds": round(time.monotonic() - started, 1) if alive else None,
            "watchdog_fired_in_child": "Thread 0x" in text or "Current thread" in text,
            "child_stack": frames(text)[:30],
            "sigusr1_dump_from_parent_registration": frames(usr1)[:30],
        }
        if label == "parent_armed":
            faulthandler.cancel_dump_traceback_later()
    parent_log.close()
    # dump_traceback_later writes one "Timeout (h:mm:ss)!" header per dump: one means it fired in
    # the parent only (the children inherited the file descriptor but not the watchdog thread).
    result["parent_watchdog_dumps"] = read(parent_log.name).count("Timeout (")

    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=spawn_worker, args=(q,))
    started = time.monotonic()
    p.start()
    p.join(120)
    result["spawn"] = {"returned": (not p.is_alive()) and p.exitcode == 0, "seconds": round(time.monotonic() - started, 1)}
    if p.is_alive():
        p.kill()
    for k, v in result.items():
        print(k, v)
    report(result)


if __name__ == "__main__":
    main()
