"""Exception types of damaged checkpoints, by API (TF 2.21), on the corrupted-checkpoint samples.

* tf.train.load_checkpoint on an interrupted save raises NotFoundError itself, before any tensor
  is read (so a "check every tensor" loop must catch it around the reader too);
* reader.get_tensor on a flipped byte raises the base tensorflow.errors.OpError (not
  DataLossError), while Checkpoint.restore on the same files raises DataLossError;
* a truncated shard: IndexError from both.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import report  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SAMPLES = os.path.join(REPO, "public", "samples")


def name(exc):
    return type(exc).__name__


def main():
    import keras
    import numpy as np
    import tensorflow as tf

    result = {}
    for scenario in ("interrupted-save-temp-dir", "flipped-byte-data-shard", "truncated-data-shard"):
        prefix = os.path.join(SAMPLES, scenario, "broken", "ckpt-1")
        entry = {}
        try:
            reader = tf.train.load_checkpoint(prefix)
            entry["load_checkpoint"] = "ok"
            for key in sorted(reader.get_variable_to_shape_map()):
                try:
                    reader.get_tensor(key)
                except Exception as exc:
                    entry.setdefault("get_tensor", {})[key] = name(exc)
        except Exception as exc:
            entry["load_checkpoint"] = name(exc)
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
        model(np.ones((1, 8), np.float32))
        try:
            tf.train.Checkpoint(model=model).restore(prefix)
            entry["restore"] = "ok"
        except Exception as exc:
            entry["restore"] = name(exc)
        result[scenario] = entry
        print(scenario, entry)
    report(result)


if __name__ == "__main__":
    main()
