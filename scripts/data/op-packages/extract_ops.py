#!/usr/bin/env python3
"""Regenerate the "op -> package" table used by TF Restore Doctor.

When a SavedModel/GraphDef fails to load with

    Op type not registered 'X' in binary running on ...

the cause is a TensorFlow version mismatch only if X is a TensorFlow core op
that is newer than the runtime.  If X is registered by an add-on package
(tensorflow-text, tensorflow-addons, tensorflow-io, ...), the loader has to
import (and sometimes explicitly load) that package first.  This script builds
the table that answers "which package registers X, and in which releases".

How it works (no building, no running of any package code):

* Every argument is a *bare or normal git directory* of one package repository
  (e.g. the snapshots produced by the project's `fetch` helper, which live at
  path/to/clones/<owner>+<name>/repo).  The GitHub "owner/name" of a directory
  is taken from `owner/name=PATH` if given, else from a parent directory named
  `owner+name`.
* For every release tag (plus HEAD) the script runs `git grep -l` to find
  C/C++ files mentioning an op registration, reads those blobs with
  `git cat-file --batch` (cached by blob id), strips C/C++ comments, and
  applies the regular expressions below.  Only `git` subprocesses and `re`
  are used.
* Repositories without release tags (tensorflow/lingvo) get *derived*
  release points: the first commit at which the package's version file
  declared each version string (see VERSION_FILES).
* Names are compared with a list of TensorFlow core op names (one per line;
  e.g. produced from a TF wheel with TF_GetAllOpList, see README.md) to
  record exact collisions and "namespace shadows" (e.g. "Addons>Foo" vs core
  "Foo").

Registration forms recognised:

  R1  REGISTER_OP("Name")                          (all packages)
  R2  REGISTER_OP(kConstName) with
      `constexpr char kConstName[] = "Name";` or `#define kConstName "Name"`
      in the same file                              (google/sentencepiece)
  R3  REGISTER_OP(PREFIX_OP_NAME(Name)) where the repository defines
      `#define PREFIX_OP_NAME(N) CONCAT_TRIPLE_STRING(A, B, N)` -> "A" "B" "N"
      (tensorflow/recommenders-addons: "TFRA>Name" for TF2 builds and
       "TfraName" for TF1.15 builds)
  R4  REGISTER_TF_OP_SHIM(Kernel) (tensorflow/text, TF Lite "op shim"): the
      chain  REGISTER_TF_OP_SHIM(K)  ->  `using K = K2<...>;` (optional)  ->
      `class K2 : public tflite::shim::TfOpKernel<OpClass, ...>`  ->
      `kOpName[] = "Name"` inside `class OpClass` or defined out of line as
      `OpClass<Rt>::kOpName[] = "Name"` is resolved within the tag; an
      unresolved link is reported in "warnings".  (kOpName constants of
      kernels that are not registered through the shim, e.g. TFLite-only
      ones, are therefore not counted.)

Usage:

  python3 extract_ops.py --tf-ops tf_core_ops_2.21.0.txt \
      --out op-packages.json path/to/clones/*/repo

  python3 extract_ops.py tensorflow/text=/path/to/text.git ...
"""

import argparse
import collections
import datetime
import json
import os
import re
import subprocess
import sys

