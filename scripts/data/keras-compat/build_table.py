#!/usr/bin/env python3
"""Merge per-release extractions into the compact keras-compat.json table.

Inputs (all produced by the other scripts in this folder):

* ``raw/<release>.json``  -- ``extract_from_git.py`` (ast only), one per release
* ``introspect_keras3.json`` -- ``introspect_keras3.py`` (optional)
* ``experiments.json``       -- ``experiments_keras3.py`` (optional)

Output: ``keras-compat.json`` (schema ``keras-compat/1``) where every
per-release fact is stored as release *ranges*: ``[[first, last], ...]``,
inclusive, over the order of the top-level ``releases`` list.  A range never
crosses a lineage boundary (multi-backend Keras -> tf.keras -> tf-keras ->
Keras 3), so ``["2.6", "2.15"]`` only ever means tf.keras 2.6 ... 2.15.

It also writes ``candidates.json``: every (class, argument) that a Keras 2
release writes into configs and that a Keras 3 release rejects according to
the static extraction; ``experiments_keras3.py`` replays those against the
installed Keras to confirm them.

Usage::

    python3 build_table.py [--raw raw] [--out ../tables/keras-compat.json]
"""

import argparse
import glob
import json
import os
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))

LINEAGE_ORDER = ["multi-backend", "tf.keras", "tf_keras", "keras3"]
LINEAGE_LABEL = {
    "multi-backend": "Keras 2 standalone, multi-backend (keras-team/keras "
                     "tags 2.2.x-2.3.x)",
    "tf.keras": "tf.keras as shipped in TensorFlow 2.x",
    "tf_keras": "tf-keras (keras-team/tf-keras, Keras 2 for TF >= 2.16)",
    "keras3": "Keras 3 (keras-team/keras v3.x, package keras/src)",
}
REPO_OF_GITDIR = {
    "keras-team+keras": "keras-team/keras",
    "keras-team+tf-keras": "keras-team/tf-keras",
}
# The release label "2.5" is not a tag: see README ("TF 2.5 proxy").
SOURCE_NOTES = {
    "2.5": "PROXY: TF 2.5's tf.keras lived in tensorflow/tensorflow "
           "(tensorflow/python/keras). This is keras-team/keras commit "
           "9c26610616, 'Sync OSS keras to tensorflow/tensorflow@6af42979 "
           "(where TF 2.5 RC is cut)', i.e. the mirror of "
           "tensorflow/python/keras at the r2.5 branch cut; later "
           "cherry-picks into TF 2.5.x are not reflected.",
    "2.13": "TF 2.13 ships keras 2.13.1 (there is no v2.13.0 tag).",
    "tfk-2.15": "tf-keras 2.15 (pip 'tf_keras'): same code as keras 2.15 "
                "under package tf_keras.",
}
GAPS = [
    {"release": "2.4",
     "why": "TF 2.4's tf.keras lives only in tensorflow/tensorflow "
            "(tensorflow/python/keras, r2.4) which was not fetched (2.4 GB); "
            "the keras-team/keras history starts mirroring it only in Dec "
            "2020 (after the r2.4 cut), and keras-team/keras tag 2.4.0 is "
            "a thin wrapper that re-exports tf.keras. No data for 2.4."},
    {"release": "2.5",
     "why": "approximated by the keras-team/keras mirror commit at the TF "
            "2.5 RC cut (see sources['2.5'].note)."},
    {"release": "keras 2.0.x-2.1.x, 1.x",
     "why": "not extracted (out of scope); multi-backend 2.2.4-2.3.1 are "
            "included."},
]


def release_sort_key(label, lineage):
    num = label.split("-", 1)[-1]
    parts = tuple(int(x) for x in num.split("."))
    return (LINEAGE_ORDER.index(lineage), parts)


class Ranges:
    """Collects {value: set(release)} and renders release ranges."""

    def __init__(self, order, lineage_of):
        self.order = order
        self.index = {r: i for i, r in enumerate(order)}
        self.lineage_of = lineage_of

    def ranges(self, releases):
        idx = sorted(self.index[r] for r in set(releases))
        out = []
        for i in idx:
            r = self.order[i]
            if out and self.index[out[-1][1]] == i - 1 and \
                    self.lineage_of[out[-1][1]] == self.lineage_of[r]:
                out[-1][1] = r
            else:
                out.append([r, r])
        return out

    def expand(self, ranges):
        out = set()
        for a, b in ranges:
            out |= set(self.order[self.index[a]:self.index[b] + 1])
        return out

    def mapping(self, d):
        return {k: self.ranges(v) for k, v in sorted(d.items())}


