/**
 * What to tell the reader first, from the ranked evidence:
 *
 * - a question page, when the text asks something a page answers (calling `.restore` on a
 *   Keras model: which restore is which);
 * - "not a restore failure", when the strongest evidence is a known message whose cause is
 *   outside the twelve (cuDNN, a driver, an object's lifetime);
 * - "the restore finished", when the log has no error and shows work that only runs after a
 *   restore completed: the stall is later;
 * - the top failure, confident only when real (non-weak) evidence scores at least CONFIDENT, with
 *   the runner-up when it is close;
 * - "nothing matched", with the files to drop on the checker.
 */
import type { FailureId } from '../catalog.ts';
import type { Context } from './context.ts';
import type { Evidence } from './rules.ts';
import type { Segment } from './segment.ts';
import type { DecidingLine, TriageAnswer, TriageMatch } from './types.ts';

/** At or above this score (and not weak) a failure is said plainly, not as "possibly". */
export const CONFIDENT = 0.6;
/** The second failure is shown when it is this close to the first. */
const RUNNER_UP_GAP = 0.15;
/** The question page for people who call `.restore` on a model. */
export const WHICH_RESTORE = { url: '/questions/model-restore/', title: 'model.restore does not exist: which call restores your files' };

export interface DecideInput {
  matches: readonly TriageMatch[];
  /** Whether a failure's best evidence is weak (a keyword, a side-effect warning, a guess). */
  weak: ReadonlyMap<FailureId, boolean>;
  others: readonly Evidence[];
  ctx: Context;
  segments: readonly Segment[];
  lines: readonly string[];
  original: readonly string[];
}

const STRUCTURAL: ReadonlySet<FailureId> = new Set([
  'architecture-mismatch',
  'version-mismatch',
  'variable-name-mismatch',
  'partial-restore',
  'input-shape-mismatch',
]);

export function decide(input: DecideInput): TriageAnswer {
  const { matches, others, ctx, segments, lines, original } = input;
  const line = (i: number, why: string): DecidingLine => ({ line: i + 1, text: original[i] ?? '', why });

  // `model.restore(...)` on a Keras model: there is no such method; the reader needs to know
  // which of the four "restores" fits the files they have.
  const asksRestore = !ctx.mentions || ctx.mentions("has no attribute 'restore'");
  for (let i = 0; asksRestore && i < lines.length; i++) {
    const m = /'([\w.]+)' object has no attribute 'restore'/.exec(lines[i]);
    if (m && !/Checkpoint|Saver/.test(m[1])) {
      return {
        kind: 'page',
        url: WHICH_RESTORE.url,
        title: WHICH_RESTORE.title,
        why: `A ${m[1]} has no restore method: "restore" means tf.train.Checkpoint.restore for a checkpoint, model.load_weights for weights, keras.models.load_model for a .keras/.h5 model, and tf.saved_model.load for a SavedModel. The page says which one your files need.`,
        lines: [line(i, `${m[1]}.restore does not exist`)],
      };
    }
  }

  const top = matches[0] ?? null;
  const topWeak = top ? (input.weak.get(top.failure) ?? false) : true;
  const other = others[0] ?? null;

  if (other && (!top || other.score >= top.score || (topWeak && other.score >= 0.5))) {
    return {
      kind: 'not-restore',
      cause: other.otherCause ?? 'a cause outside the restore failures',
      why: `${other.why.slice(0, -1)}: ${other.otherCause ?? 'not a restore failure'}. The model files are not what failed.`,
      lines: other.lines,
    };
  }

  const hasException = segments.some((s) => s.kind === 'exception' && !s.cutOff);
  if (!hasException && ctx.restoreDone.length > 0 && (!top || top.score < CONFIDENT || topWeak)) {
    const done = ctx.restoreDone[ctx.restoreDone.length - 1];
    const evidence: DecidingLine[] = [];
    if (ctx.restoreStart) evidence.push(line(ctx.restoreStart.line, 'the restore started'));
    for (const d of ctx.restoreDone.slice(0, 3)) evidence.push(line(d.line, 'printed only after the restore finished'));
    return {
      kind: 'restore-finished',
      why: `The restore is not the problem: line ${done.line + 1} ("${clip(done.text.trim(), 80)}") is printed only after restoring finished, and the log has no error. What stalls comes after it: the input pipeline, a download, evaluation or a hook. Take a stack dump of the stuck process (py-spy dump --pid <PID>) to see where it waits.`,
      lines: evidence,
    };
  }

  if (top) {
    let confident = top.score >= CONFIDENT && !topWeak;
    let why = top.why;
    if (ctx.roundTrip && STRUCTURAL.has(top.failure)) {
      confident = false;
      why = `${why.slice(0, -1)}. But the paste saves and reloads the same file in one session (lines ${ctx.roundTrip.save.line + 1} and ${ctx.roundTrip.load.line + 1}), so nothing changed between save and load: suspect a Keras saving bug for this layer type before a mismatch.`;
      top.lines.push(line(ctx.roundTrip.save.line, 'saved here'), line(ctx.roundTrip.load.line, 'and reloaded in the same session'));
    }
    const second = matches[1] ?? null;
    const runnerUp = second && second.score >= top.score - RUNNER_UP_GAP ? second : null;
    return { kind: 'failure', failure: top.failure, confident, top: { ...top, why }, runner_up: runnerUp };
  }

  return {
    kind: 'nothing',
    why: 'Nothing in this text matches a known TensorFlow, Keras or h5py load error, warning or log line, or describes a known failure. Paste the whole traceback (its last line names the error), or let the checker read the model files themselves.',
    checker: '/inspect/',
    drop: filesToDrop(ctx, lines),
  };
}

/** What to drop on the checker, from what the paste says about the format. */
export function filesToDrop(ctx: Context, lines: readonly string[]): string[] {
  const text = lines.join('\n');
  const kinds = new Set(ctx.paths.map((p) => p.kind));
  const out: string[] = [];
  if (kinds.has('keras') || /\.keras\b/.test(text)) out.push('the .keras file');
  if (kinds.has('h5') || /\.(?:h5|hdf5)\b/i.test(text)) out.push('the .h5 / .hdf5 file');
  if (
    kinds.has('data-shard') ||
    kinds.has('index') ||
    kinds.has('ckpt-name') ||
    ctx.loaders.has('saver-restore') ||
    ctx.loaders.has('checkpoint-restore') ||
    /\bckpt\b|checkpoint/i.test(text)
  ) {
    out.push("the checkpoint's .index file and its .data-00000-of-0000N file(s)", 'the `checkpoint` state file next to them');
  }
  if (kinds.has('saved-model-pb') || ctx.loaders.has('saved_model.load') || ctx.loaders.has('hub.load') || /saved_?model/i.test(text)) {
    out.push('saved_model.pb (or .pbtxt)', 'the variables/ folder (variables.index and variables.data-*)');
  }
  if (out.length === 0) {
    out.push(
      'a .keras or .h5 model file',
      "or a checkpoint's .index and .data-* files (with the `checkpoint` state file)",
      "or a SavedModel's saved_model.pb and its variables/ folder",
    );
  }
  return out;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
