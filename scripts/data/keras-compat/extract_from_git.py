#!/usr/bin/env python3
"""Extract Keras class signatures and serialization facts from a git mirror.

Reads one or more refs (tags or commits) of a Keras git repository *without a
work tree* (``git show`` / ``git cat-file``) and parses the Python sources with
the ``ast`` module only: nothing from the repository is imported or executed.

For every release it writes one JSON file ``<out>/<label>.json`` containing:

* ``classes``: every class that reaches one of the Keras base classes (Layer,
  Model, Initializer, Regularizer, Constraint, Optimizer, LearningRateSchedule,
  Loss, Metric, dtype Policy / DTypePolicy, Quantizer), keyed
  ``<kind>/<ClassName>`` (the name written as ``class_name`` in legacy
  configs).  When two classes share a kind and name (tf.keras v1/v2 twins,
  ``keras.optimizers.legacy.Adam`` vs ``keras.optimizers.Adam``...), the one
  that the canonical public name resolves to keeps the plain key and the
  others get ``<kind>/<qualifier>.<ClassName>``.  For each: the source file,
  export names (``keras_export``), ``register_keras_serializable`` name, the
  own ``__init__`` signature, the *effective* set of accepted arguments
  (walking the MRO through ``super().__init__(**kwargs)`` chains down to the
  base class that validates kwargs), what happens to unknown kwargs
  (``strict`` = raises, ``silent`` = swallowed, ``closed`` = no ``**kwargs``),
  kwargs that the class pops/reads itself (legacy handling), the keys
  written by ``get_config`` (dict literals, ``config[...] =`` and
  ``config.update({...})``, merged through ``super().get_config()``), the
  config keys ``from_config`` looks at, and the ``module``/``class_name``
  that the new-style serializer (``serialization_lib``) writes.
* ``functions``: exported functions of keras.activations / losses / metrics.
* ``base_layer``: the base ``Layer.__init__`` parameters and the kwargs it
  whitelists (Keras 2 ``allowed_kwargs``) or pops (Keras 3).
* ``keras3_legacy``: for Keras 3 refs, what ``legacy/saving/saving_utils.py``
  ``model_from_config`` rewrites in legacy (h5/json) layer configs, the names
  visible to the legacy layer lookup (``keras.src.layers.__dict__`` plus the
  names added explicitly) and the ``ALL_OBJECTS``/``ALL_OBJECTS_DICT`` lookup
  tables of initializers, optimizers, losses, ...

Usage::

    python3 extract_from_git.py GIT_DIR LABEL=REF [LABEL=REF ...] --out DIR

``REF`` may be a tag or a commit; ``LABEL`` defaults to REF.

Static analysis caveats: arguments added or removed dynamically (``setattr``,
``**kwargs`` built at run time, decorators that rewrite signatures such as
multi-backend Keras 2.2 ``interfaces.legacy_*_support``) are not seen; the
MRO is computed with C3 over the classes that could be resolved inside the
repository; bases outside it (tf.Module, object, ...) end the walk.
"""

import argparse
import ast
import json
import os
import re
import subprocess
import sys

# Directories (relative to the package root) that never define classes that
# appear in saved model configs, or that are not shipped.
SKIP_DIRS = {
    "applications", "benchmarks", "integration_test", "integration_tests",
    "examples", "testing_infra", "testing", "tests", "kokoro", "tools",
    "api", "estimator", "datasets", "callbacks", "wrappers",
    "protobuf", "distribution", "distribute", "dtensor", "legacy_tf_layers",
    "visualization", "backend", "preprocessing_test_utils", "_tf_keras",
}

# Public names of the base classes that define a "kind".
ROOT_EXPORTS = {
    "keras.layers.Layer": "layer",
    "keras.Model": "model",
    "keras.models.Model": "model",
    "keras.initializers.Initializer": "initializer",
    "keras.regularizers.Regularizer": "regularizer",
    "keras.constraints.Constraint": "constraint",
    "keras.optimizers.Optimizer": "optimizer",
    "keras.optimizers.legacy.Optimizer": "optimizer",
    "keras.optimizers.experimental.Optimizer": "optimizer",
    "keras.optimizers.schedules.LearningRateSchedule": "lr_schedule",
    "keras.losses.Loss": "loss",
    "keras.metrics.Metric": "metric",
    "keras.mixed_precision.Policy": "dtype_policy",
    "keras.mixed_precision.experimental.Policy": "dtype_policy",
    "keras.DTypePolicy": "dtype_policy",
    "keras.dtype_policies.DTypePolicy": "dtype_policy",
    "keras.quantizers.Quantizer": "quantizer",
}
# Same, by file (relative to the package root) for code without
# ``keras_export`` (multi-backend Keras 2.2/2.3).
ROOT_FILES = {
    ("engine/base_layer.py", "Layer"): "layer",
    ("engine/topology.py", "Layer"): "layer",
    ("engine/training.py", "Model"): "model",
    ("engine/network.py", "Network"): "model",
    ("initializers.py", "Initializer"): "initializer",
    ("regularizers.py", "Regularizer"): "regularizer",
    ("constraints.py", "Constraint"): "constraint",
    ("optimizers.py", "Optimizer"): "optimizer",
    ("losses.py", "Loss"): "loss",
    ("metrics.py", "Metric"): "metric",
}
# When a class reaches several roots (Keras 2 Metric and Model are Layers).
KIND_PRIORITY = [
    "model", "metric", "loss", "optimizer", "lr_schedule", "initializer",
    "regularizer", "constraint", "dtype_policy", "quantizer", "layer",
]
# Public namespace of each kind (used to choose the canonical class for a
# name and to build qualifiers).
KIND_NAMESPACE = {
    "layer": "layers", "model": "models", "initializer": "initializers",
    "regularizer": "regularizers", "constraint": "constraints",
    "optimizer": "optimizers", "lr_schedule": "optimizers.schedules",
    "loss": "losses", "metric": "metrics", "dtype_policy": "dtype_policies",
    "quantizer": "quantizers", "activation": "activations",
}
FUNCTION_NAMESPACES = {
    "keras.activations.": "activation",
    "keras.losses.": "loss",
    "keras.metrics.": "metric",
}
FUNCTION_FILES = {"activations.py": "activation", "losses.py": "loss",
                  "metrics.py": "metric"}
