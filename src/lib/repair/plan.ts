/**
 * planRepair(): which artifact, which repairs, what will be written, what the reader must do by
 * hand, and why not when it cannot be done. Nothing is written here; the plan is shown first.
 */
import type { FileSet } from '../byte-source.ts';
import type { CheckResult } from '../check.ts';
import type { ArtifactFact } from '../facts.ts';
import { planCheckpoint } from './checkpoint-plan.ts';
import { planKeras } from './keras-plan.ts';
import { summarize } from './summary.ts';
import { emptyCounts, type RepairAsk, type RepairPlan, type RepairPlanView } from './types.ts';

export interface PlanOptions {
  /** What the output folder is called in the load snippet (the CLI passes --out). */
  outLabel?: string;
}

const REPAIRABLE = new Set(['checkpoint', 'keras_h5', 'keras_v3']);

export async function planRepair(files: FileSet, result: CheckResult, ask: RepairAsk = {}, options: PlanOptions = {}): Promise<RepairPlan> {
  const outLabel = options.outLabel ?? 'repaired';
  const chosen = chooseArtifact(result, ask);
  if ('refused' in chosen) return refusedPlan(chosen.refused);
  const artifact = chosen.artifact;
  const plan =
    artifact.format === 'checkpoint'
      ? await planCheckpoint(files, result, artifact.path, ask, { outLabel })
      : await planKeras(files, result, artifact, ask, { outLabel });
  if (plan.refused.length > 0) plan.program = null;
  plan.summary = summarize(plan);
  return plan;
}

function chooseArtifact(result: CheckResult, ask: RepairAsk): { artifact: ArtifactFact } | { refused: string } {
  const artifacts = result.facts.artifacts;
  if (ask.artifact) {
    const a = artifacts.find((x) => x.path === ask.artifact || x.files.includes(ask.artifact!));
    if (!a)
      return { refused: `${ask.artifact} is not an artifact of these files (found: ${artifacts.map((x) => x.path).join(', ') || 'none'})` };
    if (!REPAIRABLE.has(a.format)) return { refused: unsupported(a) };
    return { artifact: a };
  }
  const candidates = artifacts.filter((a) => REPAIRABLE.has(a.format));
  if (candidates.length === 0) {
    const first = artifacts[0];
    return { refused: first ? unsupported(first) : 'no TensorFlow or Keras artifact to repair in these files' };
  }
  if (candidates.length === 1) return { artifact: candidates[0]! };
  // A folder of checkpoints: the one the state file names, else the newest step.
  const state = result.facts.checkpoint_state?.model_checkpoint_path ?? null;
  const named = state ? candidates.find((a) => a.format === 'checkpoint' && baseName(a.path) === baseName(state)) : undefined;
  if (named) return { artifact: named };
  const parts = candidates.filter((a) => /_temp(_[0-9a-f]+)?\/part-\d{5}-of-\d{5}$/.test(a.path));
  if (parts.length === candidates.length) return { artifact: parts[0]! };
  const steps = candidates.filter((a) => a.format === 'checkpoint' && /-(\d+)$/.test(a.path));
  if (steps.length === candidates.length) {
    return { artifact: [...steps].sort((a, b) => step(b.path) - step(a.path))[0]! };
  }
  return {
    refused: `these files hold ${candidates.length} artifacts (${candidates.map((a) => a.path).join(', ')}): name the one to repair`,
  };
}

function step(path: string): number {
  return Number(/-(\d+)$/.exec(path)?.[1] ?? -1);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function unsupported(a: ArtifactFact): string {
  return `${a.path} is a ${a.format} artifact: repair rewrites TF checkpoints, legacy Keras .h5 and .keras files`;
}

export function refusedPlan(reason: string): RepairPlan {
  const plan: RepairPlan = {
    artifact: null,
    summary: '',
    steps: [],
    counts: emptyCounts(),
    outputs: [],
    load: null,
    manual: [],
    warnings: [],
    refused: [reason],
    program: null,
  };
  plan.summary = summarize(plan);
  return plan;
}

/** The plan as data (no program): what --json prints and the worker posts. */
export function planView(plan: RepairPlan): RepairPlanView {
  const { program: _program, ...view } = plan;
  return view;
}
