/**
 * Which Keras release can load what a saved config holds, from the compatibility table built
 * from the real sources of every release (src/lib/data/keras-compat.json, derived by
 * scripts/data/extract-keras-compat.ts). Questions a rule asks:
 *  - which release is loading (stated, or the current Keras when nothing is stated);
 *  - which keys of an object's config that release rejects, on the legacy .h5/JSON path or the
 *    .keras path, and which release last accepted them;
 *  - whether a class exists at all in that release, and whether a `.keras` file's module path can
 *    be imported there.
 */
import table from '../data/keras-compat.json' with { type: 'json' };

type Ranges = readonly (readonly [string, string])[];

interface ArgRule {
  written_by: Ranges;
  h5: Ranges;
  keras: Ranges;
  last_accepted: string | null;
  conditional: boolean;
  error: string | null;
}

const RELEASES: readonly string[] = table.releases;
const ARGS = table.args as unknown as Record<string, Record<string, ArgRule>>;
const PRESENT = table.present as unknown as Record<string, Ranges>;
const REMOVED = table.removed as unknown as {
  class: string;
  last_keras2: string;
  keras3_present: Ranges;
  keras3_legacy_lookup: Ranges;
  status: string;
}[];
const MODULES = table.keras_file_modules as unknown as { module: string; classes: Record<string, Ranges>; fails: Ranges }[];
const DOWNGRADE = table.downgrade as unknown as { class: string; arg: string; written_by: Ranges; rejected_by_older: Ranges }[];

type RangesOrAll = Ranges | '*';
interface ClassRule {
  args: Record<string, RangesOrAll>;
  unknown: Record<string, RangesOrAll>;
  from_config: Record<string, RangesOrAll>;
}
const CLASSES = table.classes as unknown as Record<string, ClassRule>;
const NESTED_WITHOUT_MODULE = new Set<string>(table.nested_without_module);

/** Keys the legacy .h5/JSON loader of Keras 3 rewrites before any constructor sees them. */
const LEGACY_REWRITES = new Set(['batch_input_shape', 'axis']);

/** The newest Keras release the table knows: what "current Keras" means when none is stated. */
export const CURRENT_KERAS = RELEASES.filter((r) => r.startsWith('3.')).at(-1)!;

/** Object kinds the table covers, as Keras' own deserializers group them. */
export type ObjectKind =
  | 'layer'
  | 'model'
  | 'initializer'
  | 'regularizer'
  | 'constraint'
  | 'optimizer'
  | 'loss'
  | 'metric'
  | 'dtype_policy'
  | 'lr_schedule';

/** The loading release as a table label: `3.15`, `2.15` (tf.keras), `tfk-2.17` (tf-keras); null when the table has no such release. */
export function releaseLabel(keras: string): string | null {
  const m = /^(\d+)\.(\d+)/.exec(keras.trim());
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major === 3) return RELEASES.includes(`3.${minor}`) ? `3.${minor}` : minor > 15 ? CURRENT_KERAS : null;
  if (major === 2 && minor >= 16) return RELEASES.includes(`tfk-2.${minor}`) ? `tfk-2.${minor}` : null;
  if (major === 2) return RELEASES.includes(`2.${minor}`) ? `2.${minor}` : null;
  return null;
}

/** The release a label names, for people: `3.15` -> "Keras 3.15", `2.15` -> "tf.keras 2.15", `tfk-2.17` -> "tf-keras 2.17". */
export function releaseName(label: string): string {
  if (label.startsWith('tfk-')) return `tf-keras ${label.slice(4)}`;
  if (label.startsWith('mb-')) return `Keras ${label.slice(3)}`;
  return label.startsWith('3.') ? `Keras ${label}` : `tf.keras ${label}`;
}

export function inRanges(label: string, ranges: Ranges): boolean {
  const at = RELEASES.indexOf(label);
  if (at < 0) return false;
  // A range never crosses a lineage, so position order inside it is release order.
  return ranges.some(([first, last]) => RELEASES.indexOf(first) <= at && at <= RELEASES.indexOf(last));
}

/** `'*'` (every release the class exists in) or explicit ranges. */
function covers(label: string, ranges: RangesOrAll | undefined, present: Ranges | undefined): boolean {
  if (ranges === undefined) return false;
  return ranges === '*' ? present !== undefined && inRanges(label, present) : inRanges(label, ranges);
}

