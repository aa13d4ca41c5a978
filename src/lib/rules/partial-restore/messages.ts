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
};
