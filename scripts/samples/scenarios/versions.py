"""version-mismatch: a SavedModel directory given to Keras 3's load_model."""
from scenario import Scenario, Side

MAKE = '''
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.export("{side}/regressor_savedmodel")  # TF SavedModel (saved_model.pb + variables/)
'''

SCENARIOS = [
    Scenario(
        scenario="savedmodel-dir-into-keras3-load-model",
        failure="version-mismatch",
        title="A TensorFlow SavedModel directory loaded with Keras 3 load_model",
        broken=Side(
            make_code=MAKE.replace("{side}", "broken"),
            load_code='''
import keras

model = keras.models.load_model("broken/regressor_savedmodel")
''',
            check_code='''
import os
observed["savedmodel_files"] = sorted(os.listdir("broken/regressor_savedmodel"))
''',
        ),
        fixed=Side(
            make_code=MAKE.replace("{side}", "fixed"),
            load_code='''
import keras
import numpy as np

layer = keras.layers.TFSMLayer("fixed/regressor_savedmodel", call_endpoint="serving_default")
outputs = layer(np.ones((2, 8), np.float32))
''',
            check_code='''
observed["output_keys"] = sorted(outputs)
observed["ok"] = tuple(outputs["output_0"].shape) == (2, 1)
''',
        ),
        fix_code='''
# Keras 3 reloads a SavedModel only as an inference layer:
layer = keras.layers.TFSMLayer("fixed/regressor_savedmodel", call_endpoint="serving_default")
# or, without Keras: tf.saved_model.load("fixed/regressor_savedmodel").signatures["serving_default"]
# To get a full Keras model back, re-save it as .keras with the Keras version that can load it.
''',
        notes='''
Keras 3 load_model() decides by the path alone: anything that is not a .keras file or a legacy
.h5 file gets this ValueError, so a SavedModel written by tf.keras 2.x model.save("dir") (which
also contains keras_metadata.pb) fails the same way.
''',
        simulated=None,
        facts={
            "made_by": "Keras 3 model.export(); tf_keras (Keras 2) is not installed in the sample "
            "environment, so the artifact is a Keras 3 export. The load error is the same for a "
            "tf.keras 2.x SavedModel directory (see notes).",
        },
    ),
]
