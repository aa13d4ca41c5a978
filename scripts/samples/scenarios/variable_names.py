"""variable-name-mismatch: an attribute renamed between saving and restoring a checkpoint."""
from scenario import Scenario, Side

OLD_MODEL = '''
import keras
import numpy as np
import tensorflow as tf

class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense_1 = keras.layers.Dense(4)
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.dense_1(x))
'''

NEW_MODEL = '''
import keras
import numpy as np
import tensorflow as tf

class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.denselayer1 = keras.layers.Dense(4)  # was: self.dense_1
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.denselayer1(x))
'''

CHECK = '''
reader = tf.train.load_checkpoint(CKPT)
saved_kernel = reader.get_tensor(KERNEL_KEY)
observed["checkpoint_kernel_key"] = KERNEL_KEY
observed["denselayer1_kernel_restored"] = bool(np.array_equal(model.denselayer1.kernel.numpy(), saved_kernel))
observed["head_kernel_restored"] = bool(np.array_equal(
    model.head.kernel.numpy(), reader.get_tensor("model/head/_kernel/.ATTRIBUTES/VARIABLE_VALUE")))
observed["ok"] = observed["denselayer1_kernel_restored"] and observed["head_kernel_restored"]
'''

SCENARIOS = [
    Scenario(
        scenario="renamed-attribute",
        failure="variable-name-mismatch",
        title="Attribute dense_1 renamed to denselayer1 after the checkpoint was saved",
        broken=Side(
            make_code=OLD_MODEL + '''
model = Regressor()
model(np.ones((1, 8), np.float32))
tf.train.Checkpoint(model=model).save("broken/ckpt")  # writes broken/ckpt-1.* and broken/checkpoint
''',
            load_code=NEW_MODEL + '''
model = Regressor()
model(np.ones((1, 8), np.float32))
status = tf.train.Checkpoint(model=model).restore("broken/ckpt-1")
status.assert_existing_objects_matched()
''',
            check_code='''
CKPT, KERNEL_KEY = "broken/ckpt-1", "model/dense_1/_kernel/.ATTRIBUTES/VARIABLE_VALUE"
try:
    status.assert_consumed()
except AssertionError as exc:
    observed["assert_consumed_message_head"] = str(exc)[:160]
observed["restore_status_type"] = type(status).__name__
''' + CHECK,
        ),
        fixed=Side(
            make_code=NEW_MODEL + '''
# Rewrite the checkpoint under the new attribute name: read the old keys, assign, save again.
reader = tf.train.load_checkpoint("broken/ckpt-1")
model = Regressor()
model(np.ones((1, 8), np.float32))
renames = {"denselayer1": "dense_1", "head": "head"}
for new, old in renames.items():
    layer = getattr(model, new)
    layer.kernel.assign(reader.get_tensor(f"model/{old}/_kernel/.ATTRIBUTES/VARIABLE_VALUE"))
    layer.bias.assign(reader.get_tensor(f"model/{old}/bias/.ATTRIBUTES/VARIABLE_VALUE"))
tf.train.Checkpoint(model=model).save("fixed/ckpt")
''',
            load_code=NEW_MODEL + '''
model = Regressor()
model(np.ones((1, 8), np.float32))
status = tf.train.Checkpoint(model=model).restore("fixed/ckpt-1")
status.assert_existing_objects_matched()
''',
            check_code='''
CKPT, KERNEL_KEY = "fixed/ckpt-1", "model/denselayer1/_kernel/.ATTRIBUTES/VARIABLE_VALUE"
''' + CHECK,
        ),
        fix_code='''
# Either keep the attribute name the checkpoint was saved with (self.dense_1), or rewrite the
# checkpoint once under the new names:
reader = tf.train.load_checkpoint("broken/ckpt-1")
model = Regressor()                      # the renamed class
model(np.ones((1, 8), np.float32))       # create the variables
model.denselayer1.kernel.assign(reader.get_tensor("model/dense_1/_kernel/.ATTRIBUTES/VARIABLE_VALUE"))
model.denselayer1.bias.assign(reader.get_tensor("model/dense_1/bias/.ATTRIBUTES/VARIABLE_VALUE"))
model.head.kernel.assign(reader.get_tensor("model/head/_kernel/.ATTRIBUTES/VARIABLE_VALUE"))
model.head.bias.assign(reader.get_tensor("model/head/bias/.ATTRIBUTES/VARIABLE_VALUE"))
tf.train.Checkpoint(model=model).save("fixed/ckpt")
''',
        notes='''
Object-based checkpoints key each value by the attribute path (model/dense_1/_kernel/...). After
the rename, restore() still "succeeds": head is restored, denselayer1 keeps its random initial
values. Only an assert_* call (or the warnings TF logs when the status object is deleted) shows it.
''',
        catalog_note=(
            "TF 2.21's assert_existing_objects_matched() raises 'Found N Python objects that were not "
            "bound to checkpointed values, likely due to changes in the Python program', a message "
            "errors.json does not list yet; the log's 'Value in checkpoint could not be found' "
            "warnings match the partial-restore entry (catalog_other_ids)."
        ),
    ),
]

