/**
 * variable-name-mismatch: the saved keys vs. the keys the loading code expects. Renamed weights
 * are paired by shape, dtype and name similarity (src/lib/diff), and the finding carries the
 * rename map plus a Python script that writes a copy of the checkpoint under the new names.
 * Pairs that differ only because one side names weights by position (`_operations/1`,
 * `layer_with_weights-0`) are not renames: TF matches object-based checkpoints through the
 * object graph, so those names never have to agree.
 */
import type { Context } from '../../context/types.ts';
import { diffModels, renameMap } from '../../diff/index.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { artifactsOf, isObjectBased } from '../support.ts';
import { messages } from './messages.ts';

export function variableNameMismatch(facts: ModelFacts, ctx: Context): Finding[] {
  if (!ctx.expected || ctx.expected.variables.length === 0 || facts.variables.length === 0) return [];
  const diff = diffModels(facts, ctx.expected);
  const renames = diff.renamed.filter((r) => !r.positional);
  if (renames.length === 0) return [];
  const map = renameMap(diff);
  // Keras weight paths (w.path: layer names) and object-based checkpoint keys (attribute names)
  // are different namespaces: a subclassed model's `self.hidden = Dense(4)` is `hidden` in the
  // checkpoint but `dense_3` in w.path. Across them a "rename" may be no rename at all.
  const crossNamespace = isObjectBased(facts) && !ctx.expected.variables.some((v) => v.name.endsWith('/.ATTRIBUTES/VARIABLE_VALUE'));
  const ckpt = artifactsOf(facts, 'checkpoint', 'checkpoint_v1')[0] ?? null;
  const fileOf = (key: string) => facts.variables.find((v) => v.name === key)?.file ?? null;
  return [
    report(
      messages.renamed,
      {
        renames,
        matched: diff.matched.length,
        objectBased: isObjectBased(facts),
        crossNamespace,
        map,
        prefix: ckpt ? (ctx.path_given?.replace(/\.index$/, '') ?? ckpt.path) : null,
      },
      {
        severity: crossNamespace ? 'warning' : 'error',
        evidence: renames.map((r) =>
          evidence({
            file: fileOf(r.from),
            key: r.from,
            text: `→ ${r.to} (${r.dtype ?? '?'} [${(r.shape ?? []).join(', ')}], score ${r.score})`,
          }),
        ),
        confidence: !crossNamespace && renames.every((r) => r.score >= 0.75) ? 'likely' : 'possible',
      },
    ),
  ];
}
