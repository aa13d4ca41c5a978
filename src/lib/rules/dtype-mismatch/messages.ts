/** What dtype-mismatch says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';

const message = messagesOf('dtype-mismatch');

/** TensorFlow's C++ names as printed in its messages. */
function cTypeName(dtype: string): string {
  return (
    (
      { float32: 'float', float64: 'double', float16: 'half', int32: 'int32', int64: 'int64', string: 'string', bool: 'bool' } as Record<
        string,
        string
      >
    )[dtype] ?? dtype
  );
}

export const messages = {
  savedNotFloat32: message<{ odd: number; weights: number; kinds: string[]; inputDtype: string | null }>({
    title: (d) => `${d.odd} of ${d.weights} float weights are ${d.kinds.join(', ')}`,
    detail: (d) =>
      `The model was saved with ${d.kinds.join('/')} variables. Build the loading model with the same dtype, ` +
      `or restore raises "expected dtype float does not equal original dtype ${cTypeName(d.kinds[0]!)}". ` +
      `Keras layers cast inputs to their own dtype silently${d.inputDtype ? ` (you feed ${d.inputDtype})` : ''}.`,
    fix: (d) =>
      [
        `keras.config.set_floatx(${JSON.stringify(d.kinds[0])})  # before building the model (Keras 3)`,
        `# or per layer: keras.layers.Dense(units, dtype=${JSON.stringify(d.kinds[0])})`,
      ].join('\n'),
  }),

  mixedPrecision: message<{ policy: string }>({
    title: (d) => `Mixed-precision policy ${d.policy}`,
    detail: (d) =>
      `Layers compute in ${d.policy.slice(6)} with float32 variables. ` +
      'Build the loading model under the same policy so layer dtypes and any LossScaleOptimizer state line up.',
    fix: (d) => `keras.mixed_precision.set_global_policy(${JSON.stringify(d.policy)})  # before building the model`,
  }),

  signatureInput: message<{ signature: string; input: string; dtype: string; fed: string }>({
    title: (d) => `Signature ${d.signature} takes ${d.dtype} input "${d.input}", you feed ${d.fed}`,
    detail: (d) =>
      `SavedModel signatures do not cast: calling it with ${d.fed} raises at once, e.g. "cannot compute ... as input #0(zero-based) ` +
      `was expected to be a ${cTypeName(d.dtype)} tensor but is a ${cTypeName(d.fed)} tensor" ` +
      '(restored tf.functions: "Binding inputs to tf.function failed ... Can not cast"). It never hangs.',
    fix: (d) =>
      [
        `x = tf.cast(x, tf.${d.dtype})  # or numpy: x = x.astype(${JSON.stringify(d.dtype)})`,
        `result = loaded.signatures[${JSON.stringify(d.signature)}](${d.input}=x)`,
      ].join('\n'),
  }),

  expectedDtype: message<{ count: number; savedName: string; savedDtype: string | null; expectedDtype: string | null }>({
    title: (d) => `${d.count} weight(s) saved as ${d.savedDtype}, expected ${d.expectedDtype}`,
    detail: (d) =>
      `Restoring raises "tensor_name = ${d.savedName}; expected dtype ${cTypeName(d.expectedDtype ?? '?')} ` +
      `does not equal original dtype ${cTypeName(d.savedDtype ?? '?')}". Build the model with the saved dtype, or convert the checkpoint.`,
    fix: (d) =>
      [
        '# Build the model in the saved dtype before restoring:',
        `keras.config.set_floatx(${JSON.stringify(d.savedDtype)})`,
        `# or cast while copying: tf.Variable(tf.cast(reader.get_tensor(key), tf.${d.expectedDtype}))`,
      ].join('\n'),
  }),
};
