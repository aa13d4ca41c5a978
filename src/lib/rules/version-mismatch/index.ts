/**
 * version-mismatch: what the saving TF/Keras wrote that the stated runtime cannot read.
 *  - ops and node attrs (graph + function library) the runtime lacks, per the op history, each
 *    with how sure the table is;
 *  - GraphDef producer/min_consumer vs. the runtime (TF2's tf.saved_model.load does not check
 *    consumer versions at all; only the TF1 loader / GraphDef import raises);
 *  - Keras 3 given a tf.keras SavedModel (TFSMLayer / tf.saved_model.load / TF_USE_LEGACY_KERAS);
 *  - a Keras 3 `.keras` file in Keras 2, a `.keras` file in tf.keras <= 2.11;
 *  - h5py 3 with old Keras (`'str' object has no attribute 'decode'`);
 *  - every object of a saved Keras config against the loading Keras (keras-config.ts).
 */
import type { Context } from '../../context/types.ts';
import { compareRelease, parseRelease, releaseText } from '../../context/version.ts';
import type { ModelFacts, OpFact } from '../../facts.ts';
import { evidence, report, type Evidence, type Finding } from '../finding.ts';
import { graphDefVersionOf, releaseForProducer } from '../graphdef-versions.ts';
import { attrVerdicts, opVerdict, type AttrVerdict } from '../op-history.ts';
import { artifactsOf, isKerasSavedModel, kerasMajorStated, loaderKind, runtimeTf } from '../support.ts';
import { kerasConfigFindings } from './keras-config.ts';
import { messages, type OpPackage } from './messages.ts';
import { opOwner } from '../../op-owner.ts';

export function versionMismatch(facts: ModelFacts, ctx: Context): Finding[] {
  return [
    ...opFindings(facts, ctx),
    ...graphDefFindings(facts, ctx),
    ...kerasFindings(facts, ctx),
    ...kerasConfigFindings(facts, ctx),
    ...h5pyFindings(facts, ctx),
  ];
}

/**
 * Evidence for an op fact, one per graph file that uses the op: the file the decoder read the
 * nodes from (saved_model.pb, not a companion such as fingerprint.pb that sits beside it).
 */
function opEvidence(o: OpFact, key: string, text?: string): Evidence[] {
  if (o.files.length === 0) return [evidence({ key, text })];
  return o.files.map((file) => evidence({ file, key, text }));
}

