/** What version-mismatch says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';

const message = messagesOf('version-mismatch');

/** The pip package and import that register ops outside core TensorFlow (src/lib/data/op-packages.json). */
export interface OpPackage {
  pip: string;
  import: string;
  force_load: string | null;
  ops: string[];
}

function importLines(packages: OpPackage[], unknown: string[]): string {
  const lines = ['import tensorflow as tf'];
  for (const p of packages) {
    lines.push(`${p.import}  # pip install ${p.pip}: registers ${p.ops.slice(0, 3).join(', ')}${p.ops.length > 3 ? ', ...' : ''}`);
    if (p.force_load) lines.push(p.force_load);
  }
  if (unknown.length > 0)
    lines.push(`tf.load_op_library("path/to/custom_ops.so")  # the library that defines ${unknown.slice(0, 3).join(', ')}`);
  return lines.join('\n');
}

export const messages = {
  notCoreOps: message<{ ops: string[]; packages: OpPackage[]; unknown: string[] }>({
    title: (d) =>
      `${d.ops.length} op${d.ops.length > 1 ? 's' : ''} not in core TensorFlow: ${d.ops.slice(0, 5).join(', ')}` +
      (d.packages.length > 0 ? ` (registered by ${d.packages.map((p) => p.pip).join(', ')})` : ''),
    detail: (d) =>
      'These ops are registered by an add-on library, not by TensorFlow itself (the op history covers every core op from 2.0 to 2.21). ' +
      'Loading fails with "Op type not registered \'<op>\' in binary running on <host>" unless that library is imported first, ' +
      'in a version built for the same TensorFlow release.' +
      (d.packages.length > 0
        ? ` Which package registers which op comes from the packages' own sources: ${d.packages.map((p) => `${p.pip} (${p.ops.join(', ')})`).join('; ')}.`
        : '') +
      (d.unknown.length > 0 ? ` No known package registers ${d.unknown.join(', ')}: a custom op library of the model's authors.` : ''),
    fix: (d) =>
      ['# import what registers the ops before loading:', importLines(d.packages, d.unknown), 'loaded = tf.saved_model.load(path)'].join(
        '\n',
      ),
  }),

  /** An op the runtime does not have: added later (firstRelease), or removed by then. */
  noOp: message<{ runtime: string; op: string; why: string; removed: boolean; firstRelease: string | null }>({
    title: (d) => `TensorFlow ${d.runtime} has no op ${d.op}`,
    detail: (d) => `${d.why} Loading the graph fails with "Op type not registered '${d.op}'".`,
    fix: (d) =>
      d.removed
        ? `Load with TensorFlow older than the removal, or re-export the model from code that no longer uses ${d.op}.`
        : `Upgrade the loading environment to a TensorFlow release that has ${d.op} ` +
          `(pip install "tensorflow>=${d.firstRelease ?? '2.21'}"), or re-export the model with TensorFlow ${d.runtime}.`,
  }),

  maybeNoOp: message<{ runtime: string; op: string; why: string }>({
    title: (d) => `TensorFlow ${d.runtime} may not have op ${d.op}`,
    detail: (d) => d.why,
  }),

  unknownAttr: message<{
    runtime: string;
    op: string;
    attr: string;
    why: string;
    /** The graph was saved with default attrs stripped and the attr has a default: its value is not the default. */
    strippedDefault: boolean;
    /** The graph keeps default attrs: a MetaGraph import drops the attr if it has the default value. */
    droppable: boolean;
  }>({
    title: (d) => `TensorFlow ${d.runtime} does not know attr '${d.attr}' of ${d.op}`,
    detail: (d) =>
      `${d.why} An older binary rejects the node with "NodeDef mentions attr '${d.attr}' not in Op<name=${d.op}; ...>".` +
      (d.strippedDefault
        ? ' The graph was saved with default attrs stripped, so this attr is there because its value is not the default: ' +
          'an older runtime cannot drop it.'
        : d.droppable
          ? ' If its saved value equals the default, a MetaGraph import drops it and loading works.'
          : ''),
    fix: (d) => `Load with a newer TensorFlow, or re-export the model with TensorFlow ${d.runtime}.`,
  }),

  minConsumer: message<{ minConsumer: number; runtime: string; consumer: number }>({
    title: (d) => `GraphDef min_consumer ${d.minConsumer} is above TensorFlow ${d.runtime}'s GraphDef version ${d.consumer}`,
    detail: (d) =>
      'The TF1 loader (tf.compat.v1.saved_model.loader.load, GraphDef import) raises ' +
      `"GraphDef min consumer version ${d.minConsumer} above current version ${d.consumer}". ` +
      "TF2's tf.saved_model.load does not check consumer versions at all: it loads, so a clean TF2 load is no proof of compatibility.",
    fix: (d) => `Load with TensorFlow whose GraphDef version is at least ${d.minConsumer}.`,
  }),

  newerProducer: message<{ producer: number; tensorflowVersion: string | null; saver: string | null; runtime: string; consumer: number }>({
    title: (d) => {
      const stated = d.tensorflowVersion ? `tensorflow_version "${d.tensorflowVersion}"` : `about TensorFlow ${d.saver ?? 'newer'}`;
      return `Saved by a newer TensorFlow (GraphDef producer ${d.producer}, ${stated}) than the runtime ${d.runtime} (${d.consumer})`;
    },
    detail:
      'Newer graphs load in older TensorFlow as long as every op and attr exists there (see the op findings, if any); ' +
      'the version numbers themselves only block loading in the TF1 loader, and only through min_consumer. ' +
      'tf.saved_model.load in TF2 does not check them.',
  }),

  keras3SavedModel: message<{ path: string }>({
    title: 'Keras 3 cannot load a SavedModel with load_model',
    detail:
      'keras.models.load_model in Keras 3 (the default tf.keras from TensorFlow 2.16) reads only `.keras` zips and legacy `.h5` files; ' +
      'given a SavedModel directory it raises "File format not supported: filepath=... ' +
      'Keras 3 only supports V3 `.keras` files and legacy H5 format files". The SavedModel itself is fine.',
    fix: (d) =>
      [
        '# For inference in Keras 3: wrap the SavedModel as a layer',
        `layer = keras.layers.TFSMLayer(${JSON.stringify(d.path)}, call_endpoint="serving_default")`,
        '# or, without Keras objects:',
        `loaded = tf.saved_model.load(${JSON.stringify(d.path)}); infer = loaded.signatures["serving_default"]`,
        '# or keep Keras 2 semantics: pip install tf-keras, then before importing tensorflow',
        'import os; os.environ["TF_USE_LEGACY_KERAS"] = "1"  # exactly "1", "true" or "True"',
      ].join('\n'),
  }),

  keras3FileInKeras2: message<{ saved: string | null }>({
    title: (d) => `A Keras ${d.saved} file loaded by Keras 2 (tf.keras)`,
    detail:
      'tf.keras 2.13–2.15 and tf-keras read the `.keras` zip layout but fail on Keras-3-only class names, module paths and config keys ' +
      '(e.g. "Unrecognized keyword arguments", "Unknown layer").',
    fix: 'Load it with Keras 3 (pip install "keras>=3" with TensorFlow >= 2.16), or re-save it from Keras 2 code.',
  }),

  kerasFileTooOld: message<{ keras: string | null }>({
    title: (d) => `tf.keras ${d.keras} cannot read a .keras file`,
    detail:
      'The `.keras` zip format is loadable by tf.keras from 2.12 on (2.11 could only write it privately). ' +
      'Older tf.keras treats the path as neither HDF5 nor a SavedModel.',
    fix: 'Load with tf.keras >= 2.13 (or Keras 3), or re-save the model as .h5 from the newer environment.',
  }),

  olderKeras: message<{ saved: string | null; loading: string | null }>({
    title: (d) => `Saved with Keras ${d.saved}, loading with ${d.loading}`,
    detail: 'An older Keras can fail on config keys or layers the newer one added ("Unrecognized keyword arguments", "Unknown layer").',
  }),

  h5pyStrDecode: message<{ h5py: string | null; keras: string | null }>({
    title: (d) => `h5py ${d.h5py} with Keras ${d.keras}: "'str' object has no attribute 'decode'"`,
    detail:
      'h5py 3 returns HDF5 string attributes as str where h5py 2 returned bytes; ' +
      "Keras 2.3.1 (keras/engine/saving.py) calls .decode('utf-8') " +
      'on model_config, keras_version and weight names unconditionally. ' +
      "Keras 2.6's hdf5_format.py guards against it; releases in between were not checked.",
    fix: 'pip install "h5py<3"  # or upgrade Keras/TensorFlow to 2.6+',
  }),

  /** A constructor key the loading Keras rejects (table: src/lib/data/keras-compat.json). */
  kerasRejectsKey: message<{
    loading: string;
    stated: boolean;
    kind: string;
    className: string;
    keys: string[];
    layers: string[];
    lastAccepted: string | null;
    error: string | null;
    file: string;
  }>({
    title: (d) => `${d.loading} rejects ${names(d.keys.map((k) => `\`${k}\``))} in ${d.className} (${names(d.layers)})`,
    detail: (d) =>
      `The saved config of ${d.className} ${d.kind.replace('_', ' ')}${d.layers.length > 1 ? 's' : ''} at ${names(d.layers)} has ` +
      `${d.keys.map((k) => `\`${k}\``).join(', ')}, which ${d.loading} does not accept` +
      `${d.lastAccepted ? ` (${d.lastAccepted} was the last to)` : ''}. Loading fails while the config is read, before any weight: ` +
      `"${d.error ?? expectedError(d)}".` +
      assumed(d),
    fix: (d) =>
      [
        '# Either load with the Keras that wrote the file (tf.keras 2.x: TensorFlow <= 2.15, or tf-keras',
        '# with TF_USE_LEGACY_KERAS=1), or drop the key from the saved config; this writes a fixed copy:',
        `tf-restore-doctor repair ${d.file} --out fixed/`,
        '# (by hand: load the config JSON, delete the key from each layer config, rebuild with',
        '# keras.models.model_from_json and load the weights by layer name)',
      ].join('\n'),
  }),

  /** A class the loading Keras does not have: removed in Keras 3, or newer than it. */
  kerasLacksClass: message<{
    loading: string;
    stated: boolean;
    kind: string;
    className: string;
    where: string[];
    removedAfter: string | null;
    file: string;
  }>({
    title: (d) => `${d.loading} has no ${d.kind.replace('_', ' ')} ${d.className}`,
    detail: (d) =>
      `${names(d.where)} ${d.where.length > 1 ? 'use' : 'uses'} ${d.className}, ` +
      (d.removedAfter
        ? `a built-in of Keras 2 up to ${d.removedAfter} that no Keras 3 release can load by that name. `
        : `a Keras built-in that ${d.loading} does not have (it belongs to another release). `) +
      `Loading fails with "Could not locate class '${d.className}'" (Keras 3) or "Unknown ${d.kind}: '${d.className}'" (Keras 2). ` +
      'It is not a custom object: registering a class of your own under that name only hides the difference.' +
      assumed(d),
    fix: (d) =>
      d.removedAfter
        ? `# Load with the Keras that wrote it (${d.removedAfter} or older), or rebuild the model with the\n` +
          '# Keras 3 counterpart of the class and load the weights by layer.'
        : `# Load with a Keras release that has ${d.className}, or re-save the model with ${d.loading}.`,
  }),

  /** A `.keras` file naming a module the loading Keras cannot import. */
  kerasCannotImportModule: message<{ loading: string; stated: boolean; className: string; module: string; where: string[]; file: string }>({
    title: (d) => `${d.loading} cannot import ${d.module} (${d.className})`,
    detail: (d) =>
      `This .keras file was written by tf.keras 2.11-2.15 or tf-keras: it names ${d.className} under the module ${d.module}, ` +
      `which ${d.loading} does not have. Loading fails with "Could not deserialize class '${d.className}' because its parent module ` +
      `${d.module} cannot be imported."` +
      assumed(d),
    fix: (d) =>
      [
        '# Load it with the tf.keras that wrote it, or rewrite the module paths Keras 3 can import:',
        `tf-restore-doctor repair ${d.file} --out fixed/`,
      ].join('\n'),
  }),

  /** A Sequential saved by Keras <= 2.2 as a bare layer list, which Keras 3's legacy loader cannot read. */
  kerasListConfig: message<{ loading: string; stated: boolean; className: string; layers: number; file: string }>({
    title: (d) => `${d.loading} cannot read this ${d.className} config: Keras 2.2 or older saved it as a bare layer list`,
    detail: (d) =>
      `The file's model_config is {"class_name": "${d.className}", "config": [${plural(d.layers, 'layer')}]}: the layer list itself, as Keras 1 and ` +
      `Keras 2.0-2.2 wrote it. tf.keras 2.x still reads that shape; Keras 3's legacy loader expects a dict and fails in ` +
      `legacy/saving/saving_utils.py with "TypeError: pop expected at most 1 argument, got 2", before any weight is read.` +
      assumed(d),
    fix: (d) =>
      [
        '# Rewrite the config as {"name": ..., "layers": [...]} (the weights stay as they are):',
        `tf-restore-doctor repair ${d.file} --out fixed/`,
        '# or load it with tf.keras 2.x (TensorFlow <= 2.15) and save it again as .keras.',
      ].join('\n'),
  }),

  /** A wrapper whose nested layer config has no `module`, which Keras 3 cannot locate by name. */
  kerasNestedWithoutModule: message<{ loading: string; stated: boolean; className: string; nested: string; where: string[]; file: string }>(
    {
      title: (d) => `${d.loading} cannot locate the ${d.nested} inside ${d.className} (${names(d.where)})`,
      detail: (d) =>
        `${names(d.where)} ${d.where.length > 1 ? 'wrap' : 'wraps'} a ${d.nested} whose saved config has no "module" (Keras 2.12 and older wrote ` +
        `nested layers so). ${d.loading} deserializes the nested layer by module and fails with "Could not locate class '${d.nested}'". ` +
        `${d.nested} is a built-in, not a custom object.` +
        assumed(d),
      fix: (d) =>
        [
          `# Add "module": "keras.layers" to the nested ${d.nested} config, or let the repair write a fixed copy:`,
          `tf-restore-doctor repair ${d.file} --out fixed/`,
        ].join('\n'),
    },
  ),

  /** A key a newer Keras 3 writes that an older Keras 3 rejects. */
  kerasDowngradeKey: message<{ loading: string; saved: string; className: string; key: string; layers: string[]; file: string }>({
    title: (d) => `${d.loading} rejects \`${d.key}\` in ${d.className}, written by Keras ${d.saved}`,
    detail: (d) =>
      `Keras ${d.saved} writes \`${d.key}\` into ${d.className} configs (${names(d.layers)}); ${d.loading} predates it and fails with ` +
      `"Unrecognized keyword arguments passed to ${d.className}".`,
    fix: (d) =>
      `# Upgrade the loading Keras to ${d.saved} (pip install "keras>=${d.saved}"), or drop the key:\ntf-restore-doctor repair ${d.file} --out fixed/`,
  }),
};

/** What Keras 3 raises: layers check unknown kwargs together, other objects' constructors the first one. */
function expectedError(d: { kind: string; className: string; keys: string[] }): string {
  if (d.kind === 'layer' || d.kind === 'model')
    return `ValueError: Unrecognized keyword arguments passed to ${d.className}: {${d.keys.map((k) => `'${k}': ...`).join(', ')}}`;
  return `TypeError: ${d.className}.__init__() got an unexpected keyword argument '${d.keys[0]}'`;
}

/** "a, b, c and 4 more". */
function names(list: string[]): string {
  return list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Said when no Keras version was stated: the current one is assumed. */
function assumed(d: { stated: boolean; loading: string }): string {
  return d.stated ? '' : ` (No Keras version was given: judged against the current ${d.loading}; say --keras X.Y for yours.)`;
}