# --------------------------------------------------------------------------
# Package metadata (hand-written; everything else is derived from git).
# "import" is the statement a loader should execute before loading a model.
# "force_load" is needed where the package loads its op libraries lazily.
# --------------------------------------------------------------------------
PACKAGES = {
    "tensorflow/text": {
        "name": "tensorflow-text",
        "pip": "tensorflow-text",
        "import": "import tensorflow_text",
        "note": "Op libraries are loaded eagerly: every tensorflow_text.python.ops module calls "
                "load_op_library at import time and tensorflow_text/__init__ imports them. "
                "Newer ops use the 'TFText>' prefix; older ones have bare names. "
                "Ops registered through REGISTER_TF_OP_SHIM take their name from kOpName in "
                "core/kernels/*_kernel_template.h.",
    },
    "tensorflow/addons": {
        "name": "tensorflow-addons",
        "pip": "tensorflow-addons",
        "import": "import tensorflow_addons as tfa",
        "force_load": "tfa.register_all(keras_objects=False, custom_kernels=True)",
        "note": "Custom ops are loaded lazily (LazySO, from v0.8.0): a plain import registers "
                "no ops. tfa.register_all() exists from v0.9.0; for v0.8.x touch the op module "
                "(e.g. tensorflow_addons.image). Project is end-of-life (last release v0.23.0). "
                "All op names carry the 'Addons>' prefix, but note that ScaNN (not TF Addons) "
                "also used 'Addons>Scann*' names in its first releases.",
    },
    "tensorflow/io": {
        "name": "tensorflow-io",
        "pip": "tensorflow-io",
        "import": "import tensorflow_io",
        "force_load": "from tensorflow_io.python.ops import core_ops; dir(core_ops)",
        "note": "Since the core/ops layout (v0.10+) most ops live in libtensorflow_io.so, loaded "
                "lazily through tensorflow_io.python.ops.core_ops (it is loaded eagerly only when "
                "the filesystem-plugin library fails to load). ffmpeg ops (core/ops/ffmpeg_ops.cc) "
                "are in libtensorflow_io_ffmpeg_*.so: `from tensorflow_io.python.ops import "
                "ffmpeg_ops`; prometheus ops (core/ops/prometheus_ops.cc) are in "
                "libtensorflow_io_golang.so: `from tensorflow_io.python.ops import golang_ops`. "
                "Releases before v0.10 had one .so per sub-package (tensorflow_io/<module>/ops), "
                "loaded by importing tensorflow_io.<module>. Most op names carry the 'IO>' prefix.",
    },
    "google/sentencepiece": {
        "name": "tf-sentencepiece",
        "pip": "tf-sentencepiece",
        "import": "import tf_sentencepiece",
        "note": "The TensorFlow wrapper lived in the tensorflow/ directory of google/sentencepiece "
                "(tags v0.1.4 .. v0.1.92) and was dropped afterwards; tensorflow-text's "
                "SentencepieceTokenizer is the successor. Names come from constexpr constants "
                "(REGISTER_OP(kXxxOpName)).",
    },
    "tensorflow/decision-forests": {
        "name": "tensorflow-decision-forests",
        "pip": "tensorflow-decision-forests",
        "import": "import tensorflow_decision_forests",
        "note": "Inference ops (inference.so) and training ops (training.so) are loaded via "
                "tensorflow_decision_forests.tensorflow.ops.{inference,training}.op. Tags named "
                "macos-* / serving-* are platform or TF-Serving builds and are not scanned as releases.",
    },
    "tensorflow/recommenders-addons": {
        "name": "tensorflow-recommenders-addons",
        "pip": "tensorflow-recommenders-addons",
        "import": "import tensorflow_recommenders_addons as tfra",
        "force_load": "tfra.register_all(keras_objects=False, custom_kernels=True)",
        "note": "Op libraries are loaded lazily (LazySO). Names built with PREFIX_OP_NAME(N) are "
                "'TFRA>N' when compiled against TF >= 2.0 and 'TfraN' when compiled against TF 1.15 "
                "(entries with variant 'tf1-build'). GPU wheels: tensorflow-recommenders-addons-gpu. "
                "Redis/HKV table ops are only present in builds with those backends.",
    },
    "google/struct2tensor": {
        "name": "struct2tensor",
        "pip": "struct2tensor",
        "import": "import struct2tensor",
        "force_load": "import struct2tensor.ops.struct2tensor_ops",
        "note": "Ops are loaded by struct2tensor/ops/gen_*.py (load_op_library at import).",
    },
    "tensorflow/compression": {
        "name": "tensorflow-compression",
        "pip": "tensorflow-compression",
        "import": "import tensorflow_compression",
        "note": "From v2.14.1 the ops are also shipped alone as pip 'tensorflow-compression-ops' "
                "(`import tensorflow_compression_ops`). RangeEncode/RangeDecode share names with "
                "the TF 1.x tf.contrib.coder ops (not in TF 2.x core).",
    },
    "tensorflow/lingvo": {
        "name": "lingvo",
        "pip": "lingvo",
        "import": "import lingvo.core.ops",
        "note": "The repository has no release tags: release points are derived from the commit that "
                "first set each __version__ in pip_package/setup.py (shown as e.g. 'v0.12.6'). "
                "3D/car ops (lingvo/tasks/car/ops) need `import lingvo.tasks.car.ops`.",
    },
    "tensorflow/serving": {
        "name": "tensorflow-serving (remote_predict op)",
        "pip": None,
        "import": "tf.load_op_library('<bazel-bin>/tensorflow_serving/experimental/tensorflow/ops/"
                  "remote_predict/python/ops/_remote_predict_op.so')",
        "note": "Only the experimental TfServingRemotePredict op; it is not shipped in the "
                "tensorflow-serving-api wheel (that wheel contains only *_pb2/_grpc modules), so it "
                "must be built from source or run inside a TF Serving binary.",
    },
    "tensorflow/quantum": {
        "name": "tensorflow-quantum",
        "pip": "tensorflow-quantum",
        "import": "import tensorflow_quantum",
        "force_load": "import glob, os, tensorflow as tf, tensorflow_quantum as m; "
                      "[tf.load_op_library(p) for p in glob.glob(os.path.join(os.path.dirname(m.__file__), "
                      "'core', 'ops', '**', '_tfq_*.so'), recursive=True)]",
        "note": "From v0.7.6 the op libraries are loaded lazily (_LazyLoader in core/ops/load_module.py).",
    },
    "tensorflow/lattice": {
        "name": "tensorflow-lattice",
        "pip": "tensorflow-lattice",
        "import": "import tensorflow_lattice",
        "note": "Only the TF1-era releases v0.9.3 .. v0.9.9 had C++ ops; 2.x releases are pure Python.",
    },
    "horovod/horovod": {
        "name": "horovod",
        "pip": "horovod",
        "import": "import horovod.tensorflow",
        "note": "Ops come from horovod/tensorflow/mpi_lib*.so, built at pip-install time against "
                "the installed TensorFlow.",
    },
    "tensorflow/graphics": {
        "name": "tensorflow-graphics",
        "pip": "tensorflow-graphics",
        "import": "from tensorflow_graphics.rendering.kernels import rasterization_backend",
        "note": "Rasterizer ops live in rasterizer_op.so files that are only present when built "
                "(MANIFEST.in includes *.so); the repository has a single tag (1.0.0) and PyPI "
                "versions are date-based, so HEAD is also scanned.",
    },
    "tensorflow/tflite-support": {
        "name": "tflite-support",
        "pip": "tflite-support",
        "import": "from tensorflow_lite_support.custom_ops.python import sentencepiece_tokenizer",
        "note": "TF-side kernels of the TFLite sentencepiece custom ops; the wheel's setup.py ships "
                "only codegen/_pywrap_codegen.so plus _solib_* files, so these ops are normally only "
                "available in source builds.",
    },
}

