#!/usr/bin/env python3
"""Replay tf.keras 2.x-style configs against the installed Keras 3.

Run with the Keras 3 interpreter, after build_table.py has written
``candidates.json``::

    KERAS_BACKEND=tensorflow .venv-tf/bin/python experiments_keras3.py \
        --candidates candidates.json --out experiments.json

Two groups of experiments, each recording the exact outcome / error text
(outer message, root cause and the file:line that raised):

1. ``scenarios``: hand-written configs laid out like tf.keras 2.15 writes
   them (key sets as extracted from the 2.15 get_config), deserialized
   through each Keras 3 entry point: the per-layer legacy loader that
   ``load_model(.h5)`` runs (``legacy.saving.saving_utils.model_from_config``,
   which applies the legacy rewrites), ``keras.layers.deserialize`` with and
   without a ``module`` key, ``keras.models.model_from_json``,
   ``keras.models.load_model`` on legacy ``.h5`` files written here with h5py
   in the tf.keras 2.x layout (model_config / training_config attributes,
   model_weights groups), and on ``.keras`` zips whose config.json mimics
   tf.keras 2.13-2.15.  Some .h5 files deliberately carry no weights: a
   "Layer count mismatch" error then means the config itself loaded.
2. ``candidate_checks``: every (class, argument) that the static table says
   the installed Keras rejects: a minimal config is built for the class (it
   must load as a baseline), the argument is added, and the outcome is
   recorded for the legacy path (h5/json) and for the .keras path
   (``deserialize_keras_object`` with the class's public ``module``).

Files are written only to a temporary directory.
"""

import argparse
import json
import os
import sys
import tempfile
import traceback
import warnings
import zipfile

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402

MAX_MSG = 1200


# --------------------------------------------------------------------------
# tf.keras 2.15-style building blocks (legacy h5/json layout: no "module")
# --------------------------------------------------------------------------
def init(class_name, **cfg):
    return {"class_name": class_name, "config": cfg}


GLOROT = init("GlorotUniform", seed=None)
ZEROS = init("Zeros")


def dense_cfg(name="dense", units=2, **extra):
    cfg = {"name": name, "trainable": True, "dtype": "float32",
           "units": units, "activation": "linear", "use_bias": True,
           "kernel_initializer": GLOROT, "bias_initializer": ZEROS,
           "kernel_regularizer": None, "bias_regularizer": None,
           "activity_regularizer": None, "kernel_constraint": None,
           "bias_constraint": None}
    cfg.update(extra)
    return {"class_name": "Dense", "config": cfg}


def input_cfg(shape, name="input_1"):
    return {"class_name": "InputLayer",
            "config": {"batch_input_shape": [None] + list(shape),
                       "dtype": "float32", "sparse": False, "ragged": False,
                       "name": name}}


def lstm_cfg(name="lstm", **extra):
    cfg = {"name": name, "trainable": True, "dtype": "float32",
           "return_sequences": False, "return_state": False,
           "go_backwards": False, "stateful": False, "unroll": False,
           "time_major": False, "units": 4, "activation": "tanh",
           "recurrent_activation": "sigmoid", "use_bias": True,
           "kernel_initializer": GLOROT,
           "recurrent_initializer": init("Orthogonal", gain=1.0, seed=None),
           "bias_initializer": ZEROS, "unit_forget_bias": True,
           "kernel_regularizer": None, "recurrent_regularizer": None,
           "bias_regularizer": None, "activity_regularizer": None,
           "kernel_constraint": None, "recurrent_constraint": None,
           "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0,
           "implementation": 2}
    cfg.update(extra)
    return {"class_name": "LSTM", "config": cfg}


def embedding_cfg(name="embedding", **extra):
    cfg = {"name": name, "trainable": True, "dtype": "float32",
           "input_dim": 100, "output_dim": 8,
           "embeddings_initializer": init("RandomUniform", minval=-0.05,
                                          maxval=0.05, seed=None),
           "embeddings_regularizer": None, "activity_regularizer": None,
           "embeddings_constraint": None, "mask_zero": False,
           "input_length": 10}
    cfg.update(extra)
    return {"class_name": "Embedding", "config": cfg}


