#!/usr/bin/env python3
"""Regenerate the Keras 3 entries of the table from the *installed* Keras.

Run with the interpreter that has Keras 3 installed, e.g.::

    KERAS_BACKEND=tensorflow .venv-tf/bin/python introspect_keras3.py \
        --ast raw/3.15.json --out introspect_keras3.json

What it records, for every class exported under keras.layers,
keras.initializers, keras.regularizers, keras.constraints, keras.optimizers
(+ schedules), keras.losses, keras.metrics, keras.dtype_policies,
keras.mixed_precision, keras.quantizers and keras / keras.models:

* ``inspect.signature(cls.__init__)``: parameter names, required ones and
  whether it takes ``**kwargs``;
* ``keras.saving.get_registered_name(cls)``;
* the ``module`` / ``class_name`` that ``keras.saving.serialize_keras_object``
  writes (computed like serialization_lib.serialize_with_public_class: the
  canonical export name from ``keras.src.api_export`` or the Python module);
* for keras.activations, the exported functions and their parameters;
* the base ``Layer`` keyword arguments, found by *probing*: each candidate
  name is passed to ``keras.layers.Layer(**{name: value})`` and the ones that
  do not raise ``Unrecognized keyword arguments`` are accepted.

With ``--ast`` it compares these against the static extraction of the same
release (``extract_from_git.py``) and stores the disagreements under
``crosscheck``.
"""

import argparse
import inspect
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
from keras.src import api_export  # noqa: E402  (canonical export names)

NAMESPACES = {
    "keras.layers": "layer",
    "keras.initializers": "initializer",
    "keras.regularizers": "regularizer",
    "keras.constraints": "constraint",
    "keras.optimizers": "optimizer",
    "keras.optimizers.schedules": "lr_schedule",
    "keras.optimizers.legacy": "optimizer",
    "keras.losses": "loss",
    "keras.metrics": "metric",
    "keras.dtype_policies": "dtype_policy",
    "keras.mixed_precision": "dtype_policy",
    "keras.quantizers": "quantizer",
    "keras.models": "model",
    "keras.utils": "layer",          # FeatureSpace
    "keras.distillation": "model",   # Distiller (3.15)
    "keras": "model",
}
BASES = {
    "layer": keras.layers.Layer, "initializer": keras.initializers.Initializer,
    "regularizer": keras.regularizers.Regularizer,
    "constraint": keras.constraints.Constraint,
    "optimizer": keras.optimizers.Optimizer,
    "lr_schedule": keras.optimizers.schedules.LearningRateSchedule,
    "loss": keras.losses.Loss, "metric": keras.metrics.Metric,
    "dtype_policy": keras.dtype_policies.DTypePolicy,
    "quantizer": keras.quantizers.Quantizer, "model": keras.Model,
}
# Kind precedence, as in extract_from_git.py (a Keras 3 Model is a Layer).
PRIORITY = ["model", "metric", "loss", "optimizer", "lr_schedule",
            "initializer", "regularizer", "constraint", "dtype_policy",
            "quantizer", "layer"]
# Names tried against keras.layers.Layer(**{name: value}).
BASE_PROBES = {
    "input_dim": 3, "input_shape": (3,), "batch_input_shape": (None, 3),
    "batch_size": 2, "weights": None, "activity_regularizer": None,
    "autocast": True, "implementation": 1, "dynamic": False,
    "trainable": True, "name": "probe", "dtype": "float32",
    "input_dtype": "float32", "batch_shape": (None, 3), "seed": 1,
}


def import_ns(name):
    obj = keras
    for part in name.split(".")[1:]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def kind_of(cls):
    for k in PRIORITY:
        if issubclass(cls, BASES[k]):
            return k
    return None


def saved_as(cls):
    """Mirror of serialization_lib.serialize_with_public_class."""
    public = api_export.get_name_from_symbol(cls)
    if public:
        parts = public.split(".")
        return {"module": ".".join(parts[:-1]), "class_name": parts[-1],
                "registered_name": None, "via": "public export"}
    return {"module": cls.__module__, "class_name": cls.__name__,
            "registered_name": keras.saving.get_registered_name(cls),
            "via": "python module"}


