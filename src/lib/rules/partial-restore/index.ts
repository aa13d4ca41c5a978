/**
 * partial-restore: saved values the expected model does not use, and expected values the
 * artifact does not have, when they are one-sided (both sides at once is architecture-mismatch).
 *  - optimizer state / save_counter unused: normal when loading for inference; expect_partial()
 *    is the right call and silences the "Value in checkpoint could not be found" warnings, which
 *    TF prints when the status object is garbage-collected (often at exit: not a hang);
 *  - model weights unused (a head or a layer the new model lacks): expect_partial() would hide it;
 *  - expected weights not in the artifact: they keep their initial values, and TF2's restore
 *    raises nothing unless assert_consumed()/assert_existing_objects_matched() is called.
 */
import type { Context } from '../../context/types.ts';
import { diffModels } from '../../diff/index.ts';
import { valueKind } from '../../diff/normalize.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { loaderKind, optimizerValues, shapeText } from '../support.ts';

const ID = 'partial-restore';

export function partialRestore(facts: ModelFacts, ctx: Context): Finding[] {
  if (!ctx.expected || ctx.expected.variables.length === 0) return withoutExpected(facts, ctx);
  const diff = diffModels(facts, ctx.expected);
  const out: Finding[] = [];
  const extraOpt = diff.extra.filter((e) => e.kind !== 'model');
  const extraModel = diff.extra.filter((e) => e.kind === 'model');
  const missingModel = diff.missing.filter((m) => valueKind(m.name) === 'model');
  const missingOpt = diff.missing.filter((m) => valueKind(m.name) !== 'model');
  // The loading code already says the training state is not wanted.
  const expectsPartial = /expect_partial/.test(ctx.loader ?? '');
  // assert_consumed() turns unused training state into an AssertionError; otherwise TF only logs.
  const assertsConsumed = /assert_consumed/.test(ctx.loader ?? '');
  if (extraOpt.length > 0 && !expectsPartial) {
    out.push(
      finding(
        ID,
        assertsConsumed ? 'error' : 'info',
        `${extraOpt.length} saved optimizer/bookkeeping value(s) the loading code does not use`,
        `The checkpoint carries training state (optimizer slots, iteration count, learning rate, save_counter) that the loading model has no place for. For inference that is expected: call expect_partial() to say so. ${
          assertsConsumed
            ? 'assert_consumed() raises AssertionError "Unresolved object in checkpoint ..." for the first of them, although every model weight may have been restored; use assert_existing_objects_matched() to check the model part.'
            : 'TF otherwise prints "Value in checkpoint could not be found in the restored object" when the status object is deleted, often at exit — a warning, not corruption and not a hang.'
        }`,
        {
          evidence: extraOpt.slice(0, 8).map((e) => evidence({ key: e.name, text: `${e.kind}: ${e.dtype ?? '?'} ${shapeText(e.shape)}` })),
          fix: 'status = tf.train.Checkpoint(model=model).restore(prefix)\nstatus.expect_partial()  # training state is not needed for inference\nstatus.assert_existing_objects_matched()  # but every model weight must be restored',
          confidence: 'certain',
        },
      ),
    );
  }
  if (extraModel.length > 0 && missingModel.length === 0) {
    out.push(
      finding(
        ID,
        'warning',
        `${extraModel.length} saved model weight(s) the loading model does not have`,
        'The saved model has layers the loading model lacks (e.g. a classification head dropped for fine-tuning). If that is intended, expect_partial() is right; if not, expect_partial() hides a model that is missing layers. assert_existing_objects_matched() passes either way, so check this list.',
        {
          evidence: extraModel.slice(0, 8).map((e) => evidence({ key: e.name, text: `${e.dtype ?? '?'} ${shapeText(e.shape)}` })),
          fix: 'status = tf.train.Checkpoint(model=model).restore(prefix)\nstatus.assert_existing_objects_matched()  # every weight the model has was restored\nstatus.expect_partial()  # only after checking the unused ones are meant to be dropped',
          confidence: 'certain',
        },
      ),
    );
  }
  if (missingModel.length > 0 && extraModel.length === 0) {
    out.push(
      finding(
        ID,
        'error',
        `${missingModel.length} expected weight(s) are not in the artifact`,
        'These weights keep their initial (random) values. TF2 Checkpoint.restore and Keras 2 load_weights of a TF checkpoint raise nothing for them unless you call assert_consumed() or assert_existing_objects_matched(); expect_partial() would hide it for good.',
        {
          evidence: missingModel.slice(0, 8).map((m) => evidence({ key: m.name, text: `${m.dtype ?? '?'} ${shapeText(m.shape)}` })),
          fix: 'status = tf.train.Checkpoint(model=model).restore(prefix)\nstatus.assert_existing_objects_matched()  # raises, naming what was not restored',
          confidence: 'certain',
        },
      ),
    );
  }
  if (missingOpt.length > 0 && facts.variables.length > 0) {
    out.push(
      finding(
        ID,
        'info',
        `The loading code expects ${missingOpt.length} optimizer value(s) the artifact does not have`,
        'The checkpoint was saved without optimizer state (e.g. save_weights for inference). Training resumes with fresh optimizer slots; the weights themselves are fine.',
        { evidence: missingOpt.slice(0, 6).map((m) => evidence({ key: m.name })), confidence: 'certain' },
      ),
    );
  }
  return out;
}

function withoutExpected(facts: ModelFacts, ctx: Context): Finding[] {
  const opt = optimizerValues(facts);
  const loader = loaderKind(ctx.loader);
  // Only a restore into a model built in code can leave training state unused.
  if (opt.length === 0 || (loader !== 'checkpoint_restore' && loader !== 'keras_load_weights') || /expect_partial/.test(ctx.loader ?? ''))
    return [];
  return [
    finding(
      ID,
      'info',
      `The checkpoint holds ${opt.length} optimizer value(s)`,
      'If the loading code builds the model without its optimizer (inference), these stay unused: use expect_partial(). The warnings TF prints about them at exit are not an error.',
      {
        evidence: opt.slice(0, 6).map((v) => evidence({ file: v.file, key: v.name })),
        fix: 'tf.train.Checkpoint(model=model).restore(prefix).expect_partial()',
        confidence: 'likely',
      },
    ),
  ];
}
