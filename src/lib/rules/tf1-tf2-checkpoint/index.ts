/**
 * tf1-tf2-checkpoint: a name-based checkpoint (TF1 Saver: no _CHECKPOINTABLE_OBJECT_GRAPH, or a
 * V1 TensorSlice table) loaded with object-based APIs, and the reverse.
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { artifactsOf, isObjectBased, loaderKind, tensors } from '../support.ts';
import { OBJECT_GRAPH_KEY } from '../../facts.ts';

const ID = 'tf1-tf2-checkpoint';

export function tf1Tf2Checkpoint(facts: ModelFacts, ctx: Context): Finding[] {
  const leftover = new Set(facts.leftovers);
  // The shards of an interrupted save are not a checkpoint anyone loads.
  const ckpt = artifactsOf(facts, 'checkpoint', 'checkpoint_v1').find((a) => !a.files.every((f) => leftover.has(f)));
  if (!ckpt || artifactsOf(facts, 'saved_model').length > 0) return [];
  const loader = loaderKind(ctx.loader);
  const objectBased = isObjectBased(facts);
  // The checkpoint's own values (a .meta beside it lists the same variables again).
  const stored = tensors(facts).filter((v) => ckpt.files.includes(v.file));
  const names = stored.slice(0, 4).map((v) => v.name);
  if (!objectBased) {
    if (loader === 'tf1_saver') return []; // the loader it was made for
    const objectLoader = loader === 'checkpoint_restore' || loader === 'keras_load_weights' || loader === 'keras_load_model';
    return [
      finding(
        ID,
        objectLoader ? 'error' : 'info',
        `Name-based (TF1) checkpoint${ckpt.format === 'checkpoint_v1' ? ' in the V1 TensorSlice format' : ''}`,
        `${ckpt.path} has no object graph: it maps global variable names (${names.join(', ')}${stored.length > 4 ? ', …' : ''}) to values. ${
          objectLoader
            ? 'tf.train.Checkpoint.restore and Keras load_weights fall back to matching by the variables\' global names ("Restoring a name-based tf.train.Saver checkpoint using the object-based restore API"), which Keras layers in TF2 rarely share: most values are silently left unrestored.'
            : 'Load it with the TF1 Saver, or map the names onto TF2 variables.'
        }`,
        {
          evidence: [
            evidence({
              file: ckpt.files.find((f) => f.endsWith('.index')) ?? ckpt.path,
              key: OBJECT_GRAPH_KEY,
              text: 'absent',
            }),
          ],
          fix: [
            '# Map saved names onto the model variables explicitly (the values are checked for shape):',
            'reader = tf.train.load_checkpoint(prefix)',
            'ASSIGN = {  # saved name -> model variable',
            ...names.slice(0, 2).map((n) => `    ${JSON.stringify(n)}: model.get_layer("...").weights[0],`),
            '}',
            'for name, var in ASSIGN.items():',
            '    var.assign(reader.get_tensor(name))',
            '# or, in graph code: tf.compat.v1.train.init_from_checkpoint(prefix, {"old_scope/": "new_scope/"})',
          ].join('\n'),
          confidence: 'certain',
        },
      ),
    ];
  }
  if (loader === 'tf1_saver') {
    return [
      finding(
        ID,
        'warning',
        'Object-based (TF2) checkpoint given to the TF1 Saver',
        'tf.compat.v1.train.Saver looks values up by global variable names; this checkpoint keys them by object paths (…/.ATTRIBUTES/VARIABLE_VALUE). TF re-maps them through the object graph with the warning "Restoring an object-based checkpoint using a name-based saver. This may be somewhat fragile"; variables created outside that object graph are not found.',
        {
          evidence: [evidence({ file: ckpt.path, key: names[0] ?? null })],
          fix: 'tf.train.Checkpoint(model=model).restore(prefix).assert_existing_objects_matched()',
          confidence: 'likely',
        },
      ),
    ];
  }
  return [];
}
