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
import { evidence, report, type Finding } from '../finding.ts';
import { loaderKind, optimizerValues, shapeText } from '../support.ts';
import { kerasOptimizerFindings } from './keras-optimizer.ts';
import { messages } from './messages.ts';

export function partialRestore(facts: ModelFacts, ctx: Context): Finding[] {
  return [...kerasOptimizerFindings(facts, ctx), ...againstExpected(facts, ctx)];
}

function againstExpected(facts: ModelFacts, ctx: Context): Finding[] {
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
      report(
        messages.unusedTrainingState,
        { count: extraOpt.length, assertsConsumed },
        {
          severity: assertsConsumed ? 'error' : 'info',
          evidence: extraOpt.slice(0, 8).map((e) => evidence({ key: e.name, text: `${e.kind}: ${e.dtype ?? '?'} ${shapeText(e.shape)}` })),
          confidence: 'certain',
        },
      ),
    );
  }
  if (extraModel.length > 0 && missingModel.length === 0) {
    out.push(
      report(
        messages.unusedModelWeights,
        { count: extraModel.length },
        {
          severity: 'warning',
          evidence: extraModel.slice(0, 8).map((e) => evidence({ key: e.name, text: `${e.dtype ?? '?'} ${shapeText(e.shape)}` })),
          confidence: 'certain',
        },
      ),
    );
  }
  if (missingModel.length > 0 && extraModel.length === 0) {
    out.push(
      report(
        messages.missingWeights,
        { count: missingModel.length },
        {
          severity: 'error',
          evidence: missingModel.slice(0, 8).map((m) => evidence({ key: m.name, text: `${m.dtype ?? '?'} ${shapeText(m.shape)}` })),
          confidence: 'certain',
        },
      ),
    );
  }
  if (missingOpt.length > 0 && facts.variables.length > 0) {
    out.push(
      report(
        messages.missingOptimizerState,
        { count: missingOpt.length },
        { severity: 'info', evidence: missingOpt.slice(0, 6).map((m) => evidence({ key: m.name })), confidence: 'certain' },
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
    report(
      messages.optimizerValues,
      { count: opt.length },
      {
        severity: 'info',
        evidence: opt.slice(0, 6).map((v) => evidence({ file: v.file, key: v.name })),
        confidence: 'likely',
      },
    ),
  ];
}
