/**
 * version-mismatch: what the saving TF/Keras wrote that the stated runtime cannot read.
 *  - ops and node attrs (graph + function library) the runtime lacks, per the op history, each
 *    with how sure the table is;
 *  - GraphDef producer/min_consumer vs. the runtime (TF2's tf.saved_model.load does not check
 *    consumer versions at all; only the TF1 loader / GraphDef import raises);
 *  - Keras 3 given a tf.keras SavedModel (TFSMLayer / tf.saved_model.load / TF_USE_LEGACY_KERAS);
 *  - a Keras 3 `.keras` file in Keras 2, a `.keras` file in tf.keras <= 2.11;
 *  - h5py 3 with old Keras (`'str' object has no attribute 'decode'`).
 */
import type { Context } from '../../context/types.ts';
import { compareRelease, parseRelease, releaseText } from '../../context/version.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { graphDefVersionOf, releaseForProducer } from '../graphdef-versions.ts';
import { attrVerdicts, opVerdict, type AttrVerdict } from '../op-history.ts';
import { artifactsOf, isKerasSavedModel, kerasMajorStated, loaderKind, runtimeTf } from '../support.ts';

const ID = 'version-mismatch';

export function versionMismatch(facts: ModelFacts, ctx: Context): Finding[] {
  return [...opFindings(facts, ctx), ...graphDefFindings(facts, ctx), ...kerasFindings(facts, ctx), ...h5pyFindings(facts, ctx)];
}

function graphFile(facts: ModelFacts): string | null {
  const a = artifactsOf(facts, 'saved_model', 'tf1_meta', 'graph_def')[0];
  return a ? (a.files.find((f) => /\.(pb|pbtxt|meta)$/.test(f)) ?? a.path) : null;
}

function opFindings(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  const file = graphFile(facts);
  const runtime = runtimeTf(ctx);
  const notCore = facts.op_details.filter((o) => opVerdict(o.op, runtime ?? { major: 2, minor: 21 }).availability === 'not_core');
  if (notCore.length > 0) {
    out.push(
      finding(
        ID,
        'error',
        `${notCore.length} op${notCore.length > 1 ? 's' : ''} not in core TensorFlow: ${notCore
          .map((o) => o.op)
          .slice(0, 5)
          .join(', ')}`,
        'These ops are registered by an add-on library, not by TensorFlow itself (the op history covers every core op from 2.0 to 2.21). Loading fails with "Op type not registered \'<op>\' in binary running on <host>" unless that library is imported first, in a version built for the same TensorFlow release.',
        {
          evidence: notCore.map((o) =>
            evidence({
              file,
              key: o.op,
              text: `${o.count} node(s)${o.functions.filter((f) => f !== '').length ? ` in ${o.functions.filter((f) => f !== '').length} function(s)` : ' in the main graph'}`,
            }),
          ),
          fix: `# import the library that registers the ops before loading, e.g.\n${suggestLibrary(notCore.map((o) => o.op))}\nloaded = tf.saved_model.load(path)`,
          confidence: 'likely',
        },
      ),
    );
  }
  if (!runtime) return out;
  const rt = releaseText(runtime);
  for (const o of facts.op_details) {
    const v = opVerdict(o.op, runtime);
    if (v.availability === 'missing' || v.availability === 'removed') {
      out.push(
        finding(
          ID,
          'error',
          `TensorFlow ${rt} has no op ${o.op}`,
          `${v.why} Loading the graph fails with "Op type not registered '${o.op}'".`,
          {
            evidence: [evidence({ file, key: o.op, text: `${o.count} node(s) use it` })],
            fix:
              v.availability === 'removed'
                ? `Load with TensorFlow older than the removal, or re-export the model from code that no longer uses ${o.op}.`
                : `Upgrade the loading environment to a TensorFlow release that has ${o.op} (pip install "tensorflow>=${v.first_release ?? '2.21'}"), or re-export the model with TensorFlow ${rt}.`,
            confidence: v.confidence,
          },
        ),
      );
    } else if (v.availability === 'unknown') {
      out.push(
        finding(ID, 'warning', `TensorFlow ${rt} may not have op ${o.op}`, v.why, {
          evidence: [evidence({ file, key: o.op })],
          confidence: 'possible',
        }),
      );
    }
    for (const a of attrVerdicts(o.op, o.attrs, runtime)) out.push(attrFinding(facts, o.op, a, rt, file));
  }
  return out;
}

/**
 * An attr the runtime's op definition lacks. Graphs saved with default attrs stripped (every TF2
 * SavedModel) only carry an attr whose value differs from its default, and that is exactly when
 * an older loader rejects it (the importer drops unknown attrs only when they equal the
 * producer's default; scripts/data/tables/tf-op-history.json notes). Unstripped graphs may carry the
 * default value, which a MetaGraph import drops: then it is only possible.
 */
