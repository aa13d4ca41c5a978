/**
 * Does TensorFlow release X have op Y (and attr Z)? Answers from src/lib/data/tf-op-history.json
 * (a subset of scripts/data/tables/tf-op-history.json, see scripts/data/extract-rule-data.ts), by the
 * table's own consumer rule: runtime >= first_release -> present; runtime among the candidate
 * releases -> unknown; older than all candidates -> missing; removed_in <= runtime -> removed.
 * An op the table does not list at all is not a core TensorFlow op (TF-Text, TF-DF, TF-IO, ...).
 */
import history from '../data/tf-op-history.json' with { type: 'json' };
import { compareRelease, parseRelease, releaseText, type Release } from '../context/version.ts';
import type { Confidence } from './finding.ts';

interface AttrRow {
  attr: string;
  first_release: string;
  candidates?: string[];
  confidence: string;
  has_default: boolean;
}

interface OpRow {
  first_release: string;
  candidates?: string[];
  confidence: string;
  in_1_15: boolean | null;
  removed_in?: string;
  last_release?: string;
  attrs?: AttrRow[];
  attrs_removed?: { attr: string; removed_in: string; present_in: string[] }[];
}

const OPS = history.ops as unknown as Record<string, OpRow | 1>;
const MASTER_ONLY = new Set<string>(history.master_only_ops as string[]);

export type Availability = 'present' | 'missing' | 'removed' | 'unknown' | 'not_core';

export interface OpVerdict {
  op: string;
  availability: Availability;
  confidence: Confidence;
  /** The first 2.x release known to have it ('2.0' when 2.0 already had it, and maybe earlier
   *  ones); null when no release has it (not a core op, development branch only) or the table
   *  does not say (removed attrs). */
  first_release: string | null;
  /** One sentence: which releases have it, and how sure the table is. */
  why: string;
}

export function toConfidence(tableConfidence: string): Confidence {
  if (tableConfidence === 'exact') return 'certain';
  if (tableConfidence === 'high') return 'likely';
  return 'possible';
}

const R1_15: Release = { major: 1, minor: 15 };

/** The table's first_release as a release: '<=2.0' (already in 2.0) is 2.0. */
function firstRelease(tableFirst: string): string {
  return tableFirst === '<=2.0' ? '2.0' : tableFirst;
}

/** Availability of something first released in `first` (maybe with earlier candidates) at `runtime`. */
function sinceVerdict(first: string, candidates: readonly string[] | undefined, in115: boolean | null, runtime: Release): Availability {
  if (runtime.major < 2) {
    if (compareRelease(runtime, R1_15) === 0) return in115 === true ? 'present' : in115 === false ? 'missing' : 'unknown';
    return first === '<=2.0' ? 'unknown' : 'missing';
  }
  if (first === '<=2.0') return 'present';
  const f = parseRelease(first)!;
  if (compareRelease(runtime, f) >= 0) return 'present';
  if ((candidates ?? []).some((c) => compareRelease(parseRelease(c)!, runtime) <= 0)) return 'unknown';
  return 'missing';
}

export function opVerdict(op: string, runtime: Release): OpVerdict {
  const row = OPS[op];
  const rt = releaseText(runtime);
  if (row === undefined) {
    if (MASTER_ONLY.has(op))
      return {
        op,
        availability: 'missing',
        confidence: 'likely',
        first_release: null,
        why: `${op} only ever existed on TensorFlow's development branch, in no release.`,
      };
    return {
      op,
      availability: 'not_core',
      confidence: 'likely',
      first_release: null,
      why:
        `${op} is not a core TensorFlow op in any release from 2.0 to 2.21: ` +
        'it comes from an add-on library (TF-Text, TF-DF, TF-IO, Addons, ...) or a custom op.',
    };
  }
  if (row === 1) {
    const a = runtime.major >= 2 || compareRelease(runtime, R1_15) === 0 ? 'present' : 'unknown';
    return {
      op,
      availability: a,
      confidence: a === 'present' ? 'certain' : 'possible',
      first_release: '2.0',
      why: `${op} is in every release since 2.0 (and 1.15).`,
    };
  }
  if (row.removed_in && compareRelease(runtime, parseRelease(row.removed_in)!) >= 0) {
    return {
      op,
      availability: 'removed',
      confidence: toConfidence(row.confidence),
      first_release: firstRelease(row.first_release),
      why: `${op} was removed in TensorFlow ${row.removed_in} (last in ${row.last_release}); the runtime is ${rt}.`,
    };
  }
  const a = sinceVerdict(row.first_release, row.candidates, row.in_1_15, runtime);
  const first = row.first_release === '<=2.0' ? '2.0 or earlier' : row.first_release;
  const cands = row.candidates?.length ? ` (it may already be in ${row.candidates.join(', ')}: no exact op list for those)` : '';
  return {
    op,
    availability: a,
    confidence: a === 'unknown' ? 'possible' : toConfidence(row.confidence),
    first_release: firstRelease(row.first_release),
    why: `${op} first appears in TensorFlow ${first}${cands}; table confidence ${row.confidence}; the runtime is ${rt}.`,
  };
}

export interface AttrVerdict extends OpVerdict {
  attr: string;
  has_default: boolean;
}

/** Attrs of `op` that the runtime does not know (added later, or removed by then). */
export function attrVerdicts(op: string, attrs: readonly string[], runtime: Release): AttrVerdict[] {
  const row = OPS[op];
  if (row === undefined || row === 1) return [];
  const out: AttrVerdict[] = [];
  const rt = releaseText(runtime);
  for (const a of row.attrs ?? []) {
    if (!attrs.includes(a.attr)) continue;
    const v = sinceVerdict(a.first_release, a.candidates, null, runtime);
    if (v === 'present') continue;
    out.push({
      op,
      attr: a.attr,
      has_default: a.has_default,
      availability: v,
      confidence: v === 'unknown' ? 'possible' : toConfidence(a.confidence),
      first_release: firstRelease(a.first_release),
      why:
        `attr '${a.attr}' of ${op} first appears in TensorFlow ${a.first_release}` +
        `${a.candidates?.length ? ` (maybe already ${a.candidates.join(', ')})` : ''}; the runtime is ${rt}.`,
    });
  }
  for (const a of row.attrs_removed ?? []) {
    if (!attrs.includes(a.attr)) continue;
    if (compareRelease(runtime, parseRelease(a.removed_in)!) < 0) continue;
    out.push({
      op,
      attr: a.attr,
      has_default: false,
      availability: 'removed',
      confidence: 'likely',
      first_release: null,
      why: `attr '${a.attr}' of ${op} existed only in ${a.present_in.join(', ')} and is gone from ${a.removed_in}; the runtime is ${rt}.`,
    });
  }
  return out;
}
