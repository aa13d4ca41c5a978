"""architecture-mismatch: a Conv2D model's weights loaded into a Dense model."""
from scenario import Scenario, Side

CONV_MODEL = '''
import keras
import numpy as np

def conv_model():
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(4, 3),
        keras.layers.Flatten(),
        keras.layers.Dense(1),
    ])
'''

DENSE_MODEL = '''
import keras
import numpy as np

def dense_model():
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Flatten(),
        keras.layers.Dense(4),
        keras.layers.Dense(1),
    ])
'''

SCENARIOS = [
    Scenario(
        scenario="conv-weights-into-dense",
        failure="architecture-mismatch",
        title="Weights of a Conv2D model loaded into a Dense model (.weights.h5)",
        broken=Side(
            make_code=CONV_MODEL + '''
conv_model().save_weights("broken/model.weights.h5")
''',
            load_code=DENSE_MODEL + '''
model = dense_model()
model.load_weights("broken/model.weights.h5")
''',
            check_code='''
import h5py
with h5py.File("broken/model.weights.h5", "r") as f:
    saved = []
    f.visititems(lambda name, obj: saved.append(f"{name} {obj.shape}") if isinstance(obj, h5py.Dataset) else None)
observed["saved_datasets"] = saved
observed["model_variables"] = [f"{v.path} {tuple(v.shape)}" for v in model.weights]
observed["ok"] = False
''',
        ),
        fixed=Side(
            make_code=CONV_MODEL + '''
conv_model().save_weights("fixed/model.weights.h5")
''',
            load_code=CONV_MODEL + '''
model = conv_model()  # the architecture the weights were saved from
model.load_weights("fixed/model.weights.h5")
''',
            check_code='''
import h5py
with h5py.File("fixed/model.weights.h5", "r") as f:
    observed["ok"] = bool(np.array_equal(model.layers[0].kernel.numpy(), f["layers/conv2d/vars/0"][()]))
''',
        ),
        fix_code='''
# Build the same architecture the weights were saved from, then load:
model = conv_model()  # Conv2D(4, 3) -> Flatten -> Dense(1), as when saving
model.load_weights("fixed/model.weights.h5")
''',
        notes='''
Keras 3 matches .weights.h5 entries to layers by position within the model (layers/conv2d,
layers/dense, ...), then assigns; the first shape that disagrees fails the load, and Keras wraps
it in "A total of N objects could not be loaded".
''',
    ),
]

SCENARIOS.append(
    Scenario(
        scenario="conv-checkpoint-into-dense",
        failure="architecture-mismatch",
        title="A tf.train.Checkpoint of a Conv2D model restored into a Dense model",
        broken=Side(
            make_code=CONV_MODEL + '''
import tensorflow as tf

tf.train.Checkpoint(model=conv_model()).save("broken/ckpt")
''',
            load_code=DENSE_MODEL + '''
import tensorflow as tf

model = dense_model()
tf.train.Checkpoint(model=model).restore("broken/ckpt-1")
''',
            check_code='''
observed["checkpoint_shapes"] = {k: s for k, s in tf.train.list_variables("broken/ckpt-1") if "kernel" in k}
''',
        ),
        fixed=Side(
            make_code=CONV_MODEL + '''
import tensorflow as tf

tf.train.Checkpoint(model=conv_model()).save("fixed/ckpt")
''',
            load_code=CONV_MODEL + '''
import tensorflow as tf

model = conv_model()
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
            check_code='''
reader = tf.train.load_checkpoint("fixed/ckpt-1")
observed["ok"] = bool(np.array_equal(
    model.layers[0].kernel.numpy(),
    reader.get_tensor("model/_functional/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE")))
''',
        ),
        fix_code='''
model = conv_model()  # the architecture the checkpoint was saved from
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
        notes='''
Keras 3 Sequential checkpoints key layers by their position in the model's operations
(model/_functional/_operations/N/...). Position 3 is Dense(1) in both models, with a (144, 1)
kernel saved and (4, 1) expected; position 1 (the Conv2D kernel) meets a Flatten with no
variables and is left unused. Unlike load_weights, restore raises on the first mismatch.
''',
    )
)
