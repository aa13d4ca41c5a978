"""corrupted-checkpoint: a data shard cut short, as an interrupted copy leaves it."""
from scenario import Scenario, Side

MODEL = '''
import keras
import numpy as np
import tensorflow as tf

def make_model():
    return keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
'''

SCENARIOS = [
    Scenario(
        scenario="truncated-data-shard",
        failure="corrupted-checkpoint",
        title="A checkpoint whose .data shard was truncated by an interrupted copy",
        broken=Side(
            make_code=MODEL + '''
import os

tf.train.Checkpoint(model=make_model()).save("broken/ckpt")
# Simulate an interrupted copy/upload: keep only the first half of the data shard.
shard = "broken/ckpt-1.data-00000-of-00001"
with open(shard, "r+b") as f:
    f.truncate(os.path.getsize(shard) // 2)
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
        fixed=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("fixed/ckpt")  # the intact checkpoint
''',
            load_code=MODEL + '''
model = make_model()
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
            check_code='''
reader = tf.train.load_checkpoint("fixed/ckpt-1")
key = "model/_functional/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE"
observed["ok"] = bool(np.array_equal(model.layers[0].kernel.numpy(), reader.get_tensor(key)))
''',
        ),
        fix_code='''
# Nothing in the truncated shard can be recovered; copy the checkpoint again (compare sizes with
# the source) or fall back to an older intact checkpoint, e.g.:
manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model), "fixed", max_to_keep=3)
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
        notes='''
The .index file still lists every tensor with its offset and size, so the shard's expected length
is known without reading it: the last entry's offset + size is larger than the file. TF 2.21
raises a plain Python IndexError for it (OUT_OF_RANGE mapped to IndexError), not a DataLossError.
''',
        simulated=None,
    ),
    Scenario(
        scenario="interrupted-save-temp-dir",
        failure="corrupted-checkpoint",
        title="A save interrupted before its shards were merged: only ckpt-1_temp/ exists",
        broken=Side(
            make_code=MODEL + '''
# What a sharded save leaves behind if the process dies after writing its shards but before
# MergeV2Checkpoints: TF writes each shard to <prefix>_temp/part-NNNNN-of-NNNNN, then merges
# them into <prefix>.index / .data-* and deletes the _temp directory. Reproduced by calling the
# same SaveV2 op TF's saver calls, without the merge.
model = make_model()
names = [v.path for v in model.weights]
tf.raw_ops.SaveV2(
    prefix="broken/ckpt-1_temp/part-00000-of-00001",
    tensor_names=names,
    shape_and_slices=[""] * len(names),
    tensors=[v.value for v in model.weights],
)
''',
            load_code=MODEL + '''
model = make_model()
path = tf.train.latest_checkpoint("broken")  # no `checkpoint` state file was written
tf.train.Checkpoint(model=model).restore("broken/ckpt-1")
''',
            check_code='''
import os
observed["latest_checkpoint"] = path
observed["files"] = sorted(os.listdir("broken")) + sorted("ckpt-1_temp/" + f for f in os.listdir("broken/ckpt-1_temp"))
observed["ok"] = False
''',
        ),
        fixed=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("fixed/ckpt")  # a save that ran to completion
''',
            load_code=MODEL + '''
model = make_model()
path = tf.train.latest_checkpoint("fixed")
tf.train.Checkpoint(model=model).restore(path).assert_consumed()
''',
            check_code='''
observed["latest_checkpoint"] = path
observed["ok"] = path == "fixed/ckpt-1"
''',
        ),
        fix_code='''
# An interrupted save never produced ckpt-1: restore the previous complete checkpoint that
# latest_checkpoint() names (and delete the *_temp directory), then save again.
path = tf.train.latest_checkpoint("fixed")
tf.train.Checkpoint(model=model).restore(path).assert_consumed()
''',
        notes='''
The _temp directory holds a valid single-shard bundle (part-00000-of-00001.index/.data), but under
a name no loader looks for; ckpt-1 itself does not exist, so restoring it fails as a missing file.
''',
        simulated=(
            "The interruption is simulated by calling tf.raw_ops.SaveV2 (the op TF's saver uses for "
            "each shard) into <prefix>_temp/ and skipping MergeV2Checkpoints; the files and the "
            "load error are real."
        ),
        catalog_note=(
            "The error is TF's missing-files message (errors.json files it under "
            "wrong-path-or-loader as tensorslicereader-no-matching-files): nothing in the text says "
            "the save was interrupted. The evidence is on disk: the leftover ckpt-1_temp/ directory "
            "and no `checkpoint` state file naming ckpt-1."
        ),
    ),
]

SCENARIOS.append(
    Scenario(
        scenario="flipped-byte-data-shard",
        failure="corrupted-checkpoint",
        title="A checkpoint with one byte changed in its data shard (bit rot, a bad disk or copy)",
        broken=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("broken/ckpt")
# Simulate silent corruption: invert one byte inside the first tensor's bytes.
with open("broken/ckpt-1.data-00000-of-00001", "r+b") as f:
    f.seek(16)
    byte = f.read(1)
    f.seek(16)
    f.write(bytes([byte[0] ^ 0xFF]))
''',
            load_code=MODEL + '''
model = make_model()
tf.train.Checkpoint(model=model).restore("broken/ckpt-1")
''',
            check_code='''
observed["ok"] = False
''',
        ),
        fixed=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("fixed/ckpt")
''',
            load_code=MODEL + '''
model = make_model()
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
            check_code='''
reader = tf.train.load_checkpoint("fixed/ckpt-1")
key = "model/_functional/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE"
observed["ok"] = bool(np.array_equal(model.layers[0].kernel.numpy(), reader.get_tensor(key)))
''',
        ),
        fix_code='''
# The stored CRC32C caught the change; the bytes cannot be trusted. Copy the checkpoint again
# from its source, or restore an older one.
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
        notes='''
Every bundle entry in the .index stores a masked CRC32C of the tensor's bytes, checked on
restore. A checker can verify the same checksums without TensorFlow.
''',
    )
)

SCENARIOS.append(
    Scenario(
        scenario="truncated-keras-file",
        failure="corrupted-checkpoint",
        title="A .keras file cut short by an interrupted download",
        broken=Side(
            make_code='''
import keras
import os

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.save("broken/model.keras")
# Simulate an interrupted download: keep the first 60% of the zip.
size = os.path.getsize("broken/model.keras")
with open("broken/model.keras", "r+b") as f:
    f.truncate(size * 6 // 10)
''',
            load_code='''
import keras

model = keras.models.load_model("broken/model.keras")
''',
            check_code='''
import os, zipfile
observed["file_exists"] = os.path.exists("broken/model.keras")
observed["is_zipfile"] = zipfile.is_zipfile("broken/model.keras")
''',
        ),
        fixed=Side(
            make_code='''
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.save("fixed/model.keras")
''',
            load_code='''
import keras
import numpy as np

model = keras.models.load_model("fixed/model.keras")
''',
            check_code='''
observed["ok"] = model(np.ones((1, 8))).shape == (1, 1)
''',
        ),
        fix_code='''
# Download again and compare size (or a checksum) with the source; a .keras file is a zip, so
# `python -m zipfile -t model.keras` tells a complete file from a cut one.
model = keras.models.load_model("fixed/model.keras")
''',
        notes='''
Keras 3 reports a truncated .keras as "File not found", though the file exists: load_model only
treats a path as a .keras archive if zipfile.is_zipfile() accepts it, and a zip cut short has lost
its central directory at the end.
''',
    )
)
