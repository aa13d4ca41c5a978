"""Records what real Keras loads of the model files in test/fixtures: test/data/keras3-load-outcomes.json.

Evidence for the version-mismatch rule's Keras-config findings (test/unit/rules/keras-config-real.test.ts):
each file is loaded with keras.models.load_model(path, compile=False) and the outcome (ok, or the
exception type and message) is written as it happened. Run from the repository root with a
Python that has TensorFlow 2.21 / Keras 3.15:  python scripts/data/record-keras3-load-outcomes.py
"""
import json, os, pathlib, sys, warnings

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import h5py  # noqa: E402
import keras  # noqa: E402

SPLITS = {"dev": pathlib.Path("test/fixtures"), "holdout": pathlib.Path("test/data/holdout-keras")}
files = []
for split, root in SPLITS.items():
    for pattern in ("*.h5", "*.hdf5", "*.keras"):
        files += [(split, p) for p in root.rglob(pattern)]
out = []
for split, path in sorted(files):
    rel = str(path)
    if path.suffix == ".h5":
        with h5py.File(path, "r") as f:
            if "model_config" not in f.attrs:
                continue  # weights only: load_model has nothing to build
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            keras.models.load_model(rel, compile=False)
        out.append({"file": rel, "split": split, "outcome": "ok"})
    except Exception as e:  # the outcome is the evidence
        out.append({"file": rel, "split": split, "outcome": "fail", "type": type(e).__name__, "message": str(e)[:2000]})

record = {"keras": keras.__version__, "loader": "keras.models.load_model(path, compile=False)", "files": out}
pathlib.Path("test/data/keras3-load-outcomes.json").write_text(json.dumps(record, indent=1) + "\n")
print(json.dumps([[r["file"], r["outcome"], r.get("type", "")] for r in out], indent=0))
