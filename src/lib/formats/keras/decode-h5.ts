/** decodeKerasH5: a Keras HDF5 file, legacy layout (keras_h5) or Keras 3 weights layout (keras_v3). */
import type { ByteSource } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { append, emptyFacts, type ModelFacts } from '../../facts.ts';
import { applyConfig, plural } from './config-facts.ts';
import { withHdf5, type Hdf5Reader } from './hdf5.ts';
import { isLegacyLayout, readLegacyH5 } from './legacy-h5.ts';
import { isV3Layout, readV3Weights } from './weights-v3.ts';

export async function decodeKerasH5(source: ByteSource): Promise<ModelFacts> {
  const problems: DecodeError[] = [];
  const facts = await withHdf5(source, (reader) => decodeOpen(reader, source.path, problems), problems);
  append(facts.problems, problems);
  return facts;
}

function decodeOpen(reader: Hdf5Reader, path: string, problems: DecodeError[]): ModelFacts {
  if (isLegacyLayout(reader)) return legacyFacts(reader, path, problems);
  if (isV3Layout(reader)) return v3Facts(reader, path, problems);
  const groups = reader.children('');
  // The first names only (a file can hold 150,000); attributes are not listed (see Hdf5Reader.hasAttr).
  const shown = groups.length > 10 ? `${groups.slice(0, 10).join(', ')} and ${groups.length - 10} more` : groups.join(', ');
  throw new DecodeError(
    path,
    `HDF5 file without a Keras layout (root groups: ${shown || 'none'}; no layer_names or model_config attribute)`,
    {
      hint: 'Keras files have model_weights or layer_names (legacy .h5) or layers/vars groups (Keras 3 .weights.h5).',
    },
  );
}

function legacyFacts(reader: Hdf5Reader, path: string, problems: DecodeError[]): ModelFacts {
  const h5 = readLegacyH5(reader, problems);
  const facts = emptyFacts();
  facts.producer.keras = h5.kerasVersion;
  facts.producer.backend = h5.backend;
  facts.producer.other.keras_file_layout = h5.kind === 'whole_model' ? 'legacy_h5_whole_model' : 'legacy_h5_weights_only';
  facts.variables = h5.variables;
  facts.optimizer = h5.optimizer;
  applyConfig(facts, h5.modelConfig, h5.trainingConfig, h5.kerasVersion, 'training_config');
  const who = h5.kerasVersion ? `Keras ${h5.kerasVersion}` : 'Keras (no keras_version)';
  const backend = h5.backend ? `, ${h5.backend} backend` : '';
  const weightCount = h5.variables.filter((v) => !v.name.startsWith('optimizer_weights/')).length;
  const what = h5.kind === 'whole_model' ? 'HDF5 whole model' : 'HDF5 weights only (no architecture)';
  const optimizer = h5.optimizer
    ? `, optimizer ${h5.optimizer.class_name ?? '?'} with ${plural(h5.optimizer.variables.length, 'value')}`
    : '';
  facts.artifacts.push({
    readable: true,
    path,
    format: 'keras_h5',
    files: [path],
    summary: `${who} ${what}${backend}: ${plural(h5.layerNames.length, 'layer')}, ${plural(weightCount, 'weight')}${optimizer}`,
  });
  return facts;
}

function v3Facts(reader: Hdf5Reader, path: string, problems: DecodeError[]): ModelFacts {
  const weights = readV3Weights(reader, path, null, problems);
  const facts = emptyFacts();
  facts.producer.other.keras_file_layout = 'keras3_weights_h5';
  facts.variables = weights.variables;
  facts.optimizer = weights.optimizer;
  const modelCount = weights.variables.filter((v) => !v.name.startsWith('optimizer/')).length;
  facts.artifacts.push({
    readable: true,
    path,
    format: 'keras_v3',
    files: [path],
    summary: `Keras 3 weights file (.weights.h5 layout, no architecture): ${plural(modelCount, 'weight')}${weights.optimizer ? `, ${plural(weights.optimizer.variables.length, 'optimizer value')}` : ''}`,
  });
  return facts;
}
