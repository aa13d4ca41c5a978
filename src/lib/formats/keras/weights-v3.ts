/**
 * Keras 3 weights layout (`.weights.h5`, and `model.weights.h5` inside a .keras zip): groups
 * `layers/<auto name>/vars/<i>` (nested models repeat `layers/...`), `optimizer/vars/<i>`
 * (LossScaleOptimizer adds `optimizer/inner_optimizer/vars/<i>`), a top-level `vars`; no root
 * attributes. Each `vars` group may carry a `name` attribute with the user's layer name (3.15).
 * The optimizer's class is not in this file (only its instance name, e.g. `adam`): it comes from
 * the .keras config when there is one.
 */
import type { DecodeError } from '../../errors.ts';
import type { OptimizerFact, VariableFact } from '../../facts.ts';
import type { Hdf5Reader } from './hdf5.ts';
import { naturalCompare, optimizerFact, variableFact } from './variables.ts';

export interface V3Weights {
  variables: VariableFact[];
  optimizer: OptimizerFact | null;
  /** Top-level groups seen (layers, optimizer, vars, ...). */
  groups: string[];
}

/** True when the root looks like the Keras 3 layout and not the legacy one. */
export function isV3Layout(reader: Hdf5Reader): boolean {
  if (reader.hasAttr('', 'layer_names') || reader.hasAttr('', 'model_config')) return false;
  const top = reader.children('');
  return top.includes('layers') || top.includes('vars') || top.includes('optimizer');
}

/** Lists the weights; `file` is the file the values live in (the .keras zip for a member). */
export function readV3Weights(reader: Hdf5Reader, file: string, optimizerClass: string | null, _problems: DecodeError[]): V3Weights {
  const all = reader.datasetsUnder('').sort((a, b) => naturalCompare(a.path, b.path));
  const variables = all.map((d) => variableFact(d, file));
  const optimizerSets = all.filter((d) => d.path.startsWith('optimizer/'));
  const groups = reader.children('');
  const optimizer = groups.includes('optimizer') ? optimizerFact(optimizerClass, optimizerSets) : null;
  return { variables, optimizer, groups };
}
