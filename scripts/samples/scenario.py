"""What a sample scenario is: the code that makes its broken and fixed artifacts and loads them.

Every snippet here is real code that make_samples.py executes verbatim (with the scenario folder
as the working directory), so the code shown on the site is exactly the code that produced the
recorded outcome.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Side:
    """One half of a pair: how its artifact is made and how a user would load it."""

    # Writes the artifact into `broken/` or `fixed/` (relative to the scenario folder).
    make_code: str
    # What the user runs to load it; the outcome (exception or not) is recorded from this.
    load_code: str
    # Runs after load_code in the same namespace (even if it raised) and fills the dict
    # `observed` with facts about what really happened, e.g. whether weights were restored.
    check_code: str = ""


@dataclass
class Scenario:
    scenario: str  # folder name under public/samples
    failure: str  # one of the failure ids (src/lib/catalog.ts)
    title: str
    broken: Side
    fixed: Side
    # The change a user makes to go from the broken load to the working one.
    fix_code: str
    # What the pair shows, in a sentence or two; facts only.
    notes: str = ""
    # Set when part of the scenario cannot happen for real in a small sample (a hang, an OOM):
    # says what is simulated and what is still real.
    simulated: str | None = None
    # When the broken load raises but no catalog regex for this failure matches, say why.
    catalog_note: str | None = None
    # Extra facts a checker needs (e.g. the memory budget of a simulated scenario).
    facts: dict = field(default_factory=dict)
