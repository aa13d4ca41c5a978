"""unregistered-custom-object: a .keras file with a custom layer the loader cannot find."""
from scenario import Scenario, Side

LAYER = '''
class ScaledDense(keras.layers.Layer):
    def __init__(self, units=4, scale=2.0, **kwargs):
        super().__init__(**kwargs)
        self.units, self.scale = units, scale

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, x):
        return self.scale * (x @ self.kernel)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "scale": self.scale}
'''

REGISTERED_LAYER = '''
@keras.saving.register_keras_serializable(package="samples")''' + LAYER

SCENARIOS = [
    Scenario(
        scenario="unregistered-custom-layer",
        failure="unregistered-custom-object",
        title="A .keras model with a custom layer loaded without the layer's class",
        broken=Side(
            make_code='''
import keras
''' + LAYER + '''
model = keras.Sequential([keras.Input((8,)), ScaledDense(4, name="scaled")])
model.save("broken/model.keras")
''',
            load_code='''
import keras

# train.py defined ScaledDense; serve.py does not import it
model = keras.models.load_model("broken/model.keras")
''',
            check_code='''
import json, zipfile
config = json.loads(zipfile.ZipFile("broken/model.keras").read("config.json"))
layer = config["config"]["layers"][1]
observed["saved_layer"] = {k: layer.get(k) for k in ("module", "class_name", "registered_name")}
''',
        ),
        fixed=Side(
            make_code='''
import keras
''' + REGISTERED_LAYER + '''
model = keras.Sequential([keras.Input((8,)), ScaledDense(4, name="scaled")])
model.save("fixed/model.keras")
''',
            load_code='''
import keras
import numpy as np
''' + REGISTERED_LAYER + '''
model = keras.models.load_model("fixed/model.keras", custom_objects={"ScaledDense": ScaledDense})
''',
            check_code='''
import json, zipfile
config = json.loads(zipfile.ZipFile("fixed/model.keras").read("config.json"))
layer = config["config"]["layers"][1]
observed["saved_layer"] = {k: layer.get(k) for k in ("module", "class_name", "registered_name")}
observed["ok"] = type(model.layers[0]).__name__ == "ScaledDense" and model(np.ones((1, 8))).shape == (1, 4)
''',
        ),
        fix_code='''
# Define (or import) the class before loading, registered under a stable name, and/or pass it:
@keras.saving.register_keras_serializable(package="samples")
class ScaledDense(keras.layers.Layer):
    ...  # same code as when saving, including get_config()

model = keras.models.load_model("fixed/model.keras", custom_objects={"ScaledDense": ScaledDense})
''',
        notes='''
The saved config names the class ("class_name": "ScaledDense", "module": null, "registered_name":
"ScaledDense" when unregistered; "samples>ScaledDense" when registered). Loading fails while
reading config.json, before any weight is read.
''',
    ),
    Scenario(
        scenario="custom-layer-config-changed",
        failure="unregistered-custom-object",
        title="A custom layer whose __init__ gained a required argument after saving",
        broken=Side(
            make_code='''
import keras

@keras.saving.register_keras_serializable(package="samples")
class Gate(keras.layers.Layer):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, x):
        return keras.ops.sigmoid(x @ self.kernel)

    def get_config(self):
        return {**super().get_config(), "units": self.units}

model = keras.Sequential([keras.Input((8,)), Gate(4, name="gate")])
model.save("broken/model.keras")
''',
            load_code='''
import keras

@keras.saving.register_keras_serializable(package="samples")
class Gate(keras.layers.Layer):
    # new version of the code: `temperature` is now required and saved configs lack it
    def __init__(self, units, temperature, **kwargs):
        super().__init__(**kwargs)
        self.units, self.temperature = units, temperature

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, x):
        return keras.ops.sigmoid((x @ self.kernel) / self.temperature)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "temperature": self.temperature}

model = keras.models.load_model("broken/model.keras")
''',
            check_code='''
import json, zipfile
config = json.loads(zipfile.ZipFile("broken/model.keras").read("config.json"))
observed["saved_gate_config_keys"] = sorted(config["config"]["layers"][1]["config"])
''',
        ),
        fixed=Side(
            make_code='''
import keras
import shutil

shutil.copy("broken/model.keras", "fixed/model.keras")  # same file: the fix is in the code
''',
            load_code='''
import keras
import numpy as np

@keras.saving.register_keras_serializable(package="samples")
class Gate(keras.layers.Layer):
    # a default keeps configs saved before `temperature` existed loadable
    def __init__(self, units, temperature=1.0, **kwargs):
        super().__init__(**kwargs)
        self.units, self.temperature = units, temperature

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, x):
        return keras.ops.sigmoid((x @ self.kernel) / self.temperature)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "temperature": self.temperature}

model = keras.models.load_model("fixed/model.keras")
''',
            check_code='''
observed["ok"] = model.layers[0].temperature == 1.0 and model(np.ones((1, 8))).shape == (1, 4)
''',
        ),
        fix_code='''
# Give new constructor arguments a default that reproduces the old behaviour:
def __init__(self, units, temperature=1.0, **kwargs):
    ...
''',
        notes='''
The class is found (it is registered), but from_config(config) calls __init__ with the saved
config, which lacks the new argument. Same family: renamed or removed arguments raise
"__init__() got an unexpected keyword argument".
''',
    ),
]
