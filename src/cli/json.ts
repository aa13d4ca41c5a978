/** The `facts` member of `--json` output: ModelFacts with errors as plain objects. */
import type { ModelFacts } from '../lib/facts.ts';

export function factsToJson(facts: ModelFacts): Record<string, unknown> {
  return { ...facts, problems: facts.problems.map((p) => p.toJSON()) };
}