def load_raw(raw_dir):
    data = {}
    for f in glob.glob(os.path.join(raw_dir, "*.json")):
        d = json.load(open(f))
        data[d["label"]] = d
    return data


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", default=os.path.join(HERE, "raw"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "tables", "keras-compat.json"))
    ap.add_argument("--candidates",
                    default=os.path.join(HERE, "candidates.json"))
    ap.add_argument("--introspection",
                    default=os.path.join(HERE, "introspect_keras3.json"))
    ap.add_argument("--experiments",
                    default=os.path.join(HERE, "experiments.json"))
    args = ap.parse_args(argv)

    raw = load_raw(args.raw)
    lineage_of = {lab: d["layout"]["lineage"] for lab, d in raw.items()}
    order = sorted(raw, key=lambda l: release_sort_key(l, lineage_of[l]))
    R = Ranges(order, lineage_of)
    k2 = [r for r in order if lineage_of[r] != "keras3"]
    k3 = [r for r in order if lineage_of[r] == "keras3"]

    # ------------------------------------------------------------ sources
    sources = {}
    for r in order:
        d = raw[r]
        gd = os.path.basename(os.path.dirname(d["git_dir"].rstrip("/")))
        src = {
            "repo": REPO_OF_GITDIR.get(gd, gd),
            "tag": d["ref"] if not d["ref"].startswith(d["commit"][:7])
            else None,
            "commit": d["commit"],
            "lineage": d["layout"]["lineage"],
            "package_root": d["layout"]["root"],
            "saved_module_prefix": d["layout"]["saved_module_prefix"],
        }
        if d["layout"]["pip_build_moves_to_src"]:
            src["note_pip"] = ("pip_build.py moves the sources under "
                               f"{d['layout']['saved_module_prefix']} in the "
                               "wheel, so Python module paths (the 'module' "
                               "field of non-exported classes) carry '.src'")
        if r in SOURCE_NOTES:
            src["note"] = SOURCE_NOTES[r]
        if d.get("serialization"):
            src["serialization_lib"] = d["serialization"]["serialization_lib"]
        sources[r] = src

    # --------------------------------------------------------- base layer
    base_layer = {}
    for r in order:
        b = raw[r]["base_layer"]
        if b:
            base_layer[r] = {
                "accepted": b["all_accepted"],
                "signature": b["params"],
                "kwargs_whitelist_or_popped": b["consumed_kwargs"],
                "unknown_kwargs": b["unknown_kwargs"],
                "source": f"{b['path']}:{b['lineno']}",
            }

    # ------------------------------------------------------------ classes
    per_key = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    kinds, names = {}, {}
    for r in order:
        for key, c in raw[r]["classes"].items():
            acc = per_key[key]
            kinds[key] = c["kind"]
            names[key] = c["class"]
            acc["present"][True].add(r)
            acc["source"][c["path"]].add(r)
            acc["init_defined_in"][c["init_defined_in"] or "-"].add(r)
            for n in c["exports_v2"]:
                acc["exports"][n].add(r)
            for n in c["exports_v1_only"]:
                acc["exports"]["v1:" + n].add(r)
            acc["exported"][c["exported"]].add(r)
            if c["registered"]:
                reg = c["registered"]
                acc["register_keras_serializable"][
                    f"{reg['package']}>{reg['name'] or c['class']}"].add(r)
            for p in c["params"]:
                acc["params"][p].add(r)
            acc["varargs"][c["varargs"] or "-"].add(r)
            acc["accepts_kwargs"][c["accepts_kwargs"]].add(r)
            for p in c["accepted"]:
                acc["args"][p].add(r)
            for p in c["required"]:
                acc["required"][p].add(r)
            base_path = (raw[r]["base_layer"] or {}).get("path")
            for p in c["kwargs_consumed"]:
                where = c["kwargs_consumed_where"].get(p)
                # kwargs handled by the base Layer are documented once in
                # base_layer_kwargs; record only class-specific handling
                if where and where.rsplit(":", 1)[0] != base_path:
                    acc["kwargs_handled_by_class"][
                        f"{p} @ {where.rsplit(':', 1)[0]}"].add(r)
            acc["unknown_kwargs"][c["unknown_kwargs"]].add(r)
            for k in c["config"]["keys"]:
                acc["config_keys"][k].add(r)
            for k in c["config"]["conditional"]:
                acc["config_keys_conditional"][k].add(r)
            if c["from_config"]:
                for k in c["from_config"]["keys"]:
                    acc["from_config_keys"][k].add(r)
                for k in c["from_config"].get("deserializers", []):
                    acc["from_config_deserializers"][k].add(r)
            for k in c["config"].get("serializers", []):
                acc["get_config_serializers"][k].add(r)
            ser = raw[r].get("serialization")
            if ser and ser.get("writes_module_field"):
                sa = c["saved_as"]
                acc["saved_as"][
                    f"{sa['module']}|{sa['class_name']}|"
                    f"{sa['registered_name'] or ''}"].add(r)
            # Keras 3 legacy (h5/json) lookup: is the class name reachable?
            leg = raw[r].get("keras3_legacy")
            if leg:
                acc["legacy_lookup"][legacy_lookup(leg, c)].add(r)

    classes = {}
    for key in sorted(per_key):
        acc = per_key[key]
        rec = {"kind": kinds[key], "class": names[key]}
        for field in ("present", "exported", "accepts_kwargs"):
            m = R.mapping({str(k).lower(): v for k, v in acc[field].items()})
            rec[field] = m.get("true", []) if field == "present" else m
        for field in ("source", "init_defined_in", "exports",
                      "register_keras_serializable", "params", "varargs",
                      "args", "required", "kwargs_handled_by_class",
                      "unknown_kwargs",
                      "config_keys", "config_keys_conditional",
                      "from_config_keys", "get_config_serializers",
                      "from_config_deserializers", "saved_as",
                      "legacy_lookup"):
            if acc[field]:
                rec[field] = R.mapping(acc[field])
        own = {f"{p}:{names[key]}": v for p, v in rec["source"].items()}
        if rec.get("init_defined_in") == own:
            del rec["init_defined_in"]   # __init__ is the class's own
        # compaction: a value valid in every release where the class is
        # present is written as "*"
        for field, m in rec.items():
            if isinstance(m, dict) and field != "present":
                for k, v in m.items():
                    if v == rec["present"]:
                        m[k] = "*"
        classes[key] = rec

    # ---------------------------------------------------------- functions
    fn_acc = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for r in order:
        for key, f in raw[r]["functions"].items():
            a = fn_acc[key]
            a["present"][True].add(r)
            a["source"][f["path"]].add(r)
            for n in f["exports_v2"]:
                a["exports"][n].add(r)
            for p in f["params"]:
                a["params"][p].add(r)
            a["accepts_kwargs"][str(f["accepts_kwargs"]).lower()].add(r)
    functions = {}
    for key in sorted(fn_acc):
        a = fn_acc[key]
        functions[key] = {"present": R.ranges(a["present"][True])}
        for field in ("source", "exports", "params", "accepts_kwargs"):
            if a[field]:
                functions[key][field] = R.mapping(a[field])

    # ----------------------------------------------- Keras 3 legacy loader
    k3_legacy, lookup_tables = keras3_legacy_section(raw, k3, R)

    # ----------------------------------------------------------- aliases
    aliases = alias_section(raw, order, R)

    # ------------------------------------------- removed / incompatible
    removed = removed_section(raw, k2, k3, R)
    module_res = module_resolution(raw, k2, k3, R)
    downgrade = keras3_downgrade(raw, k3, R)
    candidates, incompat = incompat_section(raw, k2, k3, R)
    with open(args.candidates, "w") as fh:
        json.dump(candidates, fh, indent=1)

    # --------------------------------------------- introspection + exps
    crosscheck = None
    if os.path.exists(args.introspection):
        crosscheck = json.load(open(args.introspection)).get("crosscheck")
    experiments = None
    if os.path.exists(args.experiments):
        experiments = json.load(open(args.experiments))
        attach_experiments(incompat, experiments)
        experiments = compact_experiments(experiments)
    incompat = group_generic(incompat, R)

    table = {
        "schema": "keras-compat/1",
        "generated_by": ["extract_from_git.py (ast only)", "build_table.py",
                         "introspect_keras3.py", "experiments_keras3.py"],
        "range_semantics": "[[first,last],...] inclusive over 'releases' "
                           "order; a range never crosses a lineage. Inside "
                           "'classes', \"*\" means: every release in which "
                           "the class is present (its 'present' ranges)",
        "releases": order,
        "lineages": {l: {"label": LINEAGE_LABEL[l],
                         "releases": [r for r in order if lineage_of[r] == l]}
                     for l in LINEAGE_ORDER},
        "gaps": GAPS,
        "sources": sources,
        "base_layer_kwargs": base_layer,
        "keras3_legacy_loading": k3_legacy,
        "keras3_lookup_tables": lookup_tables,
        "classes": classes,
        "functions": functions,
        "aliases": aliases,
        "renamed_or_removed": removed,
        "keras_file_module_resolution": module_res,
        "keras3_downgrade_incompatibilities": downgrade,
        "incompatibilities": incompat,
        "legacy_translations": legacy_translations(raw, k3, R),
        "introspection_crosscheck": crosscheck,
        "experiments": experiments,
    }
    with open(args.out, "w") as fh:
        json.dump(table, fh, separators=(",", ":"), sort_keys=False)
    print(f"wrote {args.out}: {os.path.getsize(args.out)} bytes, "
          f"{len(classes)} classes, {len(functions)} functions, "
          f"{len(incompat)} incompatibilities, {len(candidates)} candidates")


