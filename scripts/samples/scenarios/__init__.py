"""All sample scenarios, in the order the manifest lists them (a module per failure id; damage.py
holds the corrupted-checkpoint cases that real downloads and copies leave)."""
from scenarios import (
    architecture,
    corruption,
    custom_objects,
    damage,
    dtypes,
    input_shape,
    partial,
    paths,
    resources,
    tf1_tf2,
    variable_names,
    versions,
)

ALL_SCENARIOS = [
    *versions.SCENARIOS,
    *custom_objects.SCENARIOS,
    *dtypes.SCENARIOS,
    *variable_names.SCENARIOS,
    *architecture.SCENARIOS,
    *input_shape.SCENARIOS,
    *corruption.SCENARIOS,
    *damage.SCENARIOS,
    *paths.SCENARIOS,
    *partial.SCENARIOS,
    *tf1_tf2.SCENARIOS,
    *resources.SCENARIOS,
]
