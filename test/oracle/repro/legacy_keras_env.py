"""TF_USE_LEGACY_KERAS=1 without the tf_keras package, TF 2.21 / Keras 3.15.

TensorFlow logs a warning and then tf.keras does NOT fall back to Keras 3: the first attribute
access raises ImportError (tensorflow/python/util/lazy_loader.py, KerasLazyLoader._initialize).
`import keras` is unaffected.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, child_env, finish, grep, report, spawn  # noqa: E402
import time  # noqa: E402

CHILD = r"""
import tensorflow as tf
try:
    import tf_keras  # noqa: F401
    print("@ tf_keras is installed: this repro needs it absent")
except ImportError:
    print("@ tf_keras not installed")
try:
    tf.keras.layers.Dense
    print("@ tf.keras.layers worked")
except Exception as exc:
    print("@ tf.keras.layers RAISED", type(exc).__name__ + ":", exc)
import keras
print("@ import keras ->", keras.__version__)
"""


def main():
    out, code, _ = finish(spawn([PYTHON, "-c", CHILD], child_env(TF_USE_LEGACY_KERAS="1")), time.monotonic() + 180)
    result = {
        "events": [line for line in out.splitlines() if line.startswith("@")],
        "warning": grep(out, "TF_USE_LEGACY_KERAS set to True"),
    }
    print("\n".join(result["events"] + result["warning"]))
    report(result)


if __name__ == "__main__":
    main()
