/**
 * Scoring triage on the corpus of real reports (test/data/triage-corpus/). Shared by the corpus
 * test and by the dev-only miss listing (scripts never list held-back items).
 *
 * What counts:
 * - A report labelled with a failure id: top-1 when triage's first failure is that id, top-3
 *   when it is among the first three. A non-failure answer (a question page, "the restore
 *   finished", a known cause outside the catalog, "nothing matched") counts as no failure.
 * - A report labelled `none` (the cause was outside the twelve): right (top-1 and top-3) when
 *   triage gives no confident failure. A confident failure there is a "confident wrong answer".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { triage } from '../../../src/lib/triage/index.ts';

export interface Report {
  id: string;
  source: string;
  label: string;
  label_confidence: 'high' | 'low';
  text: string;
}

export function loadSplit(name: 'dev' | 'holdout'): Report[] {
  const file = resolve(import.meta.dirname, `../../data/triage-corpus/${name}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { reports: Report[] }).reports;
}

/** Score at or above which a failure is shown as the answer rather than a guess. */
export const CONFIDENT = 0.6;

export interface Outcome {
  report: Report;
  /** Failure ids, best first (empty when triage gave a non-failure answer and no failure). */
  ranked: string[];
  /** The first failure is confident (the answer names it, not "possibly"). */
  confident: boolean;
  top1: boolean;
  top3: boolean;
  /** `none` report given a confident failure. */
  confidentWrong: boolean;
  summary: string;
}

interface Answerish {
  kind?: string;
  confident?: boolean;
}

export function judge(report: Report): Outcome {
  const result = triage(report.text) as ReturnType<typeof triage> & { answer?: Answerish };
  const answer = result.answer;
  const failureAnswer = answer ? answer.kind === 'failure' : result.matches.length > 0;
  const ranked: string[] = failureAnswer ? result.matches.map((m) => m.failure) : [];
  const confident = failureAnswer && (answer?.confident ?? (result.matches[0]?.score ?? 0) >= CONFIDENT);
  let top1: boolean;
  let top3: boolean;
  let confidentWrong = false;
  if (report.label === 'none') {
    top1 = !confident;
    top3 = top1;
    confidentWrong = confident;
  } else {
    top1 = ranked[0] === report.label;
    top3 = ranked.slice(0, 3).includes(report.label);
  }
  const summary = failureAnswer
    ? `${ranked.slice(0, 3).join(', ')}${confident ? '' : ' (not confident)'}`
    : `${answer?.kind ?? 'nothing'}${result.matches.length ? ` (also: ${result.matches.map((m) => m.failure).join(', ')})` : ''}`;
  return { report, ranked, confident, top1, top3, confidentWrong, summary };
}

export interface Figures {
  n: number;
  top1: number;
  top3: number;
  confidentWrong: number;
  noneCount: number;
  /** Reports answered with a confident failure, and how many of those were right. */
  confident: number;
  confidentRight: number;
}

export function figures(outcomes: readonly Outcome[]): Figures {
  return {
    n: outcomes.length,
    top1: outcomes.filter((o) => o.top1).length / Math.max(1, outcomes.length),
    top3: outcomes.filter((o) => o.top3).length / Math.max(1, outcomes.length),
    confidentWrong: outcomes.filter((o) => o.confidentWrong).length,
    noneCount: outcomes.filter((o) => o.report.label === 'none').length,
    confident: outcomes.filter((o) => o.confident).length,
    confidentRight: outcomes.filter((o) => o.confident && o.top1).length,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A table: all, high-confidence labels only, then per label. */
export function table(title: string, outcomes: readonly Outcome[]): string {
  const rows: string[] = [`${title}`];
  const line = (name: string, os: readonly Outcome[]): void => {
    const f = figures(os);
    const none = f.noneCount ? `  none: ${f.confidentWrong}/${f.noneCount} confident wrong` : '';
    rows.push(
      `  ${name.padEnd(28)} n=${String(f.n).padStart(3)}  top-1 ${pct(f.top1).padStart(6)}  top-3 ${pct(f.top3).padStart(6)}${none}`,
    );
  };
  line('all', outcomes);
  line(
    'high-confidence labels',
    outcomes.filter((o) => o.report.label_confidence === 'high'),
  );
  // Saying "possibly" is not a way to be right: how often triage commits, and how often it is right then.
  const all = figures(outcomes);
  rows.push(
    `  confident answers: ${all.confident}/${all.n} (${pct(all.confident / Math.max(1, all.n))}), right ${all.confidentRight}/${all.confident} (${pct(all.confidentRight / Math.max(1, all.confident))})`,
  );
  const labels = [...new Set(outcomes.map((o) => o.report.label))].sort();
  for (const l of labels)
    line(
      l,
      outcomes.filter((o) => o.report.label === l),
    );
  return rows.join('\n');
}
