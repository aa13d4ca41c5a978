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

/** Text of a message: fixed, or made from the data the rule reports with it. */
export type Text<D> = string | ((data: D) => string);

/** A fix: fixed, made from the data, or null when there is nothing to change. */
export type Fix<D> = string | null | ((data: D) => string | null);

/**
 * What one kind of finding says, kept apart from the logic that decides to report it (as ESLint's
 * `meta.messages`): each rule's messages.ts holds a table of these, and its index.ts reports them
 * with typed data.
 */
export interface Message<D> {
  readonly failure: FailureId;
  readonly title: Text<D>;
  readonly detail: Text<D>;
  readonly fix: Fix<D>;
}

/** The data of a message whose text is constant: report it with `{}`. */
export type NoData = Record<string, never>;

/**
 * The message constructor of one rule's table: `const message = messagesOf('dtype-mismatch')`,
 * then `message<{ dtype: string }>({ title: (d) => ..., detail: '...', fix: ... })`. The type
 * argument is the message's data; without one the message takes none.
 */
export function messagesOf(failure: FailureId) {
  return <D = NoData>(text: { title: Text<D>; detail: Text<D>; fix?: Fix<D> }): Message<D> => ({
    failure,
    title: text.title,
    detail: text.detail,
    fix: text.fix ?? null,
  });
}

export interface ReportOptions {
  severity: Severity;
  evidence?: Evidence[];
  /** The guide section the finding links to; by default 'fix' when it has a fix, else 'confirm'. */
  step?: GuideStep;
  confidence?: Confidence;
}

/** A finding of `message` with its data: `report(messages.checksumMismatch, { ...data }, { severity, evidence })`. */
export function report<D>(message: Message<D>, data: NoInfer<D>, options: ReportOptions): Finding {
  const text = (t: Text<D>) => (typeof t === 'function' ? t(data) : t);
  const fix = typeof message.fix === 'function' ? message.fix(data) : message.fix;
  return finding(message.failure, options.severity, text(message.title), text(message.detail), {
    evidence: options.evidence,
    fix,
    step: options.step,
    confidence: options.confidence,
  });
}

export function evidence(parts: Partial<Evidence>): Evidence {
  return { file: parts.file ?? null, key: parts.key ?? null, bytes: parts.bytes ?? null, text: parts.text ?? null };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER[s];
}
