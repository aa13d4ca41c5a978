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
import { evidence, finding, type Finding } from '../finding.ts';
import { artifactsOf, isKerasSavedModel, kerasMajorStated, loaderKind } from '../support.ts';

const ID = 'wrong-path-or-loader';

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
      finding(
        ID,
        'error',
        `The path names a checkpoint file (.${m[2]!.startsWith('data') ? 'data-…' : 'index'}), not its prefix`,
        m[2]!.startsWith('data')
          ? 'Given a .data-* file, tf.train.Checkpoint.restore finds no <path>.index, falls back to the TF1 table reader and raises "Unable to open table file …: not an sstable (bad magic number): perhaps your file is in a different file format" (TF 2.21).'
          : 'tf.train.Checkpoint.restore("….index") finds no checkpoint at that prefix, falls back to a name-based restore and restores nothing — without an exception. The model keeps its random initial values.',
        {
          evidence: [evidence({ text: `path passed: ${given}` })],
          fix: `status = tf.train.Checkpoint(model=model).restore(${JSON.stringify(m[1])})\nstatus.assert_existing_objects_matched()  # fails loudly instead of restoring nothing`,
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
        finding(
          ID,
          'error',
          'The path is the checkpoint directory, not a checkpoint prefix',
          `restore() needs a prefix such as "${ckpt.path}" (the .index file without its extension); given the directory it raises "Unsuccessful TensorSliceReader constructor" / "Failed to find any matching files".`,
          {
            evidence: [evidence({ file: ckpt.path, text: `path passed: ${given}` })],
            fix: `prefix = tf.train.latest_checkpoint(${JSON.stringify(given)})\nassert prefix is not None, "no checkpoint state file, or it names paths that do not exist"\nstatus = tf.train.Checkpoint(model=model).restore(prefix)`,
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
      finding(
        ID,
        'error',
        `The checkpoint state file names "${named}", which is not here`,
        `tf.train.latest_checkpoint() returns None when the prefix it names has no files, and restore(None) restores nothing without an error. Present: ${prefixes.join(', ')}.`,
        {
          evidence: [evidence({ file: state.file, key: 'model_checkpoint_path', text: named })],
          fix: `prefix = ${JSON.stringify(prefixes[prefixes.length - 1])}  # pass an existing prefix explicitly`,
          confidence: 'certain',
        },
      ),
    ];
  }
  const namedDir = named.replace(/\\/g, '/').slice(0, named.replace(/\\/g, '/').lastIndexOf('/'));
  const given = pathGiven(ctx)?.replace(/[\\/]+$/, '') ?? null;
  const movedKnown = given !== null && isAbsolute(given) && given !== namedDir && !given.startsWith(`${namedDir}/`);
  return [
    finding(
      ID,
      movedKnown || present ? 'error' : 'warning',
      `The checkpoint state file names absolute paths (${namedDir})`,
      `${state.file} points at "${named}". After the directory is moved or copied to another machine, tf.train.latest_checkpoint(dir) looks for that absolute path, does not find it and returns None; Checkpoint.restore(None) then does nothing and the model keeps random weights — no exception.${present ? ` The checkpoint "${localName}" is right here${stateDir ? ` in ${stateDir}` : ''}, so only the state file is stale.` : ''}`,
      {
        evidence: [
          evidence({ file: state.file, key: 'model_checkpoint_path', text: named }),
          ...state.all_model_checkpoint_paths
            .filter((p) => p !== named)
            .slice(0, 3)
            .map((p) => evidence({ file: state.file, key: 'all_model_checkpoint_paths', text: p })),
        ],
        fix: [
          'import os, tensorflow as tf',
          'ckpt_dir = "path/to/moved/dir"',
          `prefix = os.path.join(ckpt_dir, ${JSON.stringify(localName)})  # pass the prefix, not latest_checkpoint()`,
          'tf.train.Checkpoint(model=model).restore(prefix).assert_existing_objects_matched()',
          '# or rewrite the state file; pass the full prefix: TF stores it relative to ckpt_dir',
          '# (a bare name is read relative to the working directory and stored wrong):',
          `tf.compat.v1.train.update_checkpoint_state(ckpt_dir, prefix, all_model_checkpoint_paths=[prefix])`,
        ].join('\n'),
        confidence: present ? 'certain' : 'likely',
      },
    ),
  ];
}

function kerasName(facts: ModelFacts): Finding[] {
  return artifactsOf(facts, 'keras_h5')
    .filter((a) => /\.keras$/i.test(a.path))
    .map((a) =>
      finding(
        ID,
        'error',
        `${baseName(a.path)} is an HDF5 file with a .keras name`,
        'Keras 3 picks the reader by the file name: a `.keras` path must be a zip archive, and this is HDF5, so load_model raises "File not found: filepath=…. Please ensure the file is an accessible `.keras` zip file." (Keras 3.15, checked) although the file exists. The content is a legacy HDF5 model.',
        {
          evidence: [evidence({ file: a.path, bytes: 'offset 0, 8 bytes', text: '\\x89HDF\\r\\n\\x1a\\n signature' })],
          fix: `import shutil; shutil.copy(${JSON.stringify(a.path)}, ${JSON.stringify(a.path.replace(/\.keras$/i, '.h5'))})\nmodel = keras.models.load_model(${JSON.stringify(a.path.replace(/\.keras$/i, '.h5'))})`,
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
    finding(
      ID,
      several || asksServe ? 'error' : 'warning',
      `No MetaGraph has the "serve" tag (tags: ${tags.map((t) => `[${t.join(', ')}]`).join(' ')})`,
      `tf.compat.v1.saved_model.loader.load(sess, ["serve"], path) raises "MetaGraphDef associated with tags 'serve' could not be found in SavedModel", and TF Serving asks for "serve" by default${several ? '; tf.saved_model.load and TFSMLayer with several MetaGraphs need tags= (TFSMLayer cannot pass them)' : '; TF2 tf.saved_model.load and TFSMLayer load a single MetaGraph whatever its tags'}.`,
      {
        evidence: facts.meta_graphs.map((m, i) =>
          evidence({
            file: artifactsOf(facts, 'saved_model')[0]!.path,
            key: `meta_graphs[${i}].meta_info_def.tags`,
            text: m.tags.join(', ') || '(none)',
          }),
        ),
        fix: `loaded = tf.saved_model.load(path, tags=${JSON.stringify(tags[0] ?? [])})`,
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
  const one = (title: string, detail: string, fix: string) => [
    finding(ID, 'error', title, detail, {
      evidence: [evidence({ file: path, text: `${ctx.loader} given ${[...formats].join(', ')}` })],
      fix,
      confidence: 'certain',
    }),
  ];
  if (loader === 'keras_load_model' && (has('checkpoint') || has('checkpoint_v1')) && !has('saved_model')) {
    return one(
      'load_model was given a checkpoint',
      'A checkpoint holds values only, no architecture: load_model cannot build a model from it. Build the model in code, then restore the values into it.',
      'model = build_model()  # the code that made the model\ntf.train.Checkpoint(model=model).restore(prefix).assert_existing_objects_matched()',
    );
  }
  if (loader === 'tf_saved_model_load' && (has('keras_h5') || has('keras_v3')) && !has('saved_model')) {
    return one(
      'tf.saved_model.load was given a Keras file',
      'tf.saved_model.load reads SavedModel directories only; .keras and .h5 files are read by Keras.',
      'model = keras.models.load_model(path)',
    );
  }
  if ((loader === 'checkpoint_restore' || loader === 'tf1_saver') && has('saved_model') && !has('checkpoint')) {
    // TF 2.21 accepts the directory (it reads variables/variables) but matches by object path,
    // and a SavedModel's root is the exported object: a model built in code matched nothing.
    return one(
      `${ctx.loader} was given a SavedModel`,
      'tf.train.Checkpoint.restore accepts a SavedModel directory and reads variables/variables, but it matches values by object path from the SavedModel\'s root (for Keras 3 model.export(): variables/N, _all_variables/N). A model built in code under tf.train.Checkpoint(model=...) matches none of them: nothing is restored, no exception, only "Value in checkpoint could not be found" warnings at exit (checked on TF 2.21). Load it as a SavedModel instead.',
      'loaded = tf.saved_model.load(saved_model_dir)\ninfer = loaded.signatures["serving_default"]\n# Keras 3: layer = keras.layers.TFSMLayer(saved_model_dir, call_endpoint="serving_default")',
    );
  }
  if (loader === 'keras_load_weights' && major === 3 && has('checkpoint') && !has('keras_v3') && !has('keras_h5')) {
    return one(
      'Keras 3 load_weights was given a TF checkpoint',
      'Keras 3 model.load_weights reads .weights.h5, .keras and legacy .h5 only ("File format not supported"). TF checkpoints are restored through TensorFlow, and Keras 2 key paths (layer_with_weights-N) do not match Keras 3 objects.',
      'tf.train.Checkpoint(model=model).restore(prefix).expect_partial()  # TF backend\n# check what matched: .assert_existing_objects_matched()',
    );
  }
  if (loader === 'keras_load_model' && major !== 3 && has('saved_model') && !isKerasSavedModel(facts)) {
    return one(
      'load_model was given a SavedModel without Keras metadata',
      'tf.keras load_model needs keras_metadata.pb to rebuild Keras objects ("Unable to create a Keras model from SavedModel ... lacks the Keras metadata file"). This SavedModel was written by tf.saved_model.save or model.export().',
      'loaded = tf.saved_model.load(path)\ninfer = loaded.signatures["serving_default"]',
    );
  }
  return [];
}
