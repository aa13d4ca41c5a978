/**
 * Share links: a URL with a compact summary of the findings in the fragment (fragments never
 * reach a server). Without the reader's consent the summary holds no file contents and no names:
 * failure ids, severities, formats, versions and counts only.
 *
 * A result with findings links the guide of the most severe one (`/failures/<id>/#fix;r=…`: the
 * step is where the shared report's "Read the fix" link points); a clean result links the
 * Inspect page (`/inspect/#shared;r=…`), because no guide is about it. The recipient's page
 * lands on the shared report itself.
 *
 * Everything in a fragment comes from whoever wrote the link, not from this site: it is read
 * back field by field, text is cut short and stripped of control and bidi characters, and the
 * page shows it as quoted data.
 */
import { GUIDE_STEPS, isFailureId, type FailureId, type GuideStep } from './catalog.ts';
import { ARTIFACT_FORMATS, type ArtifactFormat, type ModelFacts } from './facts.ts';
import type { Finding } from './rules/finding.ts';

export interface SharedSummary {
  v: 1;
  /** Findings, most severe first: failure id, severity, and the title only when names are included. */
  f: { id: FailureId; s: 'error' | 'warning' | 'info'; t?: string }[];
  /** Artifact formats. */
  a: ArtifactFormat[];
  /** Saved-by versions (TF, Keras), when recorded. */
  tf?: string;
  keras?: string;
  /** Variable count. */
  n: number;
}

const MARK = ';r=';
const MAX_FINDINGS = 12;
/** A finding's title as shared: long enough to name a layer or key, too short for instructions. */
export const MAX_SHARED_TITLE = 120;
const MAX_VERSION = 40;
/** The landing step a clean result's link names (no guide step applies). */
export const SHARED_ANCHOR = 'shared';

/** C0/C1 controls, line and paragraph separators, and bidi embeddings/overrides/isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed from shared text
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]+/g;

/** Shared text as one plain line, at most `max` characters (an ellipsis marks a cut). */
export function cleanSharedText(text: string, max: number): string {
  const flat = text.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

/** A version as recorded in a file: digits, letters, dots, dashes and pluses only. */
function cleanVersion(text: string): string | null {
  const v = text.slice(0, MAX_VERSION);
  return /^[\w.+-]+$/.test(v) ? v : null;
}

export function summarize(
  facts: Pick<ModelFacts, 'artifacts' | 'producer' | 'variables'>,
  findings: readonly Finding[],
  includeNames: boolean,
): SharedSummary {
  const summary: SharedSummary = {
    v: 1,
    f: findings
      .slice(0, MAX_FINDINGS)
      .map((f) =>
        includeNames ? { id: f.failure, s: f.severity, t: cleanSharedText(f.title, MAX_SHARED_TITLE) } : { id: f.failure, s: f.severity },
      ),
    a: [...new Set(facts.artifacts.map((a) => a.format))],
    n: facts.variables.length,
  };
  const tf = facts.producer.tensorflow && cleanVersion(facts.producer.tensorflow);
  const keras = facts.producer.keras && cleanVersion(facts.producer.keras);
  if (tf) summary.tf = tf;
  if (keras) summary.keras = keras;
  return summary;
}

/**
 * `/failures/<id>/#<step>;r=<summary>` for the most severe finding, or `/inspect/#shared;r=<summary>`
 * when nothing was found.
 */
export function shareLink(summary: SharedSummary, step: GuideStep = 'fix'): string {
  const data = `${MARK}${encodeURIComponent(JSON.stringify(summary))}`;
  const top = summary.f[0]?.id;
  return top ? `/failures/${top}/#${step}${data}` : `/inspect/#${SHARED_ANCHOR}${data}`;
}

/** Reads a fragment like `#fix;r=...`; returns null for anything that is not a valid summary. */
export function readShareFragment(hash: string): { step: GuideStep | null; summary: SharedSummary } | null {
  const at = hash.indexOf(MARK);
  if (at < 0 || hash.length > 8192) return null;
  const stepText = hash.slice(hash.startsWith('#') ? 1 : 0, at);
  const step = (GUIDE_STEPS as readonly string[]).includes(stepText) ? (stepText as GuideStep) : null;
  let data: unknown;
  try {
    data = JSON.parse(decodeURIComponent(hash.slice(at + MARK.length)));
  } catch {
    return null;
  }
  const summary = validate(data);
  return summary ? { step, summary } : null;
}

/** Everything in a fragment is untrusted: keep only well-typed fields, text cleaned and cut short. */
function validate(data: unknown): SharedSummary | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d.v !== 1 || !Array.isArray(d.f) || !Array.isArray(d.a) || typeof d.n !== 'number' || !Number.isFinite(d.n)) return null;
  const f: SharedSummary['f'] = [];
  for (const item of d.f.slice(0, MAX_FINDINGS)) {
    if (!item || typeof item !== 'object') return null;
    const { id, s, t } = item as Record<string, unknown>;
    if (typeof id !== 'string' || !isFailureId(id) || (s !== 'error' && s !== 'warning' && s !== 'info')) return null;
    const title = typeof t === 'string' ? cleanSharedText(t, MAX_SHARED_TITLE) : '';
    f.push(title ? { id, s, t: title } : { id, s });
  }
  const out: SharedSummary = {
    v: 1,
    f,
    a: [...new Set(d.a.filter((x): x is ArtifactFormat => typeof x === 'string' && (ARTIFACT_FORMATS as readonly string[]).includes(x)))],
    n: Math.min(Math.max(0, Math.floor(d.n)), 1e9),
  };
  const tf = typeof d.tf === 'string' ? cleanVersion(d.tf) : null;
  const keras = typeof d.keras === 'string' ? cleanVersion(d.keras) : null;
  if (tf) out.tf = tf;
  if (keras) out.keras = keras;
  return out;
}
