/** VariableFacts and the optimizer summary for HDF5 datasets of Keras weight files. */
import type { OptimizerFact, VariableFact } from '../../facts.ts';
import type { DatasetInfo } from './hdf5.ts';

export function variableFact(info: DatasetInfo, file: string, slot: VariableFact['slot'] = null): VariableFact {
  return {
    name: info.path,
    dtype: info.dtype,
    shape: info.shape,
    bytes: info.bytes,
    shard: null,
    offset: null,
    object_path: null,
    slot,
    sliced: false,
    file,
  };
}

/** Optimizer hyperparameters and counters, not per-weight slots. */
const OPTIMIZER_SCALARS =
  /^(iterations?|iter|learning_rate|lr|decay|beta_1|beta_2|rho|epsilon|momentum|step_counter|dynamic_scale|loss_scale|current_loss_scale|good_steps)$/;

/**
 * The slot a dataset name says it is, when it says: tf.keras 2.11+ `.../dense/kernel/m:0`,
 * Keras 3 legacy h5 `.../sequential_d1_kernel_momentum`. Keras <= 2.10 names slots
 * `Variable_3:0` and Keras 3 weights files `vars/7`, which say nothing: null.
 */
export function slotFromName(name: string): VariableFact['slot'] {
  const bare = name.replace(/:\d+$/, '');
  const slash = /^(.*)\/(m|v|vhat|rms|mg|accumulator|momentum|velocity|velocity_hat|average_gradient|average_square)$/.exec(bare);
  if (slash && !OPTIMIZER_SCALARS.test(slash[2]!)) return { variable: slash[1]!, slot: slash[2]! };
  const underscore = /^(?:.*\/)?(.+)_(momentum|velocity|velocity_hat|accumulator|average_gradient|average_square)$/.exec(bare);
  if (underscore) return { variable: underscore[1]!, slot: underscore[2]! };
  return null;
}

/**
 * Summarizes optimizer datasets. slot_count counts variables named as slots, plus — when names
 * say nothing — every non-scalar one that is not a known hyperparameter (an estimate: a slot for
 * a scalar weight would be missed).
 */
export function optimizerFact(className: string | null, datasets: readonly DatasetInfo[], config: unknown = null): OptimizerFact {
  let slots = 0;
  for (const d of datasets) {
    const last = d.path.replace(/:\d+$/, '').split('/').pop() ?? '';
    if (slotFromName(d.path)) slots++;
    else if (!OPTIMIZER_SCALARS.test(last) && d.shape.length > 0) slots++;
  }
  return { class_name: className, slot_count: slots, variables: datasets.map((d) => d.path), config };
}

/** Orders paths the way Keras numbers them: `vars/2` before `vars/10`. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