NOT_OBJECTS = {"serialize", "deserialize", "get"}


# --------------------------------------------------------------------------
# git access
# --------------------------------------------------------------------------
class GitRef:
    """Read-only view of one commit of a bare/work-tree-less repository."""

    def __init__(self, git_dir, ref):
        self.git_dir = git_dir
        self.ref = ref
        self.commit = self._git("rev-parse", ref + "^{commit}").strip()
        self.files = set(
            self._git("ls-tree", "-r", "--name-only", self.commit).split("\n")
        )
        self.files.discard("")

    def _git(self, *args):
        return subprocess.run(
            ["git", "-C", self.git_dir] + list(args),
            check=True, capture_output=True, text=True).stdout

    def read_many(self, paths):
        """Return {path: text} using one ``git cat-file --batch`` process."""
        proc = subprocess.Popen(
            ["git", "-C", self.git_dir, "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        data = "".join(f"{self.commit}:{p}\n" for p in paths).encode()
        out, _ = proc.communicate(data)
        result, pos = {}, 0
        for p in paths:
            nl = out.index(b"\n", pos)
            header = out[pos:nl].split()
            pos = nl + 1
            if len(header) < 3 or header[1] != b"blob":
                continue
            size = int(header[2])
            result[p] = out[pos:pos + size].decode("utf-8", "replace")
            pos += size + 1
        return result

    def read(self, path):
        return self.read_many([path]).get(path)


# --------------------------------------------------------------------------
# small ast helpers
# --------------------------------------------------------------------------
def dotted(node):
    """Attribute chain -> list of names (``a.b.C`` -> [a, b, C])."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


def str_list(node):
    """A str constant or a list/tuple of str constants -> list of str."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        out = []
        for elt in node.elts:
            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                out.append(elt.value)
        return out
    return []


def call_name(call):
    d = dotted(call.func) if isinstance(call, ast.Call) else None
    return d[-1] if d else None


def parse_export(call):
    """keras_export(...) call -> (v2_names, v1_names) or None."""
    if not isinstance(call, ast.Call) or call_name(call) != "keras_export":
        return None
    v2 = []
    for a in call.args:
        v2.extend(str_list(a))
    v1 = None
    for kw in call.keywords:
        if kw.arg == "v1":
            v1 = str_list(kw.value)
    if v1 is None:
        v1 = list(v2)
    return v2, v1


def parse_register(call):
    """register_keras_serializable(package=, name=) -> dict or None."""
    if not isinstance(call, ast.Call):
        return None
    if call_name(call) != "register_keras_serializable":
        return None
    info = {"package": "Custom", "name": None}
    for i, a in enumerate(call.args[:2]):
        if isinstance(a, ast.Constant):
            info[["package", "name"][i]] = a.value
    for kw in call.keywords:
        if kw.arg in ("package", "name") and isinstance(kw.value, ast.Constant):
            info[kw.arg] = kw.value.value
    return info


def walk_no_defs(node):
    """ast.walk that does not descend into nested function/class bodies."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef,
                          ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(n))


def parents_map(func):
    parents = {}
    for n in ast.walk(func):
        for c in ast.iter_child_nodes(n):
            parents[c] = n
    return parents


def is_conditional(node, parents, func):
    n = parents.get(node)
    while n is not None and n is not func:
        if isinstance(n, (ast.If, ast.For, ast.While, ast.Try, ast.IfExp,
                          ast.With)):
            return True
        n = parents.get(n)
    return False


def names_in(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


# --------------------------------------------------------------------------
# per-function analysis
# --------------------------------------------------------------------------
def signature_of(func):
    a = func.args
    params = []
    npos_defaults = len(a.defaults)
    positional = list(a.posonlyargs) + list(a.args)
    for i, arg in enumerate(positional):
        has_default = i >= len(positional) - npos_defaults
        kind = "posonly" if i < len(a.posonlyargs) else "pos_or_kw"
        params.append({"name": arg.arg, "kind": kind, "default": has_default})
    for arg, d in zip(a.kwonlyargs, a.kw_defaults):
        params.append({"name": arg.arg, "kind": "kwonly",
                       "default": d is not None})
    # drop self / cls
    if params and params[0]["name"] in ("self", "cls") and \
            params[0]["kind"] != "kwonly":
        params = params[1:]
    return {
        "params": params,
        "vararg": a.vararg.arg if a.vararg else None,
        "kwarg": a.kwarg.arg if a.kwarg else None,
    }


def dict_keys_read(func, var):
    """String keys read/popped from dict ``var`` in ``func`` -> {key: line}."""
    keys = {}
    for n in ast.walk(func):
        # var.pop("k") / var.get("k") / var.setdefault("k")
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) \
                and n.func.attr in ("pop", "get", "setdefault") \
                and isinstance(n.func.value, ast.Name) \
                and n.func.value.id == var and n.args \
                and isinstance(n.args[0], ast.Constant) \
                and isinstance(n.args[0].value, str):
            keys.setdefault(n.args[0].value, n.lineno)
        # var["k"]
        elif isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) \
                and n.value.id == var:
            s = n.slice
            if isinstance(s, ast.Constant) and isinstance(s.value, str):
                keys.setdefault(s.value, n.lineno)
        # "k" in var / "k" not in var
        elif isinstance(n, ast.Compare) and len(n.ops) == 1 \
                and isinstance(n.ops[0], (ast.In, ast.NotIn)) \
                and isinstance(n.comparators[0], ast.Name) \
                and n.comparators[0].id == var \
                and isinstance(n.left, ast.Constant) \
                and isinstance(n.left.value, str):
            keys.setdefault(n.left.value, n.lineno)
    return keys


def kwargs_usage(func, var):
    """How ``func`` uses its ``**var`` dict: keys read, whitelist, raises."""
    consumed = dict_keys_read(func, var)
    allowed = {}
    strict = False
    for n in ast.walk(func):
        # allowed_kwargs = {...}
        if isinstance(n, ast.Assign) and len(n.targets) == 1 \
                and isinstance(n.targets[0], ast.Name) \
                and "allowed" in n.targets[0].id.lower():
            for k in str_list(n.value):
                allowed.setdefault(k, n.lineno)
        # generic_utils.validate_kwargs(kwargs, allowed)
        if isinstance(n, ast.Call) and call_name(n) and \
                "validate_kwargs" in call_name(n):
            strict = True
        # ``if kwargs: raise ...`` / ``for k in kwargs: ... raise ...``
        if isinstance(n, (ast.If, ast.For)):
            test = n.test if isinstance(n, ast.If) else n.iter
            if var in names_in(test) and any(
                    isinstance(x, ast.Raise) for x in ast.walk(n)):
                strict = True
    return consumed, allowed, strict


def analyze_init(func):
    sig = signature_of(func)
    kw = sig["kwarg"]
    info = dict(sig)
    info["lineno"] = func.lineno
    consumed, allowed, strict = {}, {}, False
    if kw:
        consumed, allowed, strict = kwargs_usage(func, kw)
    super_calls = []
    other_sinks = []
    parents = parents_map(func)
    for n in ast.walk(func):
        if not isinstance(n, ast.Call):
            continue
        fwd_kwargs = kw is not None and any(
            k.arg is None and isinstance(k.value, ast.Name)
            and k.value.id == kw for k in n.keywords)
        # the kwargs dict handed over as a positional argument, e.g.
        # ``self._process_kwargs(kwargs)`` (Keras 2.11+ optimizers)
        passes_dict = kw is not None and any(
            isinstance(a, ast.Name) and a.id == kw for a in n.args)
        target = None
        f = n.func
        if isinstance(f, ast.Attribute) and f.attr == "__init__":
            if isinstance(f.value, ast.Call) and call_name(f.value) == "super":
                target = "super"
            else:
                d = dotted(f.value)
                if d:
                    target = d
        if target is not None:
            explicit_kw = [k.arg for k in n.keywords if k.arg is not None]
            npos = len(n.args)
            if target != "super":
                npos -= 1  # the explicit ``self``
            super_calls.append({
                "target": target, "keywords": explicit_kw,
                "n_positional": max(npos, 0),
                "star_args": any(isinstance(a, ast.Starred) for a in n.args),
                "forwards_kwargs": fwd_kwargs,
                "conditional": is_conditional(n, parents, func),
            })
        elif fwd_kwargs or passes_dict:
            d = dotted(f)
            other_sinks.append(".".join(d) if d else "?")
    info["consumed_kwargs"] = sorted(set(consumed) | set(allowed))
    info["consumed_lines"] = {**allowed, **consumed}
    info["allowed_kwargs"] = sorted(allowed)
    info["strict"] = strict
    info["super_calls"] = super_calls
    info["other_kwargs_sinks"] = other_sinks
    return info


def analyze_get_config(func):
    """Keys written by a get_config implementation."""
    parents = parents_map(func)
    keys, cond_keys, removed = set(), set(), set()
    calls_super = False
    explicit_parent = None

    def add(k, node):
        (cond_keys if is_conditional(node, parents, func) else keys).add(k)

    def add_dict(d, node):
        for k in d.keys:
            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                add(k.value, node)

    for n in ast.walk(func):
        if isinstance(n, ast.Call):
            f = n.func
            if isinstance(f, ast.Attribute) and f.attr == "get_config":
                if isinstance(f.value, ast.Call) and \
                        call_name(f.value) == "super":
                    calls_super = True
                else:
                    d = dotted(f.value)
                    if d and d[-1] != "self" and d[0] != "self":
                        explicit_parent = d
                        calls_super = True
            if isinstance(f, ast.Attribute) and f.attr == "update" and \
                    n.args and isinstance(n.args[0], ast.Dict):
                add_dict(n.args[0], n)
            if isinstance(f, ast.Attribute) and f.attr == "pop" and \
                    n.args and isinstance(n.args[0], ast.Constant) and \
                    isinstance(f.value, ast.Name) and \
                    not is_conditional(n, parents, func):
                # only an unconditional pop removes a key for sure
                removed.add(n.args[0].value)
        elif isinstance(n, ast.Assign):
            if isinstance(n.value, ast.Dict) and all(
                    isinstance(t, ast.Name) for t in n.targets):
                add_dict(n.value, n)
            for t in n.targets:
                if isinstance(t, ast.Subscript) and \
                        isinstance(t.value, ast.Name) and \
                        isinstance(t.slice, ast.Constant) and \
                        isinstance(t.slice.value, str):
                    add(t.slice.value, n)
        elif isinstance(n, ast.Return) and isinstance(n.value, ast.Dict):
            add_dict(n.value, n)
        elif isinstance(n, ast.Delete) and \
                not is_conditional(n, parents, func):
            for t in n.targets:
                if isinstance(t, ast.Subscript) and \
                        isinstance(t.slice, ast.Constant):
                    removed.add(t.slice.value)
    cond_keys -= keys
    return {"keys": sorted(keys), "conditional_keys": sorted(cond_keys),
            "serializers": serializer_calls(func, "serializ"),
            "removed_keys": sorted(k for k in removed if isinstance(k, str)),
            "calls_super": calls_super,
            "explicit_parent": explicit_parent, "lineno": func.lineno}


def serializer_calls(func, needle):
    """Dotted names of (de)serialize helpers called, e.g. for nested layers:
    ``serialization_lib.serialize_keras_object`` writes a 'module' key,
    ``generic_utils.serialize_keras_object`` / ``legacy_serialization...``
    do not; ``serialization_lib.deserialize_keras_object`` needs one."""
    out = set()
    for n in ast.walk(func):
        if isinstance(n, ast.Call):
            d = dotted(n.func)
            if d and needle in d[-1]:
                out.add(".".join(d))
    return sorted(out)


def analyze_from_config(func):
    a = func.args.args
    if len(a) < 2:
        return {"keys": [], "lineno": func.lineno}
    var = a[1].arg
    keys = dict_keys_read(func, var)
    return {"keys": sorted(keys), "lines": keys, "lineno": func.lineno,
            "deserializers": serializer_calls(func, "deserializ")}


# --------------------------------------------------------------------------
# per-module analysis
# --------------------------------------------------------------------------
class Module:
    def __init__(self, path, dotted_name, is_pkg, tree):
        self.path = path
        self.name = dotted_name
        self.is_pkg = is_pkg
        self.imports = {}     # local -> ("mod", dotted) | ("sym", mod, name)
        self.classes = {}     # name -> class info dict
        self.aliases = {}     # local name -> dotted list (module-level A = B)
        self.functions = {}   # name -> info (exported / module level)
        self.export_calls = []  # (v2, v1, target dotted list)
        self._scan(tree)

    def _resolve_relative(self, module, level):
        if not level:
            return module
        base = self.name.split(".")
        if not self.is_pkg:
            base = base[:-1]
        if level > 1:
            base = base[:-(level - 1)]
        return ".".join(base + ([module] if module else []))

    def _scan(self, tree):
        for node in walk_no_defs(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        self.imports[a.asname] = ("mod", a.name)
                    else:
                        top = a.name.split(".")[0]
                        self.imports.setdefault(top, ("mod", top))
            elif isinstance(node, ast.ImportFrom):
                mod = self._resolve_relative(node.module, node.level)
                for a in node.names:
                    if a.name == "*":
                        continue
                    self.imports[a.asname or a.name] = ("sym", mod, a.name)
        for node in tree.body:
            self._scan_stmt(node)

    def _scan_stmt(self, node):
        if isinstance(node, (ast.If, ast.Try)):
            for sub in getattr(node, "body", []) + getattr(node, "orelse", []):
                self._scan_stmt(sub)
            return
        if isinstance(node, ast.ClassDef):
            self.classes[node.name] = analyze_class(node)
        elif isinstance(node, ast.FunctionDef):
            exports = [parse_export(d) for d in node.decorator_list]
            exports = [e for e in exports if e]
            self.functions[node.name] = {
                "lineno": node.lineno,
                "v2": [n for e in exports for n in e[0]],
                "v1": [n for e in exports for n in e[1]],
                "signature": signature_of(node),
                "private": node.name.startswith("_"),
            }
        elif isinstance(node, (ast.Assign, ast.Expr)):
            value = node.value
            # keras_export("...")(X)  /  Y = keras_export("...")(X)
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Call):
                e = parse_export(value.func)
                if e and value.args:
                    d = dotted(value.args[0])
                    if d:
                        self.export_calls.append((e[0], e[1], d))
                        if isinstance(node, ast.Assign):
                            for t in node.targets:
                                if isinstance(t, ast.Name):
                                    self.aliases[t.id] = d
                return
            if isinstance(node, ast.Assign):
                d = dotted(value)
                if d:
                    for t in node.targets:
                        # ``Convolution2D = Conv2D`` / ``X = mod.Y``
                        if isinstance(t, ast.Name) and (
                                len(d) > 1 or t.id != d[0]):
                            self.aliases[t.id] = d


def analyze_class(node):
    info = {
        "lineno": node.lineno,
        "bases": [d for d in (dotted(b) for b in node.bases) if d],
        "unparsed_bases": [ast.unparse(b) for b in node.bases
                           if not dotted(b)],
        "v2": [], "v1": [], "registered": None,
        "init": None, "get_config": None, "from_config": None,
        "has_new": False, "kwargs_helpers": {},
    }
    for d in node.decorator_list:
        e = parse_export(d)
        if e:
            info["v2"].extend(e[0])
            info["v1"].extend(e[1])
        r = parse_register(d)
        if r:
            info["registered"] = r
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            if item.name == "__init__":
                info["init"] = analyze_init(item)
            elif item.name == "get_config":
                info["get_config"] = analyze_get_config(item)
            elif item.name == "from_config":
                info["from_config"] = analyze_from_config(item)
            elif item.name == "__new__":
                info["has_new"] = True
            else:
                # helper methods that receive the kwargs dict
                names = [a.arg for a in item.args.args[1:]]
                if item.args.kwarg:
                    names.append(item.args.kwarg.arg)
                for var in names:
                    if "kwargs" in var:
                        consumed, allowed, strict = kwargs_usage(item, var)
                        info["kwargs_helpers"][item.name] = {
                            "consumed": sorted(set(consumed) | set(allowed)),
                            "consumed_lines": {**allowed, **consumed},
                            "strict": strict, "lineno": item.lineno}
    return info


# --------------------------------------------------------------------------
# release-level analysis
# --------------------------------------------------------------------------
def to_snake_case(name):
    """Keras' naming.to_snake_case (used for ALL_OBJECTS_DICT aliases)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


class Release:
    def __init__(self, git_dir, label, ref):
        self.label = label
        self.git = GitRef(git_dir, ref)
        self.layout = self._detect_layout()
        self.modules = {}
        self._load_modules()
        self.class_ids = {}   # "dotted.module:Class" -> info
        for m in self.modules.values():
            for cname, c in m.classes.items():
                c["module"] = m.name
                c["path"] = m.path
                c["name"] = cname
                self.class_ids[f"{m.name}:{cname}"] = c
        self._apply_export_calls()

    # -- layout ---------------------------------------------------------
    def _detect_layout(self):
        files = self.git.files
        lay = {}
        if any(f.startswith("tf_keras/") for f in files):
            lay.update(root="tf_keras", pkg="tf_keras", lineage="tf_keras")
        elif "keras/src/__init__.py" in files or \
                any(f.startswith("keras/src/layers/") for f in files):
            lay.update(root="keras/src", pkg="keras.src", lineage="keras3")
        elif "keras/api_export.py" in files:
            lay.update(root="keras", pkg="keras", lineage="keras3")
        elif any(f.startswith("keras/engine/base_layer_v1") for f in files) \
                or "keras/layers/serialization.py" in files:
            lay.update(root="keras", pkg="keras", lineage="tf.keras")
        else:
            lay.update(root="keras", pkg="keras", lineage="multi-backend")
        # Does the pip build move the sources under <pkg>/src ?
        # (keras 2.13-2.15 and tf-keras: pip_build.py SRC_DIRNAME="src";
        #  keras 3.0-3.2: namex.convert_codebase(..., code_directory="src"))
        saved_prefix = lay["pkg"]
        pb = self.git.read("pip_build.py") if "pip_build.py" in files else None
        if pb and lay["root"] in ("keras", "tf_keras") and (
                'SRC_DIRNAME = "src"' in pb or 'code_directory="src"' in pb):
            saved_prefix = lay["pkg"] + ".src"
        lay["saved_module_prefix"] = saved_prefix
        lay["pip_build_moves_to_src"] = saved_prefix != lay["pkg"]
        return lay

    def _load_modules(self):
        root = self.layout["root"]
        paths = []
        for f in self.git.files:
            if not f.startswith(root + "/") or not f.endswith(".py"):
                continue
            rel = f[len(root) + 1:]
            parts = rel.split("/")
            if parts[0] in SKIP_DIRS or any(p in ("tests", "testing_infra")
                                            for p in parts[:-1]):
                continue
            base = parts[-1]
            if base.endswith("_test.py") or base.startswith("test_") or \
                    base in ("conftest.py", "testing_utils.py",
                             "keras_parameterized.py", "combinations.py"):
                continue
            paths.append(f)
        texts = self.git.read_many(sorted(paths))
        for path, text in texts.items():
            try:
                tree = ast.parse(text)
            except SyntaxError:
                # multi-backend Keras 2.2 is Python-2 compatible and parses;
                # anything else that fails is reported and skipped.
                print(f"  [{self.label}] syntax error, skipped {path}",
                      file=sys.stderr)
                continue
            is_pkg = path.endswith("/__init__.py")
            mod_path = path[:-len("/__init__.py")] if is_pkg else path[:-3]
            name = mod_path.replace("/", ".")
            self.modules[name] = Module(path, name, is_pkg, tree)

    def _apply_export_calls(self):
        for m in self.modules.values():
            for v2, v1, target in m.export_calls:
                cid = self.resolve(m.name, target)
                if cid and cid in self.class_ids:
                    self.class_ids[cid]["v2"].extend(v2)
                    self.class_ids[cid]["v1"].extend(v1)
                elif len(target) == 1 and target[0] in m.functions:
                    m.functions[target[0]]["v2"].extend(v2)
                    m.functions[target[0]]["v1"].extend(v1)

    # -- name resolution ------------------------------------------------
    def resolve(self, modname, parts, depth=0):
        """Resolve a dotted reference seen in ``modname`` to a class id."""
        if depth > 12 or not parts:
            return None
        m = self.modules.get(modname)
        if m is None:
            return None
        head, rest = parts[0], parts[1:]
        if not rest and head in m.classes:
            return f"{modname}:{head}"
        if head in m.aliases and head not in m.classes:
            return self.resolve(modname, m.aliases[head] + rest, depth + 1)
        if head in m.imports:
            tgt = m.imports[head]
            if tgt[0] == "mod":
                return self._resolve_in_module(tgt[1], rest, depth + 1)
            mod, name = tgt[1], tgt[2]
            if f"{mod}.{name}" in self.modules:   # imported a submodule
                return self._resolve_in_module(f"{mod}.{name}", rest, depth + 1)
            if rest:
                return None
            return self._resolve_in_module(mod, [name], depth + 1)
        if head in m.classes and rest:
            return None
        return None

    def _resolve_in_module(self, modname, parts, depth):
        if not parts:
            return None
        # walk down submodules: a.b + [c, D] -> a.b.c + [D]
        while len(parts) > 1 and f"{modname}.{parts[0]}" in self.modules:
            modname = f"{modname}.{parts[0]}"
            parts = parts[1:]
        if modname not in self.modules:
            return None
        return self.resolve(modname, parts, depth)

    # -- MRO ------------------------------------------------------------
    def mro(self, cid, _stack=()):
        if cid in _stack:
            return [cid]
        c = self.class_ids[cid]
        if "_mro" in c:
            return c["_mro"]
        base_lists = []
        resolved = []
        for b in c["bases"]:
            bid = self.resolve(c["module"], b)
            if bid is None:
                bid = "external:" + ".".join(b)
            resolved.append(bid)
        for bid in resolved:
            if bid.startswith("external:"):
                base_lists.append([bid])
            else:
                base_lists.append(self.mro(bid, _stack + (cid,)))
        base_lists.append(list(resolved))
        out = [cid]
        seqs = [list(s) for s in base_lists if s]
        while True:
            seqs = [s for s in seqs if s]
            if not seqs:
                break
            for s in seqs:
                cand = s[0]
                if not any(cand in t[1:] for t in seqs):
                    break
            else:  # inconsistent hierarchy: fall back to depth-first
                cand = seqs[0][0]
            out.append(cand)
            for s in seqs:
                if s and s[0] == cand:
                    s.pop(0)
        c["_mro"] = out
        c["_resolved_bases"] = resolved
        return out

    # -- kinds ----------------------------------------------------------
    def roots(self):
        root_kind = {}
        root = self.layout["root"]
        for cid, c in self.class_ids.items():
            for n in c["v2"] + c["v1"]:
                if n in ROOT_EXPORTS:
                    root_kind[cid] = ROOT_EXPORTS[n]
            rel = c["path"][len(root) + 1:]
            if (rel, c["name"]) in ROOT_FILES and \
                    self.layout["lineage"] == "multi-backend":
                root_kind[cid] = ROOT_FILES[(rel, c["name"])]
        return root_kind

    def kind_of(self, cid, root_kind):
        kinds = {root_kind[x] for x in self.mro(cid) if x in root_kind}
        for k in KIND_PRIORITY:
            if k in kinds:
                return k
        return None

    # -- effective arguments -------------------------------------------
    def effective(self, cid):
        """Walk __init__ along the MRO and collect accepted arguments."""
        mro = self.mro(cid)
        chain = []
        accepted, fixed, consumed = [], set(), set()
        where = {}
        required = []
        state = "unknown"
        idx = self._next_init(mro, 0)
        seen = set()
        carry = 0   # positional args handed to the __init__ being visited
        while idx is not None and idx not in seen:
            seen.add(idx)
            owner = mro[idx]
            if owner.startswith("external:"):
                state = "external:" + owner[9:]
                if owner == "external:object":
                    state = "closed" if chain else "no_init"
                break
            init = self.class_ids[owner]["init"]
            chain.append(owner)
            pos_names = [p["name"] for p in init["params"]
                         if p["kind"] != "kwonly"]
            # positional arguments passed by the subclass fill the first
            # positional parameters: they cannot come from the config
            fixed |= set(pos_names[:carry])
            leftover = max(0, carry - len(pos_names)) if init["vararg"] else 0
            for p in init["params"]:
                if p["name"] in fixed:
                    continue
                if p["name"] not in accepted:
                    accepted.append(p["name"])
                if not p["default"] and len(chain) == 1:
                    required.append(p["name"])
            for k in init["consumed_kwargs"]:
                if k not in fixed:
                    consumed.add(k)
                    where.setdefault(k, "%s:%d" % (
                        self.class_ids[owner]["path"],
                        init["consumed_lines"].get(k, init["lineno"])))
            if not init["kwarg"]:
                state = "closed"
                break
            fwd = [s for s in init["super_calls"] if s["forwards_kwargs"]]
            if fwd:
                call = fwd[-1]
                for k in call["keywords"]:
                    if k not in [p["name"] for p in init["params"]]:
                        fixed.add(k)
                if call["target"] == "super":
                    nxt = self._next_init(mro, idx + 1)
                else:
                    tid = self.resolve(self.class_ids[owner]["module"],
                                       call["target"])
                    nxt = mro.index(tid) if tid in mro else None
                    if nxt is not None and \
                            not self.class_ids[mro[nxt]]["init"]:
                        nxt = self._next_init(mro, nxt)
                    if tid is None:
                        state = "external:" + ".".join(call["target"])
                        break
                # explicit positionals (+ the ones forwarded via *args)
                carry = call["n_positional"] + (
                    leftover if call["star_args"] else 0)
                if nxt is None:   # reaches object.__init__: rejects kwargs
                    state = "closed"
                    break
                idx = nxt
                continue
            helper_strict = False
            for sink in init["other_kwargs_sinks"]:
                if sink.startswith("self.") and sink.count(".") == 1:
                    h = self._find_helper(mro, sink[5:])
                    if h:
                        for k in set(h["consumed"]) - fixed:
                            consumed.add(k)
                            where.setdefault(k, "%s:%d" % (
                                h["path"], h["consumed_lines"].get(k, 0)))
                        helper_strict = helper_strict or h["strict"]
            sinks = [s for s in init["other_kwargs_sinks"]
                     if not (s.startswith("self.") and
                             self._find_helper(mro, s[5:]))]
            if init["strict"] or helper_strict:
                state = "strict"
            elif sinks:
                state = "open:" + ",".join(sorted(set(sinks)))
            else:
                state = "silent"
            break
        if idx is None and state == "unknown":
            state = "no_init"
        extra = sorted(k for k in consumed if k not in accepted)
        return {
            "init_owner": chain[0] if chain else None,
            "chain": chain,
            "accepted": sorted(set(accepted) | set(extra)),
            "kwargs_consumed": extra,
            "kwargs_consumed_where": {k: where[k] for k in extra if k in where},
            "required": required,
            "unknown_kwargs": state,
        }

    def _find_helper(self, mro, name):
        for x in mro:
            if x.startswith("external:"):
                return None
            h = self.class_ids[x]["kwargs_helpers"].get(name)
            if h:
                return dict(h, path=self.class_ids[x]["path"])
        return None

    def _next_init(self, mro, start):
        for i in range(start, len(mro)):
            x = mro[i]
            if x.startswith("external:"):
                return i
            if self.class_ids[x]["init"]:
                return i
        return None

    def config_keys(self, cid):
        """Keys written by get_config, merged along the MRO."""
        mro = self.mro(cid)
        keys, cond, removed, chain = set(), set(), set(), []
        serializers = set()
        i = 0
        while i < len(mro):
            x = mro[i]
            if x.startswith("external:"):
                i += 1   # e.g. Keras 3 BackendLayer: no get_config of note
                continue
            gc = self.class_ids[x]["get_config"]
            if gc is None:
                i += 1
                continue
            chain.append(x)
            serializers |= set(gc.get("serializers", []))
            keys |= set(gc["keys"]) - removed
            cond |= set(gc["conditional_keys"]) - removed
            removed |= set(gc["removed_keys"])
            if not gc["calls_super"]:
                break
            if gc["explicit_parent"]:
                tid = self.resolve(self.class_ids[x]["module"],
                                   gc["explicit_parent"])
                if tid in mro:
                    i = mro.index(tid)
                    continue
            i += 1
        # keys removed by a subclass after super().get_config()
        return {
            "keys": sorted(keys - removed),
            "conditional": sorted((cond - keys) - removed),
            "removed": sorted(removed),
            "chain": chain,
            "serializers": sorted(serializers),
        }

    def from_config_keys(self, cid):
        for x in self.mro(cid):
            if x.startswith("external:"):
                continue
            fc = self.class_ids[x]["from_config"]
            if fc is not None:
                return {"owner": x, "keys": fc["keys"],
                        "deserializers": fc.get("deserializers", [])}
        return None

    # -- saved module ---------------------------------------------------
    def saved_module(self, cid):
        c = self.class_ids[cid]
        lin = self.layout["lineage"]
        names = c["v2"] or c["v1"]
        if names and lin != "multi-backend":
            parts = names[0].split(".")
            return {"module": ".".join(parts[:-1]), "class_name": parts[-1],
                    "registered_name": None, "via": "public export"}
        mod = c["module"]
        pkg, pref = self.layout["pkg"], self.layout["saved_module_prefix"]
        if mod == pkg or mod.startswith(pkg + "."):
            mod = pref + mod[len(pkg):]
        reg = c["registered"]
        if reg:
            rname = f"{reg['package']}>{reg['name'] or c['name']}"
        else:
            rname = c["name"]
        return {"module": mod, "class_name": c["name"],
                "registered_name": rname, "via": "python module"}

    # -- top-level extraction ------------------------------------------
    def extract(self):
        root_kind = self.roots()
        by_key = {}
        for cid, c in self.class_ids.items():
            kind = self.kind_of(cid, root_kind)
            if kind is None:
                continue
            exported = bool(c["v2"] or c["v1"])
            if not exported and c["name"].startswith("_"):
                continue
            by_key.setdefault((kind, c["name"]), []).append(cid)
        classes = {}
        for (kind, name), cids in by_key.items():
            cids.sort(key=lambda x: self._priority(x, kind, name))
            for i, cid in enumerate(cids):
                key = f"{kind}/{name}" if i == 0 else \
                    f"{kind}/{self._qualifier(cid, kind)}{name}"
                if key in classes:
                    key = f"{kind}/{cid}"
                classes[key] = self._class_record(cid, kind)
        return {
            "label": self.label,
            "ref": self.git.ref,
            "commit": self.git.commit,
            "layout": self.layout,
            "classes": classes,
            "functions": self._functions(),
            "base_layer": self._base_layer(root_kind),
            "serialization": self._serialization_info(),
            "keras3_legacy": self._keras3_legacy()
            if self.layout["lineage"] == "keras3" else None,
        }

    def _priority(self, cid, kind, name):
        c = self.class_ids[cid]
        ns = KIND_NAMESPACE.get(kind, "")
        canon = {f"keras.{ns}.{name}"}
        if kind == "model":
            canon |= {f"keras.{name}", f"keras.models.{name}"}
        if kind == "dtype_policy":
            canon |= {f"keras.mixed_precision.{name}", f"keras.{name}"}
        if c["v2"] and c["v2"][0] in canon:
            return (0, cid)
        if set(c["v2"]) & canon:
            return (1, cid)
        if c["v2"]:
            return (2, cid)
        if c["v1"]:
            return (3, cid)
        return (4, cid)

    def _qualifier(self, cid, kind):
        c = self.class_ids[cid]
        if c["v2"]:
            best = c["v2"][0]
        elif c["v1"]:
            return "v1."
        else:
            return c["module"] + ":"
        parts = best.split(".")[1:-1]   # drop "keras" and the name
        ns = KIND_NAMESPACE.get(kind, "").split(".")
        if parts[:len(ns)] == ns:
            parts = parts[len(ns):]
        return ".".join(parts) + "." if parts else "alt."

    def _class_record(self, cid, kind):
        c = self.class_ids[cid]
        eff = self.effective(cid)
        own = self.class_ids[eff["init_owner"]]["init"] \
            if eff["init_owner"] else None
        rec = {
            "kind": kind,
            "class": c["name"],
            "path": c["path"],
            "lineno": c["lineno"],
            "python_module": c["module"],
            "exports_v2": sorted(set(c["v2"]), key=c["v2"].index),
            "exports_v1_only": sorted(set(c["v1"]) - set(c["v2"])),
            "registered": c["registered"],
            "mro": [x for x in self.mro(cid)],
            "init_defined_in": (self.class_ids[eff["init_owner"]]["path"]
                                + ":" + self.class_ids[eff["init_owner"]]["name"]
                                if eff["init_owner"] else None),
            "params": [p["name"] for p in own["params"]] if own else [],
            "varargs": own["vararg"] if own else None,
            "accepts_kwargs": bool(own and own["kwarg"]),
            "required": eff["required"],
            "accepted": eff["accepted"],
            "kwargs_consumed": eff["kwargs_consumed"],
            "kwargs_consumed_where": eff["kwargs_consumed_where"],
            "init_chain": eff["chain"],
            "unknown_kwargs": eff["unknown_kwargs"],
            "config": self.config_keys(cid),
            "from_config": self.from_config_keys(cid),
            "saved_as": self.saved_module(cid),
            "exported": bool(c["v2"] or c["v1"]),
        }
        return rec

    def _functions(self):
        out = {}
        lin = self.layout["lineage"]
        root = self.layout["root"]
        for m in self.modules.values():
            rel = m.path[len(root) + 1:]
            for fname, f in m.functions.items():
                kind = None
                if lin == "multi-backend":
                    if rel in FUNCTION_FILES and not f["private"]:
                        kind = FUNCTION_FILES[rel]
                else:
                    for n in f["v2"] + f["v1"]:
                        for pref, k in FUNCTION_NAMESPACES.items():
                            if n.startswith(pref) and "." not in n[len(pref):]:
                                kind = kind or k
                if kind is None or fname in NOT_OBJECTS:
                    continue
                key = f"{kind}/{fname}"
                if key in out and not f["v2"]:
                    continue
                out[key] = {
                    "path": m.path, "lineno": f["lineno"],
                    "exports_v2": f["v2"],
                    "exports_v1_only": sorted(set(f["v1"]) - set(f["v2"])),
                    "params": [p["name"] for p in f["signature"]["params"]],
                    "accepts_kwargs": bool(f["signature"]["kwarg"]),
                }
        return out

    def _base_layer(self, root_kind):
        for cid, k in root_kind.items():
            if k != "layer":
                continue
            c = self.class_ids[cid]
            if c["name"] != "Layer" or not c["init"]:
                continue
            if "base_layer_v1" in c["path"] or "legacy" in c["path"]:
                continue
            init = c["init"]
            return {
                "class": cid, "path": c["path"], "lineno": init["lineno"],
                "params": [p["name"] for p in init["params"]],
                "allowed_kwargs": init["allowed_kwargs"],
                "consumed_kwargs": init["consumed_kwargs"],
                "all_accepted": sorted(
                    {p["name"] for p in init["params"]}
                    | set(init["consumed_kwargs"])),
                "unknown_kwargs": "strict" if init["strict"] else "silent",
            }
        return None

    def _serialization_info(self):
        """Where the new-style (module/class_name) serializer lives."""
        root = self.layout["root"]
        for rel in ("saving/serialization_lib.py",
                    "saving/experimental/serialization_lib.py"):
            path = f"{root}/{rel}"
            if path in self.git.files:
                text = self.git.read(path)
                return {
                    "serialization_lib": path,
                    "writes_module_field": '"module"' in text,
                    "public_name_source":
                        "tf_export.get_canonical_name_for_symbol"
                        if "get_canonical_name_for_symbol" in text else
                        "api_export.get_name_from_symbol"
                        if "get_name_from_symbol" in text else None,
                }
        return None

    # -- Keras 3 legacy loading -----------------------------------------
    def _keras3_legacy(self):
        root, pkg = self.layout["root"], self.layout["pkg"]
        out = {}
        su = f"{root}/legacy/saving/saving_utils.py"
        if su in self.git.files:
            out["saving_utils"] = self._saving_utils_rewrites(su)
        layers_init = self.modules.get(f"{pkg}.layers")
        if layers_init:
            names = set(layers_init.imports) | set(layers_init.classes) | \
                set(layers_init.aliases)
            out["legacy_layer_lookup_names"] = sorted(
                n for n in names if n[:1].isupper())
            out["legacy_layer_lookup_source"] = layers_init.path
        tables = {}
        for sub in ("initializers", "regularizers", "constraints",
                    "optimizers", "losses", "metrics", "activations",
                    "dtype_policies", "optimizers.schedules", "quantizers"):
            m = f"{pkg}.{sub}"
            if m in self.modules:
                t = self._all_objects(self.modules[m])
                if t:
                    tables[sub] = t
        out["lookup_tables"] = tables
        return out

    def _saving_utils_rewrites(self, path):
        tree = ast.parse(self.git.read(path))
        res = {"path": path, "pops": [], "sets": [], "module_objects_added": [],
               "constants": {}}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and \
                    str_list(node.value):
                res["constants"][node.targets[0].id] = str_list(node.value)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and \
                    node.name == "model_from_config":
                for n in ast.walk(node):
                    if isinstance(n, ast.Call) and \
                            isinstance(n.func, ast.Attribute) and \
                            n.func.attr == "pop" and n.args:
                        a = n.args[0]
                        if isinstance(a, ast.Constant):
                            res["pops"].append({"key": a.value,
                                                "lineno": n.lineno})
                        elif isinstance(a, ast.Name):
                            res["pops"].append({"key": "$" + a.id,
                                                "lineno": n.lineno})
                    if isinstance(n, ast.Assign):
                        for t in n.targets:
                            if isinstance(t, ast.Subscript) and \
                                    isinstance(t.slice, ast.Constant):
                                d = dotted(t.value)
                                if d and "ALL_OBJECTS" in d:
                                    res["module_objects_added"].append(
                                        t.slice.value)
                                else:
                                    res["sets"].append(
                                        {"key": t.slice.value,
                                         "lineno": n.lineno})
                    if isinstance(n, ast.Compare) and \
                            isinstance(n.comparators[0], ast.Constant) and \
                            isinstance(n.comparators[0].value, str):
                        res.setdefault("class_checks", []).append(
                            {"value": n.comparators[0].value,
                             "lineno": n.lineno})
        return res

    def _all_objects(self, mod):
        """Parse ALL_OBJECTS / ALL_OBJECTS_DICT tables in a package init."""
        path = mod.path
        tree = ast.parse(self.git.read(path))
        classes, snake, aliases = [], False, {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and \
                    node.targets[0].id == "ALL_OBJECTS" and \
                    isinstance(node.value, (ast.Set, ast.List, ast.Tuple)):
                classes += [e.id for e in node.value.elts
                            if isinstance(e, ast.Name)]
            if isinstance(node, ast.DictComp) and "to_snake_case" in \
                    ast.unparse(node.key):
                snake = True
            if isinstance(node, ast.Call) and \
                    isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "update" and \
                    "ALL_OBJECTS_DICT" in ast.unparse(node.func.value) and \
                    node.args and isinstance(node.args[0], ast.Dict):
                for k, v in zip(node.args[0].keys, node.args[0].values):
                    if isinstance(k, ast.Constant):
                        aliases[k.value] = ast.unparse(v)
        if not classes and not aliases:
            return None
        names = set(classes)
        if snake:
            names |= {to_snake_case(c) for c in classes}
        return {"path": path, "classes": sorted(set(classes)),
                "snake_case_aliases": snake, "aliases": aliases,
                "lookup_names": sorted(names | set(aliases))}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("git_dir")
    ap.add_argument("refs", nargs="+", help="LABEL=REF or REF")
    ap.add_argument("--out", required=True, help="output directory")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for spec in args.refs:
        label, _, ref = spec.partition("=")
        if not ref:
            label, ref = spec, spec
        rel = Release(args.git_dir, label, ref)
        data = rel.extract()
        data["git_dir"] = os.path.abspath(args.git_dir)
        dest = os.path.join(args.out, f"{label}.json")
        with open(dest, "w") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
        print(f"{label}: {ref} {rel.git.commit[:10]} "
              f"{rel.layout['lineage']} classes={len(data['classes'])} "
              f"functions={len(data['functions'])}", file=sys.stderr)


if __name__ == "__main__":
    main()
