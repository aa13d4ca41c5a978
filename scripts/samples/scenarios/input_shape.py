"""input-shape-mismatch: weights loaded into a subclassed model that has not been built."""
from scenario import Scenario, Side

NET = '''
import keras
import numpy as np
import tensorflow as tf

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(4)
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.hidden(x))
'''

SCENARIOS = [
    Scenario(
        scenario="unbuilt-subclassed-load-weights",
        failure="input-shape-mismatch",
        title="load_weights on a subclassed model that was never called",
        broken=Side(
            make_code=NET + '''
net = Net()
net(np.ones((1, 8), np.float32))
net.save_weights("broken/net.weights.h5")
''',
            load_code=NET + '''
net = Net()
net.load_weights("broken/net.weights.h5")
''',
            check_code='''
observed["built"] = net.built
''',
        ),
        fixed=Side(
            make_code=NET + '''
net = Net()
net(np.ones((1, 8), np.float32))
net.save_weights("fixed/net.weights.h5")
''',
            load_code=NET + '''
net = Net()
net(np.ones((1, 8), np.float32))  # build: creates the variables with the saved input width
net.load_weights("fixed/net.weights.h5")
''',
            check_code='''
import h5py
with h5py.File("fixed/net.weights.h5", "r") as f:
    observed["ok"] = bool(np.array_equal(net.hidden.kernel.numpy(), f["hidden/vars/0"][()]))
''',
        ),
        fix_code='''
net = Net()
net(np.ones((1, 8), np.float32))   # or net.build((None, 8))
net.load_weights("fixed/net.weights.h5")
''',
        notes='''
A subclassed model creates its variables on the first call, from the input's last dimension (8
here). The input width is not in the weights file's config, only in the kernel shapes.
''',
    ),
    Scenario(
        scenario="unbuilt-subclassed-checkpoint-restore",
        failure="input-shape-mismatch",
        title="Checkpoint.restore into an unbuilt subclassed Keras 3 model: the values never arrive",
        broken=Side(
            make_code=NET + '''
net = Net()
net(np.ones((1, 8), np.float32))
tf.train.Checkpoint(model=net).save("broken/ckpt")
''',
            load_code=NET + '''
net = Net()
status = tf.train.Checkpoint(model=net).restore("broken/ckpt-1")
net(np.ones((1, 8), np.float32))  # build after restoring, hoping for deferred restoration
''',
            check_code='''
reader = tf.train.load_checkpoint("broken/ckpt-1")
observed["hidden_kernel_restored"] = bool(np.array_equal(
    net.hidden.kernel.numpy(), reader.get_tensor("model/hidden/_kernel/.ATTRIBUTES/VARIABLE_VALUE")))
try:
    status.assert_consumed()
    observed["assert_consumed_after_build"] = "passed"
except AssertionError as exc:
    observed["assert_consumed_after_build"] = str(exc)[:600]
observed["ok"] = observed["hidden_kernel_restored"]
''',
        ),
        fixed=Side(
            make_code=NET + '''
net = Net()
net(np.ones((1, 8), np.float32))
tf.train.Checkpoint(model=net).save("fixed/ckpt")
''',
            load_code=NET + '''
net = Net()
net(np.ones((1, 8), np.float32))  # build first
tf.train.Checkpoint(model=net).restore("fixed/ckpt-1").assert_consumed()
''',
            check_code='''
reader = tf.train.load_checkpoint("fixed/ckpt-1")
observed["ok"] = bool(np.array_equal(
    net.hidden.kernel.numpy(), reader.get_tensor("model/hidden/_kernel/.ATTRIBUTES/VARIABLE_VALUE")))
''',
        ),
        fix_code='''
net = Net()
net(np.ones((1, 8), np.float32))   # create the variables before restoring
tf.train.Checkpoint(model=net).restore("fixed/ckpt-1").assert_consumed()
''',
        notes='''
With tf.keras 2.x, variables created after restore() were filled in by deferred restoration. In
TF 2.21 with Keras 3 they are not: restore() raises nothing, the later build creates fresh random
variables, and assert_consumed() afterwards still reports them as not assigned (see observed).
''',
    ),
]