# ----------------------------------------------------------------- helpers
def legacy_lookup(leg, c):
    """How Keras 3's legacy (h5/json) loader finds ``class_name``."""
    name = c["class"]
    kind = c["kind"]
    if kind in ("layer", "model"):
        names = set(leg.get("legacy_layer_lookup_names", [])) | set(
            leg.get("saving_utils", {}).get("module_objects_added", []))
        return "found" if name in names else "not_in_layers_namespace"
    table = {"initializer": "initializers", "regularizer": "regularizers",
             "constraint": "constraints", "optimizer": "optimizers",
             "loss": "losses", "metric": "metrics",
             "dtype_policy": "dtype_policies",
             "lr_schedule": "optimizers.schedules",
             "quantizer": "quantizers"}.get(kind)
    t = leg.get("lookup_tables", {}).get(table)
    if not t:
        return "no_table"
    names = set(t["lookup_names"])
    if kind == "optimizer":
        names |= {n.lower() for n in names}
        name = name.lower()   # optimizers.deserialize lower-cases
    return "found" if name in names else "not_in_lookup_table"


def keras3_legacy_section(raw, k3, R):
    rewrites = defaultdict(set)
    added = defaultdict(set)
    tables = defaultdict(lambda: defaultdict(set))
    paths = defaultdict(set)
    for r in k3:
        leg = raw[r]["keras3_legacy"] or {}
        su = leg.get("saving_utils")
        if su:
            consts = su.get("constants", {})
            for p in su["pops"]:
                key = p["key"]
                if key.startswith("$"):
                    vals = [v for c in consts.values() for v in c]
                    key = "Lambda:" + ",".join(vals)
                rewrites[f"pop {key}"].add(r)
                paths[f"{su['path']}:{p['lineno']}"].add(r)
            for s in su["sets"]:
                rewrites[f"set {s['key']}"].add(r)
            for n in su["module_objects_added"]:
                added[n].add(r)
        for kind, t in leg.get("lookup_tables", {}).items():
            for n in t["lookup_names"]:
                tables[kind][n].add(r)
            for a, target in t["aliases"].items():
                tables[kind + ":aliases"][f"{a} -> {target}"].add(r)
            tables[kind + ":source"][t["path"]].add(r)
    section = {
        "what": "keras/src/legacy/saving/saving_utils.py model_from_config "
                "is applied to every layer config WITHOUT a 'module' key "
                "(legacy .h5 / model_from_json / SavedModel metadata) by "
                "Sequential.from_config and functional_from_config. It "
                "rewrites: batch_input_shape -> batch_shape (InputLayer) or "
                "input_shape (other layers, then popped by Layer.__init__); "
                "axis [n] -> n; drops legacy Lambda keys; converts a list "
                "Lambda 'function' to a __lambda__ dict. Configs WITH a "
                "'module' key (.keras files) go through serialization_lib "
                "and get none of this.",
        "rewrites": R.mapping(rewrites),
        "rewrite_sources": R.mapping(paths),
        "layer_lookup_extra_names": R.mapping(added),
    }
    return section, {k: R.mapping(v) for k, v in sorted(tables.items())}


