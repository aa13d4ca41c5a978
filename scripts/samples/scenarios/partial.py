"""partial-restore: a training checkpoint (model + Adam slots) restored into a model alone."""
from scenario import Scenario, Side

MAKE = '''
import keras
import numpy as np
import tensorflow as tf

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam()
model.compile(optimizer=optimizer, loss="mse")
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)  # creates Adam's m/v slots
tf.train.Checkpoint(model=model, optimizer=optimizer).save("{side}/ckpt")
'''

LOAD_PREFIX = '''
import keras
import numpy as np
import tensorflow as tf

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
'''

CHECK = '''
reader = tf.train.load_checkpoint("{side}/ckpt-1")
# Which key holds the first kernel depends on the object graph; look for the one with its shape.
kernels = [k for k, shape in tf.train.list_variables("{side}/ckpt-1") if shape == [8, 4] and "/_variables/" not in k]
observed["checkpoint_keys"] = [k for k, _ in tf.train.list_variables("{side}/ckpt-1")]
observed["model_kernel_restored"] = any(np.array_equal(model.layers[0].kernel.numpy(), reader.get_tensor(k)) for k in kernels)
'''

SCENARIOS = [
    Scenario(
        scenario="optimizer-slots-left-unused",
        failure="partial-restore",
        title="A training checkpoint with Adam slots restored into a model without an optimizer",
        broken=Side(
            make_code=MAKE.replace("{side}", "broken"),
            load_code=LOAD_PREFIX + '''
status = tf.train.Checkpoint(model=model).restore("broken/ckpt-1")
status.assert_consumed()
''',
            check_code=CHECK.replace("{side}", "broken"),
        ),
        fixed=Side(
            make_code=MAKE.replace("{side}", "fixed"),
            load_code=LOAD_PREFIX + '''
# For inference the optimizer state is not wanted: say so, and check the model part.
status = tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").expect_partial()
status.assert_existing_objects_matched()
''',
            check_code=CHECK.replace("{side}", "fixed") + '''
observed["ok"] = observed["model_kernel_restored"]
''',
        ),
        fix_code='''
# Inference: the optimizer values are expected to be left over.
status = tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").expect_partial()
status.assert_existing_objects_matched()

# Resuming training: restore the optimizer too (build it first so its slots exist).
optimizer = keras.optimizers.Adam()
optimizer.build(model.trainable_variables)
tf.train.Checkpoint(model=model, optimizer=optimizer).restore("fixed/ckpt-1").assert_consumed()
''',
        notes='''
The model's weights are restored; the optimizer's values are not, which assert_consumed() reports
as an AssertionError and which TF otherwise only logs ("Value in checkpoint could not be found in
the restored object: (root).optimizer...") when the status object is deleted. In TF 2.21 with
Keras 3 the model's variables are stored under optimizer/_trainable_variables/N keys (the
optimizer also tracks them and its path is shorter), not under model/...: see checkpoint_keys.
''',
        catalog_note=None,
    ),
    Scenario(
        scenario="optimizer-saved-before-training",
        failure="partial-restore",
        title="A .keras model compiled but saved before training: Keras 3 skips its optimizer",
        broken=Side(
            make_code='''
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")  # compiled, never trained: Adam has no slots yet
model.save("broken/model.keras")
''',
            load_code='''
import keras

model = keras.models.load_model("broken/model.keras")
''',
            check_code='''
observed["optimizer_variables"] = len(model.optimizer.variables)
observed["ok"] = False
''',
        ),
        fixed=Side(
            make_code='''
import keras
import numpy as np

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)  # Adam builds its slots
model.save("fixed/model.keras")
''',
            load_code='''
import keras

model = keras.models.load_model("fixed/model.keras")
''',
            check_code='''
observed["optimizer_variables"] = len(model.optimizer.variables)
observed["ok"] = True
''',
        ),
        fix_code='''
# Nothing is lost: the saved optimizer had no state. To load without the warning, either
model = keras.models.load_model("broken/model.keras", compile=False)  # and compile again
# or save after training (or after model.optimizer.build(model.trainable_variables)).
''',
        notes='''
Keras 3 builds the loaded model's optimizer (iteration, learning_rate, then Adam's two slots per
trainable variable: 2 + 2 x 4 = 10 here) and compares that count with the saved one (2: Adam saved
unbuilt). They differ, so it skips every optimizer variable and only warns. When the saved
optimizer did have state (saved mid-training by another Keras version, or with other trainable
variables), the same warning means that state is really lost.
''',
    ),
    Scenario(
        scenario="keras3-h5-optimizer-state",
        failure="partial-restore",
        title="A trained model saved as legacy .h5 by Keras 3: reloaded, it cannot resume training",
        broken=Side(
            make_code='''
import keras
import numpy as np

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=keras.losses.MeanSquaredError())
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=2, verbose=0)
model.save("broken/model.h5")  # legacy HDF5, with optimizer_weights
''',
            load_code='''
import keras
import numpy as np

model = keras.models.load_model("broken/model.h5")
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)  # resume training
''',
            check_code='''
observed["optimizer_variables"] = len(model.optimizer.variables)
observed["ok"] = False
''',
        ),
        fixed=Side(
            make_code='''
import keras
import numpy as np

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=keras.losses.MeanSquaredError())
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=2, verbose=0)
model.save("fixed/model.keras")  # the native format keeps the optimizer's slots
''',
            load_code='''
import keras
import numpy as np

model = keras.models.load_model("fixed/model.keras")
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)
''',
            check_code='''
observed["optimizer_variables"] = len(model.optimizer.variables)
observed["ok"] = True
''',
        ),
        fix_code='''
# Save training state in the native format:
model.save("fixed/model.keras")
# For an .h5 you already have: load it, then compile again before training (fresh Adam state).
model = keras.models.load_model("broken/model.h5", compile=False)
model.compile(optimizer="adam", loss=keras.losses.MeanSquaredError())
''',
        notes='''
Keras 3 restores only the iteration count and learning rate from the .h5's optimizer_weights, not
Adam's slots, and the optimizer it compiled then refuses the model's variables on the first
training step. Inference works; training does not.
''',
        catalog_note="The message comes from keras/src/optimizers/base_optimizer.py (_check_variables_are_known); "
        "it is raised on the first training step, after the load itself succeeded.",
    ),
]
