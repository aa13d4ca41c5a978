"""Checks a Keras 2-only recipe without running it (tf-keras does not install with TF 2.21).

argv[1]: the recipe's code. It must parse; every call of a tf.keras.* / tf_keras.* API, and of a
Keras Model method by name (load_weights, build, ...), must exist in tf-keras with the keyword
arguments used (tf_keras_api.json, extracted from the tf-keras source); every other tf.* call must
exist in the installed TensorFlow. Prints one JSON line: {"ok", "error", "checks"}.
"""
import ast
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))


def dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def main():
    code = sys.argv[1]
    api = json.load(open(os.path.join(HERE, "tf_keras_api.json")))
    checks = []
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        print(json.dumps({"ok": False, "error": f"SyntaxError: {exc}", "checks": []}))
        return
    import tensorflow as tf

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        keywords = [k.arg for k in node.keywords if k.arg]
        entry, label = None, None
        if name and (name.startswith("tf.keras.") or name.startswith("tf_keras.")):
            label = "keras." + name.split(".", 2)[-1] if name.startswith("tf.keras.") else "keras." + name.split(".", 1)[1]
            entry = api["api"].get(label)
            if entry is None:
                checks.append({"call": name, "ok": False, "why": f"{label} is not exported by tf-keras {api['commit'][:12]}"})
                continue
        elif isinstance(node.func, ast.Attribute) and f"Model.{node.func.attr}" in api["api"] and not (name or "").startswith("tf."):
            label = f"Model.{node.func.attr}"
            entry = api["api"][label]
        elif name and name.startswith("tf."):
            obj = tf
            try:
                for part in name.split(".")[1:]:
                    obj = getattr(obj, part)
                checks.append({"call": name, "ok": True, "source": f"TensorFlow {tf.__version__}"})
            except AttributeError:
                checks.append({"call": name, "ok": False, "why": f"not in TensorFlow {tf.__version__}"})
            continue
        if entry is None:
            continue
        bad = [k for k in keywords if k not in entry["params"] and not entry["varkw"]]
        too_many = len(node.args) > len(entry["params"]) and not entry["varargs"]
        checks.append({
            "call": name or label, "api": label, "source": f"keras-team/tf-keras@{api['commit'][:12]} {entry['source']}",
            "ok": not bad and not too_many,
            **({"unknown_keywords": bad} if bad else {}), **({"too_many_positional": True} if too_many else {}),
        })
    ok = bool(checks) and all(c["ok"] for c in checks)
    print(json.dumps({"ok": ok, "error": None if checks else "no tf.keras / tf_keras call found to check", "checks": checks}))


if __name__ == "__main__":
    main()
