"""The peer side of the benchmarks: TensorFlow itself on the same inputs, one job per process.

  python bench/peer.py list <checkpoint-prefix>   tf.train.list_variables
  python bench/peer.py read <checkpoint-prefix>   load_checkpoint + get_tensor for every variable
                                                  (TensorFlow verifies each tensor's crc32c as it reads)
  python bench/peer.py import                     import tensorflow alone (the floor of every row)

`saved_model_cli show --all` is run directly by the harness (the venv's own entry point).
Prints one JSON line on stdout so the harness can check the work was really done.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402


def main(argv):
    mode = argv[1]
    if mode == "import":
        print(json.dumps({"version": tf.__version__}))
        return
    prefix = argv[2]
    if mode == "list":
        variables = tf.train.list_variables(prefix)
        print(json.dumps({"variables": len(variables)}))
    elif mode == "read":
        reader = tf.train.load_checkpoint(prefix)
        total = 0
        names = reader.get_variable_to_shape_map()
        for name in names:
            value = reader.get_tensor(name)
            total += getattr(value, "nbytes", 0)
            del value
        print(json.dumps({"variables": len(names), "bytes": int(total)}))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv)
