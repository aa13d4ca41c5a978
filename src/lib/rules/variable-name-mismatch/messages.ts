/** What variable-name-mismatch says (the logic is in ./index.ts). */
import { renameSnippet } from '../../diff/index.ts';
import { messagesOf } from '../finding.ts';

const message = messagesOf('variable-name-mismatch');

function shortName(key: string): string {
  return key.replace(/\/\.ATTRIBUTES\/VARIABLE_VALUE$/, '');
}

export interface Renamed {
  renames: { from: string; to: string }[];
  /** Weights that match by name. */
  matched: number;
  objectBased: boolean;
  /** The expected names are Keras weight paths while the checkpoint keys are attribute names. */
  crossNamespace: boolean;
  /** Saved key -> expected key. */
  map: Record<string, string>;
  /** The checkpoint prefix the rewrite script reads, or null when the artifact is no checkpoint. */
  prefix: string | null;
}

export const messages = {
  renamed: message<Renamed>({
    title: (d) =>
      `${d.renames.length} weight(s) renamed: ${d.renames
        .slice(0, 3)
        .map((r) => `${shortName(r.from)} → ${shortName(r.to)}`)
        .join(', ')}${d.renames.length > 3 ? ', …' : ''}`,
    detail: (d) =>
      `${d.renames.length} saved weight(s) have the shape and dtype of an expected weight but another name` +
      `${d.matched ? ` (${d.matched} others match by name)` : ''}. ` +
      (d.objectBased
        ? 'Object-based restore follows attribute and layer names, so the renamed ones are not restored: ' +
          'TF2 prints "Value in checkpoint could not be found in the restored object" at exit and leaves them at their initial values.'
        : 'A name-based restore looks each variable up by its name and fails with "Key <name> not found in checkpoint".') +
      (d.crossNamespace
        ? ' Caution: the expected names look like Keras weight paths (w.path, built from layer names) ' +
          'while this checkpoint keys values by attribute names; ' +
          'compare with tf.train.list_variables() of a checkpoint written from the new model before trusting this.'
        : ''),
    fix: (d) =>
      d.prefix !== null
        ? [
            '# Rename the saved layers in code back to the saved names, or rewrite the checkpoint:',
            renameSnippet(d.map, d.prefix, d.objectBased),
          ].join('\n')
        : [
            '# Rename map (saved -> expected):',
            JSON.stringify(d.map, null, 2),
            '# For Keras HDF5 weights, rebuild the model and copy values by position instead:',
            '# for src, dst in zip(saved_model.weights, model.weights): dst.assign(src)',
          ].join('\n'),
  }),
};
