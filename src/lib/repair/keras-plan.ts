/**
 * Plans for Keras files: a legacy `.h5` (Keras 2 / tf.keras whole model) or a `.keras` zip from
 * tf.keras 2.11-2.15 rewritten so Keras 3 loads it (keras-compat.ts), optimizer state dropped
 * (from `.h5`, `.keras` and Keras 3 `.weights.h5`). Weights stay in the layout Keras 3 reads for
 * that format: a legacy `.h5` keeps its `model_weights` datasets untouched (only attributes
 * change), a `.keras` keeps its `model.weights.h5` member byte for byte (copied as stored).
 */
import type { Group as H5Group } from 'h5wasm';
import { baseName, findFile, readAll, type ByteSource, type FileSet } from '../byte-source.ts';
import type { CheckResult } from '../check.ts';
import type { ArtifactFact } from '../facts.ts';
import { MAX_HDF5_BYTES, readZipDirectory, readZipMember, type ZipEntry } from '../formats/keras/index.ts';
import { isObject, type JsonObject } from '../keras-config/json-shape.ts';
import { utf8Decode, utf8Encode } from '../utf8.ts';
import { editHdf5, readHdf5, rebuildHdf5 as rebuildWithout, setStringAttribute } from './hdf5-edit.ts';
import { parseConfigJson, writeConfigJson } from './json.ts';
import {
  type CustomLayer,
  emptyTranslation,
  type KerasPath,
  kerasRelease,
  type LambdaLayer,
  translateModelConfig,
  translateTrainingConfig,
  type Translation,
} from './keras-compat.ts';
import { summarize } from './summary.ts';
import { emptyCounts, type ManualStep, type RepairAsk, type RepairPlan } from './types.ts';
import { buildZip, type ZipPart } from './zip-write.ts';

const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

function emptyPlan(artifact: ArtifactFact): RepairPlan {
  return {
    artifact: { path: artifact.path, format: artifact.format },
    summary: '',
    steps: [],
    counts: emptyCounts(),
    outputs: [],
    load: null,
    manual: [],
    warnings: [],
    refused: [],
    program: null,
  };
}

export async function planKeras(
  files: FileSet,
  result: CheckResult,
  artifact: ArtifactFact,
  ask: RepairAsk,
  options: { outLabel: string },
): Promise<RepairPlan> {
  const plan = emptyPlan(artifact);
  const source = findFile(files, artifact.path);
  if (!source) {
    plan.refused.push(`${artifact.path} is not in the file set`);
    return finish(plan);
  }
  if (!artifact.readable) {
    plan.refused.push(
      `${artifact.path} cannot be read (${result.facts.problems.find((p) => p.file === artifact.path)?.what ?? 'damaged'}): repair never guesses what a damaged file held`,
    );
    return finish(plan);
  }
  if (ask.cast)
    plan.warnings.push(
      '--cast applies to TF checkpoints; a Keras file declares its dtypes in its config (change the dtype policy in code and save again)',
    );
  const target = kerasRelease(ask.keras);
  if ('refused' in target) {
    plan.refused.push(target.refused);
    return finish(plan);
  }
  if (target.note) plan.warnings.push(target.note);
  try {
    if (artifact.format === 'keras_h5') await planLegacyH5(source, result, ask, target.release, plan, options.outLabel);
    else if (/\.h5$/i.test(artifact.path) || (await isHdf5(source))) await planWeightsH5(source, ask, plan, options.outLabel);
    else await planKerasZip(source, result, ask, target.release, plan, options.outLabel);
  } catch (error) {
    plan.refused.push(`${artifact.path}: ${(error as Error).message}`);
  }
  return finish(plan);
}

function finish(plan: RepairPlan): RepairPlan {
  if (plan.refused.length > 0) plan.program = null;
  plan.summary = summarize(plan);
  return plan;
}

async function isHdf5(source: ByteSource): Promise<boolean> {
  const head = await source.read(0, 8);
  return head[0] === 0x89 && head[1] === 0x48 && head[2] === 0x44 && head[3] === 0x46;
}