function attrFinding(facts: ModelFacts, op: string, a: AttrVerdict, rt: string, file: string | null): Finding {
  const stripped = facts.meta_graphs.some((m) => m.stripped_default_attrs);
  const droppable = !stripped && a.has_default && facts.meta_graphs.length > 0;
  const severity = a.availability === 'unknown' || droppable ? 'warning' : 'error';
  const confidence = droppable ? 'possible' : a.confidence === 'certain' && a.has_default ? 'likely' : a.confidence;
  const note =
    stripped && a.has_default
      ? ' The graph was saved with default attrs stripped, so this attr is there because its value is not the default: an older runtime cannot drop it.'
      : droppable
        ? ' If its saved value equals the default, a MetaGraph import drops it and loading works.'
        : '';
  return finding(
    ID,
    severity,
    `TensorFlow ${rt} does not know attr '${a.attr}' of ${op}`,
    `${a.why} An older binary rejects the node with "NodeDef mentions attr '${a.attr}' not in Op<name=${op}; ...>".${note}`,
    {
      evidence: [evidence({ file, key: `${op}.${a.attr}` })],
      fix: `Load with a newer TensorFlow, or re-export the model with TensorFlow ${rt}.`,
      confidence,
    },
  );
}

function suggestLibrary(ops: string[]): string {
  const lines = new Set<string>();
  for (const op of ops) {
    if (/^SimpleML/.test(op)) lines.add('import tensorflow_decision_forests  # registers SimpleML* ops');
    else if (/Sentencepiece|Wordpiece|RegexSplit|UnicodeScriptTokenize|FastWordpiece|Whitespace|TFText/i.test(op))
      lines.add('import tensorflow_text  # registers tokenizer ops');
    else if (/^IO|Avro|Parquet|Kafka/.test(op)) lines.add('import tensorflow_io');
    else if (/^Addons/.test(op)) lines.add('import tensorflow_addons');
  }
  if (lines.size === 0) lines.add('tf.load_op_library("path/to/custom_ops.so")  # the library that defines them');
  return ['import tensorflow as tf', ...lines].join('\n');
}

function graphDefFindings(facts: ModelFacts, ctx: Context): Finding[] {
  const runtime = runtimeTf(ctx);
  if (!runtime) return [];
  const out: Finding[] = [];
  const consumer = graphDefVersionOf(runtime);
  const file = graphFile(facts);
  const loader = loaderKind(ctx.loader);
  for (const m of facts.meta_graphs.length
    ? facts.meta_graphs
    : [
        {
          graph_def_producer: facts.producer.graph_def_producer,
          graph_def_min_consumer: facts.producer.graph_def_min_consumer,
          tensorflow_version: facts.producer.tensorflow,
        },
      ]) {
    const producer = m.graph_def_producer;
    if (producer === null || consumer === null) continue;
    if (m.graph_def_min_consumer !== null && m.graph_def_min_consumer > consumer) {
      const tf2 = loader === 'tf_saved_model_load' || loader === 'keras_load_model' || loader === null;
      out.push(
        finding(
          ID,
          tf2 ? 'warning' : 'error',
          `GraphDef min_consumer ${m.graph_def_min_consumer} is above TensorFlow ${releaseText(runtime)}'s GraphDef version ${consumer}`,
          `The TF1 loader (tf.compat.v1.saved_model.loader.load, GraphDef import) raises "GraphDef min consumer version ${m.graph_def_min_consumer} above current version ${consumer}". TF2's tf.saved_model.load does not check consumer versions at all: it loads, so a clean TF2 load is no proof of compatibility.`,
          {
            evidence: [evidence({ file, key: 'versions.min_consumer', text: String(m.graph_def_min_consumer) })],
            fix: `Load with TensorFlow whose GraphDef version is at least ${m.graph_def_min_consumer}.`,
            confidence: 'certain',
          },
        ),
      );
    }
    if (producer > consumer) {
      const saver = releaseForProducer(producer);
      const stated = m.tensorflow_version ? `tensorflow_version "${m.tensorflow_version}"` : `about TensorFlow ${saver ?? 'newer'}`;
      out.push(
        finding(
          ID,
          'info',
          `Saved by a newer TensorFlow (GraphDef producer ${producer}, ${stated}) than the runtime ${releaseText(runtime)} (${consumer})`,
          'Newer graphs load in older TensorFlow as long as every op and attr exists there (see the op findings, if any); the version numbers themselves only block loading in the TF1 loader, and only through min_consumer. tf.saved_model.load in TF2 does not check them.',
          { evidence: [evidence({ file, key: 'versions.producer', text: String(producer) })], confidence: 'certain' },
        ),
      );
    }
  }
  return out;
}

