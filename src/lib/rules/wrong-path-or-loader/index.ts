/**
 * wrong-path-or-loader: the artifact vs. the call and path the reader uses (which loader reads
 * which format: src/lib/data/keras-formats.json). The silent cases matter most:
 *  - a path ending in `.index` given to Checkpoint.restore falls back to a name-based restore
 *    and restores nothing (a `.data-*` path at least raises);
 *  - a `checkpoint` state file with absolute paths from another machine: latest_checkpoint()
 *    returns None and restore(None) is a no-op (checked with TF 2.21, test/unit/rules/data);
 *  - a `.keras` name on HDF5 bytes; a SavedModel whose MetaGraphs lack the `serve` tag.
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding, type Message } from '../finding.ts';
import { artifactsOf, isKerasSavedModel, kerasMajorStated, loaderKind } from '../support.ts';
import { messages } from './messages.ts';

export function wrongPathOrLoader(facts: ModelFacts, ctx: Context): Finding[] {
  return [
    ...pathShape(facts, ctx),
    ...stateFile(facts, ctx),
    ...kerasName(facts),
    ...servingTag(facts, ctx),
    ...loaderVsFormat(facts, ctx),
  ];
}

/** The path the reader passes: stated on its own, or the first quoted argument of the loader
 *  call they pasted (`tf.train.Checkpoint(model=model).restore("ckpt-1.index")`); later quoted
 *  strings are keyword values (custom_objects keys, tags). */
