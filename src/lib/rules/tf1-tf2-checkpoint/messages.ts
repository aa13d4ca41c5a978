/** What tf1-tf2-checkpoint says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';

const message = messagesOf('tf1-tf2-checkpoint');

/** Which loader the reader named, for a name-based checkpoint: each fails its own way. */
export type NameBasedLoader = 'checkpoint_restore' | 'keras' | 'saved_model' | 'unstated';

/** What each loader does with a TF1 checkpoint (recorded with TF 2.21 / Keras 3.15 on public/samples/tf1-saver-into-checkpoint). */
const LOADER_OUTCOMES: Record<NameBasedLoader, string> = {
  checkpoint_restore:
    'tf.train.Checkpoint(model=...).restore(prefix) raises nothing: it returns a NameBasedSaverStatus and matches by the global names, ' +
    'which Keras layers in TF2 do not share, so the model keeps its initial values. Only assert_consumed() or ' +
    'assert_existing_objects_matched() says so: "AssertionError: Some objects had attributes which were not restored".',
  keras:
    'Keras 3\'s model.load_weights(prefix) and keras.models.load_model(prefix) refuse it: "ValueError: File format not supported: ' +
    'filepath=… Keras 3 only supports V3 `.keras` files, `.weights.h5` files, legacy H5 format files (`.h5` extension), or Orbax checkpoints." ' +
    '(tf.keras 2.x load_weights read it by global names.)',
  saved_model:
    'tf.saved_model.load(dir) refuses the folder: "OSError: SavedModel file does not exist at: …/{saved_model.pbtxt|saved_model.pb}".',
  unstated:
    'Only tf.compat.v1.train.Saver().restore(sess, prefix) reads it as saved. tf.train.Checkpoint.restore raises nothing (it returns a ' +
    'NameBasedSaverStatus) and restores ' +
    'nothing into a Keras model (until assert_consumed() raises "Some objects had attributes which were not restored"); Keras 3\'s ' +
    'load_weights and load_model raise "File format not supported"; tf.saved_model.load says "SavedModel file does not exist at: …".',
};

export const messages = {
  nameBased: message<{ path: string; v1: boolean; names: string[]; more: boolean; loader: NameBasedLoader }>({
    title: (d) => `Name-based (TF1) checkpoint${d.v1 ? ' in the V1 TensorSlice format' : ''}`,
    detail: (d) =>
      `${d.path} has no object graph: it maps global variable names (${d.names.join(', ')}${d.more ? ', …' : ''}) to values. ` +
      LOADER_OUTCOMES[d.loader],
    fix: (d) =>
      [
        '# Map saved names onto the model variables explicitly (the values are checked for shape):',
        'reader = tf.train.load_checkpoint(prefix)',
        'ASSIGN = {  # saved name -> model variable',
        ...d.names.slice(0, 2).map((n) => `    ${JSON.stringify(n)}: model.get_layer("...").weights[0],`),
        '}',
        'for name, var in ASSIGN.items():',
        '    var.assign(reader.get_tensor(name))',
        '# or, in graph code: tf.compat.v1.train.init_from_checkpoint(prefix, {"old_scope/": "new_scope/"})',
      ].join('\n'),
  }),

  objectBasedToSaver: message({
    title: 'Object-based (TF2) checkpoint given to the TF1 Saver',
    detail:
      'tf.compat.v1.train.Saver looks values up by global variable names; ' +
      'this checkpoint keys them by object paths (…/.ATTRIBUTES/VARIABLE_VALUE). ' +
      'TF re-maps them through the object graph with the warning ' +
      '"Restoring an object-based checkpoint using a name-based saver. This may be somewhat fragile"; ' +
      'variables created outside that object graph are not found.',
    fix: 'tf.train.Checkpoint(model=model).restore(prefix).assert_existing_objects_matched()',
  }),
};
