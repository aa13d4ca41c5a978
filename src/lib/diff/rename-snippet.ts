/**
 * Turns the renames of a diff into a checkpoint-key map and a Python script that writes a copy of
 * the checkpoint under the new keys (the original is left untouched).
 *
 * Object-based checkpoints (TF2, keys end in `/.ATTRIBUTES/VARIABLE_VALUE`): each value is set as
 * a `tf.Variable` on a tree of `tf.Module`s built from the new key's segments, hung on a
 * `tf.train.Checkpoint`, and written with `write()`; the object graph is rebuilt from that tree,
 * so the new keys are exactly the tree paths. Optimizer slots (`.OPTIMIZER_SLOT`) cannot be
 * re-attached this way and are left out (restore the copy with `expect_partial()`).
 * Name-based checkpoints (TF1 Saver, no object graph): a `tf.compat.v1.train.Saver` given a
 * {new name: variable} dict writes each value under exactly that name.
 */
import type { ModelDiff } from './index.ts';
import { isPositional, normalizeName } from './normalize.ts';

const ATTR = '/.ATTRIBUTES/VARIABLE_VALUE';

/** saved checkpoint key -> new checkpoint key, for the renames that are real renames. */
export function renameMap(diff: ModelDiff): Record<string, string> {
  const map: Record<string, string> = {};
  for (const r of diff.renamed) {
    if (r.positional || isPositional(r.from)) continue;
    map[r.from] = newKey(r.from, r.to);
  }
  return map;
}

/** The expected name written in the saved key's own style. */
function newKey(from: string, to: string): string {
  const objectBased = from.endsWith(ATTR);
  if (!objectBased) return to.replace(/:\d+$/, '');
  if (to.endsWith(ATTR)) return to;
  // Replace the owner segments from the end, keep the saved root prefix and the saved leaf
  // (Keras 3 keys keep `_kernel`).
  const fromSegments = from.slice(0, -ATTR.length).split('/');
  const leaf = fromSegments.pop()!;
  const toOwner = normalizeName(to).split('/').slice(0, -1);
  const keep = Math.max(0, fromSegments.length - toOwner.length);
  return [...fromSegments.slice(0, keep), ...toOwner, leaf].join('/') + ATTR;
}

function py(s: string): string {
  return JSON.stringify(s); // a JSON string literal is a valid Python str literal for these names
}

/** A Python script that rewrites the checkpoint at `prefix` under the renamed keys. */
export function renameSnippet(map: Record<string, string>, prefix: string, objectBased: boolean): string {
  const entries = Object.entries(map)
    .map(([a, b]) => `    ${py(a)}: ${py(b)},`)
    .join('\n');
  const head = [
    'import tensorflow as tf',
    '',
    `OLD = ${py(prefix)}`,
    `NEW = ${py(`${prefix}-renamed`)}`,
    'RENAME = {',
    entries,
    '}',
    'reader = tf.train.load_checkpoint(OLD)',
  ];
  if (!objectBased) {
    return [
      ...head,
      'with tf.Graph().as_default():',
      '    var_list = {}',
      '    for key in reader.get_variable_to_shape_map():',
      '        var_list[RENAME.get(key, key)] = tf.compat.v1.Variable(reader.get_tensor(key))',
      '    saver = tf.compat.v1.train.Saver(var_list)',
      '    with tf.compat.v1.Session() as sess:',
      '        sess.run(tf.compat.v1.global_variables_initializer())',
      '        saver.save(sess, NEW, write_meta_graph=False, write_state=False)',
      'print("wrote", NEW)',
    ].join('\n');
  }
  return [
    ...head,
    `SUFFIX = ${py(ATTR)}`,
    'root = tf.train.Checkpoint()',
    'for key in reader.get_variable_to_shape_map():',
    '    if not key.endswith(SUFFIX) or "/.OPTIMIZER_SLOT/" in key:',
    '        continue  # the object graph itself, and optimizer slots (not copied)',
    '    *parents, leaf = RENAME.get(key, key)[: -len(SUFFIX)].split("/")',
    '    node = root',
    '    for name in parents:',
    '        if not hasattr(node, name):',
    '            setattr(node, name, tf.Module())',
    '        node = getattr(node, name)',
    '    setattr(node, leaf, tf.Variable(reader.get_tensor(key)))',
    'print("wrote", root.write(NEW))',
  ].join('\n');
}
