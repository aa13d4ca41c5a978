/** What partial-restore says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';

const message = messagesOf('partial-restore');

export const messages = {
  unusedTrainingState: message<{ count: number; assertsConsumed: boolean }>({
    title: (d) => `${d.count} saved optimizer/bookkeeping value(s) the loading code does not use`,
    detail: (d) =>
      'The checkpoint carries training state (optimizer slots, iteration count, learning rate, save_counter) ' +
      'that the loading model has no place for. For inference that is expected: call expect_partial() to say so. ' +
      (d.assertsConsumed
        ? 'assert_consumed() raises AssertionError "Unresolved object in checkpoint ..." for the first of them, ' +
          'although every model weight may have been restored; use assert_existing_objects_matched() to check the model part.'
        : 'TF otherwise prints "Value in checkpoint could not be found in the restored object" when the status object is deleted, ' +
          'often at exit — a warning, not corruption and not a hang.'),
    fix: [
      'status = tf.train.Checkpoint(model=model).restore(prefix)',
      'status.expect_partial()  # training state is not needed for inference',
      'status.assert_existing_objects_matched()  # but every model weight must be restored',
    ].join('\n'),
  }),

  unusedModelWeights: message<{ count: number }>({
    title: (d) => `${d.count} saved model weight(s) the loading model does not have`,
    detail:
      'The saved model has layers the loading model lacks (e.g. a classification head dropped for fine-tuning). ' +
      'If that is intended, expect_partial() is right; if not, expect_partial() hides a model that is missing layers. ' +
      'assert_existing_objects_matched() passes either way, so check this list.',
    fix: [
      'status = tf.train.Checkpoint(model=model).restore(prefix)',
      'status.assert_existing_objects_matched()  # every weight the model has was restored',
      'status.expect_partial()  # only after checking the unused ones are meant to be dropped',
    ].join('\n'),
  }),

  missingWeights: message<{ count: number }>({
    title: (d) => `${d.count} expected weight(s) are not in the artifact`,
    detail:
      'These weights keep their initial (random) values. ' +
      'TF2 Checkpoint.restore and Keras 2 load_weights of a TF checkpoint raise nothing for them ' +
      'unless you call assert_consumed() or assert_existing_objects_matched(); expect_partial() would hide it for good.',
    fix: [
      'status = tf.train.Checkpoint(model=model).restore(prefix)',
      'status.assert_existing_objects_matched()  # raises, naming what was not restored',
    ].join('\n'),
  }),

  missingOptimizerState: message<{ count: number }>({
    title: (d) => `The loading code expects ${d.count} optimizer value(s) the artifact does not have`,
    detail:
      'The checkpoint was saved without optimizer state (e.g. save_weights for inference). ' +
      'Training resumes with fresh optimizer slots; the weights themselves are fine.',
  }),

  optimizerValues: message<{ count: number }>({
    title: (d) => `The checkpoint holds ${d.count} optimizer value(s)`,
    detail:
      'If the loading code builds the model without its optimizer (inference), these stay unused: use expect_partial(). ' +
      'The warnings TF prints about them at exit are not an error.',
    fix: 'tf.train.Checkpoint(model=model).restore(prefix).expect_partial()',
  }),

  /** Keras 3 skips a .keras file's optimizer values when the rebuilt optimizer has another count. */
  kerasOptimizerCountSkip: message<{
    file: string;
    name: string;
    className: string;
    built: number;
    saved: number;
    unbuilt: boolean;
    trainable: number;
  }>({
    title: (d) =>
      d.unbuilt
        ? `Keras 3 will skip the optimizer: saved before training (${d.saved} values), rebuilt with ${d.built}`
        : `Keras 3 will skip the saved optimizer state: ${d.saved} values saved, the rebuilt ${d.className} has ${d.built}`,
    detail: (d) =>
      `keras.models.load_model compiles the model and builds its ${d.className} for ${d.trainable} trainable variables (${d.built} values), ` +
      `then compares that with the ${d.saved} saved and, as they differ, loads none of them, with only a warning: ` +
      `"Skipping variable loading for optimizer '${d.name}', because it has ${d.built} variables whereas the saved optimizer has ${d.saved} variables." ` +
      (d.unbuilt
        ? 'The model was compiled but saved before training, so its optimizer had no state: nothing is lost, and the weights load.'
        : 'The optimizer state (moments, momentum) is lost: training resumes with a fresh optimizer. The weights load.'),
    fix: (d) =>
      d.unbuilt
        ? [
            `model = keras.models.load_model("${d.file}", compile=False)  # no warning; compile again to train`,
            '# or save after training, or after model.optimizer.build(model.trainable_variables)',
          ].join('\n')
        : [
            '# Load with the same optimizer configuration and trainable variables it was saved with,',
            `# or drop the optimizer state knowingly: keras.models.load_model("${d.file}", compile=False)`,
          ].join('\n'),
  }),

  /** A legacy .h5 written by Keras 3 keeps optimizer slots Keras 3 does not restore. */
  kerasH5OptimizerNotResumable: message<{ file: string; className: string; slots: number }>({
    title: (d) => `Training cannot resume from this Keras 3 .h5: its ${d.className} state is not restored`,
    detail: (d) =>
      `Keras 3 writes the optimizer's values into a legacy .h5 (optimizer_weights, ${d.slots} slots here) but load_model restores only the ` +
      'iteration count and learning rate; the compiled optimizer then rejects the model on the first fit(): "ValueError: Unknown variable: ' +
      '<Variable path=...>. This optimizer can only be called for the variables it was originally built with." Inference works.',
    fix: (d) =>
      [
        `model = keras.models.load_model("${d.file}", compile=False)`,
        'model.compile(optimizer="adam", loss=...)  # a fresh optimizer: training resumes without the saved moments',
        '# To keep optimizer state across saves, save as .keras (model.save("model.keras")).',
      ].join('\n'),
  }),
};
