/**
 * resource-exhaustion: bytes to restore vs. the stated host and GPU memory. Eager restore reads
 * each saved tensor into a host buffer and assigns it to a variable that already holds a tensor
 * of that size, so the peak is about twice the model's bytes on the host while the variables
 * live there (once on the host, once on the GPU when they live on the GPU). Optimizer slots
 * count only when the loading model has an optimizer to restore them into.
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { formatBytes, modelWeights, optimizerValues, totalBytes } from '../support.ts';

const ID = 'resource-exhaustion';
/** Above this share of the stated memory, warn: the values and the variables coexist for a while. */
const HEADROOM = 0.8;

export function resourceExhaustion(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  const weights = totalBytes(modelWeights(facts));
  const optimizer = totalBytes(optimizerValues(facts));
  const withOptimizer = ctx.expected ? ctx.expected.variables.some((v) => /optimizer|OPTIMIZER_SLOT/.test(v.name)) : false;
  const restoring = weights + (withOptimizer ? optimizer : 0);
  const host = ctx.runtime.host_memory_bytes;
  const gpu = ctx.runtime.gpu_memory_bytes;
  const ev = evidence({
    text: `model weights ${formatBytes(weights)}; optimizer state ${formatBytes(optimizer)}${withOptimizer ? ' (restored too)' : ' (not restored for inference)'}`,
  });
  if (host !== null && restoring > 0) {
    if (restoring > host) {
      out.push(
        finding(
          ID,
          'error',
          `${formatBytes(restoring)} to restore, ${formatBytes(host)} of host memory`,
          'The values alone do not fit in host memory: the process is killed (Linux OOM killer, often with no Python error) or fails with "OOM when allocating tensor".',
          { evidence: [ev], fix: hostFix(optimizer > 0 && withOptimizer), confidence: 'likely' },
        ),
      );
    } else if (restoring > HEADROOM * host) {
      out.push(
        finding(
          ID,
          'warning',
          `${formatBytes(restoring)} to restore leaves little of ${formatBytes(host)} host memory`,
          "TF2 restores a shard's tensors with one RestoreV2 op: the values sit in host buffers while the variables they are assigned to already hold tensors of the same size, so the peak can approach twice the restored bytes.",
          { evidence: [ev], fix: hostFix(optimizer > 0 && withOptimizer), confidence: 'possible' },
        ),
      );
    }
  }
  if (gpu !== null && restoring > 0 && restoring > gpu * 0.9) {
    out.push(
      finding(
        ID,
        'error',
        `${formatBytes(restoring)} of variables for ${formatBytes(gpu)} of GPU memory`,
        'TensorFlow reserves most GPU memory up front and the variables alone need more than is there: "OOM when allocating tensor ... on /job:localhost/replica:0/task:0/device:GPU:0" or CUDA_ERROR_OUT_OF_MEMORY.',
        {
          evidence: [ev],
          fix: 'for gpu in tf.config.list_physical_devices("GPU"):\n    tf.config.experimental.set_memory_growth(gpu, True)  # before anything touches the GPU\n# keep the weights on the host:\nwith tf.device("/CPU:0"):\n    model = build_model(); tf.train.Checkpoint(model=model).restore(prefix).expect_partial()',
          confidence: 'likely',
        },
      ),
    );
  }
  const tooBig = facts.problems.find((p) => p.code === 'too_large' && /saved_model\.pb$/.test(p.file));
  if (tooBig) {
    out.push(
      finding(
        ID,
        'error',
        'saved_model.pb is larger than the 2 GB protobuf limit',
        `${tooBig.what}. Protobuf cannot parse a message over 2 GiB ("A protocol message was rejected because it was too big"); large constants must live in variables instead of the graph.`,
        {
          evidence: [evidence({ file: tooBig.file })],
          fix: 'Re-export with the big constants as tf.Variable (checkpointed in variables/) instead of tf.constant in the graph.',
          confidence: 'certain',
        },
      ),
    );
  }
  return out;
}

function hostFix(dropOptimizer: boolean): string {
  return [
    ...(dropOptimizer
      ? [
          '# Restore the model without its optimizer state (inference):',
          'tf.train.Checkpoint(model=model).restore(prefix).expect_partial()',
        ]
      : []),
    '# Or read values one at a time and assign them, so only one extra tensor is alive:',
    'reader = tf.train.load_checkpoint(prefix)',
    'for var in model.weights: ...  # var.assign(reader.get_tensor(<its key>))',
  ].join('\n');
}
