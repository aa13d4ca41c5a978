"""Samples for the format reference pages (public/format-samples/): files the failure scenarios
do not already provide. Made with the pinned TensorFlow / Keras (scripts/samples/requirements.txt):

    .venv-tf/bin/python scripts/samples/make_format_samples.py
"""
import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[2] / "public" / "format-samples"
OUT.mkdir(parents=True, exist_ok=True)
keras.utils.set_random_seed(0)

# A legacy Keras HDF5 whole-model file, as keras.Model.save("x.h5") writes it in Keras 3.
model = keras.Sequential([keras.Input((8,), name="features"), keras.layers.Dense(4, activation="relu", name="hidden"), keras.layers.Dense(1, name="score")])
model.compile(optimizer="adam", loss="mse")
model.fit(np.ones((4, 8), np.float32), np.ones((4, 1), np.float32), epochs=1, verbose=0)
model.save(OUT / "model.h5")

with h5py.File(OUT / "model.h5", "r") as f:
    datasets = []
    f.visititems(lambda name, obj: datasets.append(name) if isinstance(obj, h5py.Dataset) else None)
(OUT / "manifest.json").write_text(json.dumps({
    "made_with": {"tensorflow": tf.__version__, "keras": keras.__version__, "h5py": h5py.__version__},
    "files": {"model.h5": {"size": (OUT / "model.h5").stat().st_size, "datasets": sorted(datasets)}},
}, indent=1) + "\n")
print(OUT / "model.h5", len(datasets), "datasets")