function major(version: string | null): number | null {
  const m = /^(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : null;
}

async function planLegacyH5(
  source: ByteSource,
  result: CheckResult,
  ask: RepairAsk,
  release: string,
  plan: RepairPlan,
  out: string,
): Promise<void> {
  const bytes = await readAll(source, MAX_HDF5_BYTES, 'HDF5 file');
  const attrs = await readHdf5(bytes, (file) => ({
    model: stringAttr(file.attrs.model_config?.value),
    training: stringAttr(file.attrs.training_config?.value),
    version: stringAttr(file.attrs.keras_version?.value),
    backend: stringAttr(file.attrs.backend?.value),
    optimizerWeights: file.keys().includes('optimizer_weights'),
    wholeModel: file.keys().includes('model_weights'),
  }));
  const name = baseName(source.path);
  if (major(attrs.version) === 1) {
    plan.refused.push(
      `${name} was saved by Keras ${attrs.version}: Keras 1 stores weights in another layout (one tensor per LSTM gate, ...) that Keras 3 does not read`,
    );
    return;
  }
  const translation = emptyTranslation();
  let model: unknown = null;
  let training: unknown = null;
  if (attrs.model !== null) {
    model = parseConfigJson(attrs.model);
    translateModelConfig(model, 'h5', release, translation);
    if (attrs.backend === 'theano' && /"class_name":\s*"Conv/.test(attrs.model)) {
      translation.refused.push(
        `${name} was saved with the Theano backend: its convolution kernels are stored flipped, and Keras 3 does not convert them`,
      );
    }
  }
  if (attrs.training !== null) {
    training = parseConfigJson(attrs.training);
    translateTrainingConfig(training, 'h5', release, 'training_config', translation);
  }
  applyTranslation(plan, translation, 'h5', release, name, attrs.version, result, source.path);
  const dropping = Boolean(ask.dropOptimizer) && attrs.optimizerWeights;
  if (ask.dropOptimizer) {
    const values = result.facts.variables.filter((v) => v.file === source.path && v.name.startsWith('optimizer_weights/'));
    plan.counts.dropped += values.length;
    plan.steps.push({
      kind: 'drop-optimizer',
      title: dropping ? `drop ${values.length} optimizer value${values.length === 1 ? '' : 's'}` : 'no optimizer state to drop',
      detail:
        'The optimizer_weights group is left out (the file is rebuilt: HDF5 cannot unlink a group in place, so every other group, dataset and attribute is copied with its values and type). training_config stays, so load_model() still compiles the model, with a fresh optimizer: no "Error in loading the saved optimizer state" warning, and training starts clean.',
      items: values.slice(0, 200).map((v) => ({ from: v.name, to: null, note: null })),
    });
  }
  if (plan.refused.length > 0) return;
  if (translation.changes.length === 0 && !dropping) {
    plan.refused.push(
      `nothing to rewrite in ${name}: Keras ${release} accepts its config as saved${plan.manual.length > 0 ? '; what it needs is in the loading code (see the manual steps)' : ''}${attrs.optimizerWeights && !ask.dropOptimizer ? '; --drop-optimizer leaves its optimizer state out' : ''}`,
    );
    return;
  }
  const newModel = model === null ? null : writeConfigJson(model);
  const newTraining = training === null ? null : writeConfigJson(training);
  plan.program = {
    type: 'files',
    build: async () => {
      const data = await readAll(source, MAX_HDF5_BYTES, 'HDF5 file');
      const edited = dropping
        ? await rebuildWithout(
            data,
            (p) => p === 'optimizer_weights',
            (file) => setConfigAttrs(file, newModel, newTraining),
          )
        : await editHdf5(data, (file) => setConfigAttrs(file, newModel, newTraining));
      return [{ path: name, parts: [edited] }];
    },
  };
  plan.outputs.push({ path: name, bytes: null, what: `legacy Keras HDF5 for Keras ${release}` });
  plan.load = loadSnippet(`${out}/${name}`, plan.manual, translation);
}

function setConfigAttrs(file: H5Group, model: string | null, training: string | null): void {
  if (model !== null) setStringAttribute(file, 'model_config', model);
  if (training !== null) setStringAttribute(file, 'training_config', training);
}

function stringAttr(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return utf8Decode(value);
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

/** The translation into plan steps, warnings and manual steps. */
function applyTranslation(
  plan: RepairPlan,
  t: Translation,
  path: KerasPath,
  release: string,
  name: string,
  savedBy: string | null,
  result: CheckResult,
  file: string,
): void {
  for (const r of t.refused) plan.refused.push(r);
  for (const b of t.behaviour) plan.warnings.push(b);
  for (const c of t.customs) plan.manual.push(customSnippet(c, result, file));
  for (const l of t.lambdas) plan.manual.push(lambdaSnippet(l));
  plan.counts.config_changes += t.changes.length;
  if (t.changes.length === 0) return;
  plan.steps.push({
    kind: 'keras2-to-keras3',
    title: `rewrite ${t.changes.length} config item${t.changes.length === 1 ? '' : 's'} for Keras ${release}`,
    detail: `${name} (saved by Keras ${savedBy ?? '(unknown)'}) is rewritten for Keras ${release} on the ${path === 'h5' ? 'legacy .h5 path (load_model reads it with its legacy loader)' : '.keras path'}: each argument Keras ${release} rejects is dropped when its saved value is what Keras 3 does anyway, or translated to its Keras 3 spelling; modules Keras 3 cannot import are replaced by the ones it saves under. Weights are not touched: ${path === 'h5' ? 'the model_weights datasets keep their bytes (only the model_config and training_config attributes change)' : 'model.weights.h5 is copied byte for byte'}. From the compatibility table built from the Keras sources (scripts/data/keras-compat/).`,
    items: t.changes.slice(0, 200),
  });
}

function pyName(text: string): string {
  const n = text.replace(/\W/g, '_');
  return /^\d/.test(n) ? `_${n}` : n;
}

/** A skeleton of the custom class, from what the file says: config keys and weight shapes. */
function customSnippet(c: CustomLayer, result: CheckResult, file: string): ManualStep {
  const [pkg, cls] = c.registered_name?.includes('>') ? (c.registered_name.split('>') as [string, string]) : [null, c.class_name];
  const base = new Set(['name', 'trainable', 'dtype', 'batch_input_shape', 'input_shape', 'dynamic', 'input_dim']);
  const keys = Object.keys(c.config).filter((k) => !base.has(k));
  const weights = c.layer_name
    ? result.facts.variables.filter(
        (v) => v.file === file && v.name.startsWith(`model_weights/${c.layer_name}/`) && !v.name.startsWith('optimizer'),
      )
    : [];
  const className = pyName(cls);
  const lines = [
    'import keras',
    '',
    pkg ? `@keras.saving.register_keras_serializable(package=${JSON.stringify(pkg)})` : null,
    `class ${className}(keras.layers.Layer):`,
    `    def __init__(self, ${keys.map((k) => `${pyName(k)}=None, `).join('')}**kwargs):`,
    '        super().__init__(**kwargs)',
    ...keys.map((k) => `        self.${pyName(k)} = ${pyName(k)}  # saved: ${truncate(JSON.stringify(c.config[k]))}`),
    '',
    '    def build(self, input_shape):',
    ...(weights.length > 0
      ? weights.map((w) => {
          const leaf = w.name.split('/').pop()!.replace(/:\d+$/, '');
          return `        self.${pyName(leaf)} = self.add_weight(shape=${pyTuple(w.shape)}, dtype=${JSON.stringify(w.dtype)}, name=${JSON.stringify(leaf)})  # saved as ${w.name}`;
        })
      : ['        pass  # no weights saved for this layer']),
    '',
    '    def call(self, inputs):',
    `        raise NotImplementedError("the computation of ${cls}")`,
    '',
    '    def get_config(self):',
    `        return {**super().get_config(), ${keys.map((k) => `${JSON.stringify(k)}: self.${pyName(k)}`).join(', ')}}`,
  ].filter((l): l is string => l !== null);
  const lookup = pkg ? `registered as "${pkg}>${cls}"` : `passed as custom_objects={"${cls}": ${className}}`;
  return {
    what: `Layer "${c.layer_name ?? c.where}" is a custom class, ${c.class_name}: its Python code is not in the file. Define it (weights in this order, ${lookup}) before loading.`,
    snippet: lines.join('\n'),
  };
}

function truncate(text: string | undefined): string {
  const t = text ?? 'null';
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function lambdaSnippet(l: LambdaLayer): ManualStep {
  const args =
    isObject(l.arguments) && Object.keys(l.arguments).length > 0
      ? `, ${Object.keys(l.arguments)
          .map((k) => `${pyName(k)}`)
          .join(', ')}`
      : '';
  return {
    what: `Lambda layer "${l.layer_name}" held its function as Python bytecode. Bytecode is never carried over (running it means trusting the file, and it only loads on the Python version that saved it): the rewritten config names the function "${l.function_name}", which the loading code supplies.`,
    snippet: [
      `def ${l.function_name}(x${args}):`,
      `    # The body of the original lambda of layer "${l.layer_name}", written again.`,
      `    raise NotImplementedError("${l.layer_name}")`,
      '',
      `custom_objects = {"${l.function_name}": ${l.function_name}}  # pass to keras.models.load_model(..., custom_objects=custom_objects)`,
    ].join('\n'),
  };
}

function loadSnippet(path: string, manual: readonly ManualStep[], t: Translation): string {
  const custom = t.lambdas
    .map((l) => `"${l.function_name}": ${l.function_name}`)
    .concat(t.customs.filter((c) => !c.registered_name?.includes('>')).map((c) => `"${c.class_name}": ${pyName(c.class_name)}`));
  return [
    'import keras',
    '',
    manual.length > 0 ? '# first: the definitions from the manual steps' : null,
    `model = keras.models.load_model(${JSON.stringify(path)}${custom.length > 0 ? `, custom_objects={${custom.join(', ')}}` : ''})`,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

/** A Keras 3 `.weights.h5`: only optimizer state can be dropped. */
async function planWeightsH5(source: ByteSource, ask: RepairAsk, plan: RepairPlan, out: string): Promise<void> {
  const name = baseName(source.path);
  if (!ask.dropOptimizer) {
    plan.refused.push(
      `nothing to repair in ${name}: a Keras 3 weights file loads in Keras 3 as saved (--drop-optimizer leaves its optimizer state out)`,
    );
    return;
  }
  const bytes = await readAll(source, MAX_HDF5_BYTES, 'HDF5 file');
  const count = await readHdf5(bytes, (file) => (file.keys().includes('optimizer') ? 1 : 0));
  if (count === 0) {
    plan.refused.push(`${name} holds no optimizer state`);
    return;
  }
  plan.steps.push({
    kind: 'drop-optimizer',
    title: 'drop the optimizer group',
    detail: 'The optimizer group is left out; layers and vars are copied with their values and types.',
    items: [{ from: 'optimizer/', to: null, note: null }],
  });
  plan.counts.dropped += 1;
  plan.program = {
    type: 'files',
    build: async () => [
      {
        path: name,
        parts: [
          await rebuildWithout(
            await readAll(source, MAX_HDF5_BYTES, 'HDF5 file'),
            (p) => p === 'optimizer',
            () => undefined,
          ),
        ],
      },
    ],
  };
  plan.outputs.push({ path: name, bytes: null, what: 'Keras 3 weights without optimizer state' });
  plan.load = [
    'import keras',
    '',
    '# model: built as the loading code builds it',
    `model.load_weights(${JSON.stringify(`${out}/${name}`)})`,
  ].join('\n');
}

async function planKerasZip(
  source: ByteSource,
  result: CheckResult,
  ask: RepairAsk,
  release: string,
  plan: RepairPlan,
  out: string,
): Promise<void> {
  const name = baseName(source.path);
  const entries = await readZipDirectory(source);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const configEntry = byName.get('config.json');
  if (!configEntry) throw new Error('no config.json member');
  const metadataEntry = byName.get('metadata.json');
  const metadata = metadataEntry ? (parseConfigJson(utf8Decode(await readZipMember(source, metadataEntry, 1 << 20))) as unknown) : null;
  const savedBy = isObject(metadata) && typeof metadata.keras_version === 'string' ? metadata.keras_version : null;
  const config = parseConfigJson(utf8Decode(await readZipMember(source, configEntry, MAX_CONFIG_BYTES), true));
  if (!isObject(config)) throw new Error('config.json is not a JSON object');
  const translation = emptyTranslation();
  if (major(savedBy) !== 3) {
    const compile = isObject(config.compile_config) ? config.compile_config : null;
    translateModelConfig(config, 'keras', release, translation);
    if (compile) translateTrainingConfig(compile, 'keras', release, 'compile_config', translation);
  }
  applyTranslation(plan, translation, 'keras', release, name, savedBy, result, source.path);
  const weights = byName.get('model.weights.h5');
  let dropping = false;
  if (ask.dropOptimizer) {
    const optimizerValues = result.facts.variables.filter((v) => v.file === source.path && v.name.startsWith('optimizer/'));
    dropping = optimizerValues.length > 0 || isObject(config.compile_config);
    plan.counts.dropped += optimizerValues.length;
    plan.steps.push({
      kind: 'drop-optimizer',
      title: dropping
        ? `drop ${optimizerValues.length} optimizer value${optimizerValues.length === 1 ? '' : 's'} and the compile config`
        : 'no optimizer state to drop',
      detail:
        'The optimizer group of model.weights.h5 is left out (the member is rebuilt with every other group, dataset and attribute copied with its values and type), and so is compile_config: Keras 3 would otherwise compile a fresh optimizer and warn that it skips the saved one ("Skipping variable loading for optimizer"). The model loads uncompiled; compile it as the manual step shows, and training starts clean.',
      items: optimizerValues.slice(0, 200).map((v) => ({ from: v.name, to: null, note: null })),
    });
    if (dropping && isObject(config.compile_config)) {
      plan.manual.push(compileSnippet(config.compile_config));
      delete config.compile_config;
    }
  }
  if (plan.refused.length > 0) return;
  if (translation.changes.length === 0 && !dropping) {
    plan.refused.push(
      `nothing to rewrite in ${name}: Keras ${release} accepts its config as saved${plan.manual.length > 0 ? '; what it needs is in the loading code (see the manual steps)' : ''}`,
    );
    return;
  }
  if (!weights && !entries.some((e) => e.name === 'model.weights.npz'))
    plan.warnings.push(`${name} has no model.weights.h5 member; the output has none either`);
  const newConfig = utf8Encode(writeConfigJson(config));
  plan.program = {
    type: 'files',
    build: async () => {
      const parts: ZipPart[] = [];
      for (const e of entries) {
        if (e.name === 'config.json') parts.push({ kind: 'new', name: e.name, data: newConfig });
        else if (e.name === 'model.weights.h5' && dropping) {
          const data = await readZipMember(source, e, MAX_HDF5_BYTES);
          parts.push({
            kind: 'new',
            name: e.name,
            data: await rebuildWithout(
              data,
              (p) => p === 'optimizer',
              () => undefined,
            ),
          });
        } else parts.push({ kind: 'copy', entry: e });
      }
      return [await buildZip(name, source, parts)];
    },
  };
  plan.outputs.push({ path: name, bytes: null, what: `.keras for Keras ${release}` });
  plan.load = loadSnippet(`${out}/${name}`, plan.manual, translation);
}

function compileSnippet(compile: JsonObject): ManualStep {
  const optimizer = compile.optimizer;
  const opt =
    isObject(optimizer) && typeof optimizer.class_name === 'string'
      ? optimizer.class_name
      : typeof optimizer === 'string'
        ? optimizer
        : 'Adam';
  const lr =
    isObject(optimizer) && isObject(optimizer.config) && typeof optimizer.config.learning_rate === 'number'
      ? optimizer.config.learning_rate
      : null;
  const loss =
    typeof compile.loss === 'string'
      ? JSON.stringify(compile.loss)
      : isObject(compile.loss) && typeof compile.loss.class_name === 'string'
        ? `keras.losses.${compile.loss.class_name}()`
        : 'None';
  const metrics = Array.isArray(compile.metrics) ? JSON.stringify(compile.metrics.filter((m) => typeof m === 'string')) : 'None';
  return {
    what: 'The model loads uncompiled (its optimizer state and compile config were left out): compile it again before training.',
    snippet: `model.compile(optimizer=keras.optimizers.${/^[A-Za-z]\w*$/.test(opt) ? (opt.length <= 4 ? (opt.toUpperCase() === opt ? opt : capitalize(opt)) : capitalize(opt)) : 'Adam'}(${lr !== null ? `learning_rate=${lr}` : ''}), loss=${loss}, metrics=${metrics})`,
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export type { ZipEntry };
