"""Runs the doctor's rename scripts under TensorFlow 2.21 and restores the rewritten checkpoints
into the renamed models (assert_consumed / Saver.restore), comparing values with the originals.

    /work/.venv-tf/bin/python scripts/data/check-rename-snippets.py      (from the repo root)
Uses the TF-made checkpoints in test/unit/rules/data (subclass: object-based; tf1: name-based).
"""
import json, os, shutil, subprocess, sys, tempfile
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tensorflow as tf
import keras

DATA = "test/unit/rules/data"
work = tempfile.mkdtemp(prefix="tfrd-rename-")


def snippet(case, expected):
    src = f"{DATA}/{case}"
    dst = os.path.join(work, case)
    shutil.copytree(src, dst)
    prefix = os.path.join(dst, "ckpt-1" if case == "subclass" else "model.ckpt")
    code = subprocess.run(["npx", "tsx", "scripts/data/rename-snippet.ts", src, "", f"{DATA}/{expected}", prefix],
                          check=True, capture_output=True, text=True).stdout
    exec(compile(code, f"<rename {case}>", "exec"), {})
    return prefix


class Net(keras.Model):
    def __init__(self, attr):
        super().__init__()
        setattr(self, attr, keras.layers.Dense(8, activation="relu"))
        self.out = keras.layers.Dense(3)
        self.attr = attr

    def call(self, x):
        return self.out(getattr(self, self.attr)(x))


results = {}
old = snippet("subclass", "subclass-renamed.list_variables.txt")
net = Net("denselayer1")
net(np.zeros((1, 4), "float32"))
tf.train.Checkpoint(model=net).read(old + "-renamed").assert_consumed()
results["object_based"] = bool(np.array_equal(
    net.denselayer1.kernel.numpy(),
    tf.train.load_checkpoint(old).get_tensor("model/dense_1/_kernel/.ATTRIBUTES/VARIABLE_VALUE")))

old = snippet("tf1", "tf1-renamed.variables.txt")
with tf.Graph().as_default():
    with tf.compat.v1.variable_scope("denselayer1"):
        k = tf.compat.v1.get_variable("kernel", [4, 8])
        tf.compat.v1.get_variable("bias", [8])
    with tf.compat.v1.Session() as sess:
        tf.compat.v1.train.Saver().restore(sess, old + "-renamed")
        results["name_based"] = bool(np.array_equal(sess.run(k), tf.train.load_checkpoint(old).get_tensor("dense_1/kernel")))

shutil.rmtree(work)
print(json.dumps(results))
sys.exit(0 if all(results.values()) else 1)
