#!/usr/bin/env python3
"""Derive the compact op -> package table triage ships (src/lib/data/op-packages.json).

Input: ../tables/op-packages.json (see README.md: every REGISTER_OP of the add-on packages,
across their release tags) and src/lib/data/tf-op-history.json (TensorFlow's own ops per
release). Output keeps only what triage says to the reader: for each op name, the packages that
register it (first/last release and the import to run), each package's pip
name, import and `force_load` line, and the op names TF core also has (collisions_with_tf_core),
for which a TF version diagnosis stays plausible.

    python3 derive_triage_table.py ../tables/op-packages.json ../../../src/lib/data/tf-op-history.json \\
        ../../../src/lib/data/op-packages.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main(src: str, history_path: str, dst: str) -> None:
    data = json.loads(Path(src).read_text())
    history = json.loads(Path(history_path).read_text())
    packages = {}
    for key, p in data["packages"].items():
        if not p.get("registers_ops"):
            continue
        packages[key] = {"pip": p.get("pip") or key, "import": p["import"], "force_load": p.get("force_load")}
    ops: dict[str, list[list[str]]] = {}
    for name, entries in sorted(data["ops"].items()):
        rows = []
        for e in entries:
            if e["package"] not in packages:
                continue
            row = [e["package"], e.get("first") or e.get("first_prerelease") or "", e.get("last") or ""]
            if e.get("import_hint"):
                row.append(e["import_hint"])
            rows.append(row)
        if rows:
            ops[name] = rows
    out = {
        "schema": "op-packages-triage/1",
        "source": "derived from scripts/data/tables/op-packages.json (schema op-packages/1) by "
        "scripts/data/op-packages/derive_triage_table.py; rows are [package, first release, last release, import hint?]",
        "generated_from": data.get("generated"),
        "packages": packages,
        "ops": ops,
        "collisions_with_tf_core": sorted(c["op"] for c in data.get("collisions_with_tf_core", [])),
        # TensorFlow's own ops (src/lib/data/tf-op-history.json): present since 2.0 (and 1.15),
        # or the first 2.x release known to have them, and ops seen only on master.
        "core_since_2_0": sorted(k for k, v in history["ops"].items() if v == 1 or v.get("first_release") == "<=2.0"),
        "core_later": {k: v.get("first_release") for k, v in sorted(history["ops"].items()) if v != 1 and v.get("first_release") != "<=2.0"},
        "core_master_only": sorted(history.get("master_only_ops", [])),
    }
    Path(dst).write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"{len(ops)} ops, {len(packages)} packages -> {dst} ({Path(dst).stat().st_size} bytes)")


if __name__ == "__main__":
    main(*sys.argv[1:4])
