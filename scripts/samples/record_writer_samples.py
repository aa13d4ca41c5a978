"""Loads the writer-made samples (public/writer-samples) with the pinned Keras and records what
really happens, in the same manifest shape as public/samples/manifest.json."""
import json
import os
import pathlib
import platform
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import h5py  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2] / "public" / "writer-samples"
SCENARIO = "tf-keras-2.15-h5-custom-layer"
LAYER = '''import keras

@keras.saving.register_keras_serializable(package="MyPkg")
class MyLayer(keras.layers.Layer):
    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), name="w")

    def call(self, x):
        return x @ self.w

    def get_config(self):
        return {**super().get_config(), "units": self.units}
'''
LOADS = {
    "broken": 'import keras\n\nmodel = keras.models.load_model("broken/model.h5")\n',
    "fixed": LAYER + '\nmodel = keras.models.load_model("fixed/model.h5", custom_objects={"MyPkg>MyLayer": MyLayer})\n',
}


def run(side):
    cwd = os.getcwd()
    os.chdir(ROOT / SCENARIO)
    scope = {}
    try:
        exec(LOADS[side], scope)  # the sample's own load snippet, as a reader would run it
        model = scope["model"]
        return {"raised": False, "exception": None, "message": None, "observed": {"ok": True, "layers": [layer.__class__.__name__ for layer in model.layers]}}
    except Exception as error:  # noqa: BLE001 - the exception is what we record
        return {"raised": True, "exception": type(error).__name__, "message": str(error)[:2000], "observed": {"ok": False, "last_frame": traceback.extract_tb(error.__traceback__)[-1].filename.split("site-packages/")[-1]}}
    finally:
        keras.saving.get_custom_objects().clear()
        os.chdir(cwd)


def files(side):
    folder = ROOT / SCENARIO / side
    return [{"name": p.name, "size": p.stat().st_size} for p in sorted(folder.iterdir())]


entry = {
    "scenario": SCENARIO,
    "failure": "unregistered-custom-object",
    "title": "A tf.keras 2.15 .h5 with a registered custom layer, loaded by Keras 3 without it",
    "notes": "Made by the project's writer (scripts/samples/make-writer-samples.ts), laid out as tf.keras 2.15 writes legacy HDF5 "
    "(keras_version 2.15.0, model_config with registered_name MyPkg>MyLayer); TensorFlow 2.21 cannot write this file. "
    "The outcomes are real: Keras 3.15 loading it.",
    "simulated": None,
    "broken": {"path": f"writer-samples/{SCENARIO}/broken", "files": files("broken"), "make_code": "npx tsx scripts/samples/make-writer-samples.ts  # writeKerasLegacyH5(SPEC)\n", "load_code": LOADS["broken"], "outcome": run("broken")},
    "fixed": {"path": f"writer-samples/{SCENARIO}/fixed", "files": files("fixed"), "make_code": "npx tsx scripts/samples/make-writer-samples.ts  # the same file\n", "load_code": LOADS["fixed"], "outcome": run("fixed")},
    "make_code": "npx tsx scripts/samples/make-writer-samples.ts\n",
    "fix_code": LAYER + '\nmodel = keras.models.load_model("model.h5", custom_objects={"MyPkg>MyLayer": MyLayer})\n',
    "made_with": {"writer": "src/lib/writers/keras.ts (tf.keras 2.15 layout)", "loaded_by_tensorflow": tf.__version__, "loaded_by_keras": keras.__version__, "h5py": h5py.__version__, "python": platform.python_version()},
    "catalog_id": None,
}
(ROOT / "manifest.json").write_text(json.dumps([entry], indent=1) + "\n")
print(json.dumps({side: entry[side]["outcome"] for side in ("broken", "fixed")}, indent=1)[:1500])
