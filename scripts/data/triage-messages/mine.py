#!/usr/bin/env python3
"""Where each message the triage catalog added for issue 14 is raised, and in which releases.

For every message id below, a distinctive fragment of its source text (a regular expression over
one source line, because the messages are built by string concatenation) is searched:

* in git repositories (bare snapshots, no work tree): every release tag given for the repository,
  with `git grep`, so the table says the first and last release that carry the wording;
* in the installed TensorFlow 2.21 wheel: its Python sources, and the strings of its shared
  libraries (C++ messages, which StrCat splits into pieces: the fragment is one piece).

Messages whose source is neither (HDF5's C library, CPython, TensorFlow C++ of older releases)
are listed in MANUAL with the file that raises them, as read through the code index; they are
copied to the table unchanged, marked `"checked": "code index"`.

Run (about a minute):

    python3 mine.py --keras /work/.mirror/keras-team+keras/repo \
        --tf-keras /work/.mirror/keras-team+tf-keras/repo --hub /work/.mirror/tensorflow+hub/repo \
        --serving /work/.mirror/tensorflow+serving/repo --h5py /work/.mirror/h5py+h5py/repo \
        --tf-wheel /work/.venv-tf/lib/python3.11/site-packages/tensorflow \
        --out ../tables/triage-message-sources.json
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
from pathlib import Path

# Release tags scanned per repository (final releases across the major versions).
TAGS = {
    "keras-team/keras": [
        "0.1.0", "0.3.3", "1.0.0", "1.1.2", "1.2.2", "2.0.0", "2.0.9", "2.1.6", "2.2.0", "2.2.4",
        "2.3.1", "2.4.0", "v2.6.0", "v2.8.0", "v2.10.0", "v2.11.0", "v2.12.0", "v2.13.1", "v2.14.0",
        "v2.15.0", "v3.0.0", "v3.0.5", "v3.2.0", "v3.4.1", "v3.6.0", "v3.8.0", "v3.10.0", "v3.12.0",
        "v3.14.0", "v3.15.1",
    ],
    "keras-team/tf-keras": ["v2.15.0", "v2.17.0", "v2.19.0", "v2.21.0"],
    "tensorflow/hub": [
        "v0.1.0", "v0.2.0", "v0.3.0", "v0.4.0", "v0.5.0", "v0.6.0", "v0.7.0", "v0.8.0", "v0.9.0",
        "v0.10.0", "v0.11.0", "v0.12.0", "v0.13.0", "v0.14.0", "v0.15.0", "v0.16.1",
    ],
    "tensorflow/serving": ["0.4.0", "1.4.0", "1.8.0", "1.15.0", "2.0.0", "2.5.1", "2.11.0", "2.15.0", "2.20.0"],
    "h5py/h5py": ["2.10.0", "3.0.0", "3.7.0", "3.11.0", "3.16.0"],
}

# id -> list of (repository, fragment regex, pathspec). Fragments are matched case-sensitively.
GIT = {
    "keras-layer-weight-shape-not-compatible": [
        ("keras-team/keras", r"provided weight shape|not compatible with weight shape|is not compatible with provided weight", "keras"),
        ("keras-team/tf-keras", r"is not compatible with provided weight", "tf_keras"),
    ],
    "keras-set-weights-list-length": [
        ("keras-team/keras", r"You called `set_weights\(weights\)` on layer", "keras"),
        ("keras-team/tf-keras", r"You called `set_weights\(weights\)` on layer", "tf_keras"),
    ],
    "keras-weights-not-yet-created": [
        ("keras-team/keras", r"Weights are created when the Model is first called on", "keras"),
        ("keras-team/tf-keras", r"Weights are created when the Model is first called on", "tf_keras"),
    ],
    "keras-error-when-checking-input-shape": [
        ("keras-team/keras", r"' to have shape ' \+|\" to have shape \"|to have shape \" \+", "keras"),
    ],
    "keras-input-incompatible-with-layer": [
        ("keras-team/keras", r"is incompatible with the layer: ", "keras"),
        ("keras-team/tf-keras", r"is incompatible with the layer: ", "tf_keras"),
    ],
    "keras-optimizer-state-not-loaded": [
        ("keras-team/keras", r"Error in loading the saved optimizer", "keras"),
        ("keras-team/tf-keras", r"Error in loading the saved optimizer", "tf_keras"),
    ],
    "keras1-invalid-object": [
        ("keras-team/keras", r"raise (Exception|ValueError)\('Invalid ' \+ str\(module_name\)", "keras/utils/generic_utils.py"),
    ],
    "keras-func-load-marshal": [
        ("keras-team/keras", r"marshal\.loads\(", "keras"),
        ("keras-team/tf-keras", r"marshal\.loads\(", "tf_keras"),
    ],
    "hub-load-tf1-format": [("tensorflow/hub", r"is stored using TF 1\.x", "tensorflow_hub")],
    "hub-missing-implementation": [("tensorflow/hub", r"Missing implementation that supports", "tensorflow_hub")],
    "hub-incompatible-unknown-type": [("tensorflow/hub", r"Trying to load a model of incompatible/unknown type", "tensorflow_hub")],
    "hub-not-a-valid-module": [("tensorflow/hub", r"does not appear to be a valid module", "tensorflow_hub")],
    "hub-module-already-being-downloaded": [("tensorflow/hub", r"already being downloaded by '%s'\. Waiting", "tensorflow_hub")],
    "hub-deleting-lock-file": [("tensorflow/hub", r"Deleting lock file %s due to inactivity", "tensorflow_hub")],
    "hub-downloading-module": [("tensorflow/hub", r"Downloading TF-Hub Module '%s'", "tensorflow_hub")],
    "serving-no-versions-under-base-path": [("tensorflow/serving", r"\"No versions of servable \"", "tensorflow_serving")],
    "serving-could-not-find-base-path": [("tensorflow/serving", r"\"Could not find base path \"", "tensorflow_serving")],
    "h5py-error-stack-format": [("h5py/h5py", r"b\"%b \(%b\)\"|'%s \(%s\)'|\"%s \(%s\)\"", "h5py")],
}

# id -> list of (kind, fragment) searched in the installed TensorFlow wheel.
TF_WHEEL = {
    "assert-existing-objects-not-bound": [("py", r"not bound to checkpointed values, likely due to changes in the")],
    "saver-no-variables-to-save": [("py", r"raise ValueError\(\"No variables to save\"\)")],
    "function-referencing-deleted-variables": [("py", r"Called a function referencing variables which have been deleted")],
    "checkpoint-no-checkpoint-in-directory": [("py", r"Couldn't find 'checkpoint' file or checkpoints in")],
    "saved-model-load-requires-tags": [("py", r"`tags=` argument if there is more than one MetaGraph")],
    "nodedef-attr-not-in-op": [("so", r"^NodeDef mentions attribute $")],
    "function-expects-arg-dtype": [("so", r"^Expects arg\[$")],
    "graph-input-incompatible-dtype": [("so", r"^ incompatible with expected $")],
    "tflite-builtin-op-version-not-found": [("so", r"Didn't find op for builtin opcode '%s' version '%d'")],
    "tflite-builtin-code-out-of-range": [("so", r"Op builtin_code out of range: %d\. Are you using old TFLite binary")],
    "tflite-set-tensor-type": [("so", r"Cannot set tensor: Got value of type %s but expected type %s for input %d")],
    "tflite-unresolved-custom-op": [("so", r"^Encountered unresolved custom op: %s\.$")],
}

# Sources read through the code index (not fetchable here): quoted from the raising code.
MANUAL = {
    "nodedef-attr-not-in-op": {
        "repo": "tensorflow/tensorflow",
        "file": "tensorflow/core/framework/node_def_util.cc (ValidateNodeDef)",
        "wordings": [
            "TF 0.x-1.x: \"NodeDef mentions attr '\", attr, \"' not in \", SummarizeOpDef(op_def), \"; NodeDef: \", SummarizeNodeDef(node_def)",
            "TF 1.x-2.x: the same, then \". (Check whether your GraphDef-interpreting binary is up to date with your GraphDef-generating binary.).\"",
            "recent TF (2.21 wheel): a logged error, no longer fatal: \"NodeDef mentions attribute \" << attr << \" which is not in the op definition: \" ... \" This may be expected if your graph generating binary is newer  than this binary. Unknown attributes will be ignored.\"",
        ],
    },
    "function-expects-arg-dtype": {
        "repo": "tensorflow/tensorflow",
        "file": "tensorflow/core/framework/function.cc (FunctionCallFrame::SetArgs)",
        "wordings": ["\"Expects arg[\", i, \"] to be \", DataTypeString(arg_types_[i]), \" but \", DataTypeString(args[i].dtype()), \" is provided\""],
    },
    "graph-input-incompatible-dtype": {
        "repo": "tensorflow/tensorflow",
        "file": "tensorflow/core/graph/graph_constructor.cc (GraphConstructor::MakeEdge), used by import_graph_def",
        "wordings": ["\"Input \", input_index, \" of node \", dst->name(), \" was passed \", DataTypeString(src_out), \" from \", src->name(), \":\", output_index, \" incompatible with expected \", DataTypeString(dst_in), \".\""],
    },
    "h5-unable-to-open-errno": {
        "repo": "HDFGroup/hdf5",
        "file": "src/H5FDsec2.c (H5FD__sec2_open)",
        "wordings": [
            "HDF5 >= 1.8: \"unable to open file: name = '%s', errno = %d, error message = '%s', flags = %x, o_flags = %x\"",
            "HDF5 1.4-1.6: \"unable to open file\"",
        ],
    },
    "h5-unable-to-lock-file": {
        "repo": "HDFGroup/hdf5",
        "file": "src/H5FDsec2.c (H5FD__sec2_lock), HDF5 >= 1.10 file locking",
        "wordings": ["\"unable to lock file, errno = %d, error message = '%s'\""],
    },
    "h5-file-read-failed": {
        "repo": "HDFGroup/hdf5",
        "file": "src/H5FDsec2.c (H5FD__sec2_read)",
        "wordings": ["\"file read failed: time = %s, filename = '%s', file descriptor = %d, errno = %d, error message = '%s', buf = %p, total read size = %llu, bytes this sub-read = %llu, bytes actually read = %llu, offset = %llu\""],
    },
    "h5-already-open-for-write": {
        "repo": "HDFGroup/hdf5",
        "file": "src/H5Fsuper.c (H5F__super_read), HDF5 >= 1.10 SWMR consistency flags",
        "wordings": ["\"file is already open for write (may use <h5clear file> to clear file consistency flags)\"", "\"file is already open for write/SWMR write (may use <h5clear file> to clear file consistency flags)\""],
    },
    "python-bad-marshal-data": {
        "repo": "python/cpython",
        "file": "Python/marshal.c (r_object)",
        "wordings": ["\"bad marshal data (unknown type code)\" (ValueError), raised by marshal.loads on bytecode written by another Python version"],
    },
    "tensor-name-not-found-in-checkpoint-files": {
        "repo": "tensorflow/tensorflow",
        "file": "tensorflow/core/util/tensor_slice_reader.cc (TensorSliceReader::GetTensor / checkpoint V1 and V2 readers)",
        "wordings": ["\"Tensor name \\\"\", name, \"\\\" not found in checkpoint files \", filepattern"],
    },
    "saver-restore-invalid-save-path": {
        "repo": "tensorflow/tensorflow",
        "file": "tensorflow/python/training/saver.py (Saver.restore), TF 0.x-1.x",
        "wordings": [
            "TF 0.x: \"Restore called with invalid save path %s\" (when gfile.Glob(save_path) is empty)",
            "TF 0.12-1.x: \"Restore called with invalid save path: %r. File path is: %r\" (V1 checkpoints whose file is missing)",
        ],
    },
    "cudnn-could-not-create-handle": {
        "repo": "tensorflow/tensorflow",
        "file": "tensorflow/stream_executor/cuda/cuda_dnn.cc (CudnnSupport::Init); xla/stream_executor/cuda/cuda_dnn.cc in recent releases",
        "wordings": ["TF 1.x: \"could not create cudnn handle: \" << ToString(status)", "later: \"Could not create cudnn handle: \" << ToString(status) / CudnnStatusToString(status)"],
    },
    "cudnn-runtime-older-than-build": {
        "repo": "tensorflow/tensorflow",
        "file": "tensorflow/stream_executor/cuda/cuda_dnn.cc (CudnnSupport::Init, version check)",
        "wordings": [
            "TF 1.x-2.x: \"Loaded runtime CuDNN library: \", loaded, \" but source was compiled with: \", source, \".  CuDNN library major and minor version needs to match or have higher minor version in case of CuDNN 7.0 or later version. ...\"",
            "later: \"...  CuDNN library needs to have matching major version and equal or higher minor version. ...\"",
            "TF 1.4-1.x: \"Loaded runtime CuDNN library: \", v, \" (compatibility version \", c, \") but source was compiled with \", s, ...",
        ],
    },
    "keras-core-load-model-not-keras-file": {
        "repo": "keras-team/keras-core",
        "file": "keras_core/saving/saving_api.py (load_model)",
        "wordings": ["\"The file you are trying to load does not appear to be a valid `.keras` model file. If it is a legacy `.h5` or SavedModel file, do note that these formats are not supported in Keras Core.\""],
    },
    "keras-core-load-weights-format": {
        "repo": "keras-team/keras-core",
        "file": "keras_core/saving/saving_api.py (load_weights)",
        "wordings": ["f\"File format not supported: filepath={filepath}. Keras Core only supports V3 `.keras` and `.weights.h5` files.\""],
    },
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True).stdout


def scan_git(repo_name: str, repo: Path, fragment: str, pathspec: str) -> dict | None:
    present: list[str] = []
    files: dict[str, str] = {}
    lines: dict[str, str] = {}
    for tag in TAGS[repo_name]:
        out = git(repo, "grep", "-n", "-E", fragment, tag, "--", pathspec, ":!*test*")
        hits = [l for l in out.splitlines() if l]
        if not hits:
            continue
        present.append(tag)
        _, path, _, text = hits[0].split(":", 3)
        files[tag] = path
        lines[tag] = text.strip()
    if not present:
        return None
    return {
        "repo": repo_name,
        "first": present[0],
        "last": present[-1],
        "releases_present": present,
        "file_at_last": files[present[-1]],
        "line_at_last": lines[present[-1]],
        "file_at_first": files[present[0]],
        "checked": "git grep over release tags",
    }


def scan_wheel(wheel: Path, kind: str, fragment: str, strings_cache: dict) -> dict | None:
    rx = re.compile(fragment, re.M)
    if kind == "py":
        for path in sorted(wheel.rglob("*.py")):
            if "_test" in path.name:
                continue
            text = path.read_text(errors="replace")
            m = rx.search(text)
            if m:
                line = text.count("\n", 0, m.start()) + 1
                return {"repo": "tensorflow/tensorflow", "release": "2.21.0 (installed wheel)",
                        "file": str(path.relative_to(wheel.parent)), "line": line, "checked": "installed wheel, Python source"}
        return None
    for so in sorted(wheel.rglob("*.so*")):
        if so not in strings_cache:
            strings_cache[so] = subprocess.run(["strings", "-n", "6", str(so)], capture_output=True, text=True).stdout
        m = rx.search(strings_cache[so])
        if m:
            return {"repo": "tensorflow/tensorflow", "release": "2.21.0 (installed wheel)",
                    "file": str(so.relative_to(wheel.parent)), "string": m.group(0), "checked": "installed wheel, strings of the shared library"}
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    for name in ("keras", "tf-keras", "hub", "serving", "h5py", "tf-wheel", "out"):
        ap.add_argument(f"--{name}", required=True)
    a = ap.parse_args()
    repos = {
        "keras-team/keras": Path(a.keras), "keras-team/tf-keras": Path(getattr(a, "tf_keras")),
        "tensorflow/hub": Path(a.hub), "tensorflow/serving": Path(a.serving), "h5py/h5py": Path(a.h5py),
    }
    table: dict[str, dict] = {}
    for mid, specs in GIT.items():
        found = [r for r in (scan_git(repo, repos[repo], frag, spec) for repo, frag, spec in specs) if r]
        table.setdefault(mid, {"sources": []})["sources"] += found
        if not found:
            table[mid]["missing"] = True
    cache: dict = {}
    for mid, specs in TF_WHEEL.items():
        found = [r for r in (scan_wheel(Path(a.tf_wheel), kind, frag, cache) for kind, frag in specs) if r]
        table.setdefault(mid, {"sources": []})["sources"] += found
        if not found:
            table[mid]["missing_in_wheel"] = True
    for mid, src in MANUAL.items():
        table.setdefault(mid, {"sources": []})["sources"].append({**src, "checked": "code index"})
    out = {
        "schema": "triage-message-sources/1",
        "generator": "scripts/data/triage-messages/mine.py",
        "tags_scanned": TAGS,
        "messages": dict(sorted(table.items())),
    }
    Path(a.out).write_text(json.dumps(out, indent=1) + "\n")
    missing = [m for m, v in table.items() if v.get("missing") or v.get("missing_in_wheel")]
    print(f"{len(table)} messages; not found: {missing}")


if __name__ == "__main__":
    main()
