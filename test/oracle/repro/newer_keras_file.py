"""A .keras file written by a newer Keras 3 release, loaded with Keras 3.15.1 (TF 2.21).

Keras 3.15 cannot save as a newer release does, so the repro edits a file it saved itself into
what a newer release writes (the edits are the facts from keras-team/keras sources):
  version-only   metadata.json says keras_version 3.99.0, config unchanged. Keras never reads
                 keras_version when loading (keras/src/saving/saving_lib.py): it loads, silently.
  new-layer      a layer class added after 3.15: keras.layers.TernaryDense (keras-team/keras
                 #22960, on master after v3.15.1, version 3.16.0), config as its get_config()
                 writes it (units, threshold, ...); metadata keras_version 3.16.0.
  new-argument   a constructor argument the reader's class lacks, the mechanism of the real
                 3.12 -> 3.13 break (3.13's Dense.get_config always writes "quantization_config",
                 which 3.12's Dense.__init__ does not accept). 3.15 knows quantization_config, so
                 the repro writes an argument name no release has ("added_in_a_later_release").
Then the fixes for the new-argument case in the older Keras: custom_objects={"Dense": subclass}
does NOT help (a built-in class is found by its module before custom_objects are consulted,
serialization_lib._retrieve_class_or_fn), but a copy of the file with the argument removed from
config.json loads with the saved weights.
"""
import json
import os
import shutil
import sys
import tempfile
import warnings
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import report  # noqa: E402


def rewrite(src, dst, edit_config, version):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "config.json":
                config = json.loads(data)
                edit_config(config)
                data = json.dumps(config).encode()
            elif item.filename == "metadata.json":
                meta = json.loads(data)
                meta["keras_version"] = version
                data = json.dumps(meta).encode()
            zout.writestr(item, data)


def main():
    import keras
    import numpy as np

    d = tempfile.mkdtemp()
    original = os.path.join(d, "model.keras")
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    model.save(original)
    saved = [w.numpy() for w in model.weights]

    def layers(config):
        return config["config"]["layers"]

    def same_config(config):
        pass

    def ternary(config):
        layer = layers(config)[1]
        layer["class_name"] = "TernaryDense"
        cfg = layer["config"]
        for key in ("lora_rank", "lora_alpha", "quantization_config"):
            cfg.pop(key, None)
        cfg["threshold"] = None

    def new_argument(config):
        layers(config)[1]["config"]["added_in_a_later_release"] = None

    result = {"keras": keras.__version__}
    for label, edit, version in (("version-only", same_config, "3.99.0"), ("new-layer", ternary, "3.16.0"),
                                 ("new-argument", new_argument, "3.99.0")):
        path = os.path.join(d, f"{label}.keras")
        rewrite(original, path, edit, version)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                loaded = keras.models.load_model(path)
                same = all(np.array_equal(a, w.numpy()) for a, w in zip(saved, loaded.weights))
                outcome = {"loaded": True, "weights_equal_saved": same}
            except Exception as exc:
                text = str(exc)
                # Keras nests the real error: it is after the last "Exception encountered: ".
                root = text.rsplit("Exception encountered: ", 1)[-1].strip()
                outcome = {"loaded": False, "exception": type(exc).__name__, "first_line": text.splitlines()[0][:200], "root_cause": root[:300]}
        outcome["warnings"] = [str(w.message)[:200] for w in caught if "keras" in str(w.filename)]
        result[label] = outcome
        print(label, outcome)

    class DenseCompat(keras.layers.Dense):
        def __init__(self, *args, added_in_a_later_release=None, **kwargs):
            super().__init__(*args, **kwargs)

    try:
        keras.models.load_model(os.path.join(d, "new-argument.keras"), custom_objects={"Dense": DenseCompat})
        result["new-argument-with-custom-objects-subclass"] = "loaded"
    except Exception as exc:
        result["new-argument-with-custom-objects-subclass"] = f"{type(exc).__name__}: {str(exc).splitlines()[-1][:200]}"

    def drop(config):
        for layer in layers(config):
            layer["config"].pop("added_in_a_later_release", None)

    rewrite(os.path.join(d, "new-argument.keras"), os.path.join(d, "dropped.keras"), drop, "3.99.0")
    loaded = keras.models.load_model(os.path.join(d, "dropped.keras"))
    result["new-argument-with-argument-removed"] = all(np.array_equal(a, w.numpy()) for a, w in zip(saved, loaded.weights))
    with zipfile.ZipFile(os.path.join(d, "new-layer.keras")) as z:
        result["metadata_of_new_layer_file"] = json.loads(z.read("metadata.json"))
    print(result["new-argument-with-custom-objects-subclass"], result["new-argument-with-argument-removed"], result["metadata_of_new_layer_file"])
    shutil.rmtree(d)
    report(result)


if __name__ == "__main__":
    main()
