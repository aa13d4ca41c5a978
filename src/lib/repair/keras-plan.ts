import type { FileSet } from '../byte-source.ts';
import type { CheckResult } from '../check.ts';
import type { ArtifactFact } from '../facts.ts';
import { refusedPlan } from './plan.ts';
import type { RepairAsk, RepairPlan } from './types.ts';

export async function planKeras(
  _files: FileSet,
  _result: CheckResult,
  artifact: ArtifactFact,
  _ask: RepairAsk,
  _o: { outLabel: string },
): Promise<RepairPlan> {
  return refusedPlan(`${artifact.path}: not yet`);
}