# Per-op import hints where one package ships several op libraries that are
# not all loaded by the package-level import: (repo, regex on source path) -> hint.
OP_IMPORT_HINTS = [
    ("tensorflow/io", r"(^|/)ffmpeg_ops\.cc$", "from tensorflow_io.python.ops import ffmpeg_ops"),
    ("tensorflow/io", r"core/ops/prometheus_ops\.cc$", "from tensorflow_io.python.ops import golang_ops"),
    ("tensorflow/lingvo", r"^lingvo/tasks/car/", "import lingvo.tasks.car.ops"),
    ("tensorflow/decision-forests", r"/ops/training/", "from tensorflow_decision_forests.tensorflow.ops.training import op"),
    ("tensorflow/graphics", r"/opengl/", "from tensorflow_graphics.rendering.opengl import rasterization_backend"),
]

# Repositories that were checked and register no TensorFlow ops in any tag.
NO_OP_PACKAGES = {
    "tensorflow/transform": ("tensorflow-transform", "import tensorflow_transform"),
    "tensorflow/probability": ("tensorflow-probability", "import tensorflow_probability"),
    "tensorflow/model-optimization": ("tensorflow-model-optimization", "import tensorflow_model_optimization"),
    "google/tf-quant-finance": ("tf-quant-finance", "import tf_quant_finance"),
    "tensorflow/similarity": ("tensorflow-similarity", "import tensorflow_similarity"),
    "tensorflow/ranking": ("tensorflow-ranking", "import tensorflow_ranking"),
    "tensorflow/tfx-bsl": ("tfx-bsl", "import tfx_bsl"),
}