def alias_section(raw, order, R):
    out = defaultdict(set)
    for r in order:
        for key, c in raw[r]["classes"].items():
            for n in c["exports_v2"] + c["exports_v1_only"]:
                last = n.rsplit(".", 1)[-1]
                if last != c["class"]:
                    out[f"{n} -> {key}"].add(r)
        for key, f in raw[r]["functions"].items():
            for n in f["exports_v2"]:
                last = n.rsplit(".", 1)[-1]
                if last != key.split("/", 1)[1]:
                    out[f"{n} -> {key}"].add(r)
    return R.mapping(out)


def removed_section(raw, k2, k3, R):
    """Classes exported by a Keras 2 release that Keras 3 lacks (by key)."""
    out = []
    seen2 = defaultdict(set)
    exported2 = defaultdict(bool)
    for r in k2:
        for key, c in raw[r]["classes"].items():
            if not key.split("/", 1)[1].startswith(
                    ("v1.", "legacy.", "experimental.")) and ":" not in key:
                seen2[key].add(r)
                exported2[key] |= c["exported"] or \
                    raw[r]["layout"]["lineage"] == "multi-backend"
    for key, rels in sorted(seen2.items()):
        # "present" in Keras 3 = defined AND reachable: exported under a
        # public (non keras._legacy) name or found by the legacy lookup
        def usable(r):
            c = raw[r]["classes"].get(key)
            if c is None:
                return False
            public = [n for n in c["exports_v2"]
                      if not n.startswith("keras._legacy.")]
            leg = raw[r]["keras3_legacy"]
            return bool(public) or bool(
                leg and legacy_lookup(leg, c) == "found")
        in3 = [r for r in k3 if usable(r)]
        if len(in3) == len(k3):
            continue
        last2 = [r for r in k2 if r in rels][-1]
        leg = [r for r in k3 if raw[r]["keras3_legacy"] and
               legacy_lookup(raw[r]["keras3_legacy"],
                             {"class": key.split("/", 1)[1],
                              "kind": key.split("/")[0]}) == "found"]
        out.append({
            "key": key,
            "public_in_keras2": exported2[key],
            "keras2_present": R.ranges(rels),
            "last_keras2": last2,
            "keras3_present": R.ranges(in3),
            "keras3_defined_but_only_keras._legacy": R.ranges(
                [r for r in k3 if key in raw[r]["classes"] and
                 r not in in3]),
            "keras3_legacy_lookup_finds_name": R.ranges(leg),
            "status": "absent in all Keras 3 releases" if not in3 else
                      "absent in some Keras 3 releases",
        })
    # argument-level changes between the last tf.keras and each Keras 3
    return out


