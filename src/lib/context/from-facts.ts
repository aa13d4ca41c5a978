/**
 * A second artifact as the expected model: e.g. a checkpoint or `.weights.h5` saved from the
 * freshly built model next to the one that fails to load. Bookkeeping entries
 * (`_CHECKPOINTABLE_OBJECT_GRAPH`) are not variables.
 */
import type { ModelFacts } from '../facts.ts';
import type { ExpectedModel } from './types.ts';
import { OBJECT_GRAPH_KEY } from '../facts.ts';

export function expectedFromFacts(facts: ModelFacts): ExpectedModel {
  return {
    source: 'artifact',
    variables: facts.variables
      .filter((v) => v.name !== OBJECT_GRAPH_KEY)
      .map((v) => ({ name: v.name, shape: [...v.shape], dtype: v.dtype })),
    layers: facts.layers
      .filter((l) => l.path !== '')
      .map((l) => ({ name: l.name, class_name: l.class_name, params: null, output_shape: null })),
  };
}
