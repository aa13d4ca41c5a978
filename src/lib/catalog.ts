/**
 * The failure catalog: stable ids, the spine that guides, rules, triage and the CLI share.
 * An id is its guide's URL (`/failures/<id>/`) and is never renamed or reused (docs/ARCHITECTURE.md).
 */

/** Anchors every guide has, in reading order, so links can point at a step. */
export const GUIDE_STEPS = ['symptoms', 'mechanism', 'confirm', 'fix', 'verify', 'try', 'prevent'] as const;
export type GuideStep = (typeof GUIDE_STEPS)[number];

export interface FailureInfo {
  id: FailureId;
  title: string;
  /** What disagrees, in one line (docs/ARCHITECTURE.md's catalog table). */
  disagreement: string;
}

export const FAILURES = [
  {
    id: 'version-mismatch',
    title: 'Version mismatch',
    disagreement: 'TF/Keras/h5py version of the saver vs. the loader: unknown ops or attrs, Keras 2 vs 3 formats',
  },
  {
    id: 'unregistered-custom-object',
    title: 'Unregistered custom object',
    disagreement: 'a custom layer/loss/metric/activation the loader cannot find',
  },
  { id: 'dtype-mismatch', title: 'Dtype mismatch', disagreement: 'saved dtypes or dtype policy vs. what is fed or expected' },
  {
    id: 'variable-name-mismatch',
    title: 'Variable name mismatch',
    disagreement: "checkpoint keys / object paths vs. the model's attribute and layer names",
  },
  {
    id: 'architecture-mismatch',
    title: 'Architecture mismatch',
    disagreement: 'layer types, counts, units, custom layer weights changed: shapes and counts differ',
  },
  {
    id: 'input-shape-mismatch',
    title: 'Input shape mismatch',
    disagreement: 'unbuilt model, deferred restoration, input shape differs from the saved one',
  },
  {
    id: 'corrupted-checkpoint',
    title: 'Corrupted or incomplete checkpoint',
    disagreement: 'checksum mismatch, truncated or missing shard, bad table, interrupted save',
  },
  {
    id: 'wrong-path-or-loader',
    title: 'Wrong path or loader',
    disagreement: 'directory vs. prefix, stale `checkpoint` state file, the wrong API for the format',
  },
  { id: 'partial-restore', title: 'Partial restore', disagreement: 'values left unused, optimizer slots, expect_partial, assert_consumed' },
  { id: 'tf1-tf2-checkpoint', title: 'TF1 vs TF2 checkpoint', disagreement: 'name-based (TF1 Saver) vs. object-based (TF2 Checkpoint)' },
  {
    id: 'restore-hang',
    title: 'Restore hangs or is slow',
    disagreement: 'slow rather than hung, waiting on workers, network filesystems, fork after init',
  },
  { id: 'resource-exhaustion', title: 'Out of memory while restoring', disagreement: 'host or GPU memory runs out while restoring' },
] as const satisfies readonly { id: string; title: string; disagreement: string }[];

export type FailureId = (typeof FAILURES)[number]['id'];

/** The ids, in catalog order (the order findings and guides are listed in). */
export const FAILURE_IDS = FAILURES.map((f) => f.id) as unknown as readonly [FailureId, ...FailureId[]];

export function isFailureId(value: string): value is FailureId {
  return (FAILURE_IDS as readonly string[]).includes(value);
}

export function failureInfo(id: FailureId): FailureInfo {
  const info = FAILURES.find((f) => f.id === id);
  if (!info) throw new Error(`unknown failure id ${id}`);
  return info;
}

/** `/failures/<id>/`, or `/failures/<id>/#<step>` to link a step. */
export function failureUrl(id: FailureId, step?: GuideStep): string {
  return step ? `/failures/${id}/#${step}` : `/failures/${id}/`;
}
