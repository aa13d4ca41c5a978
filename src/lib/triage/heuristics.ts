/**
 * Keyword heuristics: the weakest evidence, used when no catalog message matches (a hang
 * prints no error; people paste their own description or a log without the exception). Each
 * score stays below any catalog match so a real message always wins. Hang signals follow
 * the restore-hang guide (fork after init, collectives waiting for peers, network filesystems,
 * PTX JIT); the silent failures follow test/data/README.md.
 */
import type { FailureId } from '../catalog.ts';

export interface Heuristic {
  failure: FailureId;
  re: RegExp;
  score: number;
  /** Completes "… suggests <failure>" in the `why` text. */
  why: string;
  /** Also look at traceback frame lines (file paths, code). */
  frames?: boolean;
}

/** Patterns run over a whole segment at once, so `^` must mean "start of a line". */
const RAW: readonly Heuristic[] = [
  // resource-exhaustion
  {
    failure: 'resource-exhaustion',
    re: /ResourceExhaustedError|RESOURCE_EXHAUSTED/,
    score: 0.45,
    why: 'TensorFlow reports RESOURCE_EXHAUSTED (out of memory)',
  },
  {
    failure: 'resource-exhaustion',
    re: /\bOOM\b|out of memory|\bMemoryError\b|std::bad_alloc|Cannot allocate memory/i,
    score: 0.4,
    why: 'the text mentions running out of memory',
  },
  {
    failure: 'resource-exhaustion',
    re: /^(?:Killed|.*\bKilled process \d+|.*oom-kill(?:er)?\b)|\bOOMKilled\b|exit code 137\b|signal 9\b|\bSIGKILL\b/,
    score: 0.35,
    why: 'the process was killed (exit 137 / SIGKILL), typically by the kernel or container OOM killer',
  },
  // restore-hang
  {
    failure: 'restore-hang',
    re: /popen_fork\.py|\bos\.fork\(|start_method\(?\s*=?\s*['"]fork['"]|--preload/,
    score: 0.4,
    why: 'the process was forked after TensorFlow started; forked children block forever (hangs.md §1)',
    frames: true,
  },
  {
    failure: 'restore-hang',
    re: /collective_bcast_(?:send|recv)|Collective(?:Bcast|Reduce|Gather)\w*|waiting for (?:the )?(?:other |remaining )?(?:workers?|peers?|ranks?|chief)\b/i,
    score: 0.4,
    why: 'workers are waiting on a collective that not every worker joined (hangs.md §4)',
    frames: true,
  },
  {
    failure: 'restore-hang',
    re: /^Timeout \(\d+:\d\d:\d\d\)!|^Thread \d+ \((?:idle|active)/,
    score: 0.35,
    why: 'a stack dump of a process that was still running (faulthandler timeout or py-spy), not an exception',
  },
  {
    failure: 'restore-hang',
    re: /\bfork(?:ed|ing)?\b.{0,80}\b(?:workers?|child|children|process(?:es)?)\b|\b(?:workers?|child|children|process(?:es)?)\b.{0,80}\bfork(?:ed)?\b/i,
    score: 0.3,
    why: 'processes forked after TensorFlow started block forever (hangs.md §1)',
  },
  {
    failure: 'restore-hang',
    re: /\b(?:hangs?|hanging|hung|stuck|deadlock(?:ed|s)?|freez(?:e|es|ing)|frozen)\b|never (?:returns|finishes|completes)|takes? (?:forever|hours)/i,
    score: 0.3,
    why: 'the text describes a hang',
  },
  {
    failure: 'restore-hang',
    re: /\bNFS\b|\bnfs4?\b|[Ss]tale file handle|\b(?:gs|s3|hdfs):\/\//,
    score: 0.3,
    why: 'the model is read from a network filesystem, which can retry for minutes (hangs.md §5)',
  },
  {
    failure: 'restore-hang',
    re: /inter_op_parallelism_threads\s*=\s*1\b/,
    score: 0.3,
    why: 'a single inter-op thread can starve blocking ops (hangs.md §2)',
  },
  // corrupted-checkpoint
  { failure: 'corrupted-checkpoint', re: /\bDATA_LOSS\b|DataLossError|[Dd]ata loss:/, score: 0.4, why: 'TensorFlow reports DATA_LOSS' },
  {
    failure: 'corrupted-checkpoint',
    re: /\b(?:corrupt(?:ed|ion)?|truncated)\b|checksum|\bcrc\b/i,
    score: 0.3,
    why: 'the text mentions corruption, truncation or a checksum',
  },
  {
    failure: 'corrupted-checkpoint',
    re: /[Nn]ot a zip file|BadZipFile/,
    score: 0.35,
    why: 'a .keras file is a zip; one that is not a zip is usually truncated or half-copied',
  },
  // wrong-path-or-loader
  {
    failure: 'wrong-path-or-loader',
    re: /latest_checkpoint\([^)]*\)\s*(?:returned|returns|is|==?|->)\s*None|restore\(\s*None\s*\)/,
    score: 0.4,
    why: 'latest_checkpoint returned None, so restore(None) silently restores nothing',
  },
  {
    failure: 'wrong-path-or-loader',
    re: /\.restore\(\s*[rbf]?['"][^'"]*\.(?:index|data-\d{5}-of-\d{5})['"]/,
    score: 0.4,
    why: 'a file name (.index/.data) was passed where a checkpoint prefix is expected',
    frames: true,
  },
  {
    failure: 'wrong-path-or-loader',
    re: /\bNotFoundError\b|\bFileNotFoundError\b|No such file or directory/,
    score: 0.3,
    why: 'a file was not found at the given path',
  },
  // partial-restore
  {
    failure: 'partial-restore',
    re: /expect_partial|assert_consumed|assert_existing_objects_matched|unrestored values|(?:weights|model) (?:are|is|look|looks) (?:random|untrained)|restored nothing/i,
    score: 0.3,
    why: 'the restore left values unused or restored nothing',
  },
  // unregistered-custom-object
  {
    failure: 'unregistered-custom-object',
    re: /custom_objects|register_keras_serializable|custom_object_scope|CustomObjectScope/,
    score: 0.3,
    why: 'the text is about registering custom objects',
  },
  // version-mismatch
  {
    failure: 'version-mismatch',
    re: /\btf_keras\b|TF_USE_LEGACY_KERAS|\bKeras [23]\b(?![.\d])|\b(?:newer|older) (?:version of )?(?:TensorFlow|Keras|h5py)\b/,
    score: 0.25,
    why: 'the text is about Keras 2 vs 3 or TensorFlow versions',
  },
  // dtype-mismatch
  {
    failure: 'dtype-mismatch',
    re: /expected dtype|dtype mismatch|\bdtype=(?:tf\.)?float64\b.*\bdtype=(?:tf\.)?float32\b|\bdtype=(?:tf\.)?float32\b.*\bdtype=(?:tf\.)?float64\b/i,
    score: 0.3,
    why: 'the text compares two dtypes',
  },
  // architecture / input shape / names / TF1-TF2
  {
    failure: 'architecture-mismatch',
    re: /shape mismatch|incompatible shapes?|shapes? [^\n]{0,80}? (?:are|is) incompatible|layer count/i,
    score: 0.3,
    why: 'the text reports shapes or counts that differ',
  },
  {
    failure: 'input-shape-mismatch',
    re: /(?:has|have) not (?:yet )?been built|never built|\bunbuilt\b|deferred restor/i,
    score: 0.3,
    why: 'the model was not built before loading',
  },
  { failure: 'variable-name-mismatch', re: /not found in checkpoint|NOT_FOUND: Key /, score: 0.3, why: 'a checkpoint key was not found' },
  {
    failure: 'tf1-tf2-checkpoint',
    re: /name-based|object-based|tf\.(?:compat\.v1\.)?train\.Saver\b/,
    score: 0.25,
    why: 'the text is about name-based (TF1) vs object-based (TF2) checkpoints',
  },
];

export const HEURISTICS: readonly Heuristic[] = RAW.map((h) => ({
  ...h,
  re: new RegExp(h.re.source, h.re.flags.includes('m') ? h.re.flags : `${h.re.flags}m`),
}));
