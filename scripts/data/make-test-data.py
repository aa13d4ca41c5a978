"""Makes the real TensorFlow/Keras outputs the context-parser and rule tests read.

Run once with TensorFlow 2.21 + Keras 3.15 (the oracle venv) from the repo root:
    /work/.venv-tf/bin/python scripts/data/make-test-data.py
Writes text captured from model.summary(), tf.train.list_variables, model.weights and
model.to_json() to test/unit/context/data/, and tiny checkpoints to test/unit/rules/data/.
Nothing here is edited by hand afterwards.
"""
import contextlib, io, json, os, shutil, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tensorflow as tf
import keras

CTX = "test/unit/context/data"
RULES = "test/unit/rules/data"
os.makedirs(CTX, exist_ok=True)
os.makedirs(RULES, exist_ok=True)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def summary_text(model):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        model.summary()
    return buf.getvalue()


def printed(value):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print(value)
    return buf.getvalue()


def small_model(hidden_name="dense_1", hidden_units=8, dtype=None):
    keras.utils.set_random_seed(1)
    inputs = keras.Input(shape=(4,), name="features")
    x = keras.layers.Dense(hidden_units, activation="relu", name=hidden_name, dtype=dtype)(inputs)
    outputs = keras.layers.Dense(3, name="head", dtype=dtype)(x)
    return keras.Model(inputs, outputs, name="small")


def train_one_step(model):
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    x = np.zeros((2, 4), dtype=model.inputs[0].dtype)
    y = np.zeros((2, 3), dtype=model.inputs[0].dtype)
    model.fit(x, y, epochs=1, verbose=0)


def save_checkpoint(model, prefix):
    """tf.train.Checkpoint(model=...): a compiled Keras 3 model tracks its optimizer itself."""
    parent = os.path.dirname(prefix)
    shutil.rmtree(parent, ignore_errors=True)
    os.makedirs(parent)
    return tf.train.Checkpoint(model=model).write(prefix)


# --- context parser inputs ---------------------------------------------------------------
seq = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(64, activation="relu"),
                        keras.layers.Dropout(0.2), keras.layers.Dense(10, name="logits")], name="mnist_mlp")
write(f"{CTX}/keras3-sequential.summary.txt", summary_text(seq))

a = keras.Input(shape=(32, 32, 3), name="image")
b = keras.Input(shape=(5,), name="meta")
x = keras.layers.Conv2D(8, 3, name="conv")(a)
x = keras.layers.BatchNormalization(name="bn")(x)
x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
x = keras.layers.Concatenate(name="concat")([x, b])
out = keras.layers.Dense(2, name="out")(x)
func = keras.Model([a, b], out, name="two_inputs")
write(f"{CTX}/keras3-functional.summary.txt", summary_text(func))

model = small_model()
train_one_step(model)
write(f"{CTX}/keras3-small.summary.txt", summary_text(model))
write(f"{CTX}/keras3-small.weights.txt", printed([(w.path, w.shape, w.dtype) for w in model.weights]))
write(f"{CTX}/keras3-small.config.json", model.to_json(indent=1))
prefix = save_checkpoint(model, f"{RULES}/small/ckpt-1")
write(f"{CTX}/keras3-small.list_variables.txt", printed(tf.train.list_variables(prefix)))

class Module(tf.Module):
    def __init__(self):
        self.w = tf.Variable(tf.zeros([4, 8]), name="w")
        self.b = tf.Variable(tf.zeros([8], dtype=tf.float64), name="b")
        self.step = tf.Variable(0, dtype=tf.int64, name="step")
mod = Module()
write(f"{CTX}/tf-module.variables.txt", printed([(v.name, v.shape, v.dtype) for v in mod.variables]))

# --- rule test artifacts and the expected-model lists that go with them -------------------
renamed = small_model(hidden_name="denselayer1")
renamed.compile(optimizer="adam", loss="mse")
p = save_checkpoint(renamed, f"{RULES}/renamed/ckpt-1")
write(f"{RULES}/renamed.list_variables.txt", printed(tf.train.list_variables(p)))
shutil.rmtree(f"{RULES}/renamed")

wider = small_model(hidden_units=16)
write(f"{RULES}/wider.summary.txt", summary_text(wider))
p = save_checkpoint(wider, f"{RULES}/wider/ckpt-1")
write(f"{RULES}/wider.list_variables.txt", printed(tf.train.list_variables(p)))
shutil.rmtree(f"{RULES}/wider")

same = small_model()
p = save_checkpoint(same, f"{RULES}/same/ckpt-1")
write(f"{RULES}/same.list_variables.txt", printed(tf.train.list_variables(p)))
shutil.rmtree(f"{RULES}/same")

f64 = small_model(dtype="float64")
train_one_step(f64)
save_checkpoint(f64, f"{RULES}/float64/ckpt-1")

