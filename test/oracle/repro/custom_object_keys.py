"""Which fix loads which file, for a custom layer (Keras 3.15), on the unregistered-custom-layer
sample: broken/model.keras was saved from the UNregistered class (registered_name "ScaledDense"),
fixed/model.keras from the class registered with package "samples" ("samples>ScaledDense").

Each load runs in a fresh process (the registry is process-wide), with the class either
registered (decorated, module imported) or plain, and with or without custom_objects. Also: a
custom loss that lives only in the compile config, with and without compile=False.
"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, child_env, finish, report, spawn  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SAMPLE = os.path.join(REPO, "public", "samples", "unregistered-custom-layer")

CHILD = r"""
import sys, keras
registered, file, key = sys.argv[1] == "registered", sys.argv[2], sys.argv[3]

def define():
    class ScaledDense(keras.layers.Layer):
        def __init__(self, units=4, scale=2.0, **kwargs):
            super().__init__(**kwargs)
            self.units, self.scale = units, scale
        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        def call(self, x):
            return self.scale * (x @ self.kernel)
        def get_config(self):
            return {**super().get_config(), "units": self.units, "scale": self.scale}
    return ScaledDense

cls = define()
if registered:
    cls = keras.saving.register_keras_serializable(package="samples")(cls)
try:
    keras.models.load_model(file, custom_objects={key: cls} if key != "-" else None)
    print("@ loaded")
except Exception as exc:
    print("@ " + type(exc).__name__ + ": " + str(exc).rsplit("Exception encountered: ", 1)[-1].splitlines()[0][:160])
"""

LOSS = r"""
import sys, numpy as np, keras
mode, path = sys.argv[1], sys.argv[2]
if mode == "save":
    @keras.saving.register_keras_serializable(package="mine")
    def my_loss(y_true, y_pred):
        return keras.ops.mean(keras.ops.square(y_true - y_pred))
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=my_loss)
    model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)
    model.save(path)
    sys.exit(0)
try:
    keras.models.load_model(path, compile=(mode == "compile"))
    print("@ loaded")
except Exception as exc:
    print("@ " + type(exc).__name__ + ": " + str(exc).rsplit("Exception encountered: ", 1)[-1].splitlines()[0][:160])
"""


def run(code, *args):
    out, _, _ = finish(spawn([PYTHON, "-c", code, *args], child_env()), time.monotonic() + 180)
    return next((line[2:] for line in out.splitlines() if line.startswith("@ ")), out[-300:])


def main():
    result = {}
    for side in ("broken", "fixed"):
        path = os.path.join(SAMPLE, side, "model.keras")
        for registered in ("registered", "plain"):
            for key in ("-", "ScaledDense", "samples>ScaledDense"):
                label = f"{side} | class {registered} | custom_objects key {key}"
                result[label] = run(CHILD, registered, path, key)
                print(label, "->", result[label])
    d = tempfile.mkdtemp()
    for ext in ("keras", "h5"):
        path = os.path.join(d, f"model.{ext}")
        run(LOSS, "save", path)
        for mode in ("compile", "no-compile"):
            result[f"custom loss .{ext} | {mode}"] = run(LOSS, mode, path)
            print(f"custom loss .{ext} | {mode}", "->", result[f"custom loss .{ext} | {mode}"])
    report(result)


if __name__ == "__main__":
    main()