def signature(func):
    if func is object.__init__:
        # no __init__ anywhere in the class hierarchy: takes no arguments
        return {"params": [], "required": [], "accepts_kwargs": False,
                "varargs": False}
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    params, required, kwargs, varargs = [], [], False, False
    for p in list(sig.parameters.values()):
        if p.name in ("self", "cls") and not params:
            continue
        if p.kind is p.VAR_KEYWORD:
            kwargs = True
        elif p.kind is p.VAR_POSITIONAL:
            varargs = True
        else:
            params.append(p.name)
            if p.default is p.empty:
                required.append(p.name)
    return {"params": params, "required": required, "accepts_kwargs": kwargs,
            "varargs": varargs}


def collect_classes():
    out = {}
    for ns in NAMESPACES:
        mod = import_ns(ns)
        if mod is None:
            continue
        for attr in sorted(dir(mod)):
            obj = getattr(mod, attr)
            if not inspect.isclass(obj):
                continue
            kind = kind_of(obj)
            if kind is None and ns == "keras.optimizers.legacy":
                kind = "optimizer"   # placeholders that raise ImportError
            if kind is None:
                continue
            key = f"{kind}/{obj.__name__}"
            rec = out.setdefault(key, {
                "kind": kind, "class": obj.__name__,
                "python_module": obj.__module__,
                "source": inspect.getsourcefile(obj).split("site-packages/")[-1]
                if inspect.getsourcefile(obj) else None,
                "public_names": [],
                "registered_name": keras.saving.get_registered_name(obj),
                "saved_as": saved_as(obj),
                "signature": signature(obj.__init__),
            })
            rec["public_names"].append(f"{ns}.{attr}")
    return out


def collect_activations():
    out = {}
    for attr in sorted(dir(keras.activations)):
        obj = getattr(keras.activations, attr)
        if inspect.isfunction(obj) and attr not in ("get", "serialize",
                                                    "deserialize"):
            out[f"activation/{attr}"] = {
                "function": obj.__name__,
                "signature": signature(obj),
                "python_module": obj.__module__,
            }
    return out


# Values for required constructor arguments when sampling get_config().
SAMPLE_REQUIRED = {
    "units": 2, "filters": 2, "kernel_size": 2, "rate": 0.1, "output_dim": 2,
    "input_dim": 5, "pool_size": 2, "size": 2, "padding": 1, "cropping": 1,
    "target_shape": (2, 2), "dims": (1,), "n": 2, "num_heads": 2,
    "key_dim": 4, "stddev": 0.1, "height": 4, "width": 4, "factor": 0.1,
    "height_factor": 0.1, "width_factor": 0.1, "activation": "relu",
    "axes": 1, "learning_rate": 0.01, "num_bins": 4, "num_tokens": 4,
    "equation": "ab,bc->ac", "output_shape": (2,), "scale": 1.0,
    "initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9,
    "num_query_heads": 2, "num_key_value_heads": 1, "head_dim": 4,
}


def sample_get_config(classes):
    """Instantiate classes with sample args and record get_config() keys."""
    out = {}
    for key, rec in classes.items():
        sig = rec["signature"]
        if not sig or rec["kind"] == "model":
            continue
        if any(r not in SAMPLE_REQUIRED for r in sig["required"]):
            continue
        ns = rec["public_names"][0].rsplit(".", 1)[0]
        cls = getattr(import_ns(ns), rec["public_names"][0].rsplit(".")[-1])
        try:
            obj = cls(**{r: SAMPLE_REQUIRED[r] for r in sig["required"]})
            out[key] = sorted(obj.get_config())
        except Exception as e:  # noqa: BLE001 -- recorded, not fatal
            out[key] = {"error": f"{type(e).__name__}: {str(e)[:200]}"}
    return out


def probe_base_layer():
    accepted, rejected = [], {}
    for name, value in BASE_PROBES.items():
        try:
            keras.layers.Layer(**{name: value})
            accepted.append(name)
        except Exception as e:  # record the real message
            msg = str(e)
            if "Unrecognized keyword arguments" in msg or \
                    "unexpected keyword" in msg:
                rejected[name] = f"{type(e).__name__}: {msg}"
            else:
                accepted.append(name)
                rejected[name + " (value error, name accepted)"] = msg
    sig = signature(keras.layers.Layer.__init__)
    return {"signature": sig, "probe_accepted": sorted(accepted),
            "probe_rejected": rejected}


