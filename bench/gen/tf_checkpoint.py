"""Checkpoints TensorFlow itself writes, for the whole-command benchmarks (issue 19).

  python bench/gen/tf_checkpoint.py variables <dir> <count>        <count> small variables (TF2 object graph)
  python bench/gen/tf_checkpoint.py tensors <dir> <count> <MiB>    <count> float32 tensors of <MiB> each, one shard

Writes <dir>/ckpt-1.index and data shards with tf.train.Checkpoint.write; prints one JSON line.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402


def main(argv):
    mode, out, count = argv[1], argv[2], int(argv[3])
    module = tf.Module()
    if mode == "variables":
        # Small varied shapes, like the many kernels and biases of a deep model.
        shapes = [(8,), (16,), (4, 8), (2, 3, 4)]
        module.vars = [tf.Variable(tf.zeros(shapes[i % len(shapes)]), name=f"v{i}") for i in range(count)]
    elif mode == "tensors":
        elements = int(argv[4]) * 1024 * 1024 // 4
        # Random values so the crc32c is not of a constant pattern.
        module.vars = [tf.Variable(tf.random.uniform((elements,), seed=i)) for i in range(count)]
    else:
        raise SystemExit(f"unknown mode {mode}")
    prefix = tf.train.Checkpoint(model=module).write(os.path.join(out, "ckpt-1"))
    print(json.dumps({"prefix": prefix, "variables": count}))


if __name__ == "__main__":
    main(sys.argv)
