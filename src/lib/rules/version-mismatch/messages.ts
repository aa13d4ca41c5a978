/** What version-mismatch says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';

const message = messagesOf('version-mismatch');

/** Imports that register ops outside core TensorFlow, guessed from the op names. */
function suggestLibrary(ops: string[]): string {
  const lines = new Set<string>();
  for (const op of ops) {
    if (/^SimpleML/.test(op)) lines.add('import tensorflow_decision_forests  # registers SimpleML* ops');
    else if (/Sentencepiece|Wordpiece|RegexSplit|UnicodeScriptTokenize|FastWordpiece|Whitespace|TFText/i.test(op))
      lines.add('import tensorflow_text  # registers tokenizer ops');
    else if (/^IO|Avro|Parquet|Kafka/.test(op)) lines.add('import tensorflow_io');
    else if (/^Addons/.test(op)) lines.add('import tensorflow_addons');
  }
  if (lines.size === 0) lines.add('tf.load_op_library("path/to/custom_ops.so")  # the library that defines them');
  return ['import tensorflow as tf', ...lines].join('\n');
}

export const messages = {
  notCoreOps: message<{ ops: string[] }>({
    title: (d) => `${d.ops.length} op${d.ops.length > 1 ? 's' : ''} not in core TensorFlow: ${d.ops.slice(0, 5).join(', ')}`,
    detail:
      'These ops are registered by an add-on library, not by TensorFlow itself (the op history covers every core op from 2.0 to 2.21). ' +
      'Loading fails with "Op type not registered \'<op>\' in binary running on <host>" unless that library is imported first, ' +
      'in a version built for the same TensorFlow release.',
    fix: (d) =>
      [
        '# import the library that registers the ops before loading, e.g.',
        suggestLibrary(d.ops),
        'loaded = tf.saved_model.load(path)',
      ].join('\n'),
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
};
