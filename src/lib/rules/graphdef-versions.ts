/** GraphDef producer numbers <-> TensorFlow releases (src/lib/data/tf-graphdef-versions.json). */
import table from '../data/tf-graphdef-versions.json' with { type: 'json' };
import { compareRelease, parseRelease, type Release } from '../context/version.ts';

interface Row {
  release: string;
  graph_def_version: number | null;
  range: number[] | null;
  certainty: string;
}

const ROWS = table.releases as Row[];

/** TF_GRAPH_DEF_VERSION of a release (exact or the middle of its known window), or null. */
export function graphDefVersionOf(release: Release): number | null {
  const row = ROWS.find((r) => compareRelease(parseRelease(r.release)!, release) === 0);
  if (!row) return null;
  if (row.graph_def_version !== null) return row.graph_def_version;
  return row.range ? Math.round((row.range[0]! + row.range[1]!) / 2) : null;
}

/** The newest release whose GraphDef version is <= producer (what most likely wrote it). */
export function releaseForProducer(producer: number): string | null {
  let best: Row | null = null;
  for (const r of ROWS) {
    if (r.release === '1.15') continue; // cut after 2.0 with a higher number; 2.x line only
    const v = r.graph_def_version ?? (r.range ? r.range[0]! : null);
    if (v !== null && v <= producer && (!best || v >= (best.graph_def_version ?? best.range?.[0] ?? 0))) best = r;
  }
  return best ? best.release : null;
}
