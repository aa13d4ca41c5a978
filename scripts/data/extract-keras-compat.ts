/**
 * Derives the rules' Keras compatibility table (src/lib/data/keras-compat.json) from the full
 * table scripts/data/tables/keras-compat.json (built from the Keras and tf-keras sources of every
 * release, see scripts/data/keras-compat/README.md). Keeps what a rule needs to judge a saved
 * config against the Keras that loads it:
 *  - `args`: for each class and config key a Keras 2 release writes and Keras 3 rejects, where it
 *    is rejected on the legacy .h5/JSON path and on the .keras path, the last Keras 2 release
 *    that accepted it, and the error Keras 3.15 really raised;
 *  - `removed`: Keras 2 classes no Keras 3 release can load by name;
 *  - `keras_file_modules`: modules a tf.keras 2.11-2.15 `.keras` file names that Keras 3 cannot import;
 *  - `downgrade`: keys a newer Keras 3 writes that an older Keras 3 rejects;
 *  - `present`: in which releases each built-in class exists (so a built-in is never called custom);
 *  - `classes`: what each class's constructor accepts per release and what it does with other keys;
 *  - `nested_without_module`: wrappers whose Keras 2 configs nest a layer Keras 3 cannot locate.
 *
 *   npx tsx scripts/data/extract-keras-compat.ts [path/to/keras-compat.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Ranges = [string, string][];
type RangesOrAll = Ranges | '*';

interface FullRow {
  class: string;
  arg: string;
  written_by: Ranges;
  accepted_by_keras2?: Ranges;
  keras3_rejects: Ranges;
  h5_json_path?: Record<string, Ranges>;
  keras_v3_file_path?: Record<string, Ranges>;
  h5_json_path_by_outcome?: Record<string, string[]>;
  keras_v3_file_path_by_outcome?: Record<string, string[]>;
  verified_by_outcome?: Record<string, string[]>;
  conditional_in_keras2_config?: boolean;
  'verified_keras_3.15.1'?: { h5_error?: string; keras_v3_error?: string };
}

interface FullTable {
  releases: string[];
  sources: Record<string, { repo: string; tag: string; commit: string }>;
  classes: Record<
    string,
    {
      present: Ranges;
      args?: Record<string, RangesOrAll>;
      unknown_kwargs?: Record<string, RangesOrAll>;
      from_config_keys?: Record<string, RangesOrAll>;
    }
  >;
  incompatibilities: FullRow[];
  renamed_or_removed: {
    key: string;
    last_keras2: string;
    keras3_present: Ranges;
    keras3_legacy_lookup_finds_name?: Ranges;
    status: string;
  }[];
  keras_file_module_resolution: { module: string; classes: Record<string, Ranges>; keras3: Record<string, Ranges> }[];
  keras3_downgrade_incompatibilities: { class: string; arg: string; written_by: Ranges; rejected_by_older: Ranges }[];
  base_layer_kwargs: Record<string, { accepted: string[] }>;
}

export interface ArgRule {
  /** Keras 2 releases that write this key. */
  written_by: Ranges;
  /** Keras 3 releases that reject it on the legacy .h5 / JSON path, and on the .keras path. */
  h5: Ranges;
  keras: Ranges;
  /** The last Keras 2 release that accepted it (null: none did, e.g. a key only older Keras wrote). */
  last_accepted: string | null;
  /** Written only under some settings (so a file may or may not carry it). */
  conditional: boolean;
  /** What Keras 3.15 raised when loading it, verified by running it. */
  error: string | null;
}

const source = resolve(process.argv[2] ?? 'scripts/data/tables/keras-compat.json');
const full = JSON.parse(readFileSync(source, 'utf8')) as FullTable;
const order = full.releases;

function rangesOf(map: Record<string, Ranges> | undefined, outcome: (key: string) => boolean): Ranges {
  return Object.entries(map ?? {})
    .filter(([k]) => outcome(k))
    .flatMap(([, r]) => r);
}

function last(ranges: Ranges | undefined): string | null {
  if (!ranges || ranges.length === 0) return null;
  return ranges
    .map((r) => r[1])
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .at(-1)!;
}

const rejected = (k: string) => k.startsWith('rejected');
const LAST_KERAS2 = order.filter((r) => !r.startsWith('3.')).at(-1)!;
const args: Record<string, Record<string, ArgRule>> = {};
const put = (cls: string, arg: string, rule: ArgRule) => {
  args[cls] ??= {};
  args[cls]![arg] = rule;
};

