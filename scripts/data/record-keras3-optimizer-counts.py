"""Makes small Keras 3 models with every common optimizer, saved before and after training, loads each
with keras.models.load_model and records whether Keras skipped the saved optimizer and with which
counts: test/data/keras3-optimizers/{*.keras, outcomes.json}. Evidence for the partial-restore rule's
optimizer-count finding (test/unit/rules/keras3-optimizer-counts.test.ts).
Run from the repository root with TensorFlow 2.21 / Keras 3.15:
  python scripts/data/record-keras3-optimizer-counts.py
"""
import json, os, pathlib, re, warnings

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path("test/data/keras3-optimizers")
OUT.mkdir(parents=True, exist_ok=True)

OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(),
    "sgd_momentum": lambda: keras.optimizers.SGD(momentum=0.9),
    "adam": lambda: keras.optimizers.Adam(),
    "adam_amsgrad": lambda: keras.optimizers.Adam(amsgrad=True),
    "adamw": lambda: keras.optimizers.AdamW(),
    "adamax": lambda: keras.optimizers.Adamax(),
    "nadam": lambda: keras.optimizers.Nadam(),
    "rmsprop_centered_momentum": lambda: keras.optimizers.RMSprop(momentum=0.5, centered=True),
    "adagrad": lambda: keras.optimizers.Adagrad(),
    "lion": lambda: keras.optimizers.Lion(),
    "adam_schedule": lambda: keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.01, 10, 0.9)),
    "adam_ema": lambda: keras.optimizers.Adam(use_ema=True),
}

MODELS = {
    "dense": lambda: keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)]),
    "batchnorm": lambda: keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.BatchNormalization(), keras.layers.Dense(1)]),
}


def frozen():
    m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    m.layers[0].trainable = False
    return m


MODELS["frozen"] = frozen

CASES = [(m, o) for o in OPTIMIZERS for m in ("dense",)] + [("batchnorm", "adam"), ("frozen", "adam"), ("batchnorm", "rmsprop_centered_momentum")]

records = []
for model_name, opt_name in CASES:
    for trained in (False, True):
        keras.utils.set_random_seed(0)
        model = MODELS[model_name]()
        model.compile(optimizer=OPTIMIZERS[opt_name](), loss="mse")
        if trained:
            model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)
        name = f"{model_name}-{opt_name}-{'trained' if trained else 'untrained'}.keras"
        model.save(OUT / name)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            keras.models.load_model(OUT / name)
        skip = None
        for w in caught:
            m = re.search(r"Skipping variable loading for optimizer '([^']+)', because it has (\d+) variables whereas the saved optimizer has (\d+) variables", str(w.message))
            if m:
                skip = {"name": m.group(1), "built": int(m.group(2)), "saved": int(m.group(3)), "message": str(w.message).strip()}
        records.append({"file": name, "model": model_name, "optimizer": opt_name, "trained": trained, "skip": skip})

record = {"keras": keras.__version__, "loader": "keras.models.load_model(path)", "files": records}
(OUT / "outcomes.json").write_text(json.dumps(record, indent=1) + "\n")
for r in records:
    print(r["file"], r["skip"] and (r["skip"]["built"], r["skip"]["saved"]))
