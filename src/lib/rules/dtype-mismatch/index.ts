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
import { evidence, finding, type Finding } from '../finding.ts';
import { loaderKind, modelWeights, varEvidence } from '../support.ts';

const ID = 'dtype-mismatch';
const FLOATS = new Set(['float16', 'bfloat16', 'float32', 'float64']);

function cTypeName(dtype: string): string {
  // TensorFlow's C++ names as printed in its messages.
  return (
    (
      { float32: 'float', float64: 'double', float16: 'half', int32: 'int32', int64: 'int64', string: 'string', bool: 'bool' } as Record<
        string,
        string
      >
    )[dtype] ?? dtype
  );
}

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
      finding(
        ID,
        'info',
        `${odd.length} of ${weights.length} float weights are ${kinds.join(', ')}`,
        `The model was saved with ${kinds.join('/')} variables. Build the loading model with the same dtype, or restore raises "expected dtype float does not equal original dtype ${cTypeName(kinds[0]!)}". Keras layers cast inputs to their own dtype silently${inputDtype ? ` (you feed ${inputDtype})` : ''}.`,
        {
          evidence: odd.slice(0, 8).map((v) => varEvidence(v)),
          fix: `keras.config.set_floatx(${JSON.stringify(kinds[0])})  # before building the model (Keras 3)\n# or per layer: keras.layers.Dense(units, dtype=${JSON.stringify(kinds[0])})`,
          confidence: 'certain',
        },
      ),
    );
  }
  if (policy?.startsWith('mixed_')) {
    out.push(
      finding(
        ID,
        'info',
        `Mixed-precision policy ${policy}`,
        `Layers compute in ${policy.slice(6)} with float32 variables. Build the loading model under the same policy so layer dtypes and any LossScaleOptimizer state line up.`,
        {
          evidence: [evidence({ file: facts.artifacts[0]?.path ?? null, key: 'dtype_policy', text: policy })],
          fix: `keras.mixed_precision.set_global_policy(${JSON.stringify(policy)})  # before building the model`,
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
        finding(
          ID,
          'error',
          `Signature ${sig.key} takes ${input.dtype} input "${input.name}", you feed ${fed}`,
          `SavedModel signatures do not cast: calling it with ${fed} raises at once, e.g. "cannot compute ... as input #0(zero-based) was expected to be a ${cTypeName(input.dtype)} tensor but is a ${cTypeName(fed)} tensor" (restored tf.functions: "Binding inputs to tf.function failed ... Can not cast"). It never hangs.`,
          {
            evidence: [
              evidence({
                file: facts.artifacts.find((a) => a.format === 'saved_model')?.path ?? null,
                key: `signature_def["${sig.key}"].inputs["${input.name}"]`,
                text: `${input.dtype} ${input.shape ? `[${input.shape.join(', ')}]` : ''}`.trim(),
              }),
            ],
            fix: `x = tf.cast(x, tf.${input.dtype})  # or numpy: x = x.astype(${JSON.stringify(input.dtype)})\nresult = loaded.signatures[${JSON.stringify(sig.key)}](${input.name}=x)`,
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
    finding(
      ID,
      'error',
      `${retyped.length} weight(s) saved as ${first.saved_dtype}, expected ${first.expected_dtype}`,
      `Restoring raises "tensor_name = ${first.saved_name}; expected dtype ${cTypeName(first.expected_dtype ?? '?')} does not equal original dtype ${cTypeName(first.saved_dtype ?? '?')}". Build the model with the saved dtype, or convert the checkpoint.`,
      {
        evidence: retyped.slice(0, 8).map((r) =>
          evidence({
            file: facts.variables.find((v) => v.name === r.saved_name)?.file ?? null,
            key: r.saved_name,
            text: `saved ${r.saved_dtype}, expected ${r.expected_dtype}`,
          }),
        ),
        fix: `# Build the model in the saved dtype before restoring:\nkeras.config.set_floatx(${JSON.stringify(first.saved_dtype)})\n# or cast while copying: tf.Variable(tf.cast(reader.get_tensor(key), tf.${first.expected_dtype}))`,
        confidence: 'certain',
      },
    ),
  ];
}
