"""Writes tf_keras_api.json: the signatures of tf-keras (Keras 2) APIs the Keras 2-only recipes use.

tf-keras cannot be installed next to TensorFlow 2.21 here, so its Keras 2 recipes cannot run; the
oracle suite checks their calls against these signatures instead (keras2_check.py). They are read
from the tf-keras source by parsing it (nothing is imported):

    python extract_tf_keras_api.py /path/to/keras-team/tf-keras/git-dir-or-checkout [rev]

Exported names come from `@keras_export("keras.x.y", ...)` decorators; a class contributes its
__init__ signature (a context manager class also its call form); Model/Layer methods are listed as
"Model.<name>" / "Layer.<name>".
"""
import ast
import json
import subprocess
import sys

MODULES = ("keras.models.", "keras.utils.", "keras.saving.", "keras.backend.", "keras.mixed_precision.")
METHOD_CLASSES = {"tf_keras/engine/training.py": "Model", "tf_keras/engine/base_layer.py": "Layer"}


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True).stdout


def params(fn: ast.FunctionDef, drop_self: bool) -> dict:
    a = fn.args
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    if drop_self and names and names[0] in ("self", "cls"):
        names = names[1:]
    return {"params": names, "varargs": a.vararg is not None, "varkw": a.kwarg is not None}


def exported(decorator) -> list:
    if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", getattr(decorator.func, "attr", "")) == "keras_export":
        return [c.value for c in decorator.args if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return []


def main():
    repo, rev = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "HEAD")
    commit = git(repo, "rev-parse", rev).strip()
    files = [f for f in git(repo, "ls-tree", "-r", "--name-only", commit).splitlines()
             if f.startswith("tf_keras/") and f.endswith(".py") and "/integration_test/" not in f and not f.endswith("_test.py")]
    api = {}
    for path in files:
        tree = ast.parse(git(repo, "show", f"{commit}:{path}"))
        for node in tree.body:
            names = [n for d in getattr(node, "decorator_list", []) for n in exported(d)]
            names = [n for n in names if n.startswith(MODULES) or n in ("keras.Model", "keras.layers.Layer")]
            if isinstance(node, ast.FunctionDef):
                for n in names:
                    api[n] = {"source": f"{path}:{node.lineno}", **params(node, False)}
            elif isinstance(node, ast.ClassDef):
                init = next((b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__init__"), None)
                for n in names:
                    api[n] = {"source": f"{path}:{node.lineno}", **(params(init, True) if init else {"params": [], "varargs": True, "varkw": True})}
            if isinstance(node, ast.ClassDef) and METHOD_CLASSES.get(path) == node.name:
                for b in node.body:
                    if isinstance(b, ast.FunctionDef) and not b.name.startswith("_"):
                        api[f"{node.name}.{b.name}"] = {"source": f"{path}:{b.lineno}", **params(b, True)}
    out = {"repository": "keras-team/tf-keras", "commit": commit, "api": dict(sorted(api.items()))}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