def module_resolution(raw, k2, k3, R):
    """Can Keras 3 resolve the module/class_name a Keras 2 .keras file has?

    serialization_lib._retrieve_class_or_fn: for module 'keras' or
    'keras.*' it first looks up the *canonical* public name, then imports
    the module and takes the attribute (public API modules expose every
    exported alias); a module that does not exist raises TypeError "Could
    not deserialize class 'X' because its parent module M cannot be
    imported".
    """
    written = defaultdict(set)
    for s in k2:
        ser = raw[s].get("serialization")
        if not (ser and ser.get("writes_module_field")):
            continue
        for key, c in raw[s]["classes"].items():
            sa = c["saved_as"]
            written[(sa["module"], sa["class_name"], key)].add(s)
    groups = {}
    for (module, cname, key), rels in sorted(written.items()):
        verdict = defaultdict(set)
        for t in k3:
            exports = set()
            files = set()
            for c in raw[t]["classes"].values():
                exports.update(c["exports_v2"])
                if c["class"] == cname:
                    files.add(c["python_module"].replace(
                        raw[t]["layout"]["pkg"],
                        raw[t]["layout"]["saved_module_prefix"], 1))
            if f"{module}.{cname}" in exports:
                verdict["ok (public name)"].add(t)
            elif module in files:
                verdict["ok (importable module)"].add(t)
            else:
                verdict["fails: module/class not found"].add(t)
        if set(verdict) == {"ok (public name)"}:
            continue
        v = json.dumps(R.mapping(verdict), sort_keys=True)
        g = groups.setdefault((module, v), {
            "module": module, "classes": {}, "keras3": json.loads(v)})
        g["classes"][cname] = R.ranges(rels)
    # rows grouped by module and outcome; classes: {class_name: written_by}
    return [groups[k] for k in sorted(groups)]


