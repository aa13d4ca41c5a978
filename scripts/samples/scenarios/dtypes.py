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
