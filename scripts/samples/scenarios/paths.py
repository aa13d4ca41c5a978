"""wrong-path-or-loader: stale absolute paths in the `checkpoint` state file, the .index path."""
from scenario import Scenario, Side

MODEL = '''
import keras
import numpy as np
import tensorflow as tf

def make_model():
    return keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
'''

RESTORED = '''
reader = tf.train.load_checkpoint("{prefix}")
key = "model/_functional/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE"
observed["kernel_restored"] = bool(np.array_equal(model.layers[0].kernel.numpy(), reader.get_tensor(key)))
'''

SCENARIOS = [
    Scenario(
        scenario="moved-checkpoint-dir",
        failure="wrong-path-or-loader",
        title="A checkpoint directory copied from another machine; the state file names old absolute paths",
        broken=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("broken/ckpt")
# On the training machine the directory was /home/alice/run1, and the state file was written with
# absolute paths (as tf.compat.v1 Saver and older CheckpointManager setups do). Rewrite it the way
# TF writes it there, with TF's own writer:
from tensorflow.python.checkpoint import checkpoint_management
checkpoint_management.update_checkpoint_state_internal(
    save_dir="broken",
    model_checkpoint_path="/home/alice/run1/ckpt-1",
    all_model_checkpoint_paths=["/home/alice/run1/ckpt-1"],
    save_relative_paths=False,
)
''',
            load_code=MODEL + '''
model = make_model()
path = tf.train.latest_checkpoint("broken")
status = tf.train.Checkpoint(model=model).restore(path)
''',
            check_code='''
observed["latest_checkpoint"] = path
observed["status_type"] = type(status).__name__
''' + RESTORED.replace("{prefix}", "broken/ckpt-1") + '''
observed["ok"] = observed["kernel_restored"]
''',
        ),
        fixed=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("fixed/ckpt")  # TF2 writes relative paths: "ckpt-1"
''',
            load_code=MODEL + '''
model = make_model()
path = tf.train.latest_checkpoint("fixed")
status = tf.train.Checkpoint(model=model).restore(path)
status.assert_consumed()
''',
            check_code='''
observed["latest_checkpoint"] = path
''' + RESTORED.replace("{prefix}", "fixed/ckpt-1") + '''
observed["ok"] = observed["kernel_restored"]
''',
        ),
        fix_code='''
# Fail loudly instead of training from scratch, and point at the prefix that is really there:
path = tf.train.latest_checkpoint("fixed")
if path is None:
    raise FileNotFoundError("no checkpoint found in fixed/")
tf.train.Checkpoint(model=model).restore(path).assert_consumed()
# The state file can be repaired by rewriting it with relative paths:
#   model_checkpoint_path: "ckpt-1"
#   all_model_checkpoint_paths: "ckpt-1"
''',
        notes='''
latest_checkpoint() logs "Couldn't match files for checkpoint /home/alice/run1/ckpt-1" at ERROR
level and returns None; Checkpoint.restore(None) returns an InitializationOnlyStatus and raises
nothing. The model keeps its random initial weights.
''',
        catalog_note=None,
    ),
    Scenario(
        scenario="index-file-as-prefix",
        failure="wrong-path-or-loader",
        title="Checkpoint.restore given the .index file instead of the checkpoint prefix",
        broken=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("broken/ckpt")
''',
            load_code=MODEL + '''
model = make_model()
status = tf.train.Checkpoint(model=model).restore("broken/ckpt-1.index")
''',
            check_code='''
observed["status_type"] = type(status).__name__
try:
    observed["keys_seen_via_index_path"] = [k for k, _ in tf.train.list_variables("broken/ckpt-1.index")]
except Exception as exc:
    observed["keys_seen_via_index_path"] = f"{type(exc).__name__}: {exc}"
''' + RESTORED.replace("{prefix}", "broken/ckpt-1") + '''
observed["ok"] = observed["kernel_restored"]
''',
        ),
        fixed=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("fixed/ckpt")
''',
            load_code=MODEL + '''
model = make_model()
status = tf.train.Checkpoint(model=model).restore("fixed/ckpt-1")  # the prefix, no extension
status.assert_consumed()
''',
            check_code=RESTORED.replace("{prefix}", "fixed/ckpt-1") + '''
observed["ok"] = observed["kernel_restored"]
''',
        ),
        fix_code='''
status = tf.train.Checkpoint(model=model).restore("fixed/ckpt-1")  # prefix, not ckpt-1.index
status.assert_consumed()
''',
        notes='''
No exception: TF's checkpoint reader opens the .index path but finds no object graph under it
(see observed.keys_seen_via_index_path), so Checkpoint.restore falls back to name-based restore
(NameBasedSaverStatus, announced only by a deprecation warning). That matches no Keras 3 variable
and restores nothing.
''',
    ),
]

SCENARIOS.append(
    Scenario(
        scenario="keras-load-weights-tf-checkpoint",
        failure="wrong-path-or-loader",
        title="Keras 3 model.load_weights given a tf.train.Checkpoint prefix",
        broken=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("broken/ckpt")
''',
            load_code=MODEL + '''
model = make_model()
model.load_weights("broken/ckpt-1")
''',
            check_code='''
import os
observed["files"] = sorted(os.listdir("broken"))
''',
        ),
        fixed=Side(
            make_code=MODEL + '''
tf.train.Checkpoint(model=make_model()).save("fixed/ckpt")
''',
            load_code=MODEL + '''
model = make_model()
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()  # the API that wrote it
''',
            check_code=RESTORED.replace("{prefix}", "fixed/ckpt-1") + '''
observed["ok"] = observed["kernel_restored"]
''',
        ),
        fix_code='''
# Keras 3 load_weights reads only .weights.h5 / .keras (and Orbax); TF checkpoints go through
# tf.train.Checkpoint:
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
# then, to move to the Keras format once: model.save_weights("model.weights.h5")
''',
        notes='''
tf.keras 2.x load_weights accepted TF checkpoint prefixes; Keras 3 decides by file extension.
''',
    )
)
