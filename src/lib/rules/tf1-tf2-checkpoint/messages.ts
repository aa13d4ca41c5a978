/** What tf1-tf2-checkpoint says (the logic is in ./index.ts). */
import { messagesOf } from '../finding.ts';

const message = messagesOf('tf1-tf2-checkpoint');

export const messages = {
  nameBased: message<{ path: string; v1: boolean; names: string[]; more: boolean; objectLoader: boolean }>({
    title: (d) => `Name-based (TF1) checkpoint${d.v1 ? ' in the V1 TensorSlice format' : ''}`,
    detail: (d) =>
      `${d.path} has no object graph: it maps global variable names (${d.names.join(', ')}${d.more ? ', …' : ''}) to values. ` +
      (d.objectLoader
        ? "tf.train.Checkpoint.restore and Keras load_weights fall back to matching by the variables' global names " +
          '("Restoring a name-based tf.train.Saver checkpoint using the object-based restore API"), ' +
          'which Keras layers in TF2 rarely share: most values are silently left unrestored.'
        : 'Load it with the TF1 Saver, or map the names onto TF2 variables.'),
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