def keras3_downgrade(raw, k3, R):
    """Config keys a newer Keras 3 writes that an older Keras 3 rejects."""
    out = []
    keys = sorted({k for t in k3 for k in raw[t]["classes"]})
    for key in keys:
        if ":" in key or key.startswith("model/"):
            continue
        rows = defaultdict(lambda: {"written": set(), "rejected": set(),
                                    "always": False})
        for i, w in enumerate(k3):
            cw = raw[w]["classes"].get(key)
            if cw is None:
                continue
            for arg in written_keys(cw):
                for old in k3[:i]:
                    co = raw[old]["classes"].get(key)
                    if co is None or arg in co["accepted"]:
                        continue
                    if co["unknown_kwargs"] not in ("strict", "closed"):
                        continue
                    rows[arg]["written"].add(w)
                    rows[arg]["rejected"].add(old)
                    if arg in cw["config"]["keys"]:
                        rows[arg]["always"] = True
        for arg, r in sorted(rows.items()):
            out.append({"class": key, "arg": arg,
                        "written_by": R.ranges(r["written"]),
                        "rejected_by_older": R.ranges(r["rejected"]),
                        "conditional": not r["always"]})
    return out


def written_keys(c):
    return set(c["config"]["keys"]) | set(c["config"]["conditional"])


def incompat_section(raw, k2, k3, R):
    """(class, arg) written by Keras 2 configs and rejected by Keras 3."""
    rows = {}
    for s in k2:
        for key, c in raw[s]["classes"].items():
            if ":" in key or key.split("/", 1)[1].startswith("v1.") or \
                    c["kind"] == "model":
                # model configs are not constructor kwargs (from_config
                # rebuilds the graph); see the model experiments instead
                continue
            for w in sorted(written_keys(c)):
                for t in k3:
                    c3 = raw[t]["classes"].get(key)
                    if c3 is None:
                        continue
                    if w in c3["accepted"]:
                        continue
                    state = c3["unknown_kwargs"]
                    leg = raw[t]["keras3_legacy"] or {}
                    su = leg.get("saving_utils") or {}
                    popped = {p["key"] for p in su.get("pops", [])}
                    lam = {v for v in su.get("constants", {}).get(
                        "LAMBDA_DEP_ARGS", [])}
                    h5 = "rejected"
                    if state == "silent":
                        h5 = "ignored (class swallows unknown kwargs)"
                    elif state.startswith(("open", "external")):
                        h5 = "unknown (" + state + ")"
                    keras_path = h5
                    if w == "batch_input_shape" and w in popped:
                        tgt = "batch_shape" if c["class"] == "InputLayer" \
                            else "input_shape"
                        # only helps if the renamed key is accepted, i.e.
                        # the kwargs chain reaches Layer.__init__
                        if tgt in c3["accepted"]:
                            h5 = f"translated ({w} -> {tgt})"
                        else:
                            h5 = f"rejected after rename to {tgt}"
                    if c["class"] == "Lambda" and w in lam:
                        h5 = "translated (dropped)"
                    r = rows.setdefault((key, w), {
                        "class": key, "arg": w, "written_by": set(),
                        "keras3_rejects": set(), "h5_json_path": defaultdict(
                            set), "keras_v3_file_path": defaultdict(set),
                        "keras3_unknown_kwargs": defaultdict(set)})
                    r["written_by"].add(s)
                    r["keras3_rejects"].add(t)
                    r["h5_json_path"][h5].add(t)
                    r["keras_v3_file_path"][keras_path].add(t)
                    r["keras3_unknown_kwargs"][state].add(t)
    # Nested sub-layers (Wrapper.layer, RNN.cell, ...) serialized without a
    # 'module' key by the Keras 2 release, while the Keras 3 from_config
    # resolves them with serialization_lib.deserialize_keras_object, which
    # cannot locate a class from a bare class_name.
    nested = "<nested layer config without 'module'>"
    for s in k2:
        for key, c in raw[s]["classes"].items():
            if c["kind"] != "layer" or ":" in key or \
                    key.split("/", 1)[1].startswith("v1."):
                continue
            ser = c["config"].get("serializers", [])
            legacy_nested = any(x.endswith("serialize_keras_object")
                                for x in ser) and \
                not any("serialization_lib" in x for x in ser)
            if not legacy_nested:
                continue
            for t in k3:
                c3 = raw[t]["classes"].get(key)
                if c3 is None or not c3["from_config"]:
                    continue
                if "serialization_lib.deserialize_keras_object" not in \
                        c3["from_config"].get("deserializers", []):
                    continue
                r = rows.setdefault((key, nested), {
                    "class": key, "arg": nested, "written_by": set(),
                    "keras3_rejects": set(),
                    "h5_json_path": defaultdict(set),
                    "keras_v3_file_path": defaultdict(set),
                    "keras3_unknown_kwargs": defaultdict(set)})
                r["written_by"].add(s)
                r["keras3_rejects"].add(t)
                r["h5_json_path"][
                    "rejected: nested class_name cannot be located "
                    "(from_config uses serialization_lib)"].add(t)
                r["keras_v3_file_path"]["n/a"].add(t)
                r["keras3_unknown_kwargs"][c3["unknown_kwargs"]].add(t)

    out = []
    candidates = []
    for (key, w), r in sorted(rows.items()):
        # Keras 3 source that defines the constructor (latest release)
        last = sorted(r["keras3_rejects"], key=k3.index)[-1]
        c3 = raw[last]["classes"][key]
        first_rej = sorted(r["keras3_rejects"], key=k3.index)[0]
        # When did Keras 2 lineages stop writing / accepting it?
        acc2 = [s for s in k2 if key in raw[s]["classes"] and
                (w in raw[s]["classes"][key]["accepted"] or w == nested)]
        row = {
            "class": key, "arg": w,
            "written_by": R.ranges(r["written_by"]),
            "accepted_by_keras2": R.ranges(acc2),
            "keras3_rejects": R.ranges(r["keras3_rejects"]),
            "keras3_accepts": R.ranges([t for t in k3 if key in
                                        raw[t]["classes"] and w in
                                        raw[t]["classes"][key]["accepted"]]),
            "h5_json_path": R.mapping(r["h5_json_path"]),
            "keras_v3_file_path": R.mapping(r["keras_v3_file_path"]),
            "keras3_unknown_kwargs": R.mapping(r["keras3_unknown_kwargs"]),
            "keras3_constructor": c3["init_defined_in"],
            "conditional_in_keras2_config": w != nested and all(
                w not in raw[s]["classes"][key]["config"]["keys"]
                for s in r["written_by"]),
        }
        if w == nested:
            row["keras3_accepts"] = []
        out.append(row)
        if w != nested and key.split("/")[0] in (
                "layer", "optimizer", "initializer",
                                 "regularizer", "constraint", "loss",
                                 "metric", "lr_schedule", "dtype_policy"):
            candidates.append({"class": key, "class_name": c3["class"],
                               "kind": c3["kind"], "arg": w,
                               "keras3_required": c3["required"],
                               "rejected_by": row["keras3_rejects"],
                               "static_h5": row["h5_json_path"]})
    return candidates, out