# A moved checkpoint directory: the TF1 Saver writes the absolute save path into the
# `checkpoint` state file (TF2's CheckpointManager writes relative paths, observed in 2.21).
train_dir = "/tmp/tfrd-train-run/ckpts"
shutil.rmtree("/tmp/tfrd-train-run", ignore_errors=True)
os.makedirs(train_dir)
g = tf.Graph()
with g.as_default():
    with tf.compat.v1.variable_scope("dense_1"):
        tf.compat.v1.get_variable("kernel", [4, 8])
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        saver.save(sess, f"{train_dir}/model.ckpt", global_step=1, write_meta_graph=False)
shutil.rmtree(f"{RULES}/moved", ignore_errors=True)
shutil.copytree(train_dir, f"{RULES}/moved")
shutil.rmtree("/tmp/tfrd-train-run")
write(f"{RULES}/moved.latest_checkpoint.txt", repr(tf.train.latest_checkpoint(f"{RULES}/moved")) + "\n")

# TF1 name-based checkpoint (tf.compat.v1.train.Saver) of the same shapes.
shutil.rmtree(f"{RULES}/tf1", ignore_errors=True)
os.makedirs(f"{RULES}/tf1")
g = tf.Graph()
with g.as_default():
    with tf.compat.v1.variable_scope("dense_1"):
        tf.compat.v1.get_variable("kernel", [4, 8])
        tf.compat.v1.get_variable("bias", [8])
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        saver.save(sess, f"{RULES}/tf1/model.ckpt", write_meta_graph=False, write_state=False)


# Subclassed models: object-based keys follow attribute names, so renaming an attribute
# (dense_1 -> denselayer1) renames the checkpoint keys.
class Net(keras.Model):
    def __init__(self, attr):
        super().__init__()
        setattr(self, attr, keras.layers.Dense(8, activation="relu"))
        self.out = keras.layers.Dense(3)
        self.attr = attr

    def call(self, x):
        return self.out(getattr(self, self.attr)(x))

net = Net("dense_1")
net(np.zeros((1, 4), dtype="float32"))
save_checkpoint(net, f"{RULES}/subclass/ckpt-1")
net2 = Net("denselayer1")
net2(np.zeros((1, 4), dtype="float32"))
p = save_checkpoint(net2, f"{RULES}/subclass2/ckpt-1")
write(f"{RULES}/subclass-renamed.list_variables.txt", printed(tf.train.list_variables(p)))
shutil.rmtree(f"{RULES}/subclass2")

# What a TF1 graph that names its scope `denselayer1` expects, printed from its variables.
g = tf.Graph()
with g.as_default():
    with tf.compat.v1.variable_scope("denselayer1"):
        tf.compat.v1.get_variable("kernel", [4, 8])
        tf.compat.v1.get_variable("bias", [8])
    write(f"{RULES}/tf1-renamed.variables.txt", printed([(v.name, v.shape, v.dtype) for v in tf.compat.v1.global_variables()]))

# Expected-model printouts for the sample scenarios in public/samples (the models their load code
# builds), so rule tests can state "what the loading code expects" with real TF output.
EXP = f"{RULES}/samples-expected"
os.makedirs(EXP, exist_ok=True)
conv = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(), keras.layers.Dense(1)])
write(f"{EXP}/conv-model.weights.txt", printed([(w.path, w.shape, w.dtype) for w in conv.weights]))
dense = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(4), keras.layers.Dense(1)])
write(f"{EXP}/dense-model.weights.txt", printed([(w.path, w.shape, w.dtype) for w in dense.weights]))

class SampleNet(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(4)
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.hidden(x))

unbuilt_net = SampleNet()
write(f"{EXP}/net-unbuilt.weights.txt", printed([(w.path, w.shape, w.dtype) for w in unbuilt_net.weights]))
built_net = SampleNet()
built_net(np.ones((1, 8), np.float32))
write(f"{EXP}/net-built.weights.txt", printed([(w.path, w.shape, w.dtype) for w in built_net.weights]))

inference = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
p = save_checkpoint(inference, f"{EXP}/tmp/ckpt-1")
write(f"{EXP}/inference-model.list_variables.txt", printed(tf.train.list_variables(p)))
shutil.rmtree(f"{EXP}/tmp")

for name, dtype in (("f32", None), ("f64", "float64")):
    m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, dtype=dtype)])
    write(f"{EXP}/{name}-dense.weights.txt", printed([(w.path, w.shape, w.dtype) for w in m.weights]))

for name, model in (("conv", conv), ("dense", dense)):
    p = save_checkpoint(model, f"{EXP}/tmp/ckpt-1")
    write(f"{EXP}/{name}-model.list_variables.txt", printed(tf.train.list_variables(p)))
    shutil.rmtree(f"{EXP}/tmp")

# tf1-renamed-scope: what the renamed graph asks for, and what the fixed var_list maps.
g = tf.Graph()
with g.as_default():
    with tf.compat.v1.variable_scope("denselayer1"):
        kernel = tf.compat.v1.get_variable("kernel", [8, 4])
        bias = tf.compat.v1.get_variable("bias", [4])
    write(f"{EXP}/tf1-denselayer1.variables.txt", printed([(v.name, v.shape, v.dtype) for v in tf.compat.v1.global_variables()]))
    var_list = {"dense_1/kernel": kernel, "dense_1/bias": bias}
    write(f"{EXP}/tf1-denselayer1.var_list.txt", printed([(k, v.shape, v.dtype) for k, v in var_list.items()]))

print(json.dumps({"ok": True, "tf": tf.__version__, "keras": keras.__version__}))
