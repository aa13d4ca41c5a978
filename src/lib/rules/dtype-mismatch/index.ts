/**
 * dtype-mismatch: saved dtypes and dtype policies vs. what is fed or expected.
 *  - model weights that are not float32 (float64, float16, bfloat16), and mixed-precision
 *    policies: said, with the policy line that reproduces the saved model;
 *  - signature input dtypes vs. the stated input dtype: the signature raises at once
 *    ("expected to be a double tensor but is a float tensor"); never a hang; the cast line;
 *  - expected (second artifact / variable list) dtypes that differ from the saved ones: restore
 *    raises "expected dtype float does not equal original dtype double".
 */
import type { Context } from '../../context/types.ts';
import { diffModels } from '../../diff/index.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { loaderKind, modelWeights, varEvidence } from '../support.ts';
import { messages } from './messages.ts';

const FLOATS = new Set(['float16', 'bfloat16', 'float32', 'float64']);

export function dtypeMismatch(facts: ModelFacts, ctx: Context): Finding[] {
  return [...savedDtypes(facts, ctx), ...signatureInputs(facts, ctx), ...expectedDtypes(facts, ctx)];
}

function savedDtypes(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  // Only code that builds the model and restores values into it has to match saved dtypes;
  // a SavedModel's signatures carry their own (checked below against the input).
  const loader = loaderKind(ctx.loader);
  const buildsModel =
    loader === 'checkpoint_restore' ||
    loader === 'keras_load_weights' ||
    loader === 'tf1_saver' ||
    (loader === null && facts.signatures.length === 0);
  // With an expected model that states dtypes, the comparison below says everything.
  const expectedDtypes = ctx.expected?.variables.some((v) => v.dtype !== null) ?? false;
  if (!buildsModel || expectedDtypes) return out;
  const weights = modelWeights(facts).filter((v) => FLOATS.has(v.dtype));
  const odd = weights.filter((v) => v.dtype !== 'float32');
  const policy = facts.dtype_policy;
  if (odd.length > 0) {
    const kinds = [...new Set(odd.map((v) => v.dtype))];
    const inputDtype = ctx.input?.dtype ?? null;
    out.push(
      report(
        messages.savedNotFloat32,
        { odd: odd.length, weights: weights.length, kinds, inputDtype },
        {
          severity: 'info',
          evidence: odd.slice(0, 8).map((v) => varEvidence(v)),
          confidence: 'certain',
        },
      ),
    );
  }
  if (policy?.startsWith('mixed_')) {
    out.push(
      report(
        messages.mixedPrecision,
        { policy },
        {
          severity: 'info',
          evidence: [evidence({ file: facts.artifacts[0]?.path ?? null, key: 'dtype_policy', text: policy })],
          confidence: 'certain',
        },
      ),
    );
  }
  return out;
}

function signatureInputs(facts: ModelFacts, ctx: Context): Finding[] {
  const fed = ctx.input?.dtype ?? null;
  if (!fed) return [];
  const out: Finding[] = [];
  for (const sig of facts.signatures) {
    if (sig.key.startsWith('__')) continue;
    for (const input of sig.inputs) {
      if (input.dtype === fed || !input.dtype) continue;
      out.push(
        report(
          messages.signatureInput,
          { signature: sig.key, input: input.name, dtype: input.dtype, fed },
          {
            severity: 'error',
            evidence: [
              evidence({
                file: facts.artifacts.find((a) => a.format === 'saved_model')?.path ?? null,
                key: `signature_def["${sig.key}"].inputs["${input.name}"]`,
                text: `${input.dtype} ${input.shape ? `[${input.shape.join(', ')}]` : ''}`.trim(),
              }),
            ],
            confidence: 'certain',
          },
        ),
      );
    }
  }
  return out;
}

function expectedDtypes(facts: ModelFacts, ctx: Context): Finding[] {
  if (!ctx.expected || ctx.expected.variables.length === 0) return [];
  const diff = diffModels(facts, ctx.expected);
  const retyped = diff.retyped;
  if (retyped.length === 0) return [];
  const first = retyped[0]!;
  return [
    report(
      messages.expectedDtype,
      { count: retyped.length, savedName: first.saved_name, savedDtype: first.saved_dtype, expectedDtype: first.expected_dtype },
      {
        severity: 'error',
        evidence: retyped.slice(0, 8).map((r) =>
          evidence({
            file: facts.variables.find((v) => v.name === r.saved_name)?.file ?? null,
            key: r.saved_name,
            text: `saved ${r.saved_dtype}, expected ${r.expected_dtype}`,
          }),
        ),
        confidence: 'certain',
      },
    ),
  ];
}
