/**
 * The one serialized form of a check: what `--json` prints, what the worker posts to the page,
 * and what share links summarize. Plain JSON (problems become objects with their code), so it
 * survives JSON.stringify and structured clone alike.
 */
import type { RenamePlan, CheckResult } from './check.ts';
import type { ExpectedModel, VerifyEntry } from './context/types.ts';
import type { ModelDiff } from './diff/index.ts';
import type { DecodeError, DecodeErrorJson } from './errors.ts';
import type { ArtifactFact, ModelFacts } from './facts.ts';
import type { Finding } from './rules/finding.ts';

/** A problem as data: the DecodeError's fields and its one-line message. */
export type ProblemJson = DecodeErrorJson & { message: string };

/** ModelFacts with its problems as data. */
export type FactsJson = Omit<ModelFacts, 'problems'> & { problems: ProblemJson[] };

export interface CheckReport {
  artifacts: ArtifactFact[];
  facts: FactsJson;
  findings: Finding[];
  /** One report per verified checkpoint; null when verification was skipped. */
  verify: VerifyEntry[] | null;
  expected: ExpectedModel | null;
  diff: ModelDiff | null;
  rename: RenamePlan | null;
}

export function problemToJson(problem: DecodeError): ProblemJson {
  return { ...problem.toJSON(), message: problem.message };
}

export function factsToJson(facts: ModelFacts): FactsJson {
  return { ...facts, problems: facts.problems.map(problemToJson) };
}

export function toReport(result: CheckResult): CheckReport {
  return {
    artifacts: result.facts.artifacts,
    facts: factsToJson(result.facts),
    findings: result.findings,
    verify: result.verify,
    expected: result.expected,
    diff: result.diff,
    rename: result.rename,
  };
}
