/**
 * What the whole paste says besides its error message: the paths handed to loaders (and what
 * kind of file each names), the loader calls in the traceback's code lines, which Keras/TF the
 * library paths in the frames belong to, whether the model was saved and reloaded in the same
 * session, and whether the log shows the restore finishing. Rules (rules.ts) use these facts to
 * change what a message means; every fact keeps the line it came from, so the answer can say
 * which lines decided.
 */

export type PathKind = 'data-shard' | 'index' | 'meta' | 'h5' | 'keras' | 'saved-model-pb' | 'ckpt-name' | 'directory' | 'empty' | 'other';

export interface PathFact {
  path: string;
  kind: PathKind;
  /** 0-based line in the paste. */
  line: number;
  /** How the path was given: a loader call in code, or named in a message. */
  via: 'call' | 'message';
}

export interface LineFact {
  line: number;
  text: string;
}

export type LoaderCall =
  | 'load_model'
  | 'load_weights'
  | 'checkpoint-restore'
  | 'saver-restore'
  | 'saved_model.load'
  | 'hub.load'
  | 'hub.Module'
  | 'hub.KerasLayer'
  | 'import_graph_def'
  | 'import_meta_graph'
  | 'TFSMLayer'
  | 'tflite';

export interface Context {
  /** Read on first use (most pastes never need them). */
  readonly paths: PathFact[];
  readonly loaders: Map<LoaderCall, LineFact>;
  /** `by_name=True` in a load_weights call. */
  byName: LineFact | null;
  /** Library generation seen in frame paths. */
  keras3: LineFact | null;
  keras2: LineFact | null;
  tfKerasImpl: LineFact | null;
  /** Keras Lambda bytecode being deserialized (func_load / marshal.loads in the frames). */
  funcLoad: LineFact | null;
  /** The same path saved and loaded in the paste (a round trip in one session). */
  roundTrip: { save: LineFact; load: LineFact } | null;
  /** Log lines printed after a restore completed (TF1 MonitoredSession, progress). */
  restoreDone: LineFact[];
  /** "Restoring parameters from ..." (TF1 Saver, logged before the restore op runs). */
  restoreStart: LineFact | null;
  /** The paste holds frames or messages of TF/Keras at all. */
  tfMentioned: boolean;
  /** Whether the paste holds a lower-case word. */
  mentions?: (word: string) => boolean;
}