export function pathGiven(ctx: Context): string | null {
  if (ctx.path_given) return ctx.path_given;
  const quoted = /(["'])([^"'\n]{1,1000})\1/.exec(ctx.loader ?? '');
  return quoted ? quoted[2]! : null;
}

function pathShape(facts: ModelFacts, ctx: Context): Finding[] {
  const given = pathGiven(ctx);
  const loader = loaderKind(ctx.loader);
  if (!given) return [];
  const out: Finding[] = [];
  const m = /^(.*?)\.(index|data-\d{5}-of-\d{5})$/.exec(given);
  if (m && (loader === 'checkpoint_restore' || loader === 'keras_load_weights' || loader === null)) {
    out.push(
      report(
        messages.pathNamesFile,
        { prefix: m[1]!, file: m[2]!.startsWith('data') ? 'data' : 'index' },
        {
          severity: 'error',
          evidence: [evidence({ text: `path passed: ${given}` })],
          confidence: 'certain',
        },
      ),
    );
  }
  const ckpt = artifactsOf(facts, 'checkpoint')[0];
  // latest_checkpoint(dir) is the right way to pass a directory.
  if (
    ckpt &&
    !m &&
    !/latest_checkpoint/.test(ctx.loader ?? '') &&
    (loader === 'checkpoint_restore' || loader === 'keras_load_weights' || loader === 'tf1_saver')
  ) {
    const dir = ckpt.path.includes('/') ? ckpt.path.slice(0, ckpt.path.lastIndexOf('/')) : '';
    const g = given.replace(/[\\/]+$/, '');
    if (dir !== '' && (g === dir || g.endsWith(`/${dir}`) || baseName(g) === baseName(dir)) && baseName(g) !== baseName(ckpt.path)) {
      out.push(
        report(
          messages.pathIsDirectory,
          { checkpoint: ckpt.path, given },
          {
            severity: 'error',
            evidence: [evidence({ file: ckpt.path, text: `path passed: ${given}` })],
            confidence: 'likely',
          },
        ),
      );
    }
  }
  return out;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^[a-z0-9]+:\/\//.test(p);
}

function stateFile(facts: ModelFacts, ctx: Context): Finding[] {
  const state = facts.checkpoint_state;
  if (!state?.model_checkpoint_path) return [];
  const named = state.model_checkpoint_path;
  const stateDir = state.file.includes('/') ? state.file.slice(0, state.file.lastIndexOf('/')) : '';
  const prefixes = artifactsOf(facts, 'checkpoint', 'checkpoint_v1').map((a) => a.path);
  const localName = baseName(named.replace(/\\/g, '/'));
  const present = prefixes.some((p) => baseName(p) === localName);
  if (!isAbsolute(named)) {
    if (present || prefixes.length === 0) return [];
    return [
      report(
        messages.stateNamesMissingPrefix,
        { named, prefixes },
        {
          severity: 'error',
          evidence: [evidence({ file: state.file, key: 'model_checkpoint_path', text: named })],
          confidence: 'certain',
        },
      ),
    ];
  }
  const namedDir = named.replace(/\\/g, '/').slice(0, named.replace(/\\/g, '/').lastIndexOf('/'));
  const given = pathGiven(ctx)?.replace(/[\\/]+$/, '') ?? null;
  const movedKnown = given !== null && isAbsolute(given) && given !== namedDir && !given.startsWith(`${namedDir}/`);
  return [
    report(
      messages.stateNamesAbsolutePaths,
      { stateFile: state.file, stateDir, named, namedDir, localName, present },
      {
        severity: movedKnown || present ? 'error' : 'warning',
        evidence: [
          evidence({ file: state.file, key: 'model_checkpoint_path', text: named }),
          ...state.all_model_checkpoint_paths
            .filter((p) => p !== named)
            .slice(0, 3)
            .map((p) => evidence({ file: state.file, key: 'all_model_checkpoint_paths', text: p })),
        ],
        confidence: present ? 'certain' : 'likely',
      },
    ),
  ];
}

function kerasName(facts: ModelFacts): Finding[] {
  return artifactsOf(facts, 'keras_h5')
    .filter((a) => /\.keras$/i.test(a.path))
    .map((a) =>
      report(
        messages.hdf5NamedKeras,
        { path: a.path, name: baseName(a.path) },
        {
          severity: 'error',
          evidence: [evidence({ file: a.path, bytes: 'offset 0, 8 bytes', text: '\\x89HDF\\r\\n\\x1a\\n signature' })],
          confidence: 'certain',
        },
      ),
    );
}

function servingTag(facts: ModelFacts, ctx: Context): Finding[] {
  if (facts.meta_graphs.length === 0 || artifactsOf(facts, 'saved_model').length === 0) return [];
  if (facts.meta_graphs.some((m) => m.tags.includes('serve'))) return [];
  const tags = facts.meta_graphs.map((m) => m.tags);
  const several = facts.meta_graphs.length > 1;
  // TF2's tf.saved_model.load (and TFSMLayer, which calls it without tags) takes a single
  // MetaGraph whatever its tags (checked on TF 2.21 / Keras 3.15); the v1 loader and TF Serving
  // ask for "serve".
  const asksServe = /loader\.load|serving|saved_model_cli/i.test(ctx.loader ?? '');
  return [
    report(
      messages.noServeTag,
      { tags, several },
      {
        severity: several || asksServe ? 'error' : 'warning',
        evidence: facts.meta_graphs.map((m, i) =>
          evidence({
            file: m.file,
            key: `meta_graphs[${i}].meta_info_def.tags`,
            text: m.tags.join(', ') || '(none)',
          }),
        ),
        confidence: 'certain',
      },
    ),
  ];
}

function loaderVsFormat(facts: ModelFacts, ctx: Context): Finding[] {
  const loader = loaderKind(ctx.loader);
  if (!loader) return [];
  const formats = new Set(facts.artifacts.map((a) => a.format));
  const has = (f: string) => formats.has(f as never);
  const major = kerasMajorStated(ctx);
  const path = facts.artifacts[0]?.path ?? null;
  const one = <D>(message: Message<D>, data: NoInfer<D>) => [
    report(message, data, {
      severity: 'error',
      evidence: [evidence({ file: path, text: `${ctx.loader} given ${[...formats].join(', ')}` })],
      confidence: 'certain',
    }),
  ];
  if (loader === 'keras_load_model' && (has('checkpoint') || has('checkpoint_v1')) && !has('saved_model')) {
    return one(messages.loadModelGivenCheckpoint, {});
  }
  if (loader === 'tf_saved_model_load' && (has('keras_h5') || has('keras_v3')) && !has('saved_model')) {
    return one(messages.savedModelLoadGivenKerasFile, {});
  }
  if ((loader === 'checkpoint_restore' || loader === 'tf1_saver') && has('saved_model') && !has('checkpoint')) {
    // TF 2.21 accepts the directory (it reads variables/variables) but matches by object path,
    // and a SavedModel's root is the exported object: a model built in code matched nothing.
    return one(messages.checkpointRestoreGivenSavedModel, { loader: ctx.loader });
  }
  if (loader === 'keras_load_weights' && major === 3 && has('checkpoint') && !has('keras_v3') && !has('keras_h5')) {
    return one(messages.keras3LoadWeightsGivenCheckpoint, {});
  }
  if (loader === 'keras_load_model' && major !== 3 && has('saved_model') && !isKerasSavedModel(facts)) {
    return one(messages.loadModelGivenPlainSavedModel, {});
  }
  return [];
}
