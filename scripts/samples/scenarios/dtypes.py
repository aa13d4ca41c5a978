"""dtype-mismatch: a float64 SavedModel signature fed float32."""
from scenario import Scenario, Side

MAKE = '''
import tensorflow as tf

class Scorer(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.reshape(tf.range(4, dtype=tf.float64), (4, 1)), name="w")

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float64, name="x")])
    def score(self, x):
        return {"y": x @ self.w}

scorer = Scorer()
tf.saved_model.save(scorer, "{side}/scorer", signatures={"serving_default": scorer.score})
'''

SCENARIOS = [
    Scenario(
        scenario="float64-signature-fed-float32",
        failure="dtype-mismatch",
        title="A SavedModel with a float64 signature called with float32 input",
        broken=Side(
            make_code=MAKE.replace("{side}", "broken"),
            load_code='''
import numpy as np
import tensorflow as tf

loaded = tf.saved_model.load("broken/scorer")
infer = loaded.signatures["serving_default"]
x = np.ones((2, 4), np.float32)  # the data pipeline produces float32
y = infer(x=tf.constant(x))
''',
            check_code='''
observed["signature_inputs"] = {k: v.dtype.name for k, v in infer.structured_input_signature[1].items()}
observed["fed_dtype"] = "float32"
''',
        ),
        fixed=Side(
            make_code=MAKE.replace("{side}", "fixed"),
            load_code='''
import numpy as np
import tensorflow as tf

loaded = tf.saved_model.load("fixed/scorer")
infer = loaded.signatures["serving_default"]
x = np.ones((2, 4), np.float32)
y = infer(x=tf.cast(x, tf.float64))  # feed the dtype the signature declares
''',
            check_code='''
observed["y"] = y["y"].numpy().ravel().tolist()
observed["ok"] = observed["y"] == [6.0, 6.0]
''',
        ),
        fix_code='''
y = infer(x=tf.cast(x, tf.float64))
# or re-export with the dtype the callers use: tf.TensorSpec([None, 4], tf.float32)
''',
        notes='''
The signature function has no implicit casting: the float32 tensor is rejected at once. Calling
the restored tf.function directly (loaded.score) instead raises "Binding inputs to tf.function
failed due to `Can not cast TensorSpec(... float32 ...) to TensorSpec(... float64 ...)`"; but
loaded.score(np.ones((2, 4), np.float32)) with a NumPy array succeeds, because NumPy input is
converted to the signature's dtype.
''',
    ),
]

SCENARIOS.append(
    Scenario(
        scenario="float64-checkpoint-into-float32-model",
        failure="dtype-mismatch",
        title="A checkpoint of float64 weights restored into the same model built as float32",
        broken=Side(
            make_code='''
import keras
import tensorflow as tf

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, dtype="float64")])
tf.train.Checkpoint(model=model).save("broken/ckpt")
''',
            load_code='''
import keras
import tensorflow as tf

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])  # default float32
tf.train.Checkpoint(model=model).restore("broken/ckpt-1")
''',
            check_code='''
observed["checkpoint_dtypes"] = sorted({d.name for k, d in tf.train.load_checkpoint("broken/ckpt-1").get_variable_to_dtype_map().items() if "kernel" in k})
observed["model_kernel_dtype"] = model.layers[0].kernel.dtype
''',
        ),
        fixed=Side(
            make_code='''
import keras
import tensorflow as tf

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, dtype="float64")])
tf.train.Checkpoint(model=model).save("fixed/ckpt")
''',
            load_code='''
import keras
import numpy as np
import tensorflow as tf

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, dtype="float64")])  # as saved
tf.train.Checkpoint(model=model).restore("fixed/ckpt-1").assert_consumed()
''',
            check_code='''
reader = tf.train.load_checkpoint("fixed/ckpt-1")
key = [k for k in reader.get_variable_to_shape_map() if k.endswith("_kernel/.ATTRIBUTES/VARIABLE_VALUE")][0]
observed["ok"] = bool(np.array_equal(model.layers[0].kernel.numpy(), reader.get_tensor(key)))
''',
        ),
        fix_code='''
# Build the layers with the dtype they were saved with (and cast inputs/outputs if needed):
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, dtype="float64")])
# or convert once: read with tf.train.load_checkpoint, cast, assign into a float32 model, save.
''',
        notes='''
RestoreV2 is asked for the dtype of the variable it restores into; the bundle entry says double,
so the op fails before any value is assigned.
''',
    )
)