# Tags that are not package releases (platform or serving builds).
IGNORED_TAG = re.compile(r"^(macos-|serving-)")

# Repositories without release tags: (version file, regex for the version).
VERSION_FILES = {
    "tensorflow/lingvo": ("pip_package/setup.py", r"__version__\s*=\s*['\"]([^'\"]+)['\"]"),
}

# Repositories whose HEAD is scanned as an additional (non-release) point.
# HEAD is always scanned to fill "at_head"; for these it may also be "last".
HEAD_AS_RELEASE = {"tensorflow/graphics"}

# Ops found by index look-ups for repositories that could not be fetched
# (google-research/google-research is ~1.1 GB, over the snapshot limit).
SUPPLEMENTARY = {
    "google-research/scann": {
        "package": {
            "name": "scann",
            "pip": "scann",
            "import": "import scann",
            "repo": "google-research/google-research (scann/)",
            "note": "NOT derived by this script: the monorepo snapshot is too large to fetch. "
                    "Names come from scann/scann/scann_ops/cc/ops/scann_ops.cc as stored in a "
                    "public code index. The first releases used the 'Addons>' prefix (clashing "
                    "with TF Addons' namespace); a later version of the same file uses 'Scann>'. "
                    "The exact release boundary was not verified, nor which scann module loads "
                    "the op library (`import scann` is the expected entry point).",
        },
        "ops": [
            # (name, source, commit or provenance)
            *[(f"Addons>{n}", "scann/scann/scann_ops/cc/ops/scann_ops.cc",
               "google-research/google-research@960a3093ba535fce6ef9d3a029d0fa356a8b6d90 (copyright 2020 header)")
              for n in ("ScannCreateSearcher", "ScannSearch", "ScannSearchBatched",
                        "ScannToTensors", "TensorsToScann")],
            *[(f"Scann>{n}", "scann/scann/scann_ops/cc/ops/scann_ops.cc",
               "code-index file id 322130153 (copyright 2021 header; repository not named by the index)")
              for n in ("ScannCreateSearcher", "ScannSearch", "ScannSearchBatched",
                        "ScannToTensors", "TensorsToScann")],
        ],
    },
}

SOURCE_GLOBS = ["*.cc", "*.h", "*.cpp", "*.cu.cc", "*.hpp"]
GREP_PATTERN = r"REGISTER_OP|REGISTER_TF_OP_SHIM|kOpName|TfOpKernel|define +PREFIX_OP_NAME"
EXCLUDED_PATH = re.compile(r"(^|/)(third_party|build_deps|external)/")
TEST_PATH = re.compile(r"(^|/)(tests?|testing|testdata)/|_test(_ops?|_op)?\.(cc|h|cpp)$|(^|/)test_ops?\.cc$")

R1 = re.compile(r'\bREGISTER_OP\s*\(\s*"([^"]+)"\s*\)')
R2 = re.compile(r'\bREGISTER_OP\s*\(\s*([A-Za-z_]\w*)\s*\)')
R3 = re.compile(r'\bREGISTER_OP\s*\(\s*PREFIX_OP_NAME\s*\(\s*(\w+)\s*\)\s*\)')
R4_SHIM = re.compile(r'^\s*REGISTER_TF_OP_SHIM\s*\(\s*(\w+)\s*\)', re.M)
PREFIX_DEF = re.compile(r'#\s*define\s+PREFIX_OP_NAME\s*\(\s*N\s*\)\s*CONCAT_TRIPLE_STRING\s*\(\s*(\w+)\s*,\s*([^,\s]+)\s*,\s*N\s*\)')


