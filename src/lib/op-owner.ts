/**
 * Whose op is it? `Op type not registered 'X'` means two different things: X belongs to an
 * add-on package that was not imported (tensorflow-text, addons, io, sentencepiece, TF-DF,
 * TFRA...: a missing import), or X is a TensorFlow op newer than the running TensorFlow (a
 * version problem). data/op-packages.json (derived by scripts/data/op-packages/derive_triage_table.py
 * from scripts/data/tables/op-packages.json and data/tf-op-history.json) says which packages
 * register which op names, and which ops TensorFlow itself has and since when.
 */
import table from './data/op-packages.json' with { type: 'json' };

export interface PackageInfo {
  key: string;
  pip: string;
  /** The import to run before loading. */
  import: string;
  /** Packages that load their kernels lazily need this too. */
  force_load: string | null;
  first: string;
  last: string;
}

export type OpOwner =
  | { kind: 'package'; packages: PackageInfo[]; alsoCore: boolean; coreSince: string | null }
  | { kind: 'core'; since: string | null }
  | { kind: 'unknown'; namespaced: boolean };

interface Table {
  packages: Record<string, { pip: string; import: string; force_load: string | null }>;
  ops: Record<string, string[][]>;
  collisions_with_tf_core: string[];
  core_since_2_0: string[];
  core_later: Record<string, string | null>;
  core_master_only: string[];
}

const T = table as unknown as Table;
let core: Map<string, string> | null = null;

/** TensorFlow's own op names -> the first 2.x release known to have them ("<=2.0", "2.10", "master"). */
function coreOps(): Map<string, string> {
  if (core) return core;
  core = new Map();
  for (const name of T.core_since_2_0) core.set(name, '<=2.0');
  for (const [name, since] of Object.entries(T.core_later)) core.set(name, since ?? 'unknown');
  for (const name of T.core_master_only) core.set(name, 'master');
  return core;
}

export function opOwner(op: string): OpOwner {
  const name = op.replace(/^\*+|\*+$/g, '').trim();
  const rows = Object.hasOwn(T.ops, name) ? T.ops[name] : undefined;
  const coreSince = coreOps().get(name) ?? null;
  if (rows) {
    const packages: PackageInfo[] = [];
    for (const [key, first, last, hint] of rows) {
      const p = T.packages[key];
      if (!p) continue;
      packages.push({ key, pip: p.pip, import: hint ?? p.import, force_load: hint ? null : p.force_load, first, last });
    }
    return { kind: 'package', packages, alsoCore: coreSince !== null, coreSince };
  }
  if (coreSince !== null) return { kind: 'core', since: coreSince };
  return { kind: 'unknown', namespaced: name.includes('>') };
}
