/**
 * Context over words: cases where the rest of the paste changes what a message means. Each
 * rule names the lines that decided it, so the answer can show them.
 *
 * - An unregistered op that an add-on package registers is a missing import, not a version
 *   problem; one TensorFlow itself has is a runtime older than the writer (ops.ts).
 * - A table or format error while the path given is a checkpoint's data shard, index or graph
 *   file is the wrong path, not a damaged file (and everything printed after it is a consequence).
 * - "Key _CHECKPOINTABLE_OBJECT_GRAPH not found" inside a TF1 Saver is its fallback probe; from
 *   object-based code it means a TF1 (name-based) checkpoint (tensorflow/python/checkpoint).
 * - Missing checkpoint keys that are all optimizer slots: the checkpoint has no state for that
 *   optimizer, a partial restore rather than a renamed model.
 * - Keras 3 finding 0 variables for a layer: the file stores it under another path (written by
 *   another Keras) or not at all (a saving bug); a mismatch of counts from an older Keras file.
 * - Kernels transposed between (h, w, in, out) and (out, in, h, w): Theano channels-first
 *   weights from Keras 1, a version problem.
 * - Python objects not bound to checkpoint values inside load_model (not the reader's own
 *   restore): the objects Keras builds changed between versions.
 * - A cut-off traceback still shows where it was: h5py opening the file, hub loading a module,
 *   an IndexError on an empty weight list, a TF1 Saver's Assign op.
 */
import type { FailureId } from '../catalog.ts';
import { OBJECT_GRAPH_KEY } from '../facts.ts';
import type { Context } from './context.ts';
import type { CauseId } from './guide.ts';
import { opOwner } from '../op-owner.ts';
import type { Segment } from './segment.ts';
import type { DecidingLine } from './types.ts';

export type Place = 'root' | 'chain' | 'loneText' | 'stack' | 'log' | 'logOnly';

export interface Evidence {
  /** null: a known message outside the twelve failures (other-errors.json). */
  failure: FailureId | null;
  score: number;
  /** 0-based line in the paste of the message (or the deciding line). */
  lineNo: number;
  message_id: string | null;
  extracted: Record<string, string>;
  why: string;
  lines: DecidingLine[];
  cause: CauseId | null;
  /** Never makes the answer confident. */
  weak: boolean;
  /** The cause of an other-errors.json message. */
  otherCause: string | null;
  place: Place;
  segment: Segment | null;
  /** Order found, for stable ties. */
  order: number;
}

export interface RuleInput {
  evidence: Evidence[];
  push: (e: Omit<Evidence, 'order'>) => void;
  ctx: Context;
  segments: readonly Segment[];
  lines: readonly string[];
  original: readonly string[];
  roots: ReadonlySet<Segment>;
}

function deciding(original: readonly string[], lineNo: number, why: string): DecidingLine {
  return { line: lineNo + 1, text: original[lineNo] ?? '', why };
}

function reassign(e: Evidence, failure: FailureId, cause: CauseId | null, why: string, line?: DecidingLine): void {
  e.failure = failure;
  e.cause = cause;
  e.why = `${e.why.slice(0, -1)}; ${why}.`;
  if (line) e.lines.push(line);
}

/** Optimizer slot and accumulator names in TF1 checkpoints (Adam, Momentum, RMSProp, ...). */
const SLOT_KEY =
  /(?:\/|^)(?:Adam(?:_\d+)?|Adam_1|Momentum|RMSProp(?:_1)?|Adagrad(?:DA)?|Adadelta(?:_1)?|Ftrl(?:_1)?|AdamW(?:_1)?|LARS|Nadam(?:_1)?|ExponentialMovingAverage|accumulator|accum_grad)(?:_\d+)?$|^beta[12]_power(?:_\d+)?$|^global_step$/;
/** Optimizer API a tf.keras 2 optimizer had and the revived object lacks. */
const OPTIMIZER_API = new Set([
  'add_slot',
  'get_slot',
  'get_slot_names',
  'apply_gradients',
  '_create_slots',
  '_resource_apply_dense',
  'iterations',
]);