def depthwise_cfg(name="depthwise_conv2d", **extra):
    cfg = {"name": name, "trainable": True, "dtype": "float32",
           "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
           "data_format": "channels_last", "dilation_rate": [1, 1],
           "groups": 1, "activation": "linear", "use_bias": True,
           "bias_initializer": ZEROS, "bias_regularizer": None,
           "activity_regularizer": None, "bias_constraint": None,
           "depth_multiplier": 1, "depthwise_initializer": GLOROT,
           "depthwise_regularizer": None, "depthwise_constraint": None}
    cfg.update(extra)
    return {"class_name": "DepthwiseConv2D", "config": cfg}


def separable_cfg(name="separable_conv2d"):
    cfg = {"name": name, "trainable": True, "dtype": "float32",
           "filters": 4, "kernel_size": [3, 3], "strides": [1, 1],
           "padding": "valid", "data_format": "channels_last",
           "dilation_rate": [1, 1], "groups": 1, "activation": "linear",
           "use_bias": True, "kernel_initializer": GLOROT,
           "bias_initializer": ZEROS, "kernel_regularizer": None,
           "bias_regularizer": None, "activity_regularizer": None,
           "kernel_constraint": None, "bias_constraint": None,
           "depth_multiplier": 1, "depthwise_initializer": GLOROT,
           "pointwise_initializer": GLOROT, "depthwise_regularizer": None,
           "pointwise_regularizer": None, "depthwise_constraint": None,
           "pointwise_constraint": None}
    return {"class_name": "SeparableConv2D", "config": cfg}


def conv2d_transpose_cfg(name="conv2d_transpose"):
    cfg = {"name": name, "trainable": True, "dtype": "float32",
           "filters": 4, "kernel_size": [3, 3], "strides": [1, 1],
           "padding": "valid", "data_format": "channels_last",
           "dilation_rate": [1, 1], "groups": 1, "activation": "linear",
           "use_bias": True, "kernel_initializer": GLOROT,
           "bias_initializer": ZEROS, "kernel_regularizer": None,
           "bias_regularizer": None, "activity_regularizer": None,
           "kernel_constraint": None, "bias_constraint": None,
           "output_padding": None}
    return {"class_name": "Conv2DTranspose", "config": cfg}


def drop(cfg, *keys):
    """Copy of a layer config without some keys (to isolate one problem)."""
    cfg = json.loads(json.dumps(cfg))
    for k in keys:
        cfg["config"].pop(k, None)
    return cfg


def sequential(layers, name="sequential"):
    return {"class_name": "Sequential",
            "config": {"name": name, "layers": layers}}


def functional(layers_with_nodes, name="model"):
    """layers_with_nodes: list of (layer_cfg, inbound layer name or None)."""
    layers = []
    for cfg, inbound in layers_with_nodes:
        entry = dict(cfg)
        entry["name"] = cfg["config"]["name"]
        entry["inbound_nodes"] = [] if inbound is None else \
            [[[inbound, 0, 0, {}]]]
        layers.append(entry)
    first = layers_with_nodes[0][0]["config"]["name"]
    last = layers_with_nodes[-1][0]["config"]["name"]
    return {"class_name": "Functional",
            "config": {"name": name, "layers": layers,
                       "input_layers": [[first, 0, 0]],
                       "output_layers": [[last, 0, 0]]}}


# --------------------------------------------------------------------------
# harness
# --------------------------------------------------------------------------
def clip(msg):
    return msg[:MAX_MSG] + ("..." if len(msg) > MAX_MSG else "")


def where(e):
    tb = traceback.extract_tb(e.__traceback__)
    if not tb:
        return None
    return tb[-1].filename.split("site-packages/")[-1] + ":" + \
        str(tb[-1].lineno)


def root_cause(e):
    """Follow __cause__/__context__ to the innermost exception."""
    seen = set()
    while id(e) not in seen:
        seen.add(id(e))
        nxt = e.__cause__ or e.__context__
        if nxt is None:
            break
        e = nxt
    return e