def legacy_translations(raw, k3, R):
    """Arguments that Keras 3 consumes/translates instead of rejecting."""
    acc = defaultdict(lambda: {"rel": set(), "where": {}})
    for t in k3:
        for key, c in raw[t]["classes"].items():
            for arg in c["kwargs_consumed"]:
                a = acc[(key, arg, "constructor pops/reads it from **kwargs")]
                a["rel"].add(t)
                a["where"][t] = c["kwargs_consumed_where"].get(arg)
            fc = c["from_config"]
            if fc:
                owner_id = fc["owner"]
                owner = owner_id.split(":")[-1]
                # inherited from_config (e.g. Operation.from_config for
                # every layer) is reported once, under its owner
                k = key if owner == c["class"] else f"*from_config of {owner}*"
                for arg in fc["keys"]:
                    a = acc[(k, arg, "from_config reads/rewrites it")]
                    a["rel"].add(t)
                    a["where"][t] = owner_id
        leg = raw[t]["keras3_legacy"] or {}
        su = leg.get("saving_utils")
        if su:
            for p in su["pops"]:
                k = p["key"]
                if k.startswith("$"):
                    for v in su.get("constants", {}).get("LAMBDA_DEP_ARGS",
                                                         []):
                        a = acc[("layer/Lambda", v,
                                 "legacy loader drops it (LAMBDA_DEP_ARGS)")]
                        a["rel"].add(t)
                        a["where"][t] = f"{su['path']}:{p['lineno']}"
                    continue
                what = {
                    "batch_input_shape": "legacy loader renames it: "
                    "InputLayer -> batch_shape, other layers -> input_shape "
                    "(which Layer.__init__ pops)",
                    "axis": "legacy loader converts a one-element list to "
                    "int",
                }.get(k, "legacy loader pops it")
                a = acc[("*any legacy layer config*", k, what)]
                a["rel"].add(t)
                a["where"][t] = f"{su['path']}:{p['lineno']}"
    out = []
    base_paths = {(raw[t]["base_layer"] or {}).get("path") for t in k3}
    generic = defaultdict(lambda: {"rel": set(), "classes": set(),
                                   "where": None})
    for (key, arg, what), a in sorted(acc.items()):
        last = sorted(a["rel"], key=k3.index)[-1]
        src = a["where"][last]
        if src and src.rsplit(":", 1)[0] in base_paths:
            g = generic[(arg, what)]
            g["rel"] |= a["rel"]
            g["classes"].add(key)
            g["where"] = src
            continue
        out.append({"class": key, "arg": arg, "what Keras 3 does": what,
                    "releases": R.ranges(a["rel"]), "source": src})
    for (arg, what), g in sorted(generic.items()):
        out.insert(0, {
            "class": "*every layer whose **kwargs reach Layer.__init__*",
            "arg": arg, "what Keras 3 does": what + " (in Layer.__init__)",
            "releases": R.ranges(g["rel"]), "source": g["where"],
            "n_classes": len(g["classes"])})
    return out