/** Loader calls, each with words one of which must be in the paste for its pattern to run. */
const CALLS: { call: LoaderCall; re: RegExp; need: string[] }[] = [
  { call: 'load_weights', re: /\.load_weights\s*\(|\bload_weights_from_hdf5_group/, need: ['load_weights'] },
  {
    call: 'load_model',
    re: /\bload_model\s*\(|\bmodel_from_(?:config|json|yaml)\s*\(|saving_api\.py|legacy_h5_format\.py|hdf5_format\.py.*load_model/,
    need: ['load_model', 'model_from_', 'saving_api', 'legacy_h5_format', 'hdf5_format'],
  },
  {
    call: 'saver-restore',
    re: /\bsaver\.restore\s*\(|training[/\\]saver\.py.*\brestore\b|\.restore\(\s*sess\b/,
    need: ['saver', '.restore('],
  },
  {
    call: 'checkpoint-restore',
    re: /\bCheckpoint\s*\([^)]*\)\s*\.(?:restore|read)\s*\(|\bcheckpoint\.(?:restore|read)\s*\(|\bckpt\.(?:restore|read)\s*\(|checkpoint[/\\](?:checkpoint|util)\.py|tracking[/\\]util\.py/,
    need: ['checkpoint', 'ckpt.', 'tracking'],
  },
  {
    call: 'saved_model.load',
    re: /\bsaved_model\.load(?:_v2)?\s*\(|saved_model[/\\]load\.py|\bloadSavedModel\b|LoadSavedModel/,
    need: ['saved_model', 'loadsavedmodel'],
  },
  { call: 'hub.load', re: /\bhub\.load\s*\(|tensorflow_hub[/\\]module_v2\.py/, need: ['hub.load', 'tensorflow_hub'] },
  { call: 'hub.Module', re: /\bhub\.Module\s*\(|tensorflow_hub[/\\]module\.py/, need: ['hub.module', 'tensorflow_hub'] },
  { call: 'hub.KerasLayer', re: /\bhub\.KerasLayer\s*\(|\bKerasLayer\b/, need: ['keraslayer'] },
  { call: 'import_graph_def', re: /\bimport_graph_def\s*\(|framework[/\\]importer\.py/, need: ['import_graph_def', 'importer.py'] },
  { call: 'import_meta_graph', re: /\bimport_meta_graph\s*\(/, need: ['import_meta_graph'] },
  { call: 'TFSMLayer', re: /\bTFSMLayer\s*\(/, need: ['tfsmlayer'] },
  {
    call: 'tflite',
    re: /\btflite(?:_runtime)?\b.*\bInterpreter\b|\bInterpreter\s*\(\s*model_path|\.tflite\b/,
    need: ['tflite', 'interpreter'],
  },
];

/** A path inside a loader call: `load_model('x.h5')`, `restore(sess, "ckpt")`, `load_weights(r'...')`. */
const CALL_PATH =
  /(?<=\b(?:load_model|load_weights|restore|read|load|load_checkpoint|latest_checkpoint|TFSMLayer|NewCheckpointReader|import_meta_graph|KerasLayer|Module|File|Interpreter))\(\s*(?:[\w.]+\s*,\s*(?:\[[^\]]*\]\s*,\s*)?)?(?:(?:save_path|filepath|model_path|export_dir|handle)\s*=\s*)?[rbf]?(["'])([^"'\n]{0,500})\1/g;
/** Paths named in messages: `filepath=...`, `Could not open X:`, `table file X:`, `name = 'X'`, `at: X/{`. */
const MESSAGE_PATHS: [string, RegExp][] = [
  ['filepath=', /\bfilepath=(\S*?)(?:\.\s|\.$|,|\s|$)/gi],
  ['could not open ', /\bCould not open (\S+?):\s/gi],
  ['open table file ', /\bUnable to open table file (\S+?):\s/gi],
  ["name = '", /\bname = '([^']*)'/gi],
  ['does not exist at: ', /\bSavedModel file does not exist at: (\S*?)[/\\]?\{/gi],
  ['matching files for ', /\bFailed to find any matching files for (\S*)/gi],
  ['matching files on ', /\bFailed to get matching files on (\S+?):/gi],
  ['checkpoint files ', /\bnot found in checkpoint files (\S+)/gi],
  ['valid checkpoint: ', /\bis not a valid checkpoint: (\S*)/gi],
];

export function pathKind(raw: string): PathKind {
  const p = raw.trim().replace(/[.,;)\]"'`]+$/, '');
  if (p === '' || p === '.' || p === './') return 'empty';
  if (/\.data-\d{5}-of-\d{5}$|\.data$/i.test(p)) return 'data-shard';
  if (/\.index$/i.test(p)) return 'index';
  if (/\.meta$/i.test(p)) return 'meta';
  if (/\.(?:h5|hdf5|hd5|he5)$/i.test(p)) return 'h5';
  if (/\.keras$/i.test(p)) return 'keras';
  if (/(?:^|[/\\])saved_model\.pbt?x?t?$|\.pb$/i.test(p)) return 'saved-model-pb';
  if (/\.ckpt$/i.test(p)) return 'ckpt-name';
  if (/[/\\]$/.test(p)) return 'directory';
  return 'other';
}

/** The lines joined with newlines, lower-cased, and where each line starts. */
export function joinLines(lines: readonly string[]): { text: string; lower: string; starts: number[] } {
  const starts: number[] = new Array(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = at;
    at += lines[i].length + 1;
  }
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  return { text, lower: text.toLowerCase(), starts };
}

/** Restore progress: logged before the restore op runs (TF1 Saver), and only after it finished. */
const RESTORE_START = /\bRestoring parameters from\b/g;
const RESTORE_DONE =
  /\bDone running local_init_op\b|\bSaving checkpoints for \d+ into\b|\bglobal_step\/sec\b|\bloss = [\d.e+-]+, step = \d+|\bRestored from\b|\brestored? (?:successfully|successful)\b|\bcheckpoint (?:restored|loaded)\b|\bmodel (?:restored|loaded)\b/gi;
const SAVE_CALL = /\.(?:save|save_weights)\(\s*[rbf]?(["'])([^"'\n]+)\1/g;
const LOAD_CALL = /\b(?:load_model|load_weights)\(\s*[rbf]?(["'])([^"'\n]+)\1/g;

/**
 * Read the facts. Each pattern runs once over the joined paste (its lines never span a newline),
 * which is much cheaper than running every pattern on every line.
 */
export function readContext(lines: readonly string[], joined?: { text: string; lower: string; starts: number[] }): Context {
  const { text, lower, starts } = joined ?? joinLines(lines);
  const lineAt = (index: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const fact = (index: number): LineFact => {
    const line = lineAt(index);
    return { line, text: lines[line] ?? '' };
  };
  const first = (re: RegExp): LineFact | null => {
    re.lastIndex = 0;
    const m = re.exec(text);
    return m ? fact(m.index) : null;
  };
  const every = (re: RegExp, f: (m: RegExpExecArray) => void): void => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      f(m);
      if (m[0].length === 0) re.lastIndex++;
    }
  };
  const has = (words: readonly string[]): boolean => words.some((w) => lower.includes(w));

  let paths: PathFact[] | null = null;
  let loaders: Map<LoaderCall, LineFact> | null = null;
  const ctx: Context = {
    get paths(): PathFact[] {
      if (paths) return paths;
      const out: PathFact[] = [];
      if (text.includes('(')) {
        every(CALL_PATH, (m) => {
          out.push({ path: m[2], kind: pathKind(m[2]), line: lineAt(m.index), via: 'call' });
        });
      }
      for (const [word, re] of MESSAGE_PATHS) {
        if (!lower.includes(word)) continue;
        every(re, (m) => {
          if (m[1] !== undefined) out.push({ path: m[1], kind: pathKind(m[1]), line: lineAt(m.index), via: 'message' });
        });
      }
      paths = out.sort((x, y) => x.line - y.line);
      return paths;
    },
    get loaders(): Map<LoaderCall, LineFact> {
      if (loaders) return loaders;
      loaders = new Map();
      for (const { call, re, need } of CALLS) {
        if (!has(need)) continue;
        const f = first(re);
        if (f) loaders.set(call, f);
      }
      return loaders;
    },
    byName: has(['by_name']) ? first(/\bby_name\s*=\s*True\b/) : null,
    keras3: null,
    keras2: null,
    tfKerasImpl: null,
    funcLoad: has(['func_load', 'marshal.loads(']) ? first(/\bfunc_load\b|marshal\.loads\(/) : null,
    roundTrip: null,
    restoreDone: [],
    restoreStart: lower.includes('restoring parameters') ? first(RESTORE_START) : null,
    tfMentioned: has(['tensorflow', 'keras', 'tf.', 'h5py', 'saved_model', 'checkpoint']),
  };
  if (has(['keras'])) {
    ctx.keras3 = first(/keras[/\\]src[/\\]|keras_core[/\\]/);
    ctx.keras2 = first(/keras[/\\](?:engine|saving[/\\](?:hdf5_format|saved_model|save)\.py)|tf_keras[/\\]/);
    ctx.tfKerasImpl = first(/tensorflow[/\\]python[/\\]keras[/\\]_impl[/\\]/);
  }
  if (has(['local_init_op', 'saving checkpoints', 'global_step', 'loss = ', 'restored', 'loaded'])) {
    every(RESTORE_DONE, (m) => {
      const f = fact(m.index);
      if (!ctx.restoreDone.some((d) => d.line === f.line)) ctx.restoreDone.push(f);
    });
  }
  // A save and a load of the same path in the paste: the file was written by this very session.
  if (lower.includes('.save') && has(['load_model(', 'load_weights('])) {
    const saved = new Map<string, LineFact>();
    const loaded = new Map<string, LineFact>();
    every(SAVE_CALL, (m) => {
      if (!saved.has(m[2])) saved.set(m[2], fact(m.index));
    });
    every(LOAD_CALL, (m) => {
      if (!loaded.has(m[2])) loaded.set(m[2], fact(m.index));
    });
    for (const [path, load] of loaded) {
      const save = saved.get(path);
      if (save && save.line < load.line) {
        ctx.roundTrip = { save, load };
        break;
      }
    }
  }
  /** Whether the paste holds a word (lower-case), for rules that only matter when it does. */
  ctx.mentions = (word: string): boolean => lower.includes(word);
  return ctx;
}