def attempt(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            obj = fn()
            out = {"outcome": "ok",
                   "result": type(obj).__name__ if obj is not None else None}
        except Exception as e:  # noqa: BLE001 -- we record every failure
            msg = str(e)
            out = {"outcome": "error", "error_type": type(e).__name__,
                   "error": clip(msg),
                   "raised_at": where(e)}
            root = root_cause(e)
            if root is not e:
                out["root_error_type"] = type(root).__name__
                out["root_error"] = clip(str(root))
                out["root_raised_at"] = where(root)
    ws = sorted({str(w.message)[:300] for w in caught
                 if "input_shape" not in str(w.message) or
                 "deprecated" in str(w.message)})
    if ws:
        out["warnings"] = ws
    return out


def write_legacy_h5(path, model_config, weights=None, training_config=None,
                    keras_version="2.15.0"):
    """A .h5 laid out like tf.keras 2.x save_model(..., save_format='h5')."""
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = keras_version
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config)
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config)
        g = f.create_group("model_weights")
        g.attrs["keras_version"] = keras_version
        g.attrs["backend"] = "tensorflow"
        weights = weights or {}
        g.attrs["layer_names"] = [n.encode() for n in weights]
        for lname, arrays in weights.items():
            lg = g.create_group(lname)
            wnames = [f"{lname}/{w}".encode() for w in arrays]
            lg.attrs["weight_names"] = wnames
            for w, arr in arrays.items():
                lg.create_dataset(f"{lname}/{w}", data=arr)


