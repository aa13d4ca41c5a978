"""Make the site's sample models with real TensorFlow/Keras and record what loading them does.

For every scenario (scripts/samples/scenarios/): write the broken artifact and its fixed twin
under public/samples/<scenario>/{broken,fixed}/, load each the way a user would, and record the
real outcome (exception type and message, stderr log, observed facts) in
public/samples/manifest.json.

    /work/.venv-tf/bin/python scripts/samples/make_samples.py            # everything, from scratch
    /work/.venv-tf/bin/python scripts/samples/make_samples.py --only NAME  # one scenario (for work on it)

manifest.json is a list, one object per scenario:
  scenario, failure (one of the failure ids in src/lib/catalog.ts), title, notes, simulated (null, or what is simulated),
  broken / fixed: {path (relative to public/), files [{name, size}], make_code, load_code,
                   check_code, outcome {raised, exception, message (verbatim; over 2,000
                   characters: head and tail with a marked cut), seconds, log (stderr while it
                   ran, normalised), observed (facts the check code measured; ok = it worked)}},
  make_code (= broken.make_code), fix_code, facts, catalog_id / catalog_field (the errors.json
  entry of the same failure id whose regex matches the broken message or log), catalog_other_ids,
  catalog_note (why no entry matches, when none does), made_with (versions).
Snippets run verbatim with the scenario folder as working directory, each in a fresh namespace.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "0")
sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
sys.path.insert(0, str(Path(__file__).resolve().parent))

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.util import deprecation as tf_deprecation  # noqa: E402

from capture import Normaliser, run_snippet  # noqa: E402
from catalog import any_match, load_catalog, match  # noqa: E402
from scenario import Scenario  # noqa: E402
from scenarios import ALL_SCENARIOS  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "public" / "samples"
SIZE_BUDGET = 2 * 1024 * 1024  # all samples together stay well under this


def reset_state(seed: int):
    """Same starting point for every snippet: fresh Keras names, fixed seeds, no registrations.

    Loads use another seed than makes, so a variable that was not restored can never equal the
    saved value by having been initialised with the same random numbers.
    """
    keras.backend.clear_session()
    keras.saving.get_custom_objects().clear()
    # TF prints each deprecation warning once per process; a user's script is a fresh process.
    tf_deprecation._PRINTED_WARNING.clear()
    keras.utils.set_random_seed(seed)
    tf.random.set_seed(seed)
    np.random.seed(seed)


MAKE_SEED, LOAD_SEED = 0, 1


def list_files(side_dir: Path) -> list[dict]:
    return [
        {"name": p.relative_to(side_dir).as_posix(), "size": p.stat().st_size}
        for p in sorted(side_dir.rglob("*"))
        if p.is_file()
    ]


def make_artifact(code: str, scenario_dir: Path, normalise: Normaliser, label: str):
    outcome = run_snippet(code, "", str(scenario_dir), normalise, lambda: reset_state(MAKE_SEED))
    if outcome["raised"]:
        raise RuntimeError(f"{label}: make_code raised {outcome['exception']}: {outcome['message']}")


def run_scenario(sc: Scenario, out: Path, catalog: list[dict]) -> dict:
    scenario_dir = out / sc.scenario
    shutil.rmtree(scenario_dir, ignore_errors=True)
    for side in ("broken", "fixed"):
        (scenario_dir / side).mkdir(parents=True)
    normalise = Normaliser(str(scenario_dir))

    make_artifact(sc.broken.make_code, scenario_dir, normalise, f"{sc.scenario}/broken")
    make_artifact(sc.fixed.make_code, scenario_dir, normalise, f"{sc.scenario}/fixed")

    sides = {}
    for name in ("broken", "fixed"):
        side = getattr(sc, name)
        outcome = run_snippet(
            side.load_code, side.check_code, str(scenario_dir), normalise, lambda: reset_state(LOAD_SEED)
        )
        sides[name] = {
            "path": f"samples/{sc.scenario}/{name}",
            "files": list_files(scenario_dir / name),
            "make_code": side.make_code.strip() + "\n",
            "load_code": side.load_code.strip() + "\n",
            "check_code": side.check_code.strip() + "\n" if side.check_code else None,
            "outcome": outcome,
        }

    broken, fixed = sides["broken"]["outcome"], sides["fixed"]["outcome"]
    problems = []
    if fixed["raised"]:
        problems.append(f"fixed load raised {fixed['exception']}: {fixed['message']}")
    if fixed["observed"].get("ok") is False:
        problems.append(f"fixed load observed {fixed['observed']}")
    if not sc.simulated and not broken["raised"] and broken["observed"].get("ok") is not False:
        problems.append(f"broken load neither raised nor observed a failure: {broken['observed']}")
    if problems:
        raise RuntimeError(f"{sc.scenario}: " + "; ".join(problems))

    entry = {
        "scenario": sc.scenario,
        "failure": sc.failure,
        "title": sc.title,
        "notes": sc.notes.strip(),
        "simulated": sc.simulated,
        "broken": sides["broken"],
        "fixed": sides["fixed"],
        "make_code": sides["broken"]["make_code"],
        "fix_code": sc.fix_code.strip() + "\n",
        "facts": sc.facts,
    }
    found = match(catalog, sc.failure, broken)
    entry["catalog_id"] = found["id"] if found else None
    entry["catalog_field"] = found["field"] if found else None
    entry["catalog_other_ids"] = [i for i in any_match(catalog, broken) if i != entry["catalog_id"]]
    entry["catalog_note"] = sc.catalog_note
    if broken["raised"] and not found and not sc.catalog_note:
        raise RuntimeError(
            f"{sc.scenario}: broken message matches no {sc.failure} catalog regex and has no catalog_note:\n"
            f"{broken['message']}"
        )
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", action="append", help="scenario name (repeatable); keeps the others")
    args = parser.parse_args()

    out: Path = args.out.resolve()
    manifest_path = out / "manifest.json"
    known = {sc.scenario for sc in ALL_SCENARIOS}
    if len(known) != len(ALL_SCENARIOS):
        raise SystemExit("duplicate scenario names")
    previous: dict[str, dict] = {}
    if args.only:
        unknown = set(args.only) - known
        if unknown:
            raise SystemExit(f"unknown scenario(s): {sorted(unknown)}")
        if manifest_path.exists():
            previous = {e["scenario"]: e for e in json.loads(manifest_path.read_text())}
    else:
        shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)

    catalog = load_catalog()
    entries = []
    for sc in ALL_SCENARIOS:
        if args.only and sc.scenario not in args.only:
            if sc.scenario in previous:
                entries.append(previous[sc.scenario])
            continue
        print(f"== {sc.scenario} ({sc.failure})", flush=True)
        entry = run_scenario(sc, out, catalog)
        b = entry["broken"]["outcome"]
        print(f"   broken: {b['exception'] or 'no exception'} {b['observed']} catalog={entry['catalog_id']}", flush=True)
        entries.append(entry)

    made_with = {
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "h5py": h5py.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }
    for entry in entries:
        entry["made_with"] = made_with
    manifest_path.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n")

    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {len(entries)} scenarios, {total} bytes, to {out}")
    if total > SIZE_BUDGET:
        raise SystemExit(f"samples are {total} bytes, over the {SIZE_BUDGET} budget")


if __name__ == "__main__":
    main()
