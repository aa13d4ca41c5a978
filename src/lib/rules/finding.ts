/** A finding: one named disagreement, with its evidence, a fix and the guide that explains it. */
import { failureUrl, type FailureId, type GuideStep } from '../catalog.ts';

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'certain' | 'likely' | 'possible';

export interface Evidence {
  file: string | null;
  /** Checkpoint key, dataset path, op name, config path, ... */
  key: string | null;
  /** Where in the file, e.g. 'offset 120, 40 bytes'. */
  bytes: string | null;
  text: string | null;
}

export interface Finding {
  failure: FailureId;
  severity: Severity;
  title: string;
  detail: string;
  evidence: Evidence[];
  /** A Python snippet or an instruction; null when there is nothing to change. */
  fix: string | null;
  url: string;
  confidence?: Confidence;
}

export type Rule = (facts: import('../facts.ts').ModelFacts, ctx: import('../context/types.ts').Context) => Finding[];

export function finding(
  failure: FailureId,
  severity: Severity,
  title: string,
  detail: string,
  options: { evidence?: Evidence[]; fix?: string | null; step?: GuideStep; confidence?: Confidence } = {},
): Finding {
  const out: Finding = {
    failure,
    severity,
    title,
    detail,
    evidence: options.evidence ?? [],
    fix: options.fix ?? null,
    url: failureUrl(failure, options.step ?? (options.fix ? 'fix' : 'confirm')),
  };
  if (options.confidence) out.confidence = options.confidence;
  return out;
}

export function evidence(parts: Partial<Evidence>): Evidence {
  return { file: parts.file ?? null, key: parts.key ?? null, bytes: parts.bytes ?? null, text: parts.text ?? null };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER[s];
}
