"""Runs one guide recipe under TF 2.21 / Keras 3.15 and checks what it loaded (oracle suite).

Usage: run_recipe.py JOB.json   (written by test/oracle/recipes.test.ts)

JOB: {
  "guide", "title",
  "code": the recipe exactly as the guide shows it, paths already substituted,
  "workdir": a scratch copy of the sample (broken/, fixed/) or of a fixture; the recipe runs there,
  "fixture": optional name of a maker in fixtures.py: real TF 2.21 writes the input the recipe
             reads into the workdir first (for inputs no committed sample has),
  "before": [{"code", "file"}: earlier recipes it continues, run first in the same namespace],
  "file": optional path: write the recipe there (a module other recipes import) instead of running it,
  "check": {python expression: reference path}: every weight of the object the expression yields
           must equal a tensor stored in the reference file (a checkpoint prefix, .h5/.weights.h5,
           .keras, or SavedModel directory), and at least one of them must be non-zero,
  "expect": [python expressions that must be true after the recipe ran; `_stdout` holds what the
             recipe printed],
}
Prints one JSON line: {"ok": bool, "error": str|null, "checks": [...]}.
"""
from __future__ import annotations

import io
import json
import os
import sys
import traceback
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")


def reference_arrays(path: str) -> list:
    """Every numeric array stored in a saved artifact."""
    import h5py
    import numpy as np

    def from_h5(f):
        out = []
        f.visititems(lambda _, obj: out.append(np.asarray(obj[()])) if isinstance(obj, h5py.Dataset) and obj.dtype.kind in "fiu" else None)
        return out

    if path.endswith(".keras"):
        with zipfile.ZipFile(path) as z, h5py.File(io.BytesIO(z.read("model.weights.h5")), "r") as f:
            return from_h5(f)
    if path.endswith(".h5"):
        with h5py.File(path, "r") as f:
            return from_h5(f)
    import tensorflow as tf

    if os.path.isdir(path) and os.path.exists(os.path.join(path, "saved_model.pb")):
        path = os.path.join(path, "variables", "variables")
    reader = tf.train.load_checkpoint(path)
    out = []
    for key, dtype in reader.get_variable_to_dtype_map().items():
        if dtype.is_floating or dtype.is_integer:
            out.append(np.asarray(reader.get_tensor(key)))
    return out


def object_arrays(obj) -> list:
    import numpy as np

    if hasattr(obj, "weights") and not isinstance(obj, dict):  # Keras model / layer
        return [np.asarray(w.numpy()) for w in obj.weights]
    if hasattr(obj, "variables") and not isinstance(obj, dict):  # tf.Module, tf.train.Checkpoint, loaded SavedModel
        return [np.asarray(v.numpy()) for v in obj.variables]
    if hasattr(obj, "numpy"):
        return [np.asarray(obj.numpy())]
    if isinstance(obj, dict):
        return [a for v in obj.values() for a in object_arrays(v)]
    if isinstance(obj, (list, tuple)):
        return [a for v in obj for a in object_arrays(v)]
    return [np.asarray(obj)]


def same(a, b) -> bool:
    import numpy as np

    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f" or b.dtype.kind == "f":
        # float32 copies of float64 values compare equal up to float32 rounding
        return bool(np.allclose(a.astype(np.float64), b.astype(np.float64), rtol=1e-6, atol=1e-7))
    return bool(np.array_equal(a, b))


def check_weights(namespace: dict, expression: str, reference: str) -> dict:
    obj = eval(expression, namespace)  # noqa: S307 - the expression is ours, written in the guide's directive
    arrays = object_arrays(obj)
    refs = reference_arrays(reference)
    unmatched = [list(a.shape) for a in arrays if not any(same(a, r) for r in refs)]
    nonzero = any(a.size and bool((a != 0).any()) and any(same(a, r) for r in refs) for a in arrays)
    ok = bool(arrays) and not unmatched and nonzero
    return {"check": f"{expression} == {reference}", "ok": ok, "weights": len(arrays), "unmatched_shapes": unmatched, "nonzero_match": nonzero}


_count = 0


def run(code: str, file: str | None, label: str, namespace: dict) -> None:
    if not file:
        import contextlib
        import runpy

        # Run it as a script file, as `python recipe.py` would: multiprocessing's spawn start
        # method re-imports the main script in the child, so the code must live in a file.
        global _count
        _count += 1
        path = os.path.join(os.getcwd(), f".recipe-{_count}.py")
        with open(path, "w") as f:
            f.write(f"# {label}\n{code}")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            result = runpy.run_path(path, init_globals=namespace, run_name="__main__")
        namespace.update(result)
        namespace["_stdout"] = namespace.get("_stdout", "") + printed.getvalue()
        sys.stderr.write(printed.getvalue())
        return
    # A recipe titled with a file name is a module other recipes import: write it, import it.
    os.makedirs(os.path.dirname(file) or ".", exist_ok=True)
    with open(file, "w") as f:
        f.write(code)
    module = file[:-3].replace("/", ".")
    parts = module.split(".")
    for n in range(1, len(parts)):
        open(os.path.join(*parts[:n], "__init__.py"), "a").close()
    exec(compile(f"import {module}", label, "exec"), {"__name__": "__import_check__"})


def main() -> None:
    job = json.load(open(sys.argv[1]))
    os.chdir(job["workdir"])
    sys.path.insert(0, job["workdir"])
    result = {"ok": False, "error": None, "checks": []}
    namespace = {"__name__": "__main__"}
    try:
        if job.get("fixture"):
            sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
            import fixtures

            getattr(fixtures, job["fixture"].replace("-", "_"))(job["workdir"])
        for i, earlier in enumerate(job.get("before", [])):
            run(earlier["code"], earlier.get("file"), f"<earlier recipe {i + 1}>", namespace)
        run(job["code"], job.get("file"), f"<{job['guide']}: {job['title']}>", namespace)
        for expression, reference in (job.get("check") or {}).items():
            result["checks"].append(check_weights(namespace, expression, os.path.join(job["workdir"], reference)))
        for expression in job.get("expect") or []:
            value = eval(expression, namespace)  # noqa: S307
            result["checks"].append({"check": expression, "ok": bool(value)})
        result["ok"] = all(c["ok"] for c in result["checks"])
        if not result["checks"] and not job.get("file"):
            result["ok"] = False
            result["error"] = "the directive has no check and no expect: nothing verifies the recipe"
    except BaseException as exc:  # noqa: BLE001 - report anything the recipe raised
        result["error"] = "".join(traceback.format_exception(exc))[-3000:]
    sys.stdout.flush()
    print("\n" + json.dumps(result))


if __name__ == "__main__":
    main()