const nested: string[] = [];
for (const row of full.incompatibilities) {
  const verified = row['verified_keras_3.15.1'];
  // Wrappers whose Keras 2 config nests a layer without a `module`: Keras 3 cannot locate its class.
  if (row.arg.startsWith('<nested')) {
    nested.push(row.class);
    continue;
  }
  if (!row.class.startsWith('*')) {
    put(row.class, row.arg, {
      written_by: row.written_by,
      h5: rangesOf(row.h5_json_path, rejected),
      keras: rangesOf(row.keras_v3_file_path, rejected),
      last_accepted: last(row.accepted_by_keras2),
      conditional: row.conditional_in_keras2_config === true,
      error: verified?.h5_error ?? verified?.keras_v3_error ?? null,
    });
    continue;
  }
  // Rows for keys the base Layer writes (`dynamic`, `batch_input_shape`) list classes by outcome.
  const classes = new Set(
    [...Object.values(row.h5_json_path_by_outcome ?? {}), ...Object.values(row.keras_v3_file_path_by_outcome ?? {})].flat(),
  );
  for (const cls of classes) {
    // What Keras 3.15 really did with this class overrides what the source analysis expected
    // (a class that swallows unknown keyword arguments accepts what its signature does not name).
    const verified = Object.entries(row.verified_by_outcome ?? {}).find(([, list]) => list.includes(cls))?.[0] ?? '';
    const said = (path: 'h5' | 'keras') => new RegExp(`${path}=(accepted|rejected)`).exec(verified)?.[1];
    const h5Rejects = said('h5')
      ? said('h5') === 'rejected'
      : Object.entries(row.h5_json_path_by_outcome ?? {}).some(([k, list]) => rejected(k) && list.includes(cls));
    const kerasRejects = said('keras')
      ? said('keras') === 'rejected'
      : Object.entries(row.keras_v3_file_path_by_outcome ?? {}).some(([k, list]) => rejected(k) && list.includes(cls));
    if (!h5Rejects && !kerasRejects) continue;
    put(cls, row.arg, {
      written_by: row.written_by,
      h5: h5Rejects ? row.keras3_rejects : [],
      keras: kerasRejects ? row.keras3_rejects : [],
      // The base Layer of every Keras 2 release accepts its own keys.
      last_accepted: LAST_KERAS2,
      conditional: true,
      error: null,
    });
  }
}

const out = {
  schema: 'keras-compat-rules/1',
  source: `subset of scripts/data/tables/keras-compat.json (keras-compat/1), extracted by scripts/data/extract-keras-compat.ts; built from ${Object.values(
    full.sources,
  )
    .map((s) => `${s.repo}@${s.tag}`)
    .filter((v, i, a) => a.indexOf(v) === i)
    .join(', ')}`,
  range_semantics: '[[first, last], ...] inclusive over `releases`; a range never crosses a lineage (mb-2.x, 2.5-2.15, tfk-2.15-2.21, 3.x)',
  releases: order,
  args,
  removed: full.renamed_or_removed.map((r) => ({
    class: r.key,
    last_keras2: r.last_keras2,
    keras3_present: r.keras3_present,
    keras3_legacy_lookup: r.keras3_legacy_lookup_finds_name ?? [],
    status: r.status,
  })),
  keras_file_modules: full.keras_file_module_resolution
    .filter((m) => Object.keys(m.keras3).some((k) => k.startsWith('fails')))
    .map((m) => ({ module: m.module, classes: m.classes, fails: rangesOf(m.keras3, (k) => k.startsWith('fails')) })),
  downgrade: full.keras3_downgrade_incompatibilities,
  present: Object.fromEntries(Object.entries(full.classes).map(([k, v]) => [k, v.present])),
  // What each class's constructor accepts per release ('*': every release it exists in), what it
  // does with keys it does not name (strict/closed: raises; silent/no_init: ignores), and the keys
  // its from_config consumes before calling the constructor.
  classes: Object.fromEntries(
    Object.entries(full.classes).map(([k, v]) => [
      k,
      { args: v.args ?? {}, unknown: v.unknown_kwargs ?? {}, from_config: v.from_config_keys ?? {} },
    ]),
  ),
  nested_without_module: nested,
  base_layer_kwargs: Object.fromEntries(Object.entries(full.base_layer_kwargs).map(([r, v]) => [r, v.accepted])),
};

writeFileSync(resolve('src/lib/data/keras-compat.json'), `${JSON.stringify(out)}\n`);
console.log(`wrote ${Object.keys(args).length} classes with rejected keys, ${out.removed.length} removed classes`);
export type { RangesOrAll };
