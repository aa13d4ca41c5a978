"""The TF1 name-map recipe of the variable-name guide, old and corrected, on the tf1-renamed-scope
sample (TF 2.21, tf.compat.v1).

Old: `tf.compat.v1.get_variable("denselayer1/kernel")` to fetch an existing variable. Eagerly it
wants an initializer or shape; in the graph that already has the variable it refuses to make a
second one. Corrected: take the graph's variables by name (global_variables()), or reuse=True.
Also records which key the failing Saver.restore names.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import report  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PREFIX = os.path.join(REPO, "public", "samples", "tf1-renamed-scope", "broken", "model.ckpt")


def build_graph(tf, scope):
    x = tf.compat.v1.placeholder(tf.float32, [None, 8])
    with tf.compat.v1.variable_scope(scope):
        kernel = tf.compat.v1.get_variable("kernel", [8, 4])
        bias = tf.compat.v1.get_variable("bias", [4], initializer=tf.compat.v1.ones_initializer())
    return tf.matmul(x, kernel) + bias


def main():
    import numpy as np
    import tensorflow as tf

    result = {}
    try:
        tf.compat.v1.get_variable("denselayer1/kernel")
        result["eager_get_variable"] = "returned"
    except Exception as exc:
        result["eager_get_variable"] = f"{type(exc).__name__}: {exc}"

    saved = tf.train.load_checkpoint(PREFIX).get_tensor("dense_1/kernel")
    with tf.Graph().as_default():
        build_graph(tf, "denselayer1")
        try:
            tf.compat.v1.get_variable("denselayer1/kernel")
            result["graph_get_variable"] = "returned"
        except Exception as exc:
            result["graph_get_variable"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        try:
            with tf.compat.v1.Session() as sess:
                tf.compat.v1.train.Saver().restore(sess, PREFIX)
        except Exception as exc:
            result["plain_restore_missing_key"] = next(line for line in str(exc).splitlines() if "not found in checkpoint" in line)

        variables = {v.op.name: v for v in tf.compat.v1.global_variables()}
        saver = tf.compat.v1.train.Saver({"dense_1/kernel": variables["denselayer1/kernel"], "dense_1/bias": variables["denselayer1/bias"]})
        with tf.compat.v1.Session() as sess:
            saver.restore(sess, PREFIX)
            result["by_global_variables_restores_saved_kernel"] = bool(np.array_equal(sess.run(variables["denselayer1/kernel"]), saved))
        with tf.compat.v1.variable_scope("", reuse=True):
            result["reuse_true_returns_existing"] = tf.compat.v1.get_variable("denselayer1/kernel") is variables["denselayer1/kernel"]
    for k, v in result.items():
        print(k, ":", v)
    report(result)


if __name__ == "__main__":
    main()
