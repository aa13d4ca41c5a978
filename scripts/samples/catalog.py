"""Match recorded messages against the project's error catalog (src/lib/data/errors.json)."""
from __future__ import annotations

import json
import re
from pathlib import Path

CATALOG_PATH = Path(__file__).resolve().parents[2] / "src" / "lib" / "data" / "errors.json"


def load_catalog() -> list[dict]:
    data = json.loads(CATALOG_PATH.read_text())
    return data["messages"] if isinstance(data, dict) else data


def match(catalog: list[dict], failure: str, outcome: dict) -> dict | None:
    """The catalog entry for `failure` that matches the message (else the log) innermost.

    Keras and TF wrap the root cause ("could not be deserialized properly ... Exception
    encountered: <cause>"), so among matches the one starting last in the text is preferred.
    Returns {id, field} where field says which recorded text matched, or None.
    """
    for field in ("message", "log"):
        text = outcome.get(field) or ""
        best = None
        for entry in catalog:
            if entry["failure"] != failure:
                continue
            found = re.search(entry["regex"], text)
            if found and (best is None or found.start() > best[0]):
                best = (found.start(), entry["id"])
        if best:
            return {"id": best[1], "field": field}
    return None


def any_match(catalog: list[dict], outcome: dict) -> list[str]:
    """Ids of every catalog entry (any failure) whose regex matches the message or log."""
    text = (outcome.get("message") or "") + "\n" + (outcome.get("log") or "")
    return [entry["id"] for entry in catalog if re.search(entry["regex"], text)]