def write_keras_zip(path, config, keras_version="2.15.0"):
    """A .keras zip whose config.json mimics tf.keras 2.13-2.15."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("config.json", json.dumps(config))
        z.writestr("metadata.json", json.dumps(
            {"keras_version": keras_version,
             "date_saved": "2024-01-01@00:00:00"}))
        tmp = path + ".weights.h5"
        with h5py.File(tmp, "w"):
            pass
        z.write(tmp, "model.weights.h5")
        os.remove(tmp)


def with_module(cfg, module, registered_name=None):
    """Add the 2.13-2.15 .keras-style keys to a legacy layer config."""
    out = {"module": module, "class_name": cfg["class_name"],
           "config": cfg["config"], "registered_name": registered_name}
    for k in ("name", "inbound_nodes"):
        if k in cfg:
            out[k] = cfg[k]
    return out


# --------------------------------------------------------------------------
# scenarios
# --------------------------------------------------------------------------
def scenarios(tmp):
    out = []

    def add(sid, path, what, fn, config=None):
        rec = {"id": sid, "entry_point": path, "what": what}
        if config is not None:
            rec["input"] = config
        rec.update(attempt(fn))
        out.append(rec)
        print(f"  {sid}: {rec['outcome']} {rec.get('error', '')[:150]}",
              file=sys.stderr)

    from keras.src.legacy.saving import saving_utils
    legacy_layer = saving_utils.model_from_config
    layer_cases = [
        ("depthwise-groups", depthwise_cfg()),
        ("lstm-time_major", lstm_cfg()),
        ("embedding-input_length", embedding_cfg()),
        ("inputlayer-batch_input_shape", input_cfg([10])),
        ("dense-batch_input_shape", dense_cfg(batch_input_shape=[None, 10])),
        ("separableconv2d-kernel_args", separable_cfg()),
        ("conv2dtranspose-groups", conv2d_transpose_cfg()),
        ("dense-policy-dict",
         dense_cfg(dtype=init("Policy", name="mixed_float16"))),
        ("dense-policy-dict-keras-module",
         dense_cfg(dtype={"module": "keras.mixed_precision",
                          "class_name": "Policy",
                          "config": {"name": "mixed_float16"},
                          "registered_name": None})),
    ]
    # -- 1a. the per-layer legacy loader that load_model(.h5) runs ---------
    for sid, cfg in layer_cases:
        add("legacy-layer-" + sid,
            "keras.src.legacy.saving.saving_utils.model_from_config",
            "tf.keras 2.15-style layer config without 'module' through the "
            "legacy per-layer loader used by load_model(.h5)",
            lambda c=cfg: legacy_layer(json.loads(json.dumps(c))), cfg)
    # -- 1b. the public deserializers need a 'module' key --------------------
    for sid, cfg in layer_cases[:1]:
        add("layers.deserialize-no-module-" + sid, "keras.layers.deserialize",
            "same legacy config (no 'module' key)",
            lambda c=cfg: keras.layers.deserialize(json.loads(json.dumps(c))))
    for sid, cfg in layer_cases:
        c2 = with_module(cfg, "keras.layers")
        add("layers.deserialize-module-" + sid, "keras.layers.deserialize",
            "same config with 'module': 'keras.layers' (.keras-style path: "
            "no legacy rewriting)",
            lambda c=c2: keras.layers.deserialize(json.loads(json.dumps(c))))

    # -- 2. model_from_json on a tf.keras 2.x JSON (no 'module' keys) ------
    mfj = keras.models.model_from_json
    for sid, model in [
        ("json-seq-dense-batch_input_shape",
         sequential([dense_cfg(batch_input_shape=[None, 10])])),
        ("json-func-input-depthwise",
         functional([(input_cfg([8, 8, 3]), None),
                     (depthwise_cfg(), "input_1")])),
    ]:
        s_ = json.dumps(model)
        add(sid, "keras.models.model_from_json", "tf.keras 2.15-style model "
            "JSON (model.to_json() output has no 'module' keys)",
            lambda s_=s_: mfj(s_), model)
    # the same JSON through the legacy model loader (what .h5 loading uses)
    for sid, model in [
        ("legacy-model-seq-input-embedding-lstm-dense",
         sequential([input_cfg([10]), embedding_cfg(), lstm_cfg(),
                     dense_cfg()])),
        ("legacy-model-func-input-lstm-time_major-removed", None),
    ]:
        if model is None:
            model = functional([(input_cfg([5, 3]), None),
                                (lstm_cfg(), "input_1")])
            del model["config"]["layers"][1]["config"]["time_major"]
        add(sid, "keras.src.legacy.saving.saving_utils.model_from_config",
            "tf.keras 2.15-style model config through the legacy loader",
            lambda m=model: legacy_layer(json.loads(json.dumps(m))), model)

    # -- 3. legacy .h5 written with h5py in the tf.keras 2.x layout --------
    load = keras.models.load_model
    rng = np.random.default_rng(0)
    dense_w = {"kernel:0": rng.normal(size=(10, 2)).astype("float32"),
               "bias:0": np.zeros(2, "float32")}
    adam_215 = {"class_name": "Adam", "config": {
        "name": "Adam", "weight_decay": None, "clipnorm": None,
        "global_clipnorm": None, "clipvalue": None, "use_ema": False,
        "ema_momentum": 0.99, "ema_overwrite_frequency": None,
        "jit_compile": True, "is_legacy_optimizer": False,
        "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
        "epsilon": 1e-07, "amsgrad": False}}
    adam_legacy = {"class_name": "Adam", "config": {
        "name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9,
        "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}}
    adam_mb224 = {"class_name": "Adam", "config": {
        "lr": 0.001, "beta_1": 0.9, "beta_2": 0.999, "decay": 0.0,
        "epsilon": 1e-07, "amsgrad": False}}

    def training(opt, loss="mean_squared_error", metrics=None):
        return {"loss": loss, "metrics": metrics, "weighted_metrics": None,
                "loss_weights": None, "optimizer_config": opt}

    mae_wrapper = [[{"class_name": "MeanMetricWrapper", "config": {
        "name": "mae", "dtype": "float32", "fn": "mean_absolute_error"}}]]
    seq_dense = sequential([dense_cfg(batch_input_shape=[None, 10])])
    emb_model = sequential([input_cfg([10]), embedding_cfg(),
                            {"class_name": "Flatten",
                             "config": {"name": "flatten", "trainable": True,
                                        "dtype": "float32",
                                        "data_format": "channels_last"}},
                            dense_cfg(units=1)])
    emb_w = {"embedding": {"embeddings:0": rng.normal(size=(100, 8))
                           .astype("float32")},
             "dense": {"kernel:0": rng.normal(size=(80, 1)).astype("float32"),
                       "bias:0": np.zeros(1, "float32")}}
    h5_cases = [
        ("h5-seq-dense-batch_input_shape", seq_dense,
         {"dense": dense_w}, None, {}),
        ("h5-seq-dense-adam-tf2.11+", seq_dense, {"dense": dense_w},
         training(adam_215), {}),
        ("h5-seq-dense-adam-tf2.11+-compile_false", seq_dense,
         {"dense": dense_w}, training(adam_215), {"compile": False}),
        ("h5-seq-dense-adam-optimizer_v2", seq_dense, {"dense": dense_w},
         training(adam_legacy), {}),
        ("h5-seq-dense-adam-keras-2.2.4-lr", seq_dense, {"dense": dense_w},
         training(adam_mb224), {}),
        ("h5-seq-dense-loss-string-mse", seq_dense, {"dense": dense_w},
         training(adam_legacy, loss="mse"), {}),
        ("h5-seq-dense-metrics-strings", seq_dense, {"dense": dense_w},
         training(adam_legacy, metrics=["mae", "accuracy"]), {}),
        ("h5-seq-dense-metrics-MeanMetricWrapper", seq_dense,
         {"dense": dense_w}, training(adam_legacy, metrics=mae_wrapper), {}),
        ("h5-seq-dense-loss-object-reduction-auto", seq_dense,
         {"dense": dense_w}, training(adam_legacy, loss={
             "class_name": "MeanSquaredError",
             "config": {"reduction": "auto", "name": "mean_squared_error"}}),
         {}),
        ("h5-func-input-lstm",
         functional([(input_cfg([5, 3]), None), (lstm_cfg(), "input_1")]),
         None, None, {}),
        ("h5-func-input-depthwise",
         functional([(input_cfg([8, 8, 3]), None),
                     (depthwise_cfg(), "input_1")]), None, None, {}),
        ("h5-seq-input-embedding-input_length-flatten-dense", emb_model,
         emb_w, None, {}),
        ("h5-seq-dense-mixed-precision-policy",
         sequential([dense_cfg(batch_input_shape=[None, 10],
                               dtype=init("Policy", name="mixed_float16"))]),
         {"dense": dense_w}, None, {}),
        ("h5-func-input-bidirectional-lstm-nested-no-module",
         functional([(input_cfg([5, 3]), None),
                     ({"class_name": "Bidirectional", "config": {
                         "name": "bidirectional", "trainable": True,
                         "dtype": "float32", "merge_mode": "concat",
                         "layer": drop(lstm_cfg(), "time_major"),
                         "backward_layer": None}}, "input_1")]),
         None, None, {}),
        ("h5-func-input-bidirectional-lstm-nested-with-module",
         functional([(input_cfg([5, 3]), None),
                     ({"class_name": "Bidirectional", "config": {
                         "name": "bidirectional", "trainable": True,
                         "dtype": "float32", "merge_mode": "concat",
                         "layer": with_module(drop(lstm_cfg(), "time_major"),
                                              "keras.layers"),
                         "backward_layer": None}}, "input_1")]),
         None, None, {}),
        ("h5-func-input-rnn-simplernncell-nested-no-module",
         functional([(input_cfg([5, 3]), None),
                     ({"class_name": "RNN", "config": {
                         "name": "rnn", "trainable": True, "dtype": "float32",
                         "return_sequences": False, "return_state": False,
                         "go_backwards": False, "stateful": False,
                         "unroll": False,
                         "cell": {"class_name": "SimpleRNNCell", "config": {
                             "name": "simple_rnn_cell", "trainable": True,
                             "dtype": "float32", "units": 2}}}},
                      "input_1")]),
         None, None, {}),
        ("h5-func-input-timedistributed-dense-nested-no-module",
         functional([(input_cfg([5, 3]), None),
                     ({"class_name": "TimeDistributed", "config": {
                         "name": "time_distributed", "trainable": True,
                         "dtype": "float32", "layer": dense_cfg()}},
                      "input_1")]),
         None, None, {}),
        ("h5-func-tfoplambda",
         functional([(input_cfg([4]), None),
                     ({"class_name": "TFOpLambda", "config": {
                         "name": "tf.math.multiply", "trainable": True,
                         "dtype": "float32",
                         "function": "math.multiply"}}, "input_1")]),
         None, None, {}),
    ]
    for sid, model, weights, tc, kw in h5_cases:
        path = os.path.join(tmp, sid + ".h5")
        write_legacy_h5(path, model, weights, tc)
        add(sid, "keras.models.load_model(.h5)" +
            (f" {kw}" if kw else ""), "legacy HDF5 written with h5py in the "
            "tf.keras 2.x layout (keras_version 2.15.0)",
            lambda p=path, kw=kw: load(p, **kw),
            {"model_config": model, "training_config": tc})

    # -- 4. .keras zip with tf.keras 2.13-2.15 config.json -----------------
    func = functional([(input_cfg([4]), None),
                       (dense_cfg(units=2), "input_1")])
    layers = [with_module(l, "keras.layers") for l in
              func["config"]["layers"]]
    keras_cases = [
        ("keras-zip-functional-module-keras.src.engine.functional",
         {"module": "keras.src.engine.functional", "class_name": "Functional",
          "config": dict(func["config"], layers=layers),
          "registered_name": "Functional"}),
        ("keras-zip-functional-module-keras.engine.functional",
         {"module": "keras.engine.functional", "class_name": "Functional",
          "config": dict(func["config"], layers=layers),
          "registered_name": "Functional"}),
        ("keras-zip-sequential-dense-batch_input_shape",
         {"module": "keras", "class_name": "Sequential",
          "config": {"name": "sequential", "layers": [
              with_module(dense_cfg(batch_input_shape=[None, 4]),
                          "keras.layers")]},
          "registered_name": None}),
        ("keras-zip-sequential-input-lstm",
         {"module": "keras", "class_name": "Sequential",
          "config": {"name": "sequential", "layers": [
              with_module(input_cfg([5, 3]), "keras.layers"),
              with_module(lstm_cfg(), "keras.layers")]},
          "registered_name": None}),
    ]
    for sid, cfg in keras_cases:
        path = os.path.join(tmp, sid + ".keras")
        write_keras_zip(path, cfg)
        add(sid, "keras.models.load_model(.keras)", ".keras zip whose "
            "config.json mimics tf.keras 2.13-2.15 (keras_version 2.15.0)",
            lambda p=path: load(p), cfg)
    # deserialize_keras_object directly on the same configs
    for sid, cfg in keras_cases[:2]:
        add("deserialize_keras_object-" + sid.split("-", 2)[2],
            "keras.saving.deserialize_keras_object", "same config, no file",
            lambda c=cfg: keras.saving.deserialize_keras_object(
                json.loads(json.dumps(c))))
    return out


# --------------------------------------------------------------------------
# candidate checks
# --------------------------------------------------------------------------
SAMPLE_REQUIRED = {
    "units": 2, "filters": 2, "kernel_size": 2, "rate": 0.1,
    "output_dim": 2, "input_dim": 5, "pool_size": 2, "size": 2,
    "padding": 1, "cropping": 1, "target_shape": [2, 2], "dims": [1],
    "n": 2, "num_heads": 2, "key_dim": 4, "stddev": 0.1, "scale": 1.0,
    "height": 4, "width": 4, "factor": 0.1, "height_factor": 0.1,
    "width_factor": 0.1, "value_range": [0, 1], "max_value": 1.0,
    # nested layers carry a 'module' so that only the tested argument can
    # fail (nested configs WITHOUT it are a separate scenario)
    "layer": {"module": "keras.layers", "class_name": "LSTM",
              "config": {"units": 2}, "registered_name": None},
    "cell": {"module": "keras.layers", "class_name": "SimpleRNNCell",
             "config": {"units": 2}, "registered_name": None},
    "cells": [{"module": "keras.layers", "class_name": "SimpleRNNCell",
               "config": {"units": 2}, "registered_name": None}],
    "num_bins": 4, "bin_boundaries": [0.0, 1.0], "equation": "ab,bc->ac",
    "output_shape": [2], "rank": 2, "groups": 1, "axis": -1,
    "function": None, "learning_rate": 0.01, "fn": None, "name": "x",
    "num_tokens": 4, "max_tokens": 10, "vocabulary": ["a", "b"],
    "mean": 0.0, "variance": 1.0, "offset": 0.0, "threshold": 0.5,
    "activation": "relu", "axes": 1, "l1": 0.01, "l2": 0.01,
    "seed": 1, "crossing_dim": 4, "num_classes": 2, "output_mode": "int",
    "initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9,
}
ARG_VALUES = {
    "groups": 1, "time_major": False, "input_length": 10,
    "num_constants": 0, "noise_shape": None, "trainable": True,
    "kernel_initializer": {"class_name": "GlorotUniform",
                           "config": {"seed": None}},
    "kernel_regularizer": None, "kernel_constraint": None,
    "query_shape": [None, 4, 8], "key_shape": [None, 4, 8],
    "value_shape": [None, 4, 8], "jit_compile": True,
    "is_legacy_optimizer": False, "lr": 0.001, "fn": "mean_squared_error",
    "renorm": False, "renorm_clipping": None, "renorm_momentum": 0.99,
    "virtual_batch_size": None, "causal": False, "rng_type": None,
    "batch_input_shape": [None, 4], "dynamic": False,
    "has_static_table": False, "type_spec": None, "ragged": False,
    "sparse": False, "schedule_decay": 0.004, "implementation": 2,
    "robust_masking": False, "softmax_robust_masking": False,
    "optional": False,
}
# Keys some from_config implementations read unconditionally.
EXTRA_BASE = {
    "Rescaling": {"scale": 1.0, "offset": 0.0},
    "CategoryEncoding": {"num_tokens": 4},
    "Discretization": {"num_bins": 4},
    "InputLayer": {"batch_shape": [None, 4]},
    "TextVectorization": {"standardize": "lower_and_strip_punctuation",
                          "split": "whitespace", "ngrams": None,
                          "output_mode": "int",
                          "output_sequence_length": None,
                          "pad_to_max_tokens": False, "sparse": False,
                          "ragged": False, "vocabulary": None,
                          "idf_weights": None, "max_tokens": None},
    "IndexLookup": {"max_tokens": None, "num_oov_indices": 1,
                    "mask_token": None, "oov_token": "[UNK]",
                    "vocabulary_dtype": "string"},
}


# Legacy (h5/json, no "module" key) entry point per kind, as used by
# load_model(.h5): layers go through saving_utils.model_from_config (which
# applies the legacy rewrites); compile objects through <module>.deserialize.
def legacy_deserializer(kind):
    from keras.src.legacy.saving import saving_utils
    return {
        "layer": saving_utils.model_from_config,
        "optimizer": keras.optimizers.deserialize,
        "loss": keras.losses.deserialize,
        "metric": keras.metrics.deserialize,
        "initializer": keras.initializers.deserialize,
        "regularizer": keras.regularizers.deserialize,
        "constraint": keras.constraints.deserialize,
        "lr_schedule": keras.optimizers.schedules.deserialize,
        "dtype_policy": keras.dtype_policies.deserialize,
    }.get(kind)


def public_module(kind, class_name):
    """The 'module' a .keras config carries for a built-in class."""
    from keras.src import api_export
    ns = {"layer": keras.layers, "optimizer": keras.optimizers,
          "loss": keras.losses, "metric": keras.metrics,
          "initializer": keras.initializers,
          "regularizer": keras.regularizers,
          "constraint": keras.constraints,
          "lr_schedule": keras.optimizers.schedules,
          "dtype_policy": keras.dtype_policies}.get(kind)
    cls = getattr(ns, class_name, None) if ns else None
    name = api_export.get_name_from_symbol(cls) if cls else None
    return name.rsplit(".", 1)[0] if name else None


def classify(res, arg):
    if res["outcome"] == "ok":
        return "accepted"
    text = res.get("error", "") + res.get("root_error", "")
    if f"'{arg}'" in text:
        return "rejected"
    if arg == "batch_input_shape" and "'input_shape'" in text:
        # the legacy loader renamed it to input_shape, which the class
        # (closed signature or own whitelist) then refuses
        return "rejected (after legacy rename to input_shape)"
    return "other_error"


def candidate_checks(cands):
    out = []
    for c in cands:
        if not covers(c["rejected_by"], keras_minor()):
            continue
        kind, cname, arg = c["kind"], c["class_name"], c["arg"]
        rec = {"class": c["class"], "arg": arg,
               "keras_version": keras.__version__}
        legacy = legacy_deserializer(kind)
        module = public_module(kind, cname)
        missing = [r for r in c["keras3_required"] if r not in
                   SAMPLE_REQUIRED and r not in EXTRA_BASE.get(cname, {})]
        if legacy is None or missing:
            rec.update(outcome="inconclusive",
                       error=f"no sample value for required {missing}")
            out.append(rec)
            continue
        base = {r: SAMPLE_REQUIRED[r] for r in c["keras3_required"]
                if r in SAMPLE_REQUIRED}
        base.update(EXTRA_BASE.get(cname, {}))

        def run(cfg, fmt):
            cfg = json.loads(json.dumps(cfg))
            if fmt == "h5":
                return attempt(lambda: legacy({"class_name": cname,
                                               "config": cfg}))
            return attempt(lambda: keras.saving.deserialize_keras_object(
                {"module": module, "class_name": cname, "config": cfg,
                 "registered_name": None}))

        b = run(base, "h5")
        if b["outcome"] != "ok":
            rec.update(outcome="inconclusive",
                       error="baseline failed: " + b.get("error", "")[:300])
            out.append(rec)
            continue
        cfg = dict(base)
        cfg[arg] = ARG_VALUES.get(arg)
        rec["value"] = cfg[arg]
        rec["baseline_config"] = base
        h5 = run(cfg, "h5")
        rec["h5_path"] = classify(h5, arg)
        rec["h5_entry_point"] = getattr(legacy, "__module__", "") + "." + \
            getattr(legacy, "__name__", "")
        if h5["outcome"] != "ok":
            rec["h5_error"] = h5.get("root_error", h5.get("error"))
        if module:
            kp = run(cfg, "keras")
            rec["keras_v3_path"] = classify(kp, arg)
            rec["keras_v3_module"] = module
            if kp["outcome"] != "ok":
                rec["keras_v3_error"] = kp.get("root_error", kp.get("error"))
        # summary outcome: what a .h5 / legacy config load sees
        rec["outcome"] = rec["h5_path"]
        out.append(rec)
    return out


def keras_minor():
    return ".".join(keras.__version__.split(".")[:2])


def covers(ranges, release):
    def key(r):
        return tuple(int(x) for x in r.split("."))
    return any(key(a) <= key(release) <= key(b) for a, b in ranges)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--candidates", default="candidates.json")
    ap.add_argument("--out", default="experiments.json")
    args = ap.parse_args(argv)
    import tensorflow as tf
    res = {"environment": {"keras": keras.__version__,
                           "tensorflow": tf.__version__,
                           "h5py": h5py.__version__,
                           "backend": keras.backend.backend(),
                           "python": sys.version.split()[0]}}
    with tempfile.TemporaryDirectory() as tmp:
        res["scenarios"] = scenarios(tmp)
    if os.path.exists(args.candidates):
        res["candidate_checks"] = candidate_checks(
            json.load(open(args.candidates)))
    with open(args.out, "w") as fh:
        json.dump(res, fh, indent=1)
    n = len(res.get("candidate_checks", []))
    print(f"{len(res['scenarios'])} scenarios, {n} candidate checks "
          f"-> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
