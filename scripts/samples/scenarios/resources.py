"""restore-hang and resource-exhaustion: simulated; the facts a checker needs are real."""
from scenario import Scenario, Side

SHARDED = '''
import tensorflow as tf

# 64 variables of 16x16 float32 (1 KiB each), split into shards of at most 16 KiB.
variables = [tf.Variable(tf.random.stateless_normal((16, 16), seed=(i, 0)), name=f"v{i}") for i in range(64)]
options = tf.train.CheckpointOptions(
    experimental_sharding_callback=tf.train.experimental.MaxShardSizePolicy(max_shard_size=16 * 1024))
tf.train.Checkpoint(layers=variables).save("{side}/ckpt", options=options)
'''

SHARDED_LOAD = '''
import time
import tensorflow as tf

variables = [tf.Variable(tf.zeros((16, 16)), name=f"v{i}") for i in range(64)]
started = time.perf_counter()
tf.train.Checkpoint(layers=variables).restore("{side}/ckpt-1").assert_consumed()
seconds = time.perf_counter() - started
'''

SHARDED_CHECK = '''
import glob, os
shards = sorted(glob.glob("{side}/ckpt-1.data-*"))
observed["shards"] = len(shards)
observed["data_bytes"] = sum(os.path.getsize(s) for s in shards)
observed["variables"] = len(variables)
observed["restore_seconds_measured"] = round(seconds, 3)
reader = tf.train.load_checkpoint("{side}/ckpt-1")
observed["ok"] = bool((variables[63].numpy() == reader.get_tensor("layers/63/.ATTRIBUTES/VARIABLE_VALUE")).all())
'''

TRAINING = '''
import keras
import numpy as np
import tensorflow as tf

model = keras.Sequential([keras.Input((256,)), keras.layers.Dense(64)])
optimizer = keras.optimizers.Adam()
model.compile(optimizer=optimizer, loss="mse")
model.fit(np.ones((4, 256)), np.ones((4, 64)), epochs=1, verbose=0)
'''

BUDGET = 128 * 1024

TENSOR_BYTES = '''
reader = tf.train.load_checkpoint("{side}/ckpt-1")
dtypes = reader.get_variable_to_dtype_map()
total = sum(
    int(np.prod(shape)) * dtypes[key].size
    for key, shape in reader.get_variable_to_shape_map().items() if key != "_CHECKPOINTABLE_OBJECT_GRAPH")
observed["declared_tensor_bytes"] = total
observed["budget_bytes"] = BUDGET
observed["over_budget"] = total > BUDGET
'''

SCENARIOS = [
    Scenario(
        scenario="sharded-checkpoint-restore-time",
        failure="restore-hang",
        title="A sharded checkpoint and how long restoring it really takes",
        broken=Side(
            make_code=SHARDED.replace("{side}", "broken"),
            load_code=SHARDED_LOAD.replace("{side}", "broken"),
            check_code=SHARDED_CHECK.replace("{side}", "broken"),
        ),
        fixed=Side(
            make_code=SHARDED.replace("{side}", "fixed"),
            load_code='''
import faulthandler
import sys
import time
import tensorflow as tf

# If a restore seems stuck, make it tell you where: dump every thread's stack after 120 s.
faulthandler.dump_traceback_later(120, exit=False, file=sys.stderr)
variables = [tf.Variable(tf.zeros((16, 16)), name=f"v{i}") for i in range(64)]
started = time.perf_counter()
tf.train.Checkpoint(layers=variables).restore("fixed/ckpt-1").assert_consumed()
seconds = time.perf_counter() - started
faulthandler.cancel_dump_traceback_later()
''',
            check_code=SHARDED_CHECK.replace("{side}", "fixed"),
        ),
        fix_code='''
# Nothing to fix in the files. To tell slow from stuck: time the restore, and arm a stack dump.
import faulthandler, sys
faulthandler.dump_traceback_later(120, exit=False, file=sys.stderr)
tf.train.Checkpoint(layers=variables).restore("fixed/ckpt-1").assert_consumed()
faulthandler.cancel_dump_traceback_later()
''',
        notes='''
Restore time grows with bytes read (from the .index the checker knows every tensor's size and
shard) and with the filesystem: the same files on a network filesystem or gs:// take far longer.
The recorded restore_seconds_measured is this machine, local disk.
''',
        simulated=(
            "Nothing hangs: both halves restore in well under a second. The pair is informational; "
            "the fixed twin is the same checkpoint loaded with a faulthandler stack-dump watchdog, "
            "the diagnostic the guide recommends. Real hangs (fork after init, collectives waiting "
            "for peers, gs:// retries) need an environment a sample file cannot carry."
        ),
        catalog_note="Nothing is raised: a hang has no error text.",
    ),
    Scenario(
        scenario="optimizer-state-over-memory-budget",
        failure="resource-exhaustion",
        title="A training checkpoint whose tensors exceed a stated memory budget; the weights-only twin fits",
        broken=Side(
            make_code=TRAINING + '''
tf.train.Checkpoint(model=model, optimizer=optimizer).save("broken/ckpt")  # weights + Adam m and v
''',
            load_code=TRAINING.replace("model.fit(np.ones((4, 256)), np.ones((4, 64)), epochs=1, verbose=0)\n", "") + '''
optimizer.build(model.trainable_variables)
tf.train.Checkpoint(model=model, optimizer=optimizer).restore("broken/ckpt-1").assert_consumed()
''',
            check_code=f"BUDGET = {BUDGET}\n" + TENSOR_BYTES.replace("{side}", "broken"),
        ),
        fixed=Side(
            make_code=TRAINING + '''
# Weights only, for serving. A compiled Keras 3 model tracks its optimizer (model.optimizer), so
# Checkpoint(model=model) would still carry Adam's slots: copy the weights into a fresh model.
serving = keras.Sequential([keras.Input((256,)), keras.layers.Dense(64)])
serving.set_weights(model.get_weights())
tf.train.Checkpoint(model=serving).save("fixed/ckpt")
''',
            load_code='''
import keras
import numpy as np
import tensorflow as tf

model = keras.Sequential([keras.Input((256,)), keras.layers.Dense(64)])
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
            check_code=f"BUDGET = {BUDGET}\n" + TENSOR_BYTES.replace("{side}", "fixed") + '''
observed["ok"] = not observed["over_budget"]
''',
        ),
        fix_code='''
# Serve from a weights-only checkpoint (Adam keeps two more tensors per weight), restore on the
# host rather than a small GPU, or restore into the model only with expect_partial():
serving = keras.Sequential([keras.Input((256,)), keras.layers.Dense(64)])  # not compiled
serving.set_weights(model.get_weights())
tf.train.Checkpoint(model=serving).save("fixed/ckpt")
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
        notes='''
An Adam training checkpoint holds about three times the weights' bytes (weights, m, v). In Keras 3
a compiled model tracks its optimizer, so even Checkpoint(model=model) saves the slots. The
declared tensor bytes come from the .index file alone, so a checker can compare them with a
budget before anything is loaded.
''',
        simulated=(
            "Nothing runs out of memory: the budget (facts.budget_bytes) is stated by the scenario, "
            "not a real limit, and both checkpoints restore. The tensor byte counts are real."
        ),
        catalog_note="Nothing is raised: the memory budget is simulated.",
        facts={"budget_bytes": BUDGET},
    ),
]
