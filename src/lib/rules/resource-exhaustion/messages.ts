/** What resource-exhaustion says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';
import { formatBytes } from '../support.ts';

const message = messagesOf('resource-exhaustion');

/** Restore with less host memory: without the optimizer state when it is restored, or one value at a time. */
function hostFix(d: { dropOptimizer: boolean }): string {
  return [
    ...(d.dropOptimizer
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

export const messages = {
  hostMemoryTooSmall: message<{ restoring: number; host: number; dropOptimizer: boolean }>({
    title: (d) => `${formatBytes(d.restoring)} to restore, ${formatBytes(d.host)} of host memory`,
    detail:
      'The values alone do not fit in host memory: the process is killed (Linux OOM killer, often with no Python error) ' +
      'or fails with "OOM when allocating tensor".',
    fix: hostFix,
  }),

  hostMemoryTight: message<{ restoring: number; host: number; dropOptimizer: boolean }>({
    title: (d) => `${formatBytes(d.restoring)} to restore leaves little of ${formatBytes(d.host)} host memory`,
    detail:
      "TF2 restores a shard's tensors with one RestoreV2 op: the values sit in host buffers while the variables they are assigned to " +
      'already hold tensors of the same size, so the peak can approach twice the restored bytes.',
    fix: hostFix,
  }),

  gpuMemoryTooSmall: message<{ restoring: number; gpu: number }>({
    title: (d) => `${formatBytes(d.restoring)} of variables for ${formatBytes(d.gpu)} of GPU memory`,
    detail:
      'TensorFlow reserves most GPU memory up front and the variables alone need more than is there: ' +
      '"OOM when allocating tensor ... on /job:localhost/replica:0/task:0/device:GPU:0" or CUDA_ERROR_OUT_OF_MEMORY.',
    fix: [
      'for gpu in tf.config.list_physical_devices("GPU"):',
      '    tf.config.experimental.set_memory_growth(gpu, True)  # before anything touches the GPU',
      '# keep the weights on the host:',
      'with tf.device("/CPU:0"):',
      '    model = build_model(); tf.train.Checkpoint(model=model).restore(prefix).expect_partial()',
    ].join('\n'),
  }),

  graphTooLarge: message<{ what: string }>({
    title: 'saved_model.pb is larger than the 2 GB protobuf limit',
    detail: (d) =>
      `${d.what}. Protobuf cannot parse a message over 2 GiB ("A protocol message was rejected because it was too big"); ` +
      'large constants must live in variables instead of the graph.',
    fix: 'Re-export with the big constants as tf.Variable (checkpointed in variables/) instead of tf.constant in the graph.',
  }),
};