function kerasFindings(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  const major = kerasMajorStated(ctx);
  const loader = loaderKind(ctx.loader);
  const sm = artifactsOf(facts, 'saved_model')[0];
  if (sm && major === 3 && (loader === 'keras_load_model' || (loader === null && isKerasSavedModel(facts)))) {
    out.push(
      finding(
        ID,
        loader === null ? 'warning' : 'error',
        'Keras 3 cannot load a SavedModel with load_model',
        'keras.models.load_model in Keras 3 (the default tf.keras from TensorFlow 2.16) reads only `.keras` zips and legacy `.h5` files; given a SavedModel directory it raises "File format not supported: filepath=... Keras 3 only supports V3 `.keras` files and legacy H5 format files". The SavedModel itself is fine.',
        {
          evidence: [
            evidence({
              file: sm.path,
              key: 'saved_model.pb',
              text: isKerasSavedModel(facts) ? 'tf.keras SavedModel (Keras metadata present)' : 'SavedModel',
            }),
          ],
          fix: [
            '# For inference in Keras 3: wrap the SavedModel as a layer',
            `layer = keras.layers.TFSMLayer(${JSON.stringify(sm.path)}, call_endpoint="serving_default")`,
            '# or, without Keras objects:',
            `loaded = tf.saved_model.load(${JSON.stringify(sm.path)}); infer = loaded.signatures["serving_default"]`,
            '# or keep Keras 2 semantics: pip install tf-keras, then before importing tensorflow',
            'import os; os.environ["TF_USE_LEGACY_KERAS"] = "1"  # exactly "1", "true" or "True"',
          ].join('\n'),
          confidence: loader === null ? 'likely' : 'certain',
        },
      ),
    );
  }
  const savedKeras = parseRelease(facts.producer.keras);
  const zip = artifactsOf(facts, 'keras_v3')[0];
  const stated = parseRelease(ctx.runtime.keras);
  if (zip && savedKeras && savedKeras.major >= 3 && major === 2) {
    out.push(
      finding(
        ID,
        'error',
        `A Keras ${facts.producer.keras} file loaded by Keras 2 (tf.keras)`,
        'tf.keras 2.13–2.15 and tf-keras read the `.keras` zip layout but fail on Keras-3-only class names, module paths and config keys (e.g. "Unrecognized keyword arguments", "Unknown layer").',
        {
          evidence: [evidence({ file: zip.path, key: 'metadata.json', text: `keras_version ${facts.producer.keras}` })],
          fix: 'Load it with Keras 3 (pip install "keras>=3" with TensorFlow >= 2.16), or re-save it from Keras 2 code.',
          confidence: 'likely',
        },
      ),
    );
  } else if (zip && stated && stated.major === 2 && compareRelease(stated, { major: 2, minor: 12 }) < 0) {
    out.push(
      finding(
        ID,
        'error',
        `tf.keras ${ctx.runtime.keras} cannot read a .keras file`,
        'The `.keras` zip format is loadable by tf.keras from 2.12 on (2.11 could only write it privately). Older tf.keras treats the path as neither HDF5 nor a SavedModel.',
        {
          evidence: [evidence({ file: zip.path })],
          fix: 'Load with tf.keras >= 2.13 (or Keras 3), or re-save the model as .h5 from the newer environment.',
          confidence: 'certain',
        },
      ),
    );
  }
  if (
    savedKeras &&
    stated &&
    savedKeras.major === 2 &&
    stated.major === 2 &&
    compareRelease(savedKeras, stated) > 0 &&
    facts.layers.length > 0
  ) {
    out.push(
      finding(
        ID,
        'info',
        `Saved with Keras ${facts.producer.keras}, loading with ${ctx.runtime.keras}`,
        'An older Keras can fail on config keys or layers the newer one added ("Unrecognized keyword arguments", "Unknown layer").',
        {
          evidence: [evidence({ file: facts.artifacts[0]?.path ?? null, key: 'keras_version', text: facts.producer.keras })],
          confidence: 'possible',
        },
      ),
    );
  }
  return out;
}

function h5pyFindings(facts: ModelFacts, ctx: Context): Finding[] {
  const h5 = artifactsOf(facts, 'keras_h5')[0];
  const h5py = parseRelease(ctx.runtime.h5py);
  const keras = parseRelease(ctx.runtime.keras);
  if (!h5 || !h5py || !keras || h5py.major < 3 || keras.major !== 2) return [];
  if (compareRelease(keras, { major: 2, minor: 6 }) >= 0) return [];
  const certain = compareRelease(keras, { major: 2, minor: 3 }) <= 0;
  return [
    finding(
      ID,
      'error',
      `h5py ${ctx.runtime.h5py} with Keras ${ctx.runtime.keras}: "'str' object has no attribute 'decode'"`,
      "h5py 3 returns HDF5 string attributes as str where h5py 2 returned bytes; Keras 2.3.1 (keras/engine/saving.py) calls .decode('utf-8') on model_config, keras_version and weight names unconditionally. Keras 2.6's hdf5_format.py guards against it; releases in between were not checked.",
      {
        evidence: [evidence({ file: h5.path, key: 'model_config' })],
        fix: 'pip install "h5py<3"  # or upgrade Keras/TensorFlow to 2.6+',
        confidence: certain ? 'certain' : 'possible',
      },
    ),
  ];
}
