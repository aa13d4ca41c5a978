/**
 * Keyword heuristics: the weakest evidence, used when no catalog message matches (a hang
 * prints no error; people paste their own description or a log without the exception). Each
 * score stays below any catalog match so a real message always wins. Hang signals follow
 * the restore-hang guide (fork after init, collectives waiting for peers, network filesystems,
 * PTX JIT); the silent failures follow test/data/README.md.
 */
import type { FailureId } from '../catalog.ts';
import type { CauseId } from './guide.ts';

export interface Heuristic {
  failure: FailureId;
  re: RegExp;
  score: number;
  /** Completes "… suggests <failure>" in the `why` text. */
  why: string;
  /** The guide paragraph that explains it. */
  cause?: CauseId;
  /** Also read traceback frames and code lines (file paths, calls); others read messages and prose. */
  frames?: boolean;
  /** Lower-case words of which the text must hold one before the pattern runs (speed only). */
  must?: readonly string[];
}

/**
 * Patterns run once over the whole cleaned paste (its messages, logs and prose; frames and code
 * lines too for those marked `frames`), so `^` must mean "start of a line" and a description
 * split over paragraphs still reads as one.
 */
const RAW: readonly Heuristic[] = [
  // resource-exhaustion
  {
    failure: 'resource-exhaustion',
    must: ['resourceexhausted', 'resource_exhausted'],
    re: /ResourceExhaustedError|RESOURCE_EXHAUSTED/,
    score: 0.45,
    why: 'TensorFlow reports RESOURCE_EXHAUSTED (out of memory)',
  },
  {
    failure: 'resource-exhaustion',
    must: ['oom', 'out of memory', 'memoryerror', 'bad_alloc', 'cannot allocate'],
    re: /\bOOM\b|out of memory|\bMemoryError\b|std::bad_alloc|Cannot allocate memory/i,
    score: 0.4,
    why: 'the text mentions running out of memory',
  },
  {
    failure: 'resource-exhaustion',
    re: /^Killed\b|\bKilled process \d+|\boom-kill(?:er)?\b|\bOOMKilled\b|exit code 137\b|signal 9\b|\bSIGKILL\b/,
    must: ['kill', '137', 'signal 9'],
    score: 0.35,
    why: 'the process was killed (exit 137 / SIGKILL), typically by the kernel or container OOM killer',
  },
  {
    failure: 'resource-exhaustion',
    re: /\b(?:consumes?|uses?|takes?|eats?|allocates?|grabs?) (?:up )?(?:all|most|too much) (?:of )?(?:the )?(?:available )?(?:GPU |host |system |RAM )?memory\b|\bdouble (?:the )?memory\b|\bmemory (?:leak|explodes|blows up|keeps growing)\b/i,
    must: ['memory'],
    score: 0.35,
    why: 'the text describes memory running out while loading',
    cause: 'memory-allocator',
  },
  {
    failure: 'resource-exhaustion',
    re: /\bprotobuf\b.{0,60}\btoo (?:big|large)\b|\bmessage (?:is )?too (?:big|large)\b|\b(?:over|more than|larger than|exceeds?) (?:1|2) ?Gi?B\b.{0,60}\b(?:protobuf|proto|saved_model\.pb|graph)/i,
    must: ['too big', 'too large', 'gb'],
    score: 0.4,
    why: 'a protobuf (saved_model.pb, a GraphDef) over the protobuf size limit',
    cause: 'memory-protobuf',
  },
  // restore-hang
  {
    failure: 'restore-hang',
    frames: true,
    re: /popen_fork\.py|\bos\.fork\(|start_method\(?\s*=?\s*['"]fork['"]|--preload/,
    must: ['fork', '--preload'],
    score: 0.4,
    why: 'the process was forked after TensorFlow started; forked children block forever (hangs.md §1)',
    cause: 'hang-fork',
  },
  {
    failure: 'restore-hang',
    frames: true,
    must: ['collective', 'waiting for'],
    re: /collective_bcast_(?:send|recv)|Collective(?:Bcast|Reduce|Gather)\w*|waiting for (?:the )?(?:other |remaining )?(?:workers?|peers?|ranks?|chief)\b/i,
    score: 0.4,
    why: 'workers are waiting on a collective that not every worker joined (hangs.md §4)',
    cause: 'hang-peers',
  },
  {
    failure: 'restore-hang',
    must: ['timeout (', 'thread '],
    re: /^Timeout \(\d+:\d\d:\d\d\)!|^Thread \d+ \((?:idle|active)/,
    score: 0.35,
    why: 'a stack dump of a process that was still running (faulthandler timeout or py-spy), not an exception',
  },
  {
    failure: 'restore-hang',
    re: /\bfork(?:ed|ing)?\b.{0,80}\b(?:workers?|child|children|process(?:es)?)\b|\b(?:workers?|child|children|process(?:es)?)\b.{0,80}\bfork(?:ed)?\b/i,
    must: ['fork'],
    score: 0.3,
    why: 'processes forked after TensorFlow started block forever (hangs.md §1)',
    cause: 'hang-fork',
  },
  {
    failure: 'restore-hang',
    must: ['hang', 'hung', 'stuck', 'deadlock', 'freez', 'frozen', 'never ', 'forever', 'hours'],
    re: /\b(?:hangs?|hanging|hung|stuck|deadlock(?:ed|s)?|freez(?:e|es|ing)|frozen)\b|never (?:returns|finishes|completes)|takes? (?:forever|hours)/i,
    score: 0.3,
    why: 'the text describes a hang',
    cause: 'hang-stuck',
  },
  {
    failure: 'restore-hang',
    must: ["n't", 'not ', 'never', 'keep', 'take', 'slow', 'too long', 'cores', 'more than'],
    re: /\b(?:won'?t|doesn'?t|does not|did not|didn'?t|never) (?:finish|finishes|finished|end|exit|exits|return|complete)\b|\bkeeps? running\b|\btakes? (?:too long|very long|a long time|\d+\s*(?:min(?:ute)?s?|hours?))|\b(?:very|too|extremely|really|incredibly) slow\b|\bslow to (?:load|restore|start)\b|\btoo long to (?:load|restore|start)\b|\bone of my \d+ cores\b|\bmore than \d+\s*min/i,
    score: 0.3,
    why: 'the text describes a load that does not finish or is slow',
    cause: 'hang-slow',
  },
  {
    failure: 'restore-hang',
    must: ['nfs', 'stale', '://', 'gcs', 's3', 'gcsfuse'],
    re: /\bNFS\b|\bnfs4?\b|[Ss]tale file handle|\b(?:gs|s3|hdfs):\/\/|\b(?:from|on|in) (?:gcs|GCS|a GCS bucket|S3)\b|\bGCS bucket\b|\bgcsfuse\b/,
    score: 0.3,
    why: 'the model is read from a network filesystem, which can retry for minutes (hangs.md §5)',
    cause: 'hang-network',
  },
  {
    failure: 'restore-hang',
    must: ['inter_op'],
    re: /inter_op_parallelism_threads\s*=\s*1\b/,
    score: 0.3,
    why: 'a single inter-op thread can starve blocking ops (hangs.md §2)',
  },
  // corrupted-checkpoint
  {
    failure: 'corrupted-checkpoint',
    must: ['data_loss', 'datalosserror', 'data loss'],
    re: /\bDATA_LOSS\b|DataLossError|[Dd]ata loss:/,
    score: 0.4,
    why: 'TensorFlow reports DATA_LOSS',
  },
  {
    failure: 'corrupted-checkpoint',
    must: ['corrupt', 'truncated', 'checksum', 'crc'],
    re: /\b(?:corrupt(?:ed|ion)?|truncated)\b|checksum|\bcrc\b/i,
    score: 0.3,
    why: 'the text mentions corruption, truncation or a checksum',
  },
  {
    failure: 'corrupted-checkpoint',
    must: ['zip'],
    re: /[Nn]ot a zip file|BadZipFile/,
    score: 0.35,
    why: 'a .keras file is a zip; one that is not a zip is usually truncated or half-copied',
  },
  // wrong-path-or-loader
  {
    failure: 'wrong-path-or-loader',
    must: ['latest_checkpoint', 'restore('],
    re: /latest_checkpoint\([^)]*\)\s*(?:returned|returns|is|==?|->)\s*None|restore\(\s*None\s*\)/,
    score: 0.4,
    why: 'latest_checkpoint returned None, so restore(None) silently restores nothing',
  },
  {
    failure: 'wrong-path-or-loader',
    frames: true,
    must: ['.restore('],
    re: /\.restore\(\s*[rbf]?['"][^'"]*\.(?:index|data-\d{5}-of-\d{5})['"]/,
    score: 0.4,
    why: 'a file name (.index/.data) was passed where a checkpoint prefix is expected',
  },
  {
    failure: 'wrong-path-or-loader',
    must: ['notfounderror', 'no such file'],
    re: /\bNotFoundError\b|\bFileNotFoundError\b|No such file or directory/,
    score: 0.3,
    why: 'a file was not found at the given path',
  },
  {
    failure: 'wrong-path-or-loader',
    re: /\.data-\d{5}-of-\d{5}\b[\s\S]{0,120}?\b(?:not as|instead of|rather than|expects?|error)\b|\bsaved as\b[\s\S]{0,80}?\.data-\d{5}-of-\d{5}/i,
    must: ['.data-'],
    score: 0.35,
    why: "a checkpoint's data shard is named where a prefix or a single file is expected",
    cause: 'path-prefix',
  },
  // partial-restore
  {
    failure: 'partial-restore',
    must: ['expect_partial', 'assert_', 'unrestored', 'random', 'untrained', 'restored nothing'],
    re: /expect_partial|assert_consumed|assert_existing_objects_matched|unrestored values|(?:weights|model) (?:are|is|look|looks) (?:random|untrained)|restored nothing/i,
    score: 0.3,
    why: 'the restore left values unused or restored nothing',
  },
  // unregistered-custom-object
  {
    failure: 'unregistered-custom-object',
    must: ['custom_object', 'register_keras', 'customobjectscope'],
    re: /custom_objects|register_keras_serializable|custom_object_scope|CustomObjectScope/,
    score: 0.3,
    why: 'the text is about registering custom objects',
  },
  {
    failure: 'unregistered-custom-object',
    re: /\bKerasLayer\b.{0,80}(?:\.h5\b|load_model|cannot be loaded|custom_objects)|(?:\.h5\b|load_model).{0,80}\bKerasLayer\b/i,
    must: ['keraslayer'],
    score: 0.4,
    why: "hub.KerasLayer is a custom layer to Keras: loading an .h5 that contains one needs custom_objects={'KerasLayer': hub.KerasLayer}",
    cause: 'custom-registered-name',
  },
  // version-mismatch
  {
    failure: 'version-mismatch',
    re: /\bbad marshal data\b/i,
    score: 0.45,
    why: "Keras stores a Lambda layer's function as Python bytecode, which another Python version cannot read",
    cause: 'version-library-pairs',
  },
  {
    failure: 'version-mismatch',
    re: /\btf_keras\b|TF_USE_LEGACY_KERAS|\bKeras [23]\b(?![.\d])|\b(?:newer|older) (?:version of )?(?:TensorFlow|Keras|h5py)\b/,
    must: ['keras', 'newer', 'older'],
    score: 0.25,
    why: 'the text is about Keras 2 vs 3 or TensorFlow versions',
  },
  // dtype-mismatch
  {
    failure: 'dtype-mismatch',
    re: /\bexpected (?:d?type|dtype) (?:int|uint|float|half|double|bool|string|bfloat)\w* != (?:int|uint|float|half|double|bool|string|bfloat)\w*/i,
    must: ['!='],
    score: 0.4,
    why: 'a tensor of one dtype reached an input traced for another',
    cause: 'dtype-signature',
  },
  {
    failure: 'dtype-mismatch',
    must: ['dtype'],
    re: /expected dtype|dtype mismatch|\bdtype=(?:tf\.)?float64\b.*\bdtype=(?:tf\.)?float32\b|\bdtype=(?:tf\.)?float32\b.*\bdtype=(?:tf\.)?float64\b/i,
    score: 0.3,
    why: 'the text compares two dtypes',
  },
  {
    failure: 'dtype-mismatch',
    re: /(?:does not|doesn'?t|did not|didn'?t) match (?:the )?SavedModel'?s? expected arguments|\bexpected arguments\b.{0,40}\bSavedModel\b/i,
    must: ['expected arguments'],
    score: 0.3,
    why: "the call's tensors do not match any signature the SavedModel was traced with (usually their dtype)",
    cause: 'dtype-signature',
  },
  // architecture / input shape / names / TF1-TF2
  {
    failure: 'architecture-mismatch',
    must: ['shape', 'layer count'],
    re: /shape mismatch|incompatible shapes?|shapes? [^\n]{0,80}? (?:are|is) incompatible|layer count/i,
    score: 0.3,
    why: 'the text reports shapes or counts that differ',
  },
  {
    failure: 'input-shape-mismatch',
    re: /(?:has|have) not (?:yet )?been built|never built|\bunbuilt\b|deferred restor/i,
    must: ['built', 'deferred'],
    score: 0.3,
    why: 'the model was not built before loading',
  },
  {
    failure: 'input-shape-mismatch',
    re: /\b(?:new|fresh|freshly|newly)\s+(?:created\s+|initiali[sz]ed\s+|built\s+)?(?:initiali[sz]ation of the model|model|instance)\b[\s\S]{0,200}?\b(?:restor|load)\w*|\b(?:restor|load)\w*\b[\s\S]{0,120}?\b(?:from|into) a (?:new|fresh|newly created) (?:model|initiali[sz]ation)/i,
    must: ['new', 'fresh'],
    score: 0.3,
    why: 'restoring into a freshly created model is deferred until the model is built (called on data): checked before that, nothing looks restored',
    cause: 'shape-deferred',
  },
  {
    failure: 'variable-name-mismatch',
    must: ['not found in checkpoint', 'not_found: key'],
    re: /not found in checkpoint|NOT_FOUND: Key /,
    score: 0.3,
    why: 'a checkpoint key was not found',
  },
  {
    failure: 'variable-name-mismatch',
    re: /by_name\s*=\s*True[\s\S]{0,400}?\b(?:no error|no warning|random|worse|exploding|explodes|diverg\w*|untrained|nothing (?:was )?loaded|mismatch)|\b(?:no error|no warning|random|worse|exploding|mismatch)\b[\s\S]{0,400}?by_name\s*=\s*True/i,
    must: ['by_name'],
    score: 0.4,
    why: 'load_weights(by_name=True) silently skips every layer whose name differs, leaving it untrained',
  },
  {
    failure: 'tf1-tf2-checkpoint',
    must: ['name-based', 'object-based', 'saver'],
    re: /name-based|object-based|tf\.(?:compat\.v1\.)?train\.Saver\b/,
    score: 0.25,
    why: 'the text is about name-based (TF1) vs object-based (TF2) checkpoints',
  },
];

export const HEURISTICS: readonly Heuristic[] = RAW.map((h) => ({
  ...h,
  re: new RegExp(h.re.source, h.re.flags.includes('m') ? h.re.flags : `${h.re.flags}m`),
}));
