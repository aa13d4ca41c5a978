"""TF1 Saver restore of a [8, 3] value into an [8, 5] variable under TF 2.21's tf.compat.v1.

With resource variables (the default for tf.compat.v1 graph code in TF 2.x) nothing is raised:
the variable takes the checkpoint's shape, while the graph still declares [8, 5]. With TF1
reference variables (tf.compat.v1.disable_v2_behavior()) the Assign op checks the shapes:
"Assign requires shapes of both tensors to match. lhs shape= [8,5] rhs shape= [8,3]".
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, child_env, finish, report, spawn  # noqa: E402
import time  # noqa: E402

CHILD = r"""
import sys, numpy as np, tensorflow as tf
mode, d = sys.argv[1], sys.argv[2]
if mode == "ref":
    tf.compat.v1.disable_v2_behavior()

def build(n):
    x = tf.compat.v1.placeholder(tf.float32, [None, 8])
    with tf.compat.v1.variable_scope("logits"):
        k = tf.compat.v1.get_variable("kernel", [8, n])
    return x, k, tf.matmul(x, k)

with tf.Graph().as_default():
    build(3)
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as s:
        s.run(tf.compat.v1.global_variables_initializer())
        saver.save(s, d + "/model.ckpt")
with tf.Graph().as_default():
    x, k, y = build(5)
    print("@ variable class", type(k).__name__, "declared shape", k.shape.as_list(), "output declared", y.shape.as_list())
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as s:
        s.run(tf.compat.v1.global_variables_initializer())
        try:
            saver.restore(s, d + "/model.ckpt")
            print("@ restored without error; value shape", list(s.run(k).shape), "output shape", list(s.run(y, {x: np.ones((2, 8))}).shape))
        except Exception as exc:
            inner = [l for l in str(exc).splitlines() if "Assign requires" in l]
            print("@ RAISED", type(exc).__name__, "|", str(exc).splitlines()[0], "|", inner[0] if inner else "")
"""


def main():
    result = {}
    for mode in ("resource", "ref"):
        d = tempfile.mkdtemp()
        out, code, _ = finish(spawn([PYTHON, "-c", CHILD, mode, d], child_env()), time.monotonic() + 180)
        result[mode] = [line for line in out.splitlines() if line.startswith("@")]
        print(mode, result[mode])
    report(result)


if __name__ == "__main__":
    main()
