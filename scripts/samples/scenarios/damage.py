"""corrupted-checkpoint: files that are not what their name says, as real downloads and copies leave them.

A failed download saves the server's HTML error page under the model's name; a clone without Git
LFS leaves a pointer text file in place of the real bytes; an interrupted copy leaves a zero-length
shard or half an HDF5 file. Each broken side is made from an intact save by TF 2.21 / Keras 3.15.
"""
from scenario import Scenario, Side

MODEL = '''
import keras
import numpy as np
import tensorflow as tf

def make_model():
    return keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
'''

CHECKPOINT_FIXED = Side(
    make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("fixed/ckpt")  # the intact checkpoint
''',
    load_code=MODEL + '''
model = make_model()
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
    check_code='''
observed["ok"] = True
''',
)

SCENARIOS = [
    Scenario(
        scenario="html-page-as-index",
        failure="corrupted-checkpoint",
        title="A checkpoint whose .index is the HTML error page of a failed download",
        broken=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("broken/ckpt")
# What `wget`/`curl -o` save when the URL answers 404 or asks to sign in: the server's HTML page.
with open("broken/ckpt-1.index", "w") as f:
    f.write("<!DOCTYPE html>\\n<html><head><title>404 Not Found</title></head>\\n"
            "<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\\n")
''',
            load_code=MODEL + '''
model = make_model()
tf.train.Checkpoint(model=model).restore("broken/ckpt-1")
''',
            check_code='''
with open("broken/ckpt-1.index", "rb") as f:
    observed["index_starts_with"] = f.read(15).decode()
observed["ok"] = False
''',
        ),
        fixed=CHECKPOINT_FIXED,
        fix_code='''
# Download the file again and check what arrived before loading it:
#   file ckpt-1.index            -> "data", not "HTML document"
#   curl -fL -o ckpt-1.index URL  (-f fails on HTTP errors instead of saving the error page)
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
        notes='''
The .index is a LevelDB-style table that ends in an 8-byte magic number; an HTML page has none,
so TF reports the table's magic number, not a missing file.
''',
    ),
    Scenario(
        scenario="git-lfs-pointer-keras",
        failure="corrupted-checkpoint",
        title="A .keras file that is a Git LFS pointer: the repository was cloned without LFS",
        broken=Side(
            make_code=MODEL + '''
import hashlib
import os

make_model().save("broken/real.keras")
with open("broken/real.keras", "rb") as f:
    data = f.read()
os.remove("broken/real.keras")
# What `git clone` leaves when git-lfs is not installed: the pointer, not the object.
with open("broken/model.keras", "w") as f:
    f.write("version https://git-lfs.github.com/spec/v1\\n"
            f"oid sha256:{hashlib.sha256(data).hexdigest()}\\n"
            f"size {len(data)}\\n")
''',
            load_code=MODEL + '''
model = keras.models.load_model("broken/model.keras")
''',
            check_code='''
import os
observed["file_bytes"] = os.path.getsize("broken/model.keras")
observed["ok"] = False
''',
        ),
        fixed=Side(
            make_code=MODEL + '''
make_model().save("fixed/model.keras")  # the real object, after `git lfs pull`
''',
            load_code=MODEL + '''
model = keras.models.load_model("fixed/model.keras")
''',
            check_code='''
observed["ok"] = len(model.layers) == 2
''',
        ),
        fix_code='''
# Fetch the real objects, then load:
#   git lfs install && git lfs pull      (or: git lfs fetch && git lfs checkout)
model = keras.models.load_model("fixed/model.keras")
''',
        notes='''
The pointer is a small text file naming the object's sha256 and size; Keras 3 decides the format
by the .keras extension, finds no zip archive and says the file was not found.
''',
    ),
    Scenario(
        scenario="zero-length-data-shard",
        failure="corrupted-checkpoint",
        title="A checkpoint whose data shard is empty: the copy created the file and stopped",
        broken=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("broken/ckpt")
open("broken/ckpt-1.data-00000-of-00001", "w").close()  # truncated to 0 bytes
''',
            load_code=MODEL + '''
model = make_model()
tf.train.Checkpoint(model=model).restore("broken/ckpt-1")
''',
            check_code='''
import os
observed["data_shard_bytes"] = os.path.getsize("broken/ckpt-1.data-00000-of-00001")
observed["ok"] = False
''',
        ),
        fixed=CHECKPOINT_FIXED,
        fix_code='''
# Copy the data shard again (compare its size with the source), then restore:
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
        notes='''
The index still lists every tensor with its offset and size; the shard that should hold them has
no bytes at all.
''',
    ),
    Scenario(
        scenario="truncated-h5",
        failure="corrupted-checkpoint",
        title="A legacy .h5 model cut in half by an interrupted download",
        broken=Side(
            make_code=MODEL + '''
import os

make_model().save("broken/model.h5")
size = os.path.getsize("broken/model.h5")
with open("broken/model.h5", "r+b") as f:
    f.truncate(size // 2)
''',
            load_code=MODEL + '''
model = keras.models.load_model("broken/model.h5")
''',
            check_code='''
import os
observed["file_bytes"] = os.path.getsize("broken/model.h5")
observed["ok"] = False
''',
        ),
        fixed=Side(
            make_code=MODEL + '''
make_model().save("fixed/model.h5")
''',
            load_code=MODEL + '''
model = keras.models.load_model("fixed/model.h5")
''',
            check_code='''
observed["ok"] = len(model.layers) == 2
''',
        ),
        fix_code='''
# Download or copy the file again and compare its size with the source, then load:
model = keras.models.load_model("fixed/model.h5")
''',
        notes='''
The HDF5 superblock records where the file ends; a cut file is shorter than that, and HDF5 refuses
to open it.
''',
    ),
]
