/** What wrong-path-or-loader says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';

const message = messagesOf('wrong-path-or-loader');

export const messages = {
  pathNamesFile: message<{ prefix: string; file: 'index' | 'data' }>({
    title: (d) => `The path names a checkpoint file (.${d.file === 'data' ? 'data-…' : 'index'}), not its prefix`,
    detail: (d) =>
      d.file === 'data'
        ? 'Given a .data-* file, tf.train.Checkpoint.restore finds no <path>.index, falls back to the TF1 table reader and raises ' +
          '"Unable to open table file …: not an sstable (bad magic number): perhaps your file is in a different file format" (TF 2.21).'
        : 'tf.train.Checkpoint.restore("….index") finds no checkpoint at that prefix, falls back to a name-based restore ' +
          'and restores nothing — without an exception. The model keeps its random initial values.',
    fix: (d) =>
      [
        `status = tf.train.Checkpoint(model=model).restore(${JSON.stringify(d.prefix)})`,
        'status.assert_existing_objects_matched()  # fails loudly instead of restoring nothing',
      ].join('\n'),
  }),

  pathIsDirectory: message<{ checkpoint: string; given: string }>({
    title: 'The path is the checkpoint directory, not a checkpoint prefix',
    detail: (d) =>
      `restore() needs a prefix such as "${d.checkpoint}" (the .index file without its extension); ` +
      'given the directory it raises "Unsuccessful TensorSliceReader constructor" / "Failed to find any matching files".',
    fix: (d) =>
      [
        `prefix = tf.train.latest_checkpoint(${JSON.stringify(d.given)})`,
        'assert prefix is not None, "no checkpoint state file, or it names paths that do not exist"',
        'status = tf.train.Checkpoint(model=model).restore(prefix)',
      ].join('\n'),
  }),

  stateNamesMissingPrefix: message<{ named: string; prefixes: string[] }>({
    title: (d) => `The checkpoint state file names "${d.named}", which is not here`,
    detail: (d) =>
      'tf.train.latest_checkpoint() returns None when the prefix it names has no files, ' +
      `and restore(None) restores nothing without an error. Present: ${d.prefixes.join(', ')}.`,
    fix: (d) => `prefix = ${JSON.stringify(d.prefixes[d.prefixes.length - 1])}  # pass an existing prefix explicitly`,
  }),

  stateNamesAbsolutePaths: message<{
    stateFile: string;
    stateDir: string;
    named: string;
    namedDir: string;
    localName: string;
    /** The checkpoint the state file names is here, under its local name. */
    present: boolean;
  }>({
    title: (d) => `The checkpoint state file names absolute paths (${d.namedDir})`,
    detail: (d) =>
      `${d.stateFile} points at "${d.named}". After the directory is moved or copied to another machine, ` +
      'tf.train.latest_checkpoint(dir) looks for that absolute path, does not find it and returns None; ' +
      'Checkpoint.restore(None) then does nothing and the model keeps random weights — no exception.' +
      (d.present
        ? ` The checkpoint "${d.localName}" is right here${d.stateDir ? ` in ${d.stateDir}` : ''}, so only the state file is stale.`
        : ''),
    fix: (d) =>
      [
        'import os, tensorflow as tf',
        'ckpt_dir = "path/to/moved/dir"',
        `prefix = os.path.join(ckpt_dir, ${JSON.stringify(d.localName)})  # pass the prefix, not latest_checkpoint()`,
        'tf.train.Checkpoint(model=model).restore(prefix).assert_existing_objects_matched()',
        '# or rewrite the state file; pass the full prefix: TF stores it relative to ckpt_dir',
        '# (a bare name is read relative to the working directory and stored wrong):',
        `tf.compat.v1.train.update_checkpoint_state(ckpt_dir, prefix, all_model_checkpoint_paths=[prefix])`,
      ].join('\n'),
  }),

  hdf5NamedKeras: message<{ path: string; name: string }>({
    title: (d) => `${d.name} is an HDF5 file with a .keras name`,
    detail:
      'Keras 3 picks the reader by the file name: a `.keras` path must be a zip archive, and this is HDF5, so load_model raises ' +
      '"File not found: filepath=…. Please ensure the file is an accessible `.keras` zip file." (Keras 3.15, checked) ' +
      'although the file exists. The content is a legacy HDF5 model.',
    fix: (d) => {
      const h5 = d.path.replace(/\.keras$/i, '.h5');
      return [
        `import shutil; shutil.copy(${JSON.stringify(d.path)}, ${JSON.stringify(h5)})`,
        `model = keras.models.load_model(${JSON.stringify(h5)})`,
      ].join('\n');
    },
  }),

  noServeTag: message<{ tags: string[][]; several: boolean }>({
    title: (d) => `No MetaGraph has the "serve" tag (tags: ${d.tags.map((t) => `[${t.join(', ')}]`).join(' ')})`,
    detail: (d) =>
      'tf.compat.v1.saved_model.loader.load(sess, ["serve"], path) raises ' +
      '"MetaGraphDef associated with tags \'serve\' could not be found in SavedModel", and TF Serving asks for "serve" by default' +
      (d.several
        ? '; tf.saved_model.load and TFSMLayer with several MetaGraphs need tags= (TFSMLayer cannot pass them)'
        : '; TF2 tf.saved_model.load and TFSMLayer load a single MetaGraph whatever its tags') +
      '.',
    fix: (d) => `loaded = tf.saved_model.load(path, tags=${JSON.stringify(d.tags[0] ?? [])})`,
  }),

  loadModelGivenCheckpoint: message({
    title: 'load_model was given a checkpoint',
    detail:
      'A checkpoint holds values only, no architecture: load_model cannot build a model from it. ' +
      'Build the model in code, then restore the values into it.',
    fix: [
      'model = build_model()  # the code that made the model',
      'tf.train.Checkpoint(model=model).restore(prefix).assert_existing_objects_matched()',
    ].join('\n'),
  }),

  savedModelLoadGivenKerasFile: message({
    title: 'tf.saved_model.load was given a Keras file',
    detail: 'tf.saved_model.load reads SavedModel directories only; .keras and .h5 files are read by Keras.',
    fix: 'model = keras.models.load_model(path)',
  }),

  checkpointRestoreGivenSavedModel: message<{ loader: string | null }>({
    title: (d) => `${d.loader} was given a SavedModel`,
    detail:
      'tf.train.Checkpoint.restore accepts a SavedModel directory and reads variables/variables, ' +
      "but it matches values by object path from the SavedModel's root " +
      '(for Keras 3 model.export(): variables/N, _all_variables/N). ' +
      'A model built in code under tf.train.Checkpoint(model=...) matches none of them: nothing is restored, no exception, ' +
      'only "Value in checkpoint could not be found" warnings at exit (checked on TF 2.21). Load it as a SavedModel instead.',
    fix: [
      'loaded = tf.saved_model.load(saved_model_dir)',
      'infer = loaded.signatures["serving_default"]',
      '# Keras 3: layer = keras.layers.TFSMLayer(saved_model_dir, call_endpoint="serving_default")',
    ].join('\n'),
  }),

  keras3LoadWeightsGivenCheckpoint: message({
    title: 'Keras 3 load_weights was given a TF checkpoint',
    detail:
      'Keras 3 model.load_weights reads .weights.h5, .keras and legacy .h5 only ("File format not supported"). ' +
      'TF checkpoints are restored through TensorFlow, and Keras 2 key paths (layer_with_weights-N) do not match Keras 3 objects.',
    fix: [
      'tf.train.Checkpoint(model=model).restore(prefix).expect_partial()  # TF backend',
      '# check what matched: .assert_existing_objects_matched()',
    ].join('\n'),
  }),

  loadModelGivenPlainSavedModel: message({
    title: 'load_model was given a SavedModel without Keras metadata',
    detail:
      'tf.keras load_model needs keras_metadata.pb to rebuild Keras objects ' +
      '("Unable to create a Keras model from SavedModel ... lacks the Keras metadata file"). ' +
      'This SavedModel was written by tf.saved_model.save or model.export().',
    fix: ['loaded = tf.saved_model.load(path)', 'infer = loaded.signatures["serving_default"]'].join('\n'),
  }),
};
