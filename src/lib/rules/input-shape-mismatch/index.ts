/**
 * input-shape-mismatch: the input the reader feeds vs. the saved signature and build shapes, and
 * a model restored before it has variables (unbuilt subclassed model: Checkpoint.restore finds
 * nothing to fill, and with Keras 3 the deferred values never reach the variables created later;
 * Keras 3 refuses load_weights on an unbuilt model).
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts, Shape } from '../../facts.ts';
import { valueKind } from '../../diff/normalize.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { loaderKind, modelWeights, shapeText } from '../support.ts';
import { messages } from './messages.ts';

type Stated = (number | null)[];

export function inputShapeMismatch(facts: ModelFacts, ctx: Context): Finding[] {
  return [...signatureShapes(facts, ctx), ...buildShapes(facts, ctx), ...unbuilt(facts, ctx)];
}

/** Why `fed` does not fit `saved`, or null when it fits (-1 / null are free dimensions). */
export function shapeConflict(saved: Shape | null, fed: Stated): string | null {
  if (saved === null) return null;
  if (saved.length !== fed.length) return `rank ${fed.length} fed, rank ${saved.length} saved`;
  const bad = saved
    .map((d, i) => (d >= 0 && fed[i] !== null && fed[i] !== undefined && fed[i] !== d ? `dim ${i}: ${fed[i]} fed, ${d} saved` : null))
    .filter((x) => x !== null);
  return bad.length ? bad.join('; ') : null;
}

function signatureShapes(facts: ModelFacts, ctx: Context): Finding[] {
  const fed = ctx.input?.shape;
  if (!fed) return [];
  const out: Finding[] = [];
  const file = facts.artifacts.find((a) => a.format === 'saved_model')?.path ?? null;
  for (const sig of facts.signatures) {
    if (sig.key.startsWith('__') || sig.inputs.length !== 1) continue;
    const input = sig.inputs[0]!;
    const conflict = shapeConflict(input.shape, fed);
    if (!conflict) continue;
    const rankOnly = input.shape !== null && input.shape.length === fed.length + 1;
    out.push(
      report(
        messages.signatureShape,
        { signature: sig.key, input: input.name, saved: input.shape, fed, conflict, rankOnly },
        {
          severity: 'error',
          evidence: [
            evidence({
              file,
              key: `signature_def["${sig.key}"].inputs["${input.name}"]`,
              text: `${input.dtype} ${shapeText(input.shape)}`,
            }),
          ],
          confidence: 'certain',
        },
      ),
    );
  }
  return out;
}

function asShape(value: unknown): Shape | null {
  if (!Array.isArray(value) || !value.every((d) => d === null || typeof d === 'number')) return null;
  return value.map((d) => (d === null ? -1 : (d as number)));
}

function buildShapes(facts: ModelFacts, ctx: Context): Finding[] {
  const fed = ctx.input?.shape;
  if (!fed || facts.signatures.some((s) => !s.key.startsWith('__'))) return [];
  const input =
    facts.layers.find((l) => l.class_name === 'InputLayer') ??
    facts.layers.find((l) => l.path !== '' && l.build_input_shape !== null) ??
    null;
  const saved = input ? asShape(input.build_input_shape) : null;
  if (!input || !saved) return [];
  const conflict = shapeConflict(saved, fed);
  if (!conflict) return [];
  return [
    report(
      messages.buildShape,
      { layer: input.name, className: input.class_name, saved, fed, conflict },
      {
        severity: 'error',
        evidence: [
          evidence({
            file: facts.artifacts[0]?.path ?? null,
            key: `${input.path || input.name}.build_input_shape`,
            text: shapeText(saved),
          }),
        ],
        confidence: 'certain',
      },
    ),
  ];
}

function unbuilt(facts: ModelFacts, ctx: Context): Finding[] {
  const expected = ctx.expected;
  const saved = modelWeights(facts);
  // A checkpoint saved from the unbuilt model still lists save_counter and the object graph.
  if (!expected || expected.source === 'summary' || expected.variables.some((v) => valueKind(v.name) === 'model') || saved.length === 0)
    return [];
  const loader = loaderKind(ctx.loader);
  return [
    report(
      messages.notBuilt,
      { saved: saved.length, loader },
      {
        severity: 'error',
        evidence: [evidence({ text: `${saved.length} saved model weights; the expected model lists 0` })],
        confidence: 'likely',
      },
    ),
  ];
}
