/**
 * restore-hang: what makes a restore slow (bytes, shards, traced functions to revive) or able
 * to wait (remote filesystems; sliced variables under a multi-worker strategy), with a time estimate and what to
 * run to see where a real hang waits. It does not claim hangs where TensorFlow does not hang: an
 * unregistered custom object or a dtype mismatch fails in seconds (checked with TF 2.21 / Keras 3.15; see the restore-hang guide).
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { formatBytes, isKerasSavedModel, loaderKind, tensors, totalBytes } from '../support.ts';

const ID = 'restore-hang';

/** A local SSD-ish read rate when the reader states none (bytes/s). */
export const DEFAULT_READ_BYTES_PER_SECOND = 200e6;
/** Below this a restore is not worth a note. */
const SLOW_SECONDS = 30;
/** Traced functions revived per second by tf.saved_model.load / Keras SavedModel loading: a rough
 *  order of magnitude from reported timings (e.g. tensorflow#43496: 15 s for a custom-layer model). */
const FUNCTIONS_PER_SECOND = 20;

const HOW_TO_SEE = [
  '# See where it waits instead of guessing:',
  'import faulthandler, sys',
  'faulthandler.dump_traceback_later(120, repeat=True, file=sys.stderr)  # stacks every 2 min',
  '# or from another shell: py-spy dump --pid <PID>  (add --native for C++ frames)',
].join('\n');

export function restoreHang(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  const vars = tensors(facts);
  const bytes = totalBytes(vars);
  const rate = ctx.read_bytes_per_second ?? DEFAULT_READ_BYTES_PER_SECOND;
  const dataFiles = facts.artifacts.flatMap((a) => a.files.filter((f) => /\.data-\d{5}-of-\d{5}$/.test(f)));
  const shards = dataFiles.length || new Set(vars.map((v) => v.file)).size;
  const sliced = vars.filter((v) => v.sliced);
  const functions = countFunctions(facts);
  const loader = loaderKind(ctx.loader);
  const revives = loader === 'keras_load_model' || loader === 'tf_saved_model_load' || (loader === null && facts.signatures.length > 0);
  const readSeconds = bytes / rate;
  const functionSeconds = revives ? functions / FUNCTIONS_PER_SECOND : 0;
  const seconds = readSeconds + functionSeconds;
  if (seconds >= SLOW_SECONDS) {
    const parts = [`reading ${formatBytes(bytes)} in ${shards} shard(s) at ${formatBytes(rate)}/s ≈ ${duration(readSeconds)}`];
    if (functionSeconds > 1)
      parts.push(
        `reviving ${functions} traced functions ≈ ${duration(functionSeconds)}${isKerasSavedModel(facts) ? ' (tf.keras SavedModels with custom layers are the slowest case)' : ''}`,
      );
    out.push(
      // A warning, not info: this is the reader's symptom ("it hangs") explained, with a number.
      finding(
        ID,
        'warning',
        `Slow, not hung: expect roughly ${duration(seconds)}`,
        `Estimate: ${parts.join('; ')}. A restore that is merely slow keeps reading (disk I/O, one CPU busy); a real hang sits at ~0% CPU with no I/O. The estimate uses ${ctx.read_bytes_per_second ? 'the stated' : 'an assumed local-disk'} throughput.${
          sliced.length > 0
            ? ` ${sliced.length} variable(s) are saved in slices (a partitioner or size-based sharding); if the restore runs under a multi-worker strategy, every worker must run it, or the others wait.`
            : ''
        }`,
        {
          evidence: [
            evidence({ text: `${vars.length} tensors, ${formatBytes(bytes)}, ${shards} data file(s), ${functions} concrete function(s)` }),
          ],
          fix: `${revives && functions > 0 ? '# Faster: rebuild the model in code and load only the weights,\n# or call the signature: tf.saved_model.load(path).signatures["serving_default"]\n' : ''}${HOW_TO_SEE}`,
          step: 'mechanism',
          confidence: 'possible',
        },
      ),
    );
  }
  const remote = /^(gs|s3|hdfs|az|abfss?):\/\//.exec(ctx.path_given ?? '');
  if (remote) {
    const scheme = remote[1]!;
    out.push(
      finding(
        ID,
        'warning',
        `Remote ${scheme}:// path: waits can be retries, not work`,
        scheme === 'gs'
          ? 'On gs:// TensorFlow retries failed requests with backoff (10 attempts, "The operation failed and will be automatically retried"), and outside GCP it first tries the metadata server for credentials ("All attempts to get a Google authentication bearer token failed"): minutes of apparent hang before an error.'
          : `Since TF 2.6, ${scheme}:// needs tensorflow-io ("File system scheme '${scheme}' not implemented" otherwise), and remote reads of many small requests are slow.`,
        {
          evidence: [evidence({ text: `path: ${ctx.path_given}` })],
          fix: `${scheme === 'gs' ? '# Give credentials (GOOGLE_APPLICATION_CREDENTIALS) or ' : `import tensorflow_io  # registers ${scheme}://\n# or `}copy the files to local disk first, then load from there\n${HOW_TO_SEE}`,
          confidence: 'likely',
        },
      ),
    );
  }
  return out;
}

function countFunctions(facts: ModelFacts): number {
  if (facts.object_graph) {
    const n = facts.object_graph.filter((o) => o.kind === 'function' || o.kind === 'bare_concrete_function').length;
    if (n > 0) return n;
  }
  return facts.meta_graphs.reduce((a, m) => a + m.function_count, 0);
}

export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
