/** Keras config analysis: layers from a model config, built-in tables, custom object detection. */
export { layersFromConfig, dtypePolicyName, modelDtypePolicy } from './layers.ts';
export { findCustomObjects } from './custom-objects.ts';
export { isBuiltin, kerasMajor, type KerasMajor, type KerasRole } from './builtins.ts';
export { parsePythonJson } from './python-json.ts';
