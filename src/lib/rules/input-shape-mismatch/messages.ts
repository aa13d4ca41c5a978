/** What input-shape-mismatch says (the logic is in ./index.ts). */
import type { Shape } from '../../facts.ts';
import { messagesOf } from '../finding.ts';
import { shapeText, type LoaderKind } from '../support.ts';

const message = messagesOf('input-shape-mismatch');

/** A shape as the reader states it: null entries are open dimensions (batch). */
type Stated = (number | null)[];

function fedText(fed: Stated): string {
  return `(${fed.map((d) => (d === null ? 'None' : String(d))).join(', ')}${fed.length === 1 ? ',' : ''})`;
}

export const messages = {
  signatureShape: message<{
    signature: string;
    input: string;
    saved: Shape | null;
    fed: Stated;
    conflict: string;
    /** The fed shape lacks only the leading (batch) dimension. */
    rankOnly: boolean;
  }>({
    title: (d) => `Signature ${d.signature} expects ${shapeText(d.saved)}, you feed ${fedText(d.fed)}`,
    detail: (d) =>
      `The signature's input "${d.input}" was traced for ${shapeText(d.saved)} (-1/? = any size): ${d.conflict}. ` +
      'It raises at once; it does not hang.',
    fix: (d) =>
      d.rankOnly
        ? 'x = tf.expand_dims(x, 0)  # add the batch dimension'
        : `x = tf.reshape(x, [${d.saved!.map((n) => (n < 0 ? -1 : n)).join(', ')}])  ` +
          '# only if the data really has this layout; otherwise resize/crop to the saved size',
  }),

  buildShape: message<{ layer: string; className: string; saved: Shape; fed: Stated; conflict: string }>({
    title: (d) => `The model was built for ${shapeText(d.saved)}, you feed ${fedText(d.fed)}`,
    detail: (d) =>
      `${d.layer} (${d.className}) records the input shape ${shapeText(d.saved)}: ${d.conflict}. ` +
      'Weights whose shape depends on the input (the first Dense kernel, for example) only fit this width.',
    fix: (d) =>
      `Feed data shaped ${shapeText(d.saved)} (None/-1 = any), ` +
      'or rebuild the model for the new input and retrain the layers whose weights depend on it.',
  }),

  notBuilt: message<{ saved: number; loader: LoaderKind }>({
    title: 'The loading model has no variables yet (not built)',
    detail: (d) =>
      `The expected model lists no weights while ${d.saved} were saved: a subclassed model creates its variables on its first call. ` +
      (d.loader === 'keras_load_weights'
        ? 'Keras 3 load_weights on it fails ("You are loading weights into a model that has not yet been built").'
        : 'tf.train.Checkpoint.restore raises nothing and restores nothing yet. ' +
          'tf.keras 2.x applied the values when the variables were created later (deferred restoration); ' +
          'with Keras 3 (checked on TF 2.21 / Keras 3.15) they never arrive: the first call creates fresh random variables. ' +
          'assert_existing_objects_matched() right after restore passes, because no variable exists yet.'),
    fix: [
      'model(tf.zeros([1, *input_shape]))  # or model.build((None, *input_shape)): create the variables first',
      'status = tf.train.Checkpoint(model=model).restore(prefix)',
      'status.assert_existing_objects_matched()',
    ].join('\n'),
  }),
};
