"""tf1-tf2-checkpoint: a TF1 name-based Saver checkpoint restored with the object-based API."""
from scenario import Scenario, Side

SCENARIOS = [
    Scenario(
        scenario="tf1-saver-into-checkpoint",
        failure="tf1-tf2-checkpoint",
        title="A tf.compat.v1.train.Saver checkpoint restored with tf.train.Checkpoint",
        broken=Side(
            make_code='''
import tensorflow as tf

# TF1-style graph code: variables are named "dense/kernel" and "dense/bias".
with tf.Graph().as_default():
    x = tf.compat.v1.placeholder(tf.float32, [None, 8])
    with tf.compat.v1.variable_scope("dense"):
        kernel = tf.compat.v1.get_variable("kernel", [8, 4])
        bias = tf.compat.v1.get_variable("bias", [4], initializer=tf.compat.v1.ones_initializer())
    y = tf.matmul(x, kernel) + bias
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        saver.save(sess, "broken/model.ckpt")
''',
            load_code='''
import keras
import numpy as np
import tensorflow as tf

dense = keras.layers.Dense(4)
dense.build((None, 8))
status = tf.train.Checkpoint(dense=dense).restore("broken/model.ckpt")
status.assert_consumed()
''',
            check_code='''
reader = tf.train.load_checkpoint("broken/model.ckpt")
observed["checkpoint_keys"] = sorted(reader.get_variable_to_shape_map())
observed["status_type"] = type(status).__name__
observed["kernel_restored"] = bool(np.array_equal(dense.kernel.numpy(), reader.get_tensor("dense/kernel")))
observed["ok"] = observed["kernel_restored"]
''',
        ),
        fixed=Side(
            make_code='''
import keras
import tensorflow as tf

# Convert once: read the TF1 names, assign them to the TF2 objects, save object-based.
reader = tf.train.load_checkpoint("broken/model.ckpt")
dense = keras.layers.Dense(4)
dense.build((None, 8))
dense.kernel.assign(reader.get_tensor("dense/kernel"))
dense.bias.assign(reader.get_tensor("dense/bias"))
tf.train.Checkpoint(dense=dense).save("fixed/ckpt")
''',
            load_code='''
import keras
import numpy as np
import tensorflow as tf

dense = keras.layers.Dense(4)
dense.build((None, 8))
status = tf.train.Checkpoint(dense=dense).restore("fixed/ckpt-1")
status.assert_consumed()
''',
            check_code='''
tf1 = tf.train.load_checkpoint("broken/model.ckpt")
observed["kernel_equals_tf1_value"] = bool(np.array_equal(dense.kernel.numpy(), tf1.get_tensor("dense/kernel")))
observed["ok"] = observed["kernel_equals_tf1_value"]
''',
        ),
        fix_code='''
# Map the TF1 names onto the TF2 objects once, then keep the object-based checkpoint:
reader = tf.train.load_checkpoint("broken/model.ckpt")
dense.kernel.assign(reader.get_tensor("dense/kernel"))
dense.bias.assign(reader.get_tensor("dense/bias"))
tf.train.Checkpoint(dense=dense).save("fixed/ckpt")
''',
        notes='''
The TF1 checkpoint has no _CHECKPOINTABLE_OBJECT_GRAPH, so Checkpoint.restore falls back to
name-based matching (NameBasedSaverStatus, logged as a deprecation warning). Keras 3 variables
are not named "dense/kernel", so nothing matches; without assert_consumed() nothing is raised.
''',
    ),
]
