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
