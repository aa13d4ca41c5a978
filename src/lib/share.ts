/**
 * Share links: a URL to the failure page and step, with a compact summary of the findings in
 * the fragment (fragments never reach a server). Without the reader's consent the summary holds
 * no file contents and no names: failure ids, severities, formats, versions and counts only.
 */
import { GUIDE_STEPS, isFailureId, type FailureId, type GuideStep } from './catalog.ts';
import type { ModelFacts } from './facts.ts';
import type { Finding } from './rules/finding.ts';

export interface SharedSummary {
  v: 1;
  /** Findings, most severe first: failure id, severity, and the title only when names are included. */
  f: { id: FailureId; s: 'error' | 'warning' | 'info'; t?: string }[];
  /** Artifact formats. */
  a: string[];
  /** Saved-by versions (TF, Keras), when recorded. */
  tf?: string;
  keras?: string;
  /** Variable count. */
  n: number;
}

const MARK = ';r=';
const MAX_FINDINGS = 12;
const MAX_TITLE = 160;

export function summarize(
  facts: Pick<ModelFacts, 'artifacts' | 'producer' | 'variables'>,
  findings: readonly Finding[],
  includeNames: boolean,
): SharedSummary {
  const summary: SharedSummary = {
    v: 1,
    f: findings
      .slice(0, MAX_FINDINGS)
      .map((f) => (includeNames ? { id: f.failure, s: f.severity, t: f.title.slice(0, MAX_TITLE) } : { id: f.failure, s: f.severity })),
    a: [...new Set(facts.artifacts.map((a) => a.format))],
    n: facts.variables.length,
  };
  if (facts.producer.tensorflow) summary.tf = facts.producer.tensorflow.slice(0, 40);
  if (facts.producer.keras) summary.keras = facts.producer.keras.slice(0, 40);
  return summary;
}

/** `/failures/<id>/#<step>;r=<summary>` for the most severe finding (or the given one). */
export function shareLink(summary: SharedSummary, step: GuideStep = 'fix'): string {
  const top = summary.f[0]?.id ?? 'wrong-path-or-loader';
  return `/failures/${top}/#${step}${MARK}${encodeURIComponent(JSON.stringify(summary))}`;
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

/** Everything in a fragment is untrusted: keep only well-typed fields. */
function validate(data: unknown): SharedSummary | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d.v !== 1 || !Array.isArray(d.f) || !Array.isArray(d.a) || typeof d.n !== 'number') return null;
  const f: SharedSummary['f'] = [];
  for (const item of d.f.slice(0, MAX_FINDINGS)) {
    if (!item || typeof item !== 'object') return null;
    const { id, s, t } = item as Record<string, unknown>;
    if (typeof id !== 'string' || !isFailureId(id) || (s !== 'error' && s !== 'warning' && s !== 'info')) return null;
    f.push(typeof t === 'string' ? { id, s, t: t.slice(0, MAX_TITLE) } : { id, s });
  }
  const out: SharedSummary = {
    v: 1,
    f,
    a: d.a.filter((x): x is string => typeof x === 'string').slice(0, 10),
    n: Math.max(0, Math.floor(d.n)),
  };
  if (typeof d.tf === 'string') out.tf = d.tf.slice(0, 40);
  if (typeof d.keras === 'string') out.keras = d.keras.slice(0, 40);
  return out;
}