def git(gitdir, *args, check=True):
    """Run a git command in `gitdir` and return stdout as text."""
    p = subprocess.run(["git", "-C", gitdir, *args], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if check and p.returncode not in (0, 1):  # git grep returns 1 for "no match"
        raise RuntimeError(f"git {' '.join(args)} failed: {p.stderr.decode(errors='replace')}")
    return p.stdout.decode("utf-8", errors="replace")


class BlobReader:
    """`git cat-file --batch` with a per-blob cache (blobs repeat across tags)."""

    def __init__(self, gitdir):
        self.proc = subprocess.Popen(["git", "-C", gitdir, "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.cache = {}

    def read(self, spec):
        self.proc.stdin.write(spec.encode() + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().decode()
        parts = header.split()
        if len(parts) < 3 or parts[1] == "missing":
            return None, None
        sha, size = parts[0], int(parts[2])
        data = self.proc.stdout.read(size)
        self.proc.stdout.read(1)  # trailing newline
        if sha not in self.cache:
            self.cache[sha] = strip_comments(data.decode("utf-8", errors="replace"))
        return sha, self.cache[sha]

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


_TOKEN = re.compile(
    r'R"(?P<d>[^()\s]{0,16})\((?:.|\n)*?\)(?P=d)"'  # raw string literal
    r'|"(?:\\.|[^"\\\n])*"'                           # string literal
    r"|'(?:\\.|[^'\\\n])*'"                           # char literal
    r'|//[^\n]*'                                      # line comment
    r'|/\*(?:.|\n)*?\*/',                             # block comment
)


def strip_comments(text):
    """Remove C/C++ comments, keeping string literals (and line structure)."""
    def repl(m):
        s = m.group(0)
        if s.startswith("//"):
            return ""
        if s.startswith("/*"):
            return "\n" * s.count("\n")
        return s
    return _TOKEN.sub(repl, text)


def parse_version(tag):
    """Sortable key and pre-release flag for tags like v2.10.0-rc0, r0.16.0, 1.0.0rc0, v.1.8.1."""
    m = re.match(r"^[^0-9]*?(\d+(?:\.\d+)*)(.*)$", tag)
    if not m:
        return None
    nums = tuple(int(x) for x in m.group(1).split("."))
    nums = nums + (0,) * (4 - len(nums))
    rest = m.group(2).lower()
    pre = bool(re.search(r"(rc|alpha|beta|pre|dev|a\d|b\d)", rest))
    if pre:
        pm = re.search(r"(\d+)\s*$", rest)
        key = nums + (0, int(pm.group(1)) if pm else 0)
    elif rest.startswith(".post") or rest.startswith("-post") or rest.startswith("post"):
        key = nums + (2, 0)
    else:
        key = nums + (1, 0)
    return key, pre


def release_points(gitdir, repo):
    """List of dicts {label, commit, key, pre} sorted oldest -> newest."""
    points, by_commit = [], {}
    out = git(gitdir, "for-each-ref", "refs/tags",
              "--format=%(refname:short) %(objectname) %(*objectname)")
    for line in out.splitlines():
        parts = line.split()
        tag, obj = parts[0], parts[1]
        commit = parts[2] if len(parts) > 2 else obj
        if IGNORED_TAG.search(tag):
            continue
        pv = parse_version(tag)
        if pv is None:
            continue
        p = {"label": tag, "commit": commit, "key": pv[0], "pre": pv[1], "derived": False,
             "aliases": []}
        # Several tags on one commit (e.g. "2.4.1" and "v2.4.1"): scan once, keep the
        # "v<digit>" spelling as the label and remember the others as aliases.
        if commit in by_commit:
            q = by_commit[commit]
            if re.match(r"v\d", tag) and not re.match(r"v\d", q["label"]):
                q["aliases"].append(q["label"])
                q.update(label=tag, key=pv[0], pre=pv[1])
            else:
                q["aliases"].append(tag)
            continue
        by_commit[commit] = p
        points.append(p)
    if not points and repo in VERSION_FILES:
        path, rx = VERSION_FILES[repo]
        seen = set()
        for c in git(gitdir, "log", "--reverse", "--format=%H", "HEAD", "--", path).split():
            m = re.search(rx, git(gitdir, "show", f"{c}:{path}"))
            if m and m.group(1) not in seen:
                seen.add(m.group(1))
                pv = parse_version(m.group(1))
                if pv:
                    points.append({"label": "v" + m.group(1), "commit": c, "key": pv[0],
                                   "pre": pv[1], "derived": True, "aliases": []})
    points.sort(key=lambda p: (p["key"], p["label"]))
    return points


def scan_tree(gitdir, reader, treeish, warnings, label):
    """Return {op_name: {"source": path, "variant": str|None}} registered in `treeish`."""
    # check=False: snapshots may lack large blobs, which makes git grep complain
    # (exit 128) about files that are irrelevant here; the matches are still printed.
    out = git(gitdir, "grep", "-l", "-E", GREP_PATTERN, treeish, "--", *SOURCE_GLOBS, check=False)
    files = sorted({l.split(":", 1)[1] for l in out.splitlines() if ":" in l})
    files = [f for f in files if not EXCLUDED_PATH.search(f)]
    texts = {}
    for f in files:
        _, text = reader.read(f"{treeish}:{f}")
        if text is not None:
            texts[f] = text
    ops = {}

    def add(name, path, variant=None):
        key = (name, variant)
        if key not in ops:
            ops[key] = {"source": path, "variant": variant}

    # R3 needs the PREFIX_OP_NAME definitions of this tree.
    prefixes = []
    for f, text in texts.items():
        for a, b in PREFIX_DEF.findall(text):
            if (a, b) not in prefixes:
                prefixes.append((a, b))
    shims = []
    for f, text in sorted(texts.items()):
        for name in R1.findall(text):
            add(name, f)
        for ident in R2.findall(text):
            if ident in ("PREFIX_OP_NAME",):
                continue
            m = (re.search(r"\b%s\s*\[\s*\]\s*=\s*\"([^\"]+)\"" % re.escape(ident), text)
                 or re.search(r"#\s*define\s+%s\s+\"([^\"]+)\"" % re.escape(ident), text))
            if m:
                add(m.group(1), f)
            else:
                warnings.append(f"{label}: unresolved REGISTER_OP({ident}) in {f}")
        for n in R3.findall(text):
            if not prefixes:
                warnings.append(f"{label}: PREFIX_OP_NAME used but not defined ({f})")
            for a, b in prefixes:
                name = a + b + n
                add(name, f, None if ">" in b else "tf1-build")
        shims.extend((k, f) for k in R4_SHIM.findall(text))
    for kernel, f in shims:
        resolved = resolve_shim(kernel, texts)
        if resolved:
            add(resolved[0], resolved[1])
        else:
            warnings.append(f"{label}: unresolved REGISTER_TF_OP_SHIM({kernel}) in {f}")
    return ops


def resolve_shim(kernel, texts):
    """Follow REGISTER_TF_OP_SHIM(kernel) to the op name; return (name, path) or None."""
    # 1. `using Kernel = Other<...>;` aliases (e.g. RoundRobinTrimInstance in trimmer_ops.cc)
    for _ in range(3):
        for text in texts.values():
            m = re.search(r"\busing\s+%s\s*=\s*(?:[\w:]+::)?(\w+)" % re.escape(kernel), text)
            if m:
                kernel = m.group(1)
                break
        else:
            break
    # 2. class Kernel : public tflite::shim::TfOpKernel<OpClass ...>
    op_class = None
    for text in texts.values():
        m = re.search(r"\bclass\s+%s\b[^;{]*?TfOpKernel\s*<\s*(?:[\w:]+::)?(\w+)" % re.escape(kernel), text)
        if m:
            op_class = m.group(1)
            break
    if op_class is None:
        return None
    # 3a. out-of-line definition: const char OpClass<Rt>::kOpName[] = "Name";
    for path, text in sorted(texts.items()):
        m = re.search(r"\b%s\s*(?:<[^>]*>)?\s*::\s*kOpName\s*\[\s*\]\s*=\s*\"([^\"]+)\"" % re.escape(op_class), text)
        if m:
            return m.group(1), path
    # 3b. in-class initialiser: class OpClass ... { ... kOpName[] = "Name"; ... }
    for path, text in sorted(texts.items()):
        for m in re.finditer(r"\bclass\s+%s\b[^;{]*\{" % re.escape(op_class), text):
            body = text[m.end():]
            nxt = re.search(r"\n\s*(?:template\s*<[^>]*>\s*)?class\s+\w+[^;{]*\{", body)
            body = body[:nxt.start()] if nxt else body
            k = re.search(r"\bkOpName\s*\[\s*\]\s*=\s*\"([^\"]+)\"", body)
            if k:
                return k.group(1), path
    return None


def infer_repo(arg):
    if "=" in arg:
        repo, path = arg.split("=", 1)
        return repo, path
    path = os.path.abspath(arg)
    for part in reversed(path.split(os.sep)):
        if "+" in part:
            owner, name = part.split("+", 1)
            return f"{owner}/{name}", arg
    raise SystemExit(f"cannot infer owner/name for {arg}; use owner/name=PATH")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gitdirs", nargs="+", help="git directories (PATH or owner/name=PATH)")
    ap.add_argument("--tf-ops", help="file with TensorFlow core op names, one per line "
                                     "(first line may be '# tensorflow X.Y.Z')")
    ap.add_argument("--out", default="op-packages.json")
    args = ap.parse_args()

    tf_ops, tf_version = set(), None
    if args.tf_ops:
        with open(args.tf_ops) as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("#"):
                    m = re.search(r"tensorflow\s+([0-9][\w.]*)", line)
                    tf_version = m.group(1) if m else tf_version
                elif line:
                    tf_ops.add(line)

    result = {"schema": "op-packages/1",
              "generated": datetime.date.today().isoformat(),
              "generator": "extract_ops.py",
              "tf_core_reference": {"version": tf_version, "op_count": len(tf_ops)} if tf_ops else None,
              "packages": {}, "ops": {}, "collisions_with_tf_core": [],
              "namespace_shadows_of_tf_core": [], "warnings": []}
    ops_out = collections.defaultdict(list)

    for arg in args.gitdirs:
        repo, gitdir = infer_repo(arg)
        if repo not in PACKAGES and repo not in NO_OP_PACKAGES:
            print(f"skip {repo}: not a known package repository", file=sys.stderr)
            continue
        points = release_points(gitdir, repo)
        head = git(gitdir, "rev-parse", "HEAD").strip()
        head_date = git(gitdir, "log", "-1", "--format=%cs", "HEAD").strip()
        reader = BlobReader(gitdir)
        warnings = []
        # presence[(name, variant)] = list of (point index, source)
        presence = collections.defaultdict(list)
        for i, p in enumerate(points):
            for (name, variant), info in scan_tree(gitdir, reader, p["commit"], warnings, p["label"]).items():
                presence[(name, variant)].append((i, info["source"]))
        head_ops = scan_tree(gitdir, reader, head, warnings, "HEAD")
        reader.close()
        if repo in HEAD_AS_RELEASE or not points:
            idx = len(points)
            points.append({"label": "HEAD", "commit": head, "key": None, "pre": False,
                           "derived": False, "aliases": []})
            for (name, variant), info in head_ops.items():
                presence[(name, variant)].append((idx, info["source"]))

        if repo in NO_OP_PACKAGES:
            pip, imp = NO_OP_PACKAGES[repo]
            meta = {"name": pip, "pip": pip, "import": imp,
                    "note": "No REGISTER_OP / REGISTER_TF_OP_SHIM in any scanned tag or HEAD: "
                            "pure Python (or non-TF C++); an unregistered op is never caused by "
                            "missing this import."}
        else:
            meta = dict(PACKAGES[repo])
        key = meta.pop("name")
        pkg = {"pip": meta.get("pip"), "import": meta.get("import"), "repo": repo}
        if meta.get("force_load"):
            pkg["force_load"] = meta["force_load"]
        pkg.update({
            "registers_ops": bool(presence) or bool(head_ops),
            "tags_scanned": [p["label"] for p in points],
            "tag_aliases": {p["label"]: p["aliases"] for p in points if p["aliases"]},
            "prerelease_tags": [p["label"] for p in points if p["pre"]],
            "release_points_derived_from_version_file": any(p["derived"] for p in points),
            "head": {"commit": head, "date": head_date},
            "note": meta.get("note", ""),
        })
        counts = collections.Counter()
        for (name, variant), hits in presence.items():
            idxs = [i for i, _ in hits]
            final = [i for i in idxs if not points[i]["pre"]]
            use = final or idxs  # prefer final releases; fall back to pre-releases
            first_i, last_i = min(use), max(use)
            src = dict(hits)[last_i]
            span = [j for j in range(first_i, last_i + 1)
                    if not points[j]["pre"] or not final]
            missing = [points[j]["label"] for j in span if j not in idxs]
            entry = {"package": key, "first": points[first_i]["label"],
                     "last": points[last_i]["label"], "source": src,
                     "commit": points[last_i]["commit"],
                     "releases_present": len(use),
                     "at_head": (name, variant) in head_ops}
            pre_first = min(idxs)
            if pre_first < first_i:
                entry["first_prerelease"] = points[pre_first]["label"]
            if not final:
                entry["prerelease_only"] = True
            if missing:
                entry["missing_in"] = missing
            if variant:
                entry["variant"] = variant
            if TEST_PATH.search(src):
                entry["test_only_source"] = True
            for hrepo, hrx, hint in OP_IMPORT_HINTS:
                if hrepo == repo and re.search(hrx, src):
                    entry["import_hint"] = hint
                    break
            ops_out[name].append(entry)
            counts["variant" if variant else "ops"] += 1
        # ops only on HEAD (added after the last release)
        for (name, variant), info in head_ops.items():
            if (name, variant) in presence:
                continue
            entry = {"package": key, "first": None, "last": None, "source": info["source"],
                     "commit": head, "releases_present": 0, "at_head": True, "unreleased": True}
            if variant:
                entry["variant"] = variant
            if TEST_PATH.search(info["source"]):
                entry["test_only_source"] = True
            ops_out[name].append(entry)
            counts["unreleased"] += 1
        pkg["op_count"] = counts["ops"]
        if counts["variant"]:
            pkg["variant_op_count"] = counts["variant"]
        if counts["unreleased"]:
            pkg["unreleased_op_count"] = counts["unreleased"]
        result["packages"][key] = pkg
        result["warnings"].extend(f"{repo}: {w}" for w in sorted(set(warnings)))
        print(f"{repo}: {len(points)} points, {counts['ops']} ops"
              f" (+{counts['variant']} variants, +{counts['unreleased']} unreleased)", file=sys.stderr)

    # Supplementary entries (index look-ups, not derived from git).
    for sid, sup in SUPPLEMENTARY.items():
        meta = dict(sup["package"])
        key = meta.pop("name")
        meta["registers_ops"] = True
        meta["derived_by_script"] = False
        meta["op_count"] = len(sup["ops"])
        result["packages"][key] = meta
        for name, src, prov in sup["ops"]:
            ops_out[name].append({"package": key, "first": None, "last": None, "source": src,
                                  "commit": None, "provenance": prov, "unverified_range": True})

    result["ops"] = {k: ops_out[k] for k in sorted(ops_out)}

    if tf_ops:
        for name in sorted(ops_out):
            pkgs = sorted({e["package"] for e in ops_out[name]})
            if name in tf_ops:
                result["collisions_with_tf_core"].append(
                    {"op": name, "packages": pkgs, "tf_version": tf_version})
            elif ">" in name and name.split(">", 1)[1] in tf_ops:
                result["namespace_shadows_of_tf_core"].append(
                    {"op": name, "core_op": name.split(">", 1)[1], "packages": pkgs,
                     "tf_version": tf_version})
            elif name.startswith("Tfra") and name[4:] in tf_ops:
                result["namespace_shadows_of_tf_core"].append(
                    {"op": name, "core_op": name[4:], "packages": pkgs, "tf_version": tf_version})
    # same op name registered by more than one package
    result["cross_package_duplicates"] = [
        {"op": n, "packages": sorted({e["package"] for e in v})}
        for n, v in sorted(ops_out.items()) if len({e["package"] for e in v}) > 1]

    with open(args.out, "w") as fh:
        json.dump(result, fh, indent=1, sort_keys=False)
        fh.write("\n")
    print(f"wrote {args.out}: {len(result['ops'])} op names, "
          f"{len(result['collisions_with_tf_core'])} core collisions", file=sys.stderr)


if __name__ == "__main__":
    main()
