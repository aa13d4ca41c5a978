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