def crosscheck(intro, ast_release):
    """Compare introspection with the static extraction of the same tag."""
    diffs = []
    ast_classes = ast_release["classes"]
    for key, rec in sorted(intro["classes"].items()):
        a = ast_classes.get(key)
        if a is None:
            diffs.append({"key": key, "what": "missing in ast extraction"})
            continue
        sig = rec["signature"] or {}
        if sig and sig["params"] != a["params"]:
            d = {"key": key, "what": "params",
                 "introspection": sig["params"], "ast": a["params"]}
            if sig["varargs"] and sig["accepts_kwargs"] and not sig["params"]:
                d["explanation"] = (
                    "the installed class gets __init__(*args, **kwargs) from "
                    "a backend-specific base (e.g. TFOptimizer) chosen at "
                    "import time; the ast walk follows the backend-neutral "
                    "alias to the base that really defines the arguments")
            diffs.append(d)
        if sig and sig["accepts_kwargs"] != a["accepts_kwargs"]:
            diffs.append({"key": key, "what": "accepts_kwargs",
                          "introspection": sig["accepts_kwargs"],
                          "ast": a["accepts_kwargs"]})
        if sig and sorted(sig["required"]) != sorted(a["required"]) and \
                not (sig["varargs"] and not sig["params"]):
            diffs.append({"key": key, "what": "required",
                          "introspection": sig["required"],
                          "ast": a["required"]})
        s_i, s_a = rec["saved_as"], a["saved_as"]
        if (s_i["module"], s_i["class_name"]) != \
                (s_a["module"], s_a["class_name"]):
            diffs.append({"key": key, "what": "saved module/class_name",
                          "introspection": s_i, "ast": s_a})
        if s_i["via"] == "python module" and \
                s_i["registered_name"] != s_a["registered_name"]:
            diffs.append({"key": key, "what": "registered_name",
                          "introspection": s_i["registered_name"],
                          "ast": s_a["registered_name"]})
    # keras._legacy.* is not an importable namespace of the installed wheel
    exported_ast = {k for k, v in ast_classes.items() if v["exported"] and
                    not all(n.startswith("keras._legacy.")
                            for n in v["exports_v2"])}
    for key in sorted(exported_ast - set(intro["classes"])):
        diffs.append({"key": key, "what": "exported in ast extraction, not "
                      "found by introspection of the public namespaces",
                      "exports": ast_classes[key]["exports_v2"]})
    # get_config() of default instances vs the static key extraction
    for key, keys in sorted(intro.get("get_config_samples", {}).items()):
        a = ast_classes.get(key)
        if a is None or not isinstance(keys, list):
            continue
        static = set(a["config"]["keys"]) | set(a["config"]["conditional"])
        missing = sorted(set(keys) - static)        # written, not extracted
        extra = sorted(set(a["config"]["keys"]) - set(keys))  # uncond. only
        if missing or extra:
            diffs.append({"key": key, "what": "get_config keys",
                          "written_not_extracted": missing,
                          "extracted_unconditional_not_written": extra})
    base_ast = set(ast_release["base_layer"]["all_accepted"])
    probed = set(intro["base_layer"]["probe_accepted"])
    cand = set(BASE_PROBES)
    if (base_ast & cand) != probed:
        diffs.append({"key": "base_layer_kwargs", "what": "probe vs ast",
                      "introspection": sorted(probed),
                      "ast": sorted(base_ast & cand)})
    return {"ast_release": ast_release["label"],
            "ast_commit": ast_release["commit"],
            "n_classes_introspected": len(intro["classes"]),
            "n_classes_ast": len(ast_classes),
            "disagreements": diffs}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="introspect_keras3.json")
    ap.add_argument("--ast", help="raw/<release>.json from extract_from_git")
    args = ap.parse_args(argv)
    intro = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "python": sys.version.split()[0],
        "classes": collect_classes(),
        "activations": collect_activations(),
        "base_layer": probe_base_layer(),
    }
    intro["get_config_samples"] = sample_get_config(intro["classes"])
    if args.ast:
        intro["crosscheck"] = crosscheck(intro, json.load(open(args.ast)))
        intro["crosscheck"]["keras_version"] = keras.__version__
    with open(args.out, "w") as fh:
        json.dump(intro, fh, indent=1, sort_keys=True)
    n = len(intro.get("crosscheck", {}).get("disagreements", []))
    print(f"{len(intro['classes'])} classes; {n} disagreements -> {args.out}")


if __name__ == "__main__":
    main()
