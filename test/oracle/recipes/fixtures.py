"""Inputs for recipes that no committed sample has, written into the recipe's scratch directory
by TensorFlow 2.21 / Keras 3.15 (or assembled from committed samples) right before it runs.

Each function takes the scratch directory. Keep them small and say what they stand for.
"""
import os
import shutil

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SAMPLES = os.path.join(REPO, "public", "samples")


def two_checkpoints_newest_damaged(work):
    """run/ with ckpt-1 (intact) and ckpt-2 (one flipped byte), and a state file naming both, as
    CheckpointManager leaves it: the flipped-byte-data-shard sample's fixed and broken halves."""
    import tensorflow as tf

    run = os.path.join(work, "run")
    os.makedirs(run)
    for step, side in ((1, "fixed"), (2, "broken")):
        src = os.path.join(SAMPLES, "flipped-byte-data-shard", side)
        for name in os.listdir(src):
            if name.startswith("ckpt-1."):
                shutil.copy(os.path.join(src, name), os.path.join(run, name.replace("ckpt-1", f"ckpt-{step}")))
    tf.compat.v1.train.update_checkpoint_state(os.path.abspath(run), "ckpt-2", all_model_checkpoint_paths=["ckpt-1", "ckpt-2"])


def backbone_head_checkpoint(work):
    """ckpt-1 saved as tf.train.Checkpoint(backbone=..., head=..., optimizer=...) after one Adam
    step: the save-time structure of the partial-restore guide's "restore part of a model"."""
    import keras
    import numpy as np
    import tensorflow as tf

    backbone = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
    head = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model = keras.Sequential([backbone, head])
    opt = keras.optimizers.Adam()
    model.compile(optimizer=opt, loss="mse")
    model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)
    tf.train.Checkpoint(backbone=backbone, head=head, optimizer=opt).save(os.path.join(work, "ckpt"))


def keras2_h5_with_groups(work):
    """model.h5: a legacy HDF5 model whose DepthwiseConv2D config carries `groups: 1`, as tf.keras 2
    writes it (Keras 3 has no such argument). Saved by Keras 3.15 as legacy .h5, then the one key
    added to the model_config attribute."""
    import json

    import h5py
    import keras

    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.DepthwiseConv2D(3), keras.layers.Flatten(), keras.layers.Dense(1)])
    path = os.path.join(work, "model.h5")
    model.save(path)
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        for layer in config["config"]["layers"]:
            if layer["class_name"] == "DepthwiseConv2D":
                layer["config"]["groups"] = 1
        f.attrs["model_config"] = json.dumps(config)


def keras_file_from_newer_release(work):
    """model.keras as a newer Keras 3 release would write it for this one: saved by Keras 3.15,
    then metadata.json's keras_version set to 3.99.0 and one Dense layer given a constructor
    argument 3.15's Dense does not have (the mechanism of the 3.12 -> 3.13 `quantization_config`
    break; see test/oracle/repro/newer_keras_file.py)."""
    import json
    import zipfile

    import keras

    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    src = os.path.join(work, "saved-by-3.15.keras")
    model.save(src)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(os.path.join(work, "model.keras"), "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "config.json":
                config = json.loads(data)
                config["config"]["layers"][1]["config"]["added_in_a_later_release"] = None
                data = json.dumps(config).encode()
            elif item.filename == "metadata.json":
                data = json.dumps({**json.loads(data), "keras_version": "3.99.0"}).encode()
            zout.writestr(item, data)
    os.remove(src)


def custom_loss_model(work):
    """model.keras and model.h5 compiled with a registered custom loss "mine>my_loss", saved in a
    separate process so that the recipe's process has never seen the loss."""
    import subprocess
    import sys

    code = r'''
import sys, numpy as np, keras
@keras.saving.register_keras_serializable(package="mine")
def my_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=my_loss)
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)
model.save(sys.argv[1] + "/model.keras")
model.save(sys.argv[1] + "/model.h5")
'''
    subprocess.run([sys.executable, "-c", code, work], check=True, capture_output=True)


def h5_open_for_writing(work):
    """model.weights.h5 (the conv-weights-into-dense sample) held open for writing by another
    process, as a training job or a forgotten h5py session does; the holder exits after 120 s."""
    import subprocess
    import sys

    path = os.path.join(work, "model.weights.h5")
    sample = os.path.join(SAMPLES, "conv-weights-into-dense", "fixed", "model.weights.h5")
    shutil.copy(sample, path)
    os.makedirs(os.path.join(work, "expected"))
    shutil.copy(sample, os.path.join(work, "expected", "model.weights.h5"))  # what the check compares with
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, h5py; f = h5py.File(sys.argv[1], 'a'); print('open', flush=True); time.sleep(120)", path],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    assert holder.stdout.readline().strip() == "open"