TF1_GRAPH = '''
import tensorflow as tf

def build_graph(scope):
    x = tf.compat.v1.placeholder(tf.float32, [None, 8])
    with tf.compat.v1.variable_scope(scope):
        kernel = tf.compat.v1.get_variable("kernel", [8, 4])
        bias = tf.compat.v1.get_variable("bias", [4], initializer=tf.compat.v1.ones_initializer())
    return tf.matmul(x, kernel) + bias
'''

SCENARIOS.append(
    Scenario(
        scenario="tf1-renamed-scope",
        failure="variable-name-mismatch",
        title="TF1 graph code whose variable scope dense_1 became denselayer1, restored with Saver",
        broken=Side(
            make_code=TF1_GRAPH + '''
with tf.Graph().as_default():
    build_graph("dense_1")
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        saver.save(sess, "broken/model.ckpt")
''',
            load_code=TF1_GRAPH + '''
with tf.Graph().as_default():
    build_graph("denselayer1")  # renamed scope
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as sess:
        saver.restore(sess, "broken/model.ckpt")
''',
            check_code='''
observed["checkpoint_keys"] = sorted(tf.train.load_checkpoint("broken/model.ckpt").get_variable_to_shape_map())
observed["graph_variables"] = ["denselayer1/bias", "denselayer1/kernel"]
''',
        ),
        fixed=Side(
            make_code='''
import shutil

for ext in (".index", ".data-00000-of-00001", ".meta"):
    shutil.copy("broken/model.ckpt" + ext, "fixed/model.ckpt" + ext)  # same files: the fix is in the code
''',
            load_code=TF1_GRAPH + '''
with tf.Graph().as_default():
    build_graph("denselayer1")
    variables = {v.op.name: v for v in tf.compat.v1.global_variables()}
    # Map each name in the checkpoint to the renamed variable.
    saver = tf.compat.v1.train.Saver(var_list={
        "dense_1/kernel": variables["denselayer1/kernel"],
        "dense_1/bias": variables["denselayer1/bias"],
    })
    with tf.compat.v1.Session() as sess:
        saver.restore(sess, "fixed/model.ckpt")
        kernel = sess.run(variables["denselayer1/kernel"])
''',
            check_code='''
import numpy as np
observed["ok"] = bool(np.array_equal(kernel, tf.train.load_checkpoint("fixed/model.ckpt").get_tensor("dense_1/kernel")))
''',
        ),
        fix_code='''
# Tell the Saver which checkpoint name feeds which variable:
saver = tf.compat.v1.train.Saver(var_list={
    "dense_1/kernel": variables["denselayer1/kernel"],
    "dense_1/bias": variables["denselayer1/bias"],
})
saver.restore(sess, "fixed/model.ckpt")
''',
        notes='''
Name-based (TF1) checkpoints key each tensor by the variable's graph name. A renamed scope makes
Saver.restore fail with NotFoundError naming the first missing key.
''',
    )
)
