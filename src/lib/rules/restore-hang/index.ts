/**
 * restore-hang: what makes a restore slow (bytes, shards, traced functions to revive) or able
 * to wait (remote filesystems; sliced variables under a multi-worker strategy), with a time estimate and what to
 * run to see where a real hang waits. It does not claim hangs where TensorFlow does not hang: an
 * unregistered custom object or a dtype mismatch fails in seconds (checked with TF 2.21 / Keras 3.15; see the restore-hang guide).
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { formatBytes, isKerasSavedModel, loaderKind, tensors, totalBytes } from '../support.ts';
import { messages } from './messages.ts';

/** A local SSD-ish read rate when the reader states none (bytes/s). */
export const DEFAULT_READ_BYTES_PER_SECOND = 200e6;
/** Below this a restore is not worth a note. */
const SLOW_SECONDS = 30;
/** Traced functions revived per second by tf.saved_model.load / Keras SavedModel loading: a rough
 *  order of magnitude from reported timings (e.g. tensorflow#43496: 15 s for a custom-layer model). */
const FUNCTIONS_PER_SECOND = 20;

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
    const data = {
      seconds,
      bytes,
      shards,
      rate,
      rateStated: Boolean(ctx.read_bytes_per_second),
      readSeconds,
      functions,
      functionSeconds,
      revives,
      kerasSavedModel: isKerasSavedModel(facts),
      sliced: sliced.length,
    };
    out.push(
      // A warning, not info: this is the reader's symptom ("it hangs") explained, with a number.
      report(messages.slow, data, {
        severity: 'warning',
        evidence: [
          evidence({ text: `${vars.length} tensors, ${formatBytes(bytes)}, ${shards} data file(s), ${functions} concrete function(s)` }),
        ],
        step: 'mechanism',
        confidence: 'possible',
      }),
    );
  }
  const remote = /^(gs|s3|hdfs|az|abfss?):\/\//.exec(ctx.path_given ?? '');
  if (remote) {
    const scheme = remote[1]!;
    out.push(
      report(
        messages.remotePath,
        { scheme },
        {
          severity: 'warning',
          evidence: [evidence({ text: `path: ${ctx.path_given}` })],
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