GENERIC_ARGS = {
    "batch_input_shape": "written by Keras 2 base Layer.get_config when the "
                         "layer was created with input_shape/batch_input_shape "
                         "(typically the first layer of a Sequential)",
    "dynamic": "written by Keras 2 (2.5-2.10) base Layer.get_config only when "
               "dynamic=True",
}


def group_generic(rows, R):
    """Collapse per-layer rows of base-Layer arguments into one row each."""
    out, groups = [], {}
    for row in rows:
        if row["arg"] not in GENERIC_ARGS or not row["class"].startswith(
                "layer/"):
            out.append(row)
            continue
        g = groups.setdefault(row["arg"], {
            "class": "*layers*", "arg": row["arg"],
            "why_written": GENERIC_ARGS[row["arg"]],
            "written_by": set(), "keras3_rejects": set(),
            "h5_json_path_by_outcome": defaultdict(list),
            "keras_v3_file_path_by_outcome": defaultdict(list),
            "verified_by_outcome": defaultdict(list)})
        g["written_by"] |= R.expand(row["written_by"])
        g["keras3_rejects"] |= R.expand(row["keras3_rejects"])
        for outcome, rng in row["h5_json_path"].items():
            g["h5_json_path_by_outcome"][outcome].append(row["class"])
        for outcome, rng in row["keras_v3_file_path"].items():
            g["keras_v3_file_path_by_outcome"][outcome].append(row["class"])
        for k, v in row.items():
            if k.startswith("verified_keras_"):
                g["verified_by_outcome"][
                    f"{k}: h5={v.get('h5_path')} "
                    f"keras={v.get('keras_v3_path')}"].append(row["class"])
    for arg, g in groups.items():
        g["written_by"] = R.ranges(g["written_by"])
        g["keras3_rejects"] = R.ranges(g["keras3_rejects"])
        for k in ("h5_json_path_by_outcome", "keras_v3_file_path_by_outcome",
                  "verified_by_outcome"):
            g[k] = {o: sorted(v) for o, v in g[k].items()}
        out.insert(0, g)
    return out


def compact_experiments(exp):
    """Scenarios verbatim; candidate checks reduced to their outcome."""
    cc = []
    for c in exp.get("candidate_checks", []):
        cc.append({k: (v[:300] if isinstance(v, str) else v)
                   for k, v in c.items()
                   if k in ("class", "arg", "value", "outcome", "h5_path",
                            "keras_v3_path", "keras_v3_module", "h5_error",
                            "keras_v3_error", "error")})
    return {"environment": exp["environment"],
            "note": "full records (input configs, baseline configs, "
                    "warnings, raise sites) are in experiments.json",
            "scenarios": [{k: v for k, v in sc.items() if k != "input"}
                          for sc in exp["scenarios"]],
            "candidate_checks": cc}


def attach_experiments(incompat, experiments):
    verified = {(v["class"], v["arg"]): v for v in
                experiments.get("candidate_checks", [])}
    for row in incompat:
        v = verified.get((row["class"], row["arg"]))
        if v:
            row["verified_keras_" + v["keras_version"]] = {
                k: v[k] for k in ("outcome", "h5_path", "h5_error",
                                  "keras_v3_path", "keras_v3_error",
                                  "keras_v3_module", "value", "error")
                if k in v}


if __name__ == "__main__":
    main()