export interface RejectedKey {
  key: string;
  /** The last Keras 2 release that accepted the key, if any. */
  last_accepted: string | null;
  /** What Keras 3.15 raised when it met the key (verified by loading it), when recorded. */
  error: string | null;
}

/**
 * The keys of one saved object's config that `release` rejects when it deserializes it.
 * `path`: 'h5' for the legacy .h5/JSON loader (which translates some keys), 'keras' for `.keras`.
 */
export function rejectedKeys(
  kind: ObjectKind,
  className: string,
  config: Record<string, unknown>,
  release: string,
  path: 'h5' | 'keras',
): RejectedKey[] {
  const id = `${kind}/${className}`;
  const rules = ARGS[id] ?? {};
  const cls = CLASSES[id];
  const present = PRESENT[id];
  if (!cls || !present || !inRanges(release, present)) return [];
  // Classes that swallow keys they do not name, or have no constructor of their own, raise nothing.
  const raises = ['strict', 'closed'].some((mode) => covers(release, cls.unknown[mode], present));
  const out: RejectedKey[] = [];
  for (const key of Object.keys(config)) {
    const known = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (known) {
      // A key Keras 2 wrote that Keras 3 rejects: the table knows on which path, and what it said.
      if (inRanges(release, path === 'h5' ? known.h5 : known.keras))
        out.push({ key, last_accepted: known.last_accepted, error: known.error });
      continue;
    }
    if (!raises || (path === 'h5' && LEGACY_REWRITES.has(key))) continue;
    if (covers(release, cls.args[key], present) || covers(release, cls.from_config[key], present)) continue;
    out.push({ key, last_accepted: null, error: null });
  }
  return out;
}

/** The nested-layer keys of a wrapper whose config has no `module` (Keras 2.12 and older write them so). */
const NESTED_KEYS = ['layer', 'cell', 'cells', 'forward_layer', 'backward_layer'];

/**
 * A wrapper (Bidirectional, TimeDistributed, RNN, ...) whose nested layer config has no `module`:
 * Keras 3 looks the nested class up through serialization_lib, which cannot locate it by name.
 * Returns the nested class names, or [] when nothing is wrong.
 */
export function nestedWithoutModule(kind: ObjectKind, className: string, config: Record<string, unknown>, release: string): string[] {
  if (!release.startsWith('3.') || !NESTED_WITHOUT_MODULE.has(`${kind}/${className}`)) return [];
  const out: string[] = [];
  for (const key of NESTED_KEYS) {
    const values = Array.isArray(config[key]) ? (config[key] as unknown[]) : [config[key]];
    for (const v of values) {
      if (v && typeof v === 'object' && 'class_name' in v && !('module' in v)) out.push(String((v as { class_name: unknown }).class_name));
    }
  }
  return out;
}

/** Keys a newer Keras 3 writes that `release` (an older Keras 3) rejects. */
export function downgradeRejections(kind: ObjectKind, className: string, config: Record<string, unknown>, release: string): string[] {
  return DOWNGRADE.filter(
    (d) => d.class === `${kind}/${className}` && Object.hasOwn(config, d.arg) && inRanges(release, d.rejected_by_older),
  ).map((d) => d.arg);
}

/** True when `release` has a built-in class of this kind and name (so it is not a custom object there). */
export function isBuiltinAt(kind: ObjectKind, className: string, release: string): boolean {
  const present = PRESENT[`${kind}/${className}`];
  return present !== undefined && inRanges(release, present);
}

/** True when the table knows this kind and name in any release (a built-in of some Keras). */
export function isKnownClass(kind: ObjectKind, className: string): boolean {
  return Object.hasOwn(PRESENT, `${kind}/${className}`);
}

export interface RemovedClass {
  last_keras2: string;
  status: string;
}

/** A Keras 2 class that `release` (a Keras 3) cannot load by name, or null. */
export function removedAt(kind: ObjectKind, className: string, release: string): RemovedClass | null {
  if (!release.startsWith('3.')) return null;
  const r = REMOVED.find((x) => x.class === `${kind}/${className}`);
  if (!r || inRanges(release, r.keras3_present) || inRanges(release, r.keras3_legacy_lookup)) return null;
  return { last_keras2: r.last_keras2, status: r.status };
}

/** True when a `.keras` file's `module` for this class cannot be imported by `release`. */
export function unimportableModule(module: string, className: string, release: string): boolean {
  const m = MODULES.find((x) => x.module === module);
  return m !== undefined && Object.hasOwn(m.classes, className) && inRanges(release, m.fails);
}
