/**
 * variable-name-mismatch: the saved keys vs. the keys the loading code expects. Renamed weights
 * are paired by shape, dtype and name similarity (src/lib/diff), and the finding carries the
 * rename map plus a Python script that writes a copy of the checkpoint under the new names.
 * Pairs that differ only because one side names weights by position (`_operations/1`,
 * `layer_with_weights-0`) are not renames: TF matches object-based checkpoints through the
 * object graph, so those names never have to agree.
 */
import type { Context } from '../../context/types.ts';
import { diffModels, renameMap, renameSnippet } from '../../diff/index.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { artifactsOf, isObjectBased } from '../support.ts';

const ID = 'variable-name-mismatch';

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
  const detail = `${renames.length} saved weight(s) have the shape and dtype of an expected weight but another name${diff.matched.length ? ` (${diff.matched.length} others match by name)` : ''}. ${
    isObjectBased(facts)
      ? 'Object-based restore follows attribute and layer names, so the renamed ones are not restored: TF2 prints "Value in checkpoint could not be found in the restored object" at exit and leaves them at their initial values.'
      : 'A name-based restore looks each variable up by its name and fails with "Key <name> not found in checkpoint".'
  }`;
  const snippet = ckpt
    ? renameSnippet(map, ctx.path_given?.replace(/\.index$/, '') ?? ckpt.path, isObjectBased(facts))
    : `# Rename map (saved -> expected):\n${JSON.stringify(map, null, 2)}\n# For Keras HDF5 weights, rebuild the model and copy values by position instead:\n# for src, dst in zip(saved_model.weights, model.weights): dst.assign(src)`;
  const caveat = crossNamespace
    ? ' Caution: the expected names look like Keras weight paths (w.path, built from layer names) while this checkpoint keys values by attribute names; compare with tf.train.list_variables() of a checkpoint written from the new model before trusting this.'
    : '';
  return [
    finding(
      ID,
      crossNamespace ? 'warning' : 'error',
      `${renames.length} weight(s) renamed: ${renames
        .slice(0, 3)
        .map((r) => `${shortName(r.from)} → ${shortName(r.to)}`)
        .join(', ')}${renames.length > 3 ? ', …' : ''}`,
      detail + caveat,
      {
        evidence: renames.map((r) =>
          evidence({
            file: fileOf(r.from),
            key: r.from,
            text: `→ ${r.to} (${r.dtype ?? '?'} [${(r.shape ?? []).join(', ')}], score ${r.score})`,
          }),
        ),
        fix: ckpt ? `# Rename the saved layers in code back to the saved names, or rewrite the checkpoint:\n${snippet}` : snippet,
        confidence: !crossNamespace && renames.every((r) => r.score >= 0.75) ? 'likely' : 'possible',
      },
    ),
  ];
}

function shortName(key: string): string {
  return key.replace(/\/\.ATTRIBUTES\/VARIABLE_VALUE$/, '');
}
