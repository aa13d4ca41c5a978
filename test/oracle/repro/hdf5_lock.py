"""load_weights while another process has the .h5 open for writing (HDF5 file locking).

A writer process opens the sample's model.weights.h5 in append mode and holds it (as a training
job does between checkpoints, or an h5py session left open). A second process calls
model.load_weights on the same file: h5py/HDF5 refuses at once with BlockingIOError
"unable to lock file". With HDF5_USE_FILE_LOCKING=FALSE in the reader's environment the lock is
skipped and the file is read (safe only if nothing is writing at that moment).
"""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, child_env, finish, report, spawn  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SAMPLE = os.path.join(REPO, "public", "samples", "conv-weights-into-dense", "fixed", "model.weights.h5")

WRITER = r"""
import sys, time, h5py
f = h5py.File(sys.argv[1], "a")     # open for writing; HDF5 takes an exclusive lock
print("@ writer has the file open", flush=True)
time.sleep(float(sys.argv[2]))
f.close()
"""

READER = r"""
import sys, time
import keras
model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(), keras.layers.Dense(1)])
started = time.monotonic()
try:
    model.load_weights(sys.argv[1])
    print("@ loaded after %.2f s" % (time.monotonic() - started), flush=True)
except Exception as exc:
    print("@ RAISED after %.2f s" % (time.monotonic() - started), type(exc).__name__, "|", str(exc).replace("\n", " | "), flush=True)
"""


def main():
    d = tempfile.mkdtemp()
    path = os.path.join(d, "model.weights.h5")
    shutil.copy(SAMPLE, path)
    writer = spawn([PYTHON, "-c", WRITER, path, "120"], child_env())
    line = writer.stdout.readline()
    assert "writer has the file open" in line, line
    results = {}
    for label, extra in (("default", {}), ("HDF5_USE_FILE_LOCKING=FALSE", {"HDF5_USE_FILE_LOCKING": "FALSE"})):
        out, code, _ = finish(spawn([PYTHON, "-c", READER, path], child_env(**extra)), time.monotonic() + 180)
        results[label] = next((l for l in out.splitlines() if l.startswith("@")), out[-500:])
        print(label, "->", results[label])
    writer.kill()
    writer.communicate()
    shutil.rmtree(d)
    report(results)


if __name__ == "__main__":
    main()