function opFindings(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  const runtime = runtimeTf(ctx);
  const notCore = facts.op_details.filter((o) => opVerdict(o.op, runtime ?? { major: 2, minor: 21 }).availability === 'not_core');
  if (notCore.length > 0) {
    out.push(
      report(
        messages.notCoreOps,
        { ops: notCore.map((o) => o.op), ...opPackages(notCore.map((o) => o.op)) },
        {
          severity: 'error',
          evidence: notCore.flatMap((o) =>
            opEvidence(
              o,
              o.op,
              `${o.count} node(s)` +
                (o.functions.filter((f) => f !== '').length
                  ? ` in ${o.functions.filter((f) => f !== '').length} function(s)`
                  : ' in the main graph'),
            ),
          ),
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
        report(
          messages.noOp,
          { runtime: rt, op: o.op, why: v.why, removed: v.availability === 'removed', firstRelease: v.first_release },
          {
            severity: 'error',
            evidence: opEvidence(o, o.op, `${o.count} node(s) use it`),
            confidence: v.confidence,
          },
        ),
      );
    } else if (v.availability === 'unknown') {
      out.push(
        report(
          messages.maybeNoOp,
          { runtime: rt, op: o.op, why: v.why },
          {
            severity: 'warning',
            evidence: opEvidence(o, o.op),
            confidence: 'possible',
          },
        ),
      );
    }
    for (const a of attrVerdicts(o.op, o.attrs, runtime)) out.push(attrFinding(facts, o, a, rt));
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
function attrFinding(facts: ModelFacts, o: OpFact, a: AttrVerdict, rt: string): Finding {
  const op = o.op;
  const stripped = facts.meta_graphs.some((m) => m.stripped_default_attrs);
  const droppable = !stripped && a.has_default && facts.meta_graphs.length > 0;
  const severity = a.availability === 'unknown' || droppable ? 'warning' : 'error';
  const confidence = droppable ? 'possible' : a.confidence === 'certain' && a.has_default ? 'likely' : a.confidence;
  return report(
    messages.unknownAttr,
    { runtime: rt, op, attr: a.attr, why: a.why, strippedDefault: stripped && a.has_default, droppable },
    {
      severity,
      evidence: opEvidence(o, `${op}.${a.attr}`),
      confidence,
    },
  );
}

function graphDefFindings(facts: ModelFacts, ctx: Context): Finding[] {
  const runtime = runtimeTf(ctx);
  if (!runtime) return [];
  const out: Finding[] = [];
  const consumer = graphDefVersionOf(runtime);
  const loader = loaderKind(ctx.loader);
  for (const m of facts.meta_graphs.length
    ? facts.meta_graphs
    : [
        {
          // A frozen GraphDef has no MetaGraph: its versions are the file's own.
          file: artifactsOf(facts, 'graph_def')[0]?.path ?? null,
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
        report(
          messages.minConsumer,
          { minConsumer: m.graph_def_min_consumer, runtime: releaseText(runtime), consumer },
          {
            severity: tf2 ? 'warning' : 'error',
            evidence: [evidence({ file: m.file, key: 'versions.min_consumer', text: String(m.graph_def_min_consumer) })],
            confidence: 'certain',
          },
        ),
      );
    }
    if (producer > consumer) {
      const saver = releaseForProducer(producer);
      out.push(
        report(
          messages.newerProducer,
          { producer, tensorflowVersion: m.tensorflow_version, saver, runtime: releaseText(runtime), consumer },
          {
            severity: 'info',
            evidence: [evidence({ file: m.file, key: 'versions.producer', text: String(producer) })],
            confidence: 'certain',
          },
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
      report(
        messages.keras3SavedModel,
        { path: sm.path },
        {
          severity: loader === null ? 'warning' : 'error',
          evidence: [
            evidence({
              file: sm.path,
              key: 'saved_model.pb',
              text: isKerasSavedModel(facts) ? 'tf.keras SavedModel (Keras metadata present)' : 'SavedModel',
            }),
          ],
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
      report(
        messages.keras3FileInKeras2,
        { saved: facts.producer.keras },
        {
          severity: 'error',
          evidence: [evidence({ file: zip.path, key: 'metadata.json', text: `keras_version ${facts.producer.keras}` })],
          confidence: 'likely',
        },
      ),
    );
  } else if (zip && stated && stated.major === 2 && compareRelease(stated, { major: 2, minor: 12 }) < 0) {
    out.push(
      report(
        messages.kerasFileTooOld,
        { keras: ctx.runtime.keras },
        {
          severity: 'error',
          evidence: [evidence({ file: zip.path })],
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
      report(
        messages.olderKeras,
        { saved: facts.producer.keras, loading: ctx.runtime.keras },
        {
          severity: 'info',
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
    report(
      messages.h5pyStrDecode,
      { h5py: ctx.runtime.h5py, keras: ctx.runtime.keras },
      {
        severity: 'error',
        evidence: [evidence({ file: h5.path, key: 'model_config' })],
        confidence: certain ? 'certain' : 'possible',
      },
    ),
  ];
}

/** The packages that register these ops (first known owner of each), and the ops no package has. */
function opPackages(ops: string[]): { packages: OpPackage[]; unknown: string[] } {
  const byPip = new Map<string, OpPackage>();
  const unknown: string[] = [];
  for (const op of ops) {
    const owner = opOwner(op);
    const p = owner.kind === 'package' ? owner.packages[0] : undefined;
    if (!p) {
      unknown.push(op);
      continue;
    }
    const seen = byPip.get(p.pip);
    if (seen) seen.ops.push(op);
    else byPip.set(p.pip, { pip: p.pip, import: p.import, force_load: p.force_load, ops: [op] });
  }
  return { packages: [...byPip.values()], unknown };
}
