"""What `model.restore(...)` does in Keras 3.15 / TF 2.21, and the calls that do restore.

A Keras model has no `restore` method; the error names the model's class. The four real calls are
then run on the samples: tf.train.Checkpoint(model=...).restore (TF checkpoint prefix),
model.load_weights (.weights.h5), keras.models.load_model (.keras) and tf.saved_model.load
(SavedModel directory).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import report  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
S = os.path.join(REPO, "public", "samples")


def main():
    import keras
    import numpy as np
    import tensorflow as tf

    result = {}
    seq = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    inputs = keras.Input((8,))
    functional = keras.Model(inputs, keras.layers.Dense(1)(inputs))

    class Net(keras.Model):
        def call(self, x):
            return x

    for label, obj, attr in (("Sequential", seq, "restore"), ("Functional", functional, "restore"),
                             ("subclassed", Net(), "restore"), ("Checkpoint", tf.train.Checkpoint(model=seq), "load_weights")):
        try:
            getattr(obj, attr)("ckpt-1")
            result[label] = "no error"
        except AttributeError as exc:
            result[label] = f"AttributeError: {exc}"

    status = tf.train.Checkpoint(model=seq).restore(os.path.join(S, "moved-checkpoint-dir", "fixed", "ckpt-1"))
    status.assert_existing_objects_matched()
    result["Checkpoint.restore"] = type(status).__name__

    conv = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(), keras.layers.Dense(1)])
    conv.load_weights(os.path.join(S, "conv-weights-into-dense", "fixed", "model.weights.h5"))
    result["load_weights"] = "loaded"

    model = keras.models.load_model(os.path.join(S, "truncated-keras-file", "fixed", "model.keras"))
    result["load_model"] = type(model).__name__

    loaded = tf.saved_model.load(os.path.join(S, "savedmodel-dir-into-keras3-load-model", "fixed", "regressor_savedmodel"))
    out = loaded.signatures["serving_default"](tf.ones((2, 8)))
    result["saved_model.load"] = {k: list(v.shape) for k, v in out.items()}
    for k, v in result.items():
        print(k, ":", v)
    report(result)


if __name__ == "__main__":
    main()
