/**
 * Legacy Keras HDF5 (Keras 1, Keras 2, tf.keras, and Keras 3's `model.save('x.h5')`):
 *   whole model   root attrs keras_version, backend, model_config (JSON), training_config (JSON,
 *                 when compiled); group model_weights (attr layer_names; one group per layer
 *                 with attr weight_names naming datasets relative to it); optional
 *                 optimizer_weights (attr weight_names).
 *   weights only  the same layer groups and layer_names at the root, no model_config.
 * Strings may be h5py 2 fixed-length bytes or h5py 3 variable-length str; Keras 1 files lack
 * backend (and weights-only ones keras_version); Theano datasets lack the `:0` suffix.
 */
import { DecodeError, RepeatedProblems } from '../../errors.ts';
import type { OptimizerFact, VariableFact } from '../../facts.ts';
import { isObject, str } from '../../keras-config/json-shape.ts';
import { parsePythonJson } from '../../keras-config/python-json.ts';
import type { DatasetInfo, Hdf5Reader } from './hdf5.ts';
import { optimizerFact, slotFromName, variableFact } from './variables.ts';

export interface LegacyH5 {
  kind: 'whole_model' | 'weights_only';
  kerasVersion: string | null;
  backend: string | null;
  modelConfig: unknown;
  trainingConfig: unknown;
  layerNames: string[];
  variables: VariableFact[];
  optimizer: OptimizerFact | null;
}

export function isLegacyLayout(reader: Hdf5Reader): boolean {
  return reader.hasAttr('', 'layer_names') || reader.hasAttr('', 'model_config') || reader.kind('model_weights') === 'group';
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function parseJsonAttr(reader: Hdf5Reader, name: string, problems: DecodeError[]): unknown {
  const text = reader.attrString('', name);
  if (text === null) return null;
  try {
    return parsePythonJson(text);
  } catch (error) {
    problems.push(
      new DecodeError(reader.file, `root attribute ${name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'The model config is damaged; Keras cannot rebuild the model from it.',
      }),
    );
    return null;
  }
}

export function readLegacyH5(reader: Hdf5Reader, problems: DecodeError[]): LegacyH5 {
  const file = reader.file;
  const whole = reader.kind('model_weights') === 'group';
  const weightsRoot = whole ? 'model_weights' : '';
  const kerasVersion = reader.attrString('', 'keras_version') ?? reader.attrString(weightsRoot, 'keras_version');
  const backend = reader.attrString('', 'backend') ?? reader.attrString(weightsRoot, 'backend');
  const modelConfig = parseJsonAttr(reader, 'model_config', problems);
  const trainingConfig = parseJsonAttr(reader, 'training_config', problems);

  const layerNames = reader.attrStrings(weightsRoot, 'layer_names');
  if (layerNames === null) {
    problems.push(
      new DecodeError(file, `${whole ? 'model_weights' : 'the root group'} has no layer_names attribute`, {
        hint: 'Keras reads weights layer by layer from layer_names; this file cannot be loaded with load_weights/load_model.',
      }),
    );
  }
  const variables: VariableFact[] = [];
  const listed = new Set<string>();
  const repeated = new RepeatedProblems(problems);
  for (const layer of layerNames ?? []) {
    const group = join(weightsRoot, layer);
    if (reader.kind(group) !== 'group') {
      repeated.add(
        () =>
          new DecodeError(file, `layer_names lists "${layer}" but there is no group /${group}`, {
            hint: 'The weights file is incomplete or was edited.',
          }),
      );
      continue;
    }
    const weightNames = reader.attrStrings(group, 'weight_names');
    if (weightNames === null) {
      repeated.add(() => new DecodeError(file, `group /${group} has no weight_names attribute`));
      continue;
    }
    for (const weight of weightNames) {
      const info = reader.dataset(join(group, weight));
      if (info === null) {
        repeated.add(
          () =>
            new DecodeError(file, `weight_names of /${group} lists "${weight}" but there is no such dataset`, {
              hint: "Keras will fail to load this layer's weights.",
            }),
        );
        continue;
      }
      listed.add(info.path);
      variables.push(variableFact(info, file));
    }
  }
  repeated.finish(file, 'layers or weights that layer_names / weight_names list but the file does not hold');
  // Datasets no weight_names points at: Keras ignores them, but they are part of what was saved.
  const under = whole
    ? reader.datasetsUnder('model_weights')
    : reader.datasetsUnder('').filter((d) => !d.path.startsWith('optimizer_weights/'));
  for (const d of under) if (!listed.has(d.path)) variables.push(variableFact(d, file));

  let optimizer: OptimizerFact | null = null;
  if (reader.kind('optimizer_weights') === 'group') {
    const datasets = optimizerDatasets(reader);
    for (const d of datasets) variables.push(variableFact(d, file, slotFromName(d.path.slice('optimizer_weights/'.length))));
    const config = isObject(trainingConfig) ? (trainingConfig.optimizer_config ?? null) : null;
    optimizer = optimizerFact(optimizerClass(trainingConfig, reader), datasets, config);
  }
  return {
    kind: whole ? 'whole_model' : 'weights_only',
    kerasVersion,
    backend,
    modelConfig,
    trainingConfig,
    layerNames: layerNames ?? [],
    variables,
    optimizer,
  };
}

/** In weight_names order when the attribute is there (that is the order Keras restores them). */
function optimizerDatasets(reader: Hdf5Reader): DatasetInfo[] {
  const all = reader.datasetsUnder('optimizer_weights');
  const order = reader.attrStrings('optimizer_weights', 'weight_names');
  if (!order) return all;
  const rank = new Map(order.map((n, i) => [`optimizer_weights/${n}`, i]));
  return [...all].sort((a, b) => (rank.get(a.path) ?? Infinity) - (rank.get(b.path) ?? Infinity));
}

function optimizerClass(trainingConfig: unknown, reader: Hdf5Reader): string | null {
  if (isObject(trainingConfig) && isObject(trainingConfig.optimizer_config)) {
    const name = str(trainingConfig.optimizer_config.class_name);
    if (name) return name;
  }
  // Keras 2 groups optimizer weights under the class name (optimizer_weights/Adam/...).
  const groups = reader.children('optimizer_weights').filter((g) => reader.kind(`optimizer_weights/${g}`) === 'group' && g !== 'training');
  return groups.length === 1 && /^[A-Z]/.test(groups[0]!) ? groups[0]! : null;
}
