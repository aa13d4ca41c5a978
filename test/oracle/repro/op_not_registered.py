"""How fast an unknown op fails a SavedModel load (TF 2.21): a copy of the
savedmodel-dir-into-keras3-load-model sample with one MatMul renamed to MatMulV9.

Records the exception and the seconds each loader took: the first attempt in a fresh process
(TensorFlow imported, nothing loaded yet) and the median of three.
"""
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import report  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SAMPLE = os.path.join(REPO, "public", "samples", "savedmodel-dir-into-keras3-load-model", "fixed", "regressor_savedmodel")


def main():
    import tensorflow as tf
    from tensorflow.core.protobuf import saved_model_pb2

    d = tempfile.mkdtemp()
    path = os.path.join(d, "model")
    shutil.copytree(SAMPLE, path)
    sm = saved_model_pb2.SavedModel()
    with open(os.path.join(path, "saved_model.pb"), "rb") as f:
        sm.ParseFromString(f.read())
    renamed = 0
    for fn in sm.meta_graphs[0].graph_def.library.function:
        for node in fn.node_def:
            if node.op == "MatMul" and not renamed:
                node.op = "MatMulV9"
                renamed += 1
    assert renamed == 1
    with open(os.path.join(path, "saved_model.pb"), "wb") as f:
        f.write(sm.SerializeToString())

    result = {}

    def tf2():
        tf.saved_model.load(path)

    def tf1():
        with tf.Graph().as_default(), tf.compat.v1.Session() as sess:
            tf.compat.v1.saved_model.loader.load(sess, ["serve"], path)

    for label, fn in (("tf.saved_model.load", tf2), ("tf.compat.v1.saved_model.loader.load", tf1)):
        times, error = [], None
        for _ in range(3):
            started = time.perf_counter()
            try:
                fn()
            except Exception as exc:
                error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
            times.append(time.perf_counter() - started)
        result[label] = {"error": error, "first_seconds": round(times[0], 3), "median_seconds": round(statistics.median(times), 3)}
        print(label, result[label])
    shutil.rmtree(d)
    report(result)


if __name__ == "__main__":
    main()
