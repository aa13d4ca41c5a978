/**
 * input-shape-mismatch: the input the reader feeds vs. the saved signature and build shapes, and
 * a model restored before it has variables (unbuilt subclassed model: Checkpoint.restore finds
 * nothing to fill, and with Keras 3 the deferred values never reach the variables created later;
 * Keras 3 refuses load_weights on an unbuilt model).
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts, Shape } from '../../facts.ts';
import { valueKind } from '../../diff/normalize.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { loaderKind, modelWeights, shapeText } from '../support.ts';

const ID = 'input-shape-mismatch';

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

function fedText(fed: Stated): string {
  return `(${fed.map((d) => (d === null ? 'None' : String(d))).join(', ')}${fed.length === 1 ? ',' : ''})`;
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
      finding(
        ID,
        'error',
        `Signature ${sig.key} expects ${shapeText(input.shape)}, you feed ${fedText(fed)}`,
        `The signature's input "${input.name}" was traced for ${shapeText(input.shape)} (-1/? = any size): ${conflict}. It raises at once; it does not hang.`,
        {
          evidence: [
            evidence({
              file,
              key: `signature_def["${sig.key}"].inputs["${input.name}"]`,
              text: `${input.dtype} ${shapeText(input.shape)}`,
            }),
          ],
          fix: rankOnly
            ? 'x = tf.expand_dims(x, 0)  # add the batch dimension'
            : `x = tf.reshape(x, [${input.shape!.map((d) => (d < 0 ? -1 : d)).join(', ')}])  # only if the data really has this layout; otherwise resize/crop to the saved size`,
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
    finding(
      ID,
      'error',
      `The model was built for ${shapeText(saved)}, you feed ${fedText(fed)}`,
      `${input.name} (${input.class_name}) records the input shape ${shapeText(saved)}: ${conflict}. Weights whose shape depends on the input (the first Dense kernel, for example) only fit this width.`,
      {
        evidence: [
          evidence({
            file: facts.artifacts[0]?.path ?? null,
            key: `${input.path || input.name}.build_input_shape`,
            text: shapeText(saved),
          }),
        ],
        fix: `Feed data shaped ${shapeText(saved)} (None/-1 = any), or rebuild the model for the new input and retrain the layers whose weights depend on it.`,
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
    finding(
      ID,
      'error',
      'The loading model has no variables yet (not built)',
      `The expected model lists no weights while ${saved.length} were saved: a subclassed model creates its variables on its first call. ${
        loader === 'keras_load_weights'
          ? 'Keras 3 load_weights on it fails ("You are loading weights into a model that has not yet been built").'
          : 'tf.train.Checkpoint.restore raises nothing and restores nothing yet. tf.keras 2.x applied the values when the variables were created later (deferred restoration); with Keras 3 (checked on TF 2.21 / Keras 3.15) they never arrive: the first call creates fresh random variables. assert_existing_objects_matched() right after restore passes, because no variable exists yet.'
      }`,
      {
        evidence: [evidence({ text: `${saved.length} saved model weights; the expected model lists 0` })],
        fix: 'model(tf.zeros([1, *input_shape]))  # or model.build((None, *input_shape)): create the variables first\nstatus = tf.train.Checkpoint(model=model).restore(prefix)\nstatus.assert_existing_objects_matched()',
        confidence: 'likely',
      },
    ),
  ];
}
