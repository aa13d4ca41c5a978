/** What restore-hang says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';
import { formatBytes } from '../support.ts';

const message = messagesOf('restore-hang');

const HOW_TO_SEE = [
  '# See where it waits instead of guessing:',
  'import faulthandler, sys',
  'faulthandler.dump_traceback_later(120, repeat=True, file=sys.stderr)  # stacks every 2 min',
  '# or from another shell: py-spy dump --pid <PID>  (add --native for C++ frames)',
].join('\n');

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export interface SlowRestore {
  seconds: number;
  bytes: number;
  shards: number;
  /** Read throughput (bytes/s), and whether the reader stated it. */
  rate: number;
  rateStated: boolean;
  readSeconds: number;
  functions: number;
  functionSeconds: number;
  /** Whether the loader revives the saved functions (Keras load_model, tf.saved_model.load). */
  revives: boolean;
  kerasSavedModel: boolean;
  /** Variables saved in slices. */
  sliced: number;
}

function estimate(d: SlowRestore): string {
  const parts = [`reading ${formatBytes(d.bytes)} in ${d.shards} shard(s) at ${formatBytes(d.rate)}/s ≈ ${duration(d.readSeconds)}`];
  if (d.functionSeconds > 1)
    parts.push(
      `reviving ${d.functions} traced functions ≈ ${duration(d.functionSeconds)}` +
        (d.kerasSavedModel ? ' (tf.keras SavedModels with custom layers are the slowest case)' : ''),
    );
  return parts.join('; ');
}

export const messages = {
  slow: message<SlowRestore>({
    title: (d) => `Slow, not hung: expect roughly ${duration(d.seconds)}`,
    detail: (d) =>
      `Estimate: ${estimate(d)}. ` +
      'A restore that is merely slow keeps reading (disk I/O, one CPU busy); a real hang sits at ~0% CPU with no I/O. ' +
      `The estimate uses ${d.rateStated ? 'the stated' : 'an assumed local-disk'} throughput.` +
      (d.sliced > 0
        ? ` ${d.sliced} variable(s) are saved in slices (a partitioner or size-based sharding); ` +
          'if the restore runs under a multi-worker strategy, every worker must run it, or the others wait.'
        : ''),
    fix: (d) =>
      (d.revives && d.functions > 0
        ? '# Faster: rebuild the model in code and load only the weights,\n' +
          '# or call the signature: tf.saved_model.load(path).signatures["serving_default"]\n'
        : '') + HOW_TO_SEE,
  }),

  remotePath: message<{ scheme: string }>({
    title: (d) => `Remote ${d.scheme}:// path: waits can be retries, not work`,
    detail: (d) =>
      d.scheme === 'gs'
        ? 'On gs:// TensorFlow retries failed requests with backoff ' +
          '(10 attempts, "The operation failed and will be automatically retried"), ' +
          'and outside GCP it first tries the metadata server for credentials ' +
          '("All attempts to get a Google authentication bearer token failed"): minutes of apparent hang before an error.'
        : `Since TF 2.6, ${d.scheme}:// needs tensorflow-io ("File system scheme '${d.scheme}' not implemented" otherwise), ` +
          'and remote reads of many small requests are slow.',
    fix: (d) =>
      (d.scheme === 'gs'
        ? '# Give credentials (GOOGLE_APPLICATION_CREDENTIALS) or '
        : `import tensorflow_io  # registers ${d.scheme}://\n# or `) +
      `copy the files to local disk first, then load from there\n${HOW_TO_SEE}`,
  }),
};
