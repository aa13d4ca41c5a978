/** The config-derived part of ModelFacts, shared by the HDF5 and .keras decoders. */
import type { ModelFacts } from '../../facts.ts';
import { findCustomObjects } from '../../keras-config/custom-objects.ts';
import { kerasMajor } from '../../keras-config/builtins.ts';
import { layersFromConfig, modelDtypePolicy } from '../../keras-config/layers.ts';

export function applyConfig(
  facts: ModelFacts,
  modelConfig: unknown,
  trainingConfig: unknown,
  kerasVersion: string | null,
  trainingLabel: string,
): void {
  facts.layers = modelConfig == null ? [] : layersFromConfig(modelConfig);
  facts.dtype_policy = modelDtypePolicy(facts.layers);
  facts.custom_objects = findCustomObjects(facts.layers, trainingConfig, kerasMajor(kerasVersion), trainingLabel);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
