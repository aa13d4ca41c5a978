/**
 * tf1-tf2-checkpoint: a name-based checkpoint (TF1 Saver: no _CHECKPOINTABLE_OBJECT_GRAPH, or a
 * V1 TensorSlice table) loaded with object-based APIs, and the reverse.
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { artifactsOf, isObjectBased, loaderKind, tensors } from '../support.ts';
import { OBJECT_GRAPH_KEY } from '../../facts.ts';
import { messages, type NameBasedLoader } from './messages.ts';

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
    const kind: NameBasedLoader =
      loader === 'checkpoint_restore'
        ? 'checkpoint_restore'
        : loader === 'keras_load_weights' || loader === 'keras_load_model'
          ? 'keras'
          : loader === 'tf_saved_model_load'
            ? 'saved_model'
            : 'unstated';
    return [
      report(
        messages.nameBased,
        { path: ckpt.path, v1: ckpt.format === 'checkpoint_v1', names, more: stored.length > 4, loader: kind },
        {
          severity: kind === 'unstated' ? 'info' : 'error',
          evidence: [
            evidence({
              file: ckpt.files.find((f) => f.endsWith('.index')) ?? ckpt.path,
              key: OBJECT_GRAPH_KEY,
              text: 'absent',
            }),
          ],
          confidence: 'certain',
        },
      ),
    ];
  }
  if (loader === 'tf1_saver') {
    return [
      report(
        messages.objectBasedToSaver,
        {},
        {
          severity: 'warning',
          evidence: [evidence({ file: ckpt.path, key: names[0] ?? null })],
          confidence: 'likely',
        },
      ),
    ];
  }
  return [];
}
