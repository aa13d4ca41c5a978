/**
 * Extracts the small tables the diagnosis rules need from the full fact tables in scripts/data/tables
 * (each keeps its `source` list and a note saying it is a subset). Run from the repo root:
 *   npx tsx scripts/data/extract-rule-data.ts [path/to/tables]
 * Writes src/lib/data/{tf-op-history,tf-graphdef-versions,keras-formats}.json.
 *
 * Op history: per op only what decides "does runtime X have this op / attr?": first_release,
 * first_release_candidates, confidence, in_1_15, removal, and the attrs added after 2.0
 * (pre-2.0 additions only matter for TF 1.x and are dropped; TF 1.x runtimes get "unknown").
 * Ops that were in 2.0 with no later change are listed by name only (so an op missing from the
 * table can be called "not a core TensorFlow op").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const shared = resolve(process.argv[2] ?? 'scripts/data/tables');
const out = resolve('src/lib/data');
const read = (name: string) => JSON.parse(readFileSync(resolve(shared, name), 'utf8'));

interface AttrIn {
  attr: string;
  first_release: string;
  first_release_candidates?: string[];
  confidence: string;
  pre_2_0?: boolean;
  has_default: boolean;
  in_1_15?: boolean;
}
interface OpIn {
  op: string;
  in_2_21: boolean;
  first_release: string;
  first_release_candidates?: string[];
  confidence: string;
  in_1_15?: boolean;
  removed?: { last_release: string; removed_in: string; removed_in_candidates: string[] | null };
  attrs_added?: AttrIn[];
  attrs_removed?: { attr: string; removed_in: string; present_in_releases: string[] }[];
}

const history = read('tf-op-history.json');
const ops: Record<string, unknown> = {};
for (const o of history.ops as OpIn[]) {
  const attrs = (o.attrs_added ?? [])
    .filter((a) => !a.pre_2_0)
    .map((a) => ({
      attr: a.attr,
      first_release: a.first_release,
      ...(a.first_release_candidates ? { candidates: a.first_release_candidates } : {}),
      confidence: a.confidence,
      has_default: a.has_default,
    }));
  const plain =
    o.first_release === '<=2.0' &&
    !o.first_release_candidates &&
    !o.removed &&
    attrs.length === 0 &&
    !o.attrs_removed &&
    o.in_1_15 !== false;
  if (plain) {
    ops[o.op] = 1;
    continue;
  }
  ops[o.op] = {
    first_release: o.first_release,
    ...(o.first_release_candidates ? { candidates: o.first_release_candidates } : {}),
    confidence: o.confidence,
    in_1_15: o.in_1_15 ?? null,
    ...(o.removed ? { removed_in: o.removed.removed_in, last_release: o.removed.last_release } : {}),
    ...(attrs.length ? { attrs } : {}),
    ...(o.attrs_removed
      ? { attrs_removed: o.attrs_removed.map((a) => ({ attr: a.attr, removed_in: a.removed_in, present_in: a.present_in_releases })) }
      : {}),
  };
}
writeFileSync(
  resolve(out, 'tf-op-history.json'),
  JSON.stringify({
    schema: 'tf-op-history-rules/1',
    source: history.source,
    subset_of: 'scripts/data/tables/tf-op-history.json (schema tf-op-history/1), extracted by scripts/data/extract-rule-data.ts',
    notes: [
      'value 1 = op present in 2.0 (and 1.15) and unchanged since, as far as the history shows',
      'otherwise first_release (or "<=2.0"), candidates (earlier releases that may already have it: unknown there), confidence (exact/high/medium/low), in_1_15, removed_in/last_release, attrs added after 2.0, attrs removed',
      ...history.notes.filter((n: string) => /first_release =|confidence:|Known gaps|NodeDef mentions|Op type not registered/.test(n)),
    ],
    releases: (history.releases as { release: string }[]).map((r) => r.release),
    master_only_ops: history.master_only_ops,
    ops,
  }),
);

const versions = read('tf-graphdef-versions.json');
writeFileSync(
  resolve(out, 'tf-graphdef-versions.json'),
  JSON.stringify(
    {
      schema: 'tf-graphdef-versions-rules/1',
      source: versions.source,
      subset_of: 'scripts/data/tables/tf-graphdef-versions.json, extracted by scripts/data/extract-rule-data.ts',
      notes: versions.notes,
      formula: versions.formula,
      releases: (
        versions.releases as { release: string; graph_def_version: number | null; certainty: string; graph_def_version_range?: number[] }[]
      ).map((r) => ({
        release: r.release,
        graph_def_version: r.graph_def_version,
        range: r.graph_def_version_range ?? null,
        certainty: r.certainty,
      })),
    },
    null,
    1,
  ),
);

const formats = read('keras-formats.json');
writeFileSync(
  resolve(out, 'keras-formats.json'),
  JSON.stringify(
    {
      schema: 'keras-formats-rules/1',
      source: formats.source,
      subset_of: 'scripts/data/tables/keras-formats.json, extracted by scripts/data/extract-rule-data.ts',
      notes: formats.notes,
      formats: (formats.formats as { id: string; name: string; loaders: Record<string, string> }[]).map((f) => ({
        id: f.id,
        name: f.name,
        loaders: f.loaders,
      })),
      loader_matrix: formats.loader_matrix,
      tf_use_legacy_keras: formats.env.TF_USE_LEGACY_KERAS.accepted_true_values,
    },
    null,
    1,
  ),
);
console.log('wrote', Object.keys(ops).length, 'ops');