export function applyRules(input: RuleInput): void {
  const { evidence, push, ctx, segments, lines, original } = input;
  const byId = (id: string): Evidence[] => evidence.filter((e) => e.message_id === id);

  // A chained KeyError from the op-def cache is the op lookup that failed, even when the paste
  // stops before "Op type not registered".
  for (const seg of segments) {
    if (seg.kind !== 'exception' || !/KeyError$/.test(seg.exceptionType ?? '')) continue;
    if (!seg.frames.some((f) => /_get_op_def|_op_def_cache|op_def_registry/.test(f))) continue;
    const key = /KeyError:\s*['"]?([\w>]+)['"]?/.exec(seg.lines[0] ?? '')?.[1];
    if (!key || evidence.some((e) => e.message_id === 'op-type-not-registered' && e.extracted.op === key)) continue;
    push({
      failure: 'version-mismatch',
      score: input.roots.has(seg) ? 0.88 : 0.74,
      lineNo: seg.firstLine,
      message_id: 'op-type-not-registered',
      extracted: { op: key, exception_type: seg.exceptionType ?? 'KeyError' },
      why: `TensorFlow looked up the op '${key}' in its registry and did not find it (KeyError from the op-def cache, the start of "Op type not registered").`,
      lines: [deciding(original, seg.firstLine, `the op lookup that failed: '${key}'`)],
      cause: 'version-op-newer',
      weak: false,
      otherCause: null,
      place: input.roots.has(seg) ? 'root' : 'chain',
      segment: seg,
    });
  }

  // Whose op is it?
  for (const e of byId('op-type-not-registered')) {
    const op = e.extracted.op;
    if (!op) continue;
    const owner = opOwner(op);
    if (owner.kind === 'package') {
      const p = owner.packages[0];
      const load = p.force_load ? `${p.import}; ${p.force_load}` : p.import;
      e.extracted.package = owner.packages.map((x) => x.pip).join(' or ');
      e.extracted.import = load;
      const range = p.first && p.last ? ` (releases ${p.first} to ${p.last})` : '';
      if (owner.alsoCore) {
        // Old un-prefixed add-on names TensorFlow later adopted: both readings stay plausible.
        e.why = `${e.why.slice(0, -1)}; '${op}' is a TensorFlow op since ${owner.coreSince} and was also registered by ${p.pip}${range}: a TensorFlow older than the writer, or the add-on not imported.`;
        push({
          ...e,
          failure: 'unregistered-custom-object',
          score: e.score - 0.05,
          cause: 'addon-op',
          lines: [...e.lines],
          extracted: { ...e.extracted },
          why: `'${op}' is also registered by ${p.pip}${range}: if the model was saved with that package, run \`${load}\` before loading.`,
        });
        continue;
      }
      reassign(
        e,
        'unregistered-custom-object',
        'addon-op',
        `'${op}' is not a TensorFlow op: ${owner.packages.map((x) => x.pip).join(' / ')} registers it${range}, so the loading process is missing \`${load}\` (a missing import, not a version problem)`,
      );
    } else if (owner.kind === 'core') {
      e.extracted.tf_op_since = owner.since ?? '';
      e.cause = 'version-op-newer';
      e.why = `${e.why.slice(0, -1)}; '${op}' is TensorFlow's own op${owner.since && owner.since !== '<=2.0' ? ` (first in TF ${owner.since})` : ''}: the TensorFlow (or TF Serving, TF Java, tfjs-node) running the model is older than the one that saved it.`;
    } else if (owner.namespaced) {
      reassign(
        e,
        'unregistered-custom-object',
        'addon-op',
        `'${op}' is namespaced like an add-on library's op (Package>Name), not a TensorFlow op: import the library that defines it before loading`,
      );
    } else {
      // Not TensorFlow's (as of 2.21) and not a known package's: a custom op library, or an op
      // newer than 2.21. Keep version-mismatch, but offer the missing import close behind it.
      push({
        ...e,
        failure: 'unregistered-custom-object',
        score: e.score - 0.04,
        cause: 'addon-op',
        lines: [...e.lines],
        extracted: { ...e.extracted },
        why: `'${op}' is neither a TensorFlow op (as of 2.21) nor one of the add-on packages' ops: if it comes from a custom op library (tf.load_op_library), load that library first.`,
      });
    }
  }

  // A loader handed a checkpoint's data shard, its index or its graph file instead of the prefix.
  const maybeFile = !ctx.mentions || ctx.mentions('.data') || ctx.mentions('.index') || ctx.mentions('.meta');
  const wrongFile = maybeFile
    ? ctx.paths.find((p) => p.kind === 'data-shard' || ((p.kind === 'index' || p.kind === 'meta') && p.via === 'call'))
    : undefined;
  if (wrongFile) {
    const what = wrongFile.kind === 'data-shard' ? 'a data shard' : wrongFile.kind === 'index' ? 'the .index file' : 'the .meta graph file';
    const line = deciding(original, wrongFile.line, `the path given is ${what} of a checkpoint, not its prefix`);
    const top = Math.max(0, ...evidence.map((e) => e.score));
    for (const e of evidence) {
      if (e.failure === 'corrupted-checkpoint' || e.failure === 'input-shape-mismatch' || e.failure === 'variable-name-mismatch') {
        e.score -= 0.2;
        e.why = `${e.why.slice(0, -1)}; but ${what} was given as the path (line ${wrongFile.line + 1}), so this is a consequence.`;
      }
    }
    push({
      failure: 'wrong-path-or-loader',
      score: Math.max(0.92, Math.min(0.99, top + 0.02)),
      lineNo: wrongFile.line,
      message_id: null,
      extracted: { path: wrongFile.path },
      why: `The path given to the loader is ${what} ("${clip(wrongFile.path, 80)}"): restore wants the checkpoint prefix (the name before .index/.data-*), so whatever fails afterwards is a consequence.`,
      lines: [line],
      cause: 'path-prefix',
      weak: false,
      otherCause: null,
      place: 'root',
      segment: null,
    });
  }

  // Keras's format check on an empty path.
  const formatMessage = evidence.some(
    (e) => e.message_id === 'keras3-savedmodel-not-supported' || e.message_id === 'keras3-load-weights-format-not-supported',
  );
  const empty = formatMessage ? ctx.paths.find((p) => p.kind === 'empty' && p.via === 'message') : undefined;
  if (empty) {
    for (const e of evidence) {
      if (e.message_id === 'keras3-savedmodel-not-supported' || e.message_id === 'keras3-load-weights-format-not-supported') {
        reassign(
          e,
          'wrong-path-or-loader',
          'path-prefix',
          'but the path in it is empty: the code never found a file to load',
          deciding(original, empty.line, 'filepath is empty'),
        );
      }
    }
  }

  // TF1 Saver's probe for an object graph vs object-based code reading a TF1 checkpoint.
  for (const e of byId('key-not-found-in-checkpoint')) {
    if (e.extracted.key !== OBJECT_GRAPH_KEY) continue;
    const frames = e.segment?.frames ?? [];
    const saverFrame = frames.findIndex((f) => /training[/\\]saver\.py/.test(f));
    if (saverFrame >= 0) {
      e.failure = 'variable-name-mismatch';
      e.cause = null;
      e.score = Math.min(e.score, 0.72);
      e.why = `${e.why.slice(0, -1)}; it is raised inside tf.train.Saver.restore, which probes every checkpoint for an object graph before reporting the real error: a name-based checkpoint read by a name-based Saver, so the failure is the variable the next error names (missing from the checkpoint).`;
      const lineNo = lineOfText(lines, frames[saverFrame]);
      if (lineNo >= 0) e.lines.push(deciding(original, lineNo, "the probe runs inside TF1's Saver.restore"));
    } else {
      e.failure = 'tf1-tf2-checkpoint';
      e.cause = 'tf1-tf2-api-file';
      e.why = `${e.why.slice(0, -1)}; the missing key is the object graph itself: the checkpoint was written by a name-based TF1 Saver and read by object-based code.`;
    }
  }

  // Missing keys that are all optimizer slots.
  const missing: { key: string; line: number }[] = [];
  const keyErrors = !ctx.mentions || ctx.mentions('not found in checkpoint');
  for (let i = 0; keyErrors && i < lines.length; i++) {
    for (const m of lines[i].matchAll(/\bKey (\S+) not found in checkpoint|Tensor name "([^"]+)" not found in checkpoint/g)) {
      missing.push({ key: m[1] ?? m[2], line: i });
    }
  }
  if (missing.length > 0 && missing.every((k) => SLOT_KEY.test(k.key) && k.key !== OBJECT_GRAPH_KEY)) {
    for (const e of evidence) {
      if (e.failure !== 'variable-name-mismatch') continue;
      reassign(
        e,
        'partial-restore',
        'partial-expect',
        `every missing key is optimizer state (${clip(missing[0].key, 60)}${missing.length > 1 ? ', ...' : ''}): the checkpoint holds no state for this optimizer, so restore only the model's variables`,
        deciding(original, missing[0].line, 'the missing key is an optimizer slot'),
      );
    }
  }

  // Keras found no variables at all for a layer: the file has nothing under that layer's path.
  // A layer added since (architecture), a file from a Keras that named the paths differently
  // (tf.keras 2.13 vs 2.14+, Keras 2 vs 3), or a nested layer a buggy Keras never saved: the
  // message cannot tell which, so neither reading is said with confidence.
  for (const e of byId('keras3-layer-expected-n-variables')) {
    if (e.extracted.received_variables !== '0') continue;
    e.weak = true;
    e.why = `${e.why.slice(0, -1)}; received 0 means the file has nothing under this layer's path: a layer added since it was saved, or a file written by a Keras that names the paths differently.`;
    push({
      ...e,
      failure: 'version-mismatch',
      score: e.score - 0.02,
      cause: 'version-library-pairs',
      lines: [...e.lines],
      extracted: { ...e.extracted },
      weak: true,
      why: "Keras found no variables under this layer's path: files written by another Keras (tf.keras 2.13 vs 2.14+, Keras 2 vs 3) name the paths differently, and a nested layer that was never saved looks the same.",
    });
  }

  // Theano channels-first kernels from Keras 1.
  for (const id of ['keras-layer-weight-shape-not-compatible', 'keras0-layer-shape-not-compatible', 'cannot-assign-value-shape-mismatch']) {
    for (const e of byId(id)) {
      const a = dims(e.extracted.variable_shape);
      const b = dims(e.extracted.value_shape);
      if (!a || !b || a.length !== 4 || b.length !== 4) continue;
      const transposed = (x: number[], y: number[]): boolean => x[0] === y[2] && x[1] === y[3] && x[3] === y[0];
      if (transposed(a, b) || transposed(b, a)) {
        reassign(
          e,
          'version-mismatch',
          'version-library-pairs',
          `the kernels are the same filters in another layout, (h, w, in, out) vs (out, in, h, w): weights from Keras 1 / the Theano backend (channels first) read by a channels-last Keras`,
        );
      }
    }
  }

  // Objects Keras builds inside load_model that the file has no value for.
  for (const e of byId('assert-existing-objects-not-bound')) {
    const userRestore = lines.findIndex((l) => /\.(?:restore|read)\s*\(/.test(l) && !/File "|site-packages|dist-packages|\.py:\d+/.test(l));
    const userLoad = lines.findIndex((l) => /\bload_model\s*\(/.test(l) && !/File "|site-packages|dist-packages|\.py:\d+/.test(l));
    if (userLoad >= 0 && userRestore < 0) {
      reassign(
        e,
        'version-mismatch',
        'version-library-pairs',
        'the unmatched objects are built by Keras itself while reviving the model (the code only calls load_model): the Keras/TensorFlow loading the file builds objects the older one that saved it did not',
        deciding(original, userLoad, 'the code only calls load_model'),
      );
    }
  }

  // A revived tf.keras 2 optimizer.
  for (const e of byId('restored-userobject-missing-attribute')) {
    if (!OPTIMIZER_API.has(e.extracted.attribute ?? '')) continue;
    reassign(
      e,
      'version-mismatch',
      'version-keras-refuses',
      `'${e.extracted.attribute}' belongs to the tf.keras 2 optimizer saved in the model; the loading TensorFlow/Keras revives it as a plain object: a version mismatch (load with tf_keras / the saving version, or compile=False)`,
    );
  }

  // Layer counts from another Keras.
  for (const id of ['keras-h5-layer-count-mismatch', 'keras-h5-weight-file-layer-count-old']) {
    for (const e of byId(id)) {
      push({
        ...e,
        failure: 'version-mismatch',
        score: e.score - 0.1,
        cause: 'version-library-pairs',
        lines: [...e.lines],
        extracted: { ...e.extracted },
        why: 'A weight file written by another Keras version can count layers differently (Keras 1 vs 2 merge/split layers, Keras 2 vs 3 legacy .h5 loading).',
      });
    }
  }

  // A TF1 hub.Module export read with the TF2 API.
  for (const e of byId('saved-model-load-requires-tags')) {
    const text = original[e.lineNo] ?? '';
    const hub = ctx.loaders.get('hub.load') ?? ctx.loaders.get('hub.KerasLayer');
    if (/\[\[\], \['train'\]\]|\[\['train'\], \[\]\]/.test(text) || hub) {
      reassign(
        e,
        'tf1-tf2-checkpoint',
        'tf1-tf2-api-file',
        'tag sets [] and [train] are how a TF1 hub.Module is exported: a TF1-format model read by TF2 code (use the TF2 version of the model, or tags=[])',
        hub ? deciding(original, hub.line, 'loaded with TF Hub') : undefined,
      );
    }
  }
  for (const e of byId('hub-missing-implementation')) {
    if (e.extracted.registry === 'resolver')
      reassign(
        e,
        'wrong-path-or-loader',
        'path-which-api',
        'the registry is the resolver: the handle is neither a URL nor a path TF Hub knows',
      );
  }
  for (const e of [...byId('hub-incompatible-unknown-type'), ...byId('savedmodel-file-does-not-exist')]) {
    const path = e.extracted.path ?? '';
    if (
      /tfhub_modules|tfhub_cache|TFHUB_CACHE/i.test(path) ||
      (e.message_id === 'hub-incompatible-unknown-type' && /[0-9a-f]{40}/.test(path))
    ) {
      reassign(
        e,
        'corrupted-checkpoint',
        'corrupt-interrupted-save',
        'the directory is in the TF Hub cache: a cached download left incomplete (delete it so hub downloads it again)',
      );
    }
  }

  // Keras Core's load_weights wording on a path with no extension: often a SavedModel folder.
  for (const e of byId('keras3-load-weights-format-not-supported')) {
    if (!/Keras Core/i.test(original[e.lineNo] ?? '') && !/Keras Core/i.test(lines.join('\n'))) continue;
    push({
      ...e,
      failure: 'version-mismatch',
      score: e.score - 0.08,
      cause: 'version-keras3-format',
      lines: [...e.lines],
      extracted: { ...e.extracted },
      why: 'Keras Core (Keras 3) reads no SavedModel or TF-format weights: a model saved by tf.keras 2 needs tf_keras or keras.layers.TFSMLayer.',
    });
  }

  // Checksums disagree when the .index and .data files come from two different saves.
  for (const e of byId('bundle-checksum-mismatch')) {
    push({
      ...e,
      failure: 'wrong-path-or-loader',
      score: e.score - 0.12,
      cause: 'path-prefix',
      lines: [...e.lines],
      extracted: { ...e.extracted },
      why: "An .index and a .data file from two different saves (two checkpoints' files mixed under one prefix) also fail the checksum.",
    });
  }

  // TF1 Saver in TF2's eager mode.
  for (const e of byId('saver-no-variables-to-save')) {
    const eager = (e.segment?.frames ?? [])
      .concat(lines)
      .some((l) => /_build_eager|tf\.compat\.v1|tensorflow[/\\]python[/\\]training[/\\]saver\.py.*1[34]\d\d/.test(l));
    if (!eager) {
      e.weak = true;
      e.score = Math.min(e.score, 0.5);
    }
  }

  // Cut-off tracebacks: what the frames say.
  for (const seg of segments) {
    if (seg.kind !== 'exception' || !seg.cutOff) continue;
    const h5 = seg.frames.find((f) => /h5f\.open|make_fid|h5py[/\\]_hl[/\\]files\.py|h5py\.File\(/.test(f));
    const hub = seg.frames.find((f) => /tensorflow_hub[/\\]module_v2\.py|\bhub\.load\(/.test(f));
    const at = (f: string): number => Math.max(0, lineOfText(lines, f));
    if (h5 || (hub && /OSError|IOError|NotFound/.test(seg.exceptionType ?? ''))) {
      const f = (h5 ?? hub)!;
      const what = h5 ? 'h5py opening the file' : 'TF Hub loading the cached module';
      const line = deciding(original, at(f), `the traceback stops in ${what}`);
      push({
        failure: 'corrupted-checkpoint',
        score: 0.45,
        lineNo: at(f),
        message_id: null,
        extracted: seg.exceptionType ? { exception_type: seg.exceptionType } : {},
        why: `The traceback is cut off before its message, but it ends in ${what}${seg.exceptionType ? ` (${seg.exceptionType})` : ''}: the file could not be opened. Most often it is not a complete file (an interrupted download, a Git LFS pointer, an HTML page); otherwise the path is wrong. Paste the last line to be sure.`,
        lines: [line],
        cause: h5 ? 'corrupt-interrupted-save' : 'corrupt-interrupted-save',
        weak: true,
        otherCause: null,
        place: 'root',
        segment: seg,
      });
      push({
        failure: 'wrong-path-or-loader',
        score: 0.42,
        lineNo: at(f),
        message_id: null,
        extracted: {},
        why: `The traceback ends in ${what} without its message: if the file is missing or the path is a directory, it is the path.`,
        lines: [line],
        cause: 'path-prefix',
        weak: true,
        otherCause: null,
        place: 'root',
        segment: seg,
      });
    }
  }

  // An IndexError on an empty weight list: nothing was built yet. The code line is in the
  // frames, or (a notebook's cell without the Traceback header) in the lines just above.
  const EMPTY_WEIGHTS = /\.(?:weights|variables|trainable_weights|trainable_variables)\s*\[\s*0\s*\]|get_weights\(\)\s*\[\s*0\s*\]/;
  for (const seg of segments) {
    if (seg.kind !== 'exception' || !/IndexError$/.test(seg.exceptionType ?? '')) continue;
    const above = lines.slice(Math.max(0, seg.firstLine - 12), seg.firstLine);
    const f = seg.frames.find((x) => EMPTY_WEIGHTS.test(x)) ?? above.find((x) => EMPTY_WEIGHTS.test(x));
    if (!f) continue;
    const lineNo = Math.max(0, lineOfText(lines, f));
    push({
      failure: 'input-shape-mismatch',
      score: 0.74,
      lineNo,
      message_id: null,
      extracted: { exception_type: seg.exceptionType ?? 'IndexError' },
      why: 'The weight list is empty when the code reads its first element: the model or layer was not built yet (no input shape, not called), so there is nothing to load into.',
      lines: [deciding(original, lineNo, 'reads weights[0] of an empty list'), deciding(original, seg.firstLine, 'IndexError')],
      cause: 'shape-unbuilt-h5',
      weak: false,
      otherCause: null,
      place: 'root',
      segment: seg,
    });
  }

  // Two checkpoint references resolving to different objects: the object paths differ.
  for (const e of byId('inconsistent-references')) {
    push({
      ...e,
      failure: 'variable-name-mismatch',
      score: e.score - 0.08,
      cause: null,
      lines: [...e.lines],
      extracted: { ...e.extracted },
      why: "The checkpoint's object paths resolve to other objects in this program: the object graph (attribute and layer names, extra layers) differs from the one that saved it.",
    });
  }

  // A cut-off traceback that ends in Keras rebuilding a model from its config.
  for (const seg of segments) {
    if (seg.kind !== 'exception' || !seg.cutOff) continue;
    if (evidence.some((e) => e.segment === seg)) continue;
    const f = [...seg.frames]
      .reverse()
      .find((x) =>
        /deserialize_keras_object|layer_module\.deserialize|\bfrom_config\b|model_from_config|serialization_lib\.py|generic_utils\.py/.test(
          x,
        ),
      );
    if (!f) continue;
    const lineNo = Math.max(0, lineOfText(lines, f));
    const line = deciding(original, lineNo, 'the traceback stops while Keras rebuilds the model from its config');
    const why =
      'The traceback is cut off before its message, but it stops while Keras rebuilds the model from its saved config: a class it cannot find (a custom object) or a config written by another Keras version. Paste the last line to tell which.';
    push({
      failure: 'unregistered-custom-object',
      score: 0.4,
      lineNo,
      message_id: null,
      extracted: {},
      why,
      lines: [line],
      cause: 'custom-import-time',
      weak: true,
      otherCause: null,
      place: 'root',
      segment: seg,
    });
    push({
      failure: 'version-mismatch',
      score: 0.38,
      lineNo,
      message_id: null,
      extracted: {},
      why,
      lines: [line],
      cause: 'version-keras-refuses',
      weak: true,
      otherCause: null,
      place: 'root',
      segment: seg,
    });
  }

  // load_weights(by_name=True) and no error, but the weights look untrained.
  if (ctx.byName && !segments.some((x) => x.kind === 'exception' && !x.cutOff)) {
    // (only reached when the paste says by_name=True)
    const i = lines.findIndex((l) => /\b(?:no error|no warning|random|worse|exploding|explodes|diverg\w*|untrained|mismatch)/i.test(l));
    if (i >= 0) {
      push({
        failure: 'variable-name-mismatch',
        score: 0.45,
        lineNo: ctx.byName.line,
        message_id: null,
        extracted: {},
        why: 'load_weights(by_name=True) loads only the layers whose names match and skips the others without a word: layers named differently in the file (renamed, or numbered by another session) stay untrained.',
        lines: [
          deciding(original, ctx.byName.line, 'loads by layer name'),
          deciding(original, i, 'no error, but the weights act untrained'),
        ],
        cause: null,
        weak: true,
        otherCause: null,
        place: 'loneText',
        segment: null,
      });
    }
  }

  // A TF log with no error that just stops: the process is waiting somewhere.
  if (!segments.some((x) => x.kind === 'exception') && !evidence.some((e) => e.score >= 0.3)) {
    const records = segments.filter((x) => x.kind === 'log');
    const tfLog = records.filter((x) => /tensorflow|keras|deprecat/i.test(x.lines[0] ?? ''));
    if (tfLog.length >= 2) {
      const lastRec = records[records.length - 1];
      push({
        failure: 'restore-hang',
        score: 0.28,
        lineNo: lastRec.firstLine,
        message_id: null,
        extracted: {},
        why: 'The log holds no error at all and ends here: a process that stops printing without failing is waiting on something (a fork, a peer, a remote file) or working slowly.',
        lines: [deciding(original, lastRec.firstLine, 'the last line the process printed')],
        cause: 'hang-stuck',
        weak: true,
        otherCause: null,
        place: 'logOnly',
        segment: lastRec,
      });
    }
  }

  // A TF1 Saver's restore Assign op failed (its message was cut).
  if (!evidence.some((e) => e.failure && e.score >= 0.6) && (!ctx.mentions || ctx.mentions('assign'))) {
    const i = lines.findIndex((l) => /(?:Caused by op|node) '?(?:[\w-]+\/)*save(?:_\d+)?\/Assign(?:_\d+)?'?/.test(l));
    if (i >= 0) {
      push({
        failure: 'architecture-mismatch',
        score: 0.45,
        lineNo: i,
        message_id: null,
        extracted: {},
        why: "The failing op is the Saver's restore Assign (save/Assign_N): Assign fails when the checkpoint's tensor has another shape than the graph's variable.",
        lines: [deciding(original, i, 'the failing op is a restore Assign')],
        cause: 'arch-tf1-saver',
        weak: true,
        otherCause: null,
        place: 'log',
        segment: null,
      });
    }
  }
}

function dims(shape: string | undefined): number[] | null {
  if (!shape) return null;
  const nums = shape.match(/\d+/g);
  return nums ? nums.map(Number) : null;
}

function lineOfText(lines: readonly string[], text: string): number {
  return lines.indexOf(text);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
