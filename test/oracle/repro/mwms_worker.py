"""One worker of a two-worker MultiWorkerMirroredStrategy job on localhost (see mwms_restore.py).

argv: scenario checkpoint_prefix dump_after_seconds
TF_CONFIG comes from the environment. Prints lines starting with "@" for the driver to read.
"""
import faulthandler
import json
import os
import sys
import time

scenario, prefix, dump_after = sys.argv[1], sys.argv[2], float(sys.argv[3])

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

task = json.loads(os.environ["TF_CONFIG"])["task"]
is_chief = task["index"] == 0
started = time.monotonic()


def say(*parts):
    print("@", f"t={time.monotonic() - started:.1f}s", f"wall={time.time():.1f}", f"worker{task['index']}", *parts, flush=True)




def sigterm_caught():
    """Whether a SIGTERM handler is installed at the C level (/proc/self/status SigCgt)."""
    with open("/proc/self/status") as f:
        mask = int(next(line for line in f if line.startswith("SigCgt:")).split()[1], 16)
    return bool(mask & (1 << (15 - 1)))


say("SIGTERM handled before the strategy:", sigterm_caught())
strategy = tf.distribute.MultiWorkerMirroredStrategy()
say("strategy ready", strategy.num_replicas_in_sync, "replicas")
# A stack dump of every thread `dump_after` seconds from now: where a blocked worker waits.
faulthandler.dump_traceback_later(dump_after, exit=False, file=sys.stdout)
say("SIGTERM handled after the strategy:", sigterm_caught())


def build():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])


def kernel_sum(model):
    return float(np.sum(model.layers[0].kernel.numpy()))


if scenario == "restore-outside-scope":
    with strategy.scope():
        model = build()
    say("built")
    if is_chief:
        tf.train.Checkpoint(model=model).restore(prefix).assert_existing_objects_matched()
        say("restored (outside strategy.scope)")
    say("kernel_sum", kernel_sum(model))
    say("done")

elif scenario == "restore-inside-scope":
    with strategy.scope():
        model = build()
        say("built")
        if is_chief:
            say("restoring inside strategy.scope")
            tf.train.Checkpoint(model=model).restore(prefix)
            say("restored")
    if not is_chief:
        say("skipped the restore; idle but alive")
        time.sleep(3600)
    say("done")

elif scenario == "chief-builds":
    if is_chief:
        with strategy.scope():
            say("building the model")
            model = build()
        say("built")
        tf.train.Checkpoint(model=model).restore(prefix)
        say("restored")
    else:
        say("does not build the model; idle but alive")
        time.sleep(3600)
    say("done")

elif scenario == "recipe":
    # A guide recipe, run as is on every worker (recipes.test.ts substituted its paths).
    namespace = {"__name__": "__main__"}
    exec(compile(open(prefix).read(), "<guide recipe>", "exec"), namespace)
    say("kernel_sum", kernel_sum(namespace["model"]))
    say("done")

elif scenario == "dead-peer":
    if not is_chief:
        say("exiting without a goodbye (os._exit)")
        os._exit(0)
    time.sleep(2)
    say("building the model (a collective) after the peer died")
    try:
        with strategy.scope():
            model = build()
        say("built")
    except Exception as exc:  # what the chief gets
        say("RAISED", type(exc).__name__, str(exc).replace("\n", " | ")[:1500])
    say("done")
