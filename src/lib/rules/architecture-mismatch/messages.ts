/** What architecture-mismatch says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';
import { shapeText } from '../support.ts';

const message = messagesOf('architecture-mismatch');

/** A weight of the layer: its leaf name and both shapes. */
export interface ReshapedWeight {
  leaf: string;
  saved: number[] | null;
  expected: number[] | null;
}

export const messages = {
  layerReshaped: message<{ layer: string; weights: ReshapedWeight[]; tf1Saver: boolean }>({
    title: (d) =>
      `${d.layer}: ${d.weights.map((w) => `${w.leaf} saved ${shapeText(w.saved)}, expected ${shapeText(w.expected)}`).join('; ')}`,
    detail: (d) =>
      'The layer was changed between saving and loading (units, filters, kernel size or input width). ' +
      (d.tf1Saver
        ? 'With tf.compat.v1 graph code in TF 2.x (resource variables, the default) the Saver raises nothing: the variable silently ' +
          `takes the saved shape ${shapeText(d.weights[0]!.saved)} while the graph still declares ${shapeText(d.weights[0]!.expected)}, ` +
          'and the error comes later from an op that uses it, or never. Only TF1 reference variables ' +
          `(tf.compat.v1.disable_v2_behavior()) raise "Assign requires shapes of both tensors to match. lhs shape= ${tfShape(d.weights[0]!.expected)} ` +
          `rhs shape= ${tfShape(d.weights[0]!.saved)}".`
        : `Restoring raises a shape error such as "Received incompatible tensor with shape ${shapeText(d.weights[0]!.saved)} ` +
          `when attempting to restore variable with shape ${shapeText(d.weights[0]!.expected)}" (TF2 Checkpoint) ` +
          'or "Shape mismatch in layer" (Keras).'),
    fix: (d) =>
      `Build ${d.layer} as it was saved (the saved shapes say: ${d.weights.map((w) => `${w.leaf} ${shapeText(w.saved)}`).join(', ')}), ` +
      'restore, then change the layer and fine-tune; ' +
      'or skip it on purpose (restore the rest with expect_partial() after removing it from the model).',
  }),

  layersDiffer: message<{ extra: number; missing: number }>({
    title: (d) => `Layers differ: ${d.extra} saved weight(s) with no counterpart, ${d.missing} expected weight(s) not saved`,
    detail:
      'Neither the names nor the shapes pair these up, so the model code builds different layers from the ones that were saved ' +
      '(a layer added, removed or replaced).',
    fix: 'Compare the model code with the saved layers listed above; rebuild the saved architecture to restore, then modify it.',
  }),

  parameterCounts: message<{ rows: string[] }>({
    title: (d) => `Parameter counts differ in ${d.rows.length} layer(s)`,
    detail: (d) => `model.summary() of the loading model and the saved weights disagree per layer: ${d.rows.join('; ')}.`,
    fix: 'Build each listed layer with the saved configuration (units/filters/kernel size) before restoring.',
  }),

  totalParameters: message<{ expected: number; saved: number }>({
    title: (d) => `Total parameters differ: ${d.expected} expected, ${d.saved} saved`,
    detail:
      'The layer names of the summary do not appear in the saved keys (positional keys, or renamed layers), ' +
      'but the totals already show that the architectures differ.',
  }),
};

/** A shape as TensorFlow's C++ prints it in Assign errors: `[8,5]`. */
function tfShape(shape: Parameters<typeof shapeText>[0]): string {
  return shapeText(shape).replace(/\s+/g, '');
}
