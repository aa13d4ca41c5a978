/**
 * Repair: what the reader asks for, the plan shown before anything is written, and where the
 * repaired artifact goes. A plan is computed from a CheckResult (facts, diff and rename map,
 * findings) and the reader's asks; applyRepair() carries it out through an OutputSink, reading the
 * input in chunks and never modifying it.
 */
import type { ArtifactFormat } from '../facts.ts';

/** The kinds of repair, each a section of the README and a plan step. */
export const REPAIR_KINDS = [
  'rename', // TF2 (or name-based) checkpoint keys, object graph and slot variables under the expected names
  'tf1-to-tf2', // a name-based (TF1 Saver) checkpoint rewritten object-based, or as a Keras 3 .weights.h5
  'cast', // floating tensors cast to another float dtype
  'keras2-to-keras3', // legacy .h5 / tf.keras .keras rewritten so Keras 3 loads it
  'drop-optimizer', // optimizer state left out (checkpoint, .keras, .h5)
  'state-file', // the `checkpoint` state file rewritten with relative paths, or recreated
  'merge-shards', // the parts of an interrupted sharded save merged into the checkpoint they were meant to be
] as const;

export type RepairKind = (typeof REPAIR_KINDS)[number];

export type FloatDtype = 'float64' | 'float32' | 'float16' | 'bfloat16';
export const FLOAT_DTYPES: readonly FloatDtype[] = ['float64', 'float32', 'float16', 'bfloat16'];

/** What the reader asks for, on top of what the check found. Everything is optional. */
export interface RepairAsk {
  /** The artifact to repair (its path in the file set); default: the one repairable artifact. */
  artifact?: string | null;
  /**
   * Edits to the rename map (saved key -> the key the loading code looks for). They are applied
   * over the diff's proposals; `null` withdraws a proposal.
   */
  renames?: Record<string, string | null> | null;
  /** Cast every floating tensor of the model to this dtype (optimizer state and counters included). */
  cast?: FloatDtype | null;
  /** Leave the optimizer's state out (slots, iteration count, learning rate). */
  dropOptimizer?: boolean;
  /** The Keras version that will load the result (Keras files); default: the newest Keras 3 known. */
  keras?: string | null;
  /** The TensorFlow version that will load the result (said in the plan). */
  tf?: string | null;
  /** TF1 -> TF2: write even when some expected weights have no value in the input (they are left out). */
  allowMissing?: boolean;
}

/** One item of a step: a key renamed, a tensor cast, a config argument dropped... */
export interface RepairItem {
  /** What it was (a key, a config path). */
  from: string;
  /** What it becomes; null when it is left out. */
  to: string | null;
  /** Why, or what it changes. */
  note: string | null;
}

export interface RepairStep {
  kind: RepairKind;
  /** One line: "rename 2 keys (model/dense_1 -> model/denselayer1)". */
  title: string;
  /** What the step does and what it guarantees. */
  detail: string;
  items: RepairItem[];
}

/** Something the tool cannot carry over; the reader does it, with this exact snippet. */
export interface ManualStep {
  what: string;
  snippet: string;
}

export interface PlannedOutput {
  /** Path relative to the output folder, `/`-separated. */
  path: string;
  /** Bytes, when known before writing. */
  bytes: number | null;
  what: string;
}

export interface RepairCounts {
  renamed: number;
  cast: number;
  dropped: number;
  /** Values copied as they are. */
  copied: number;
  /** Saved values the expected model does not use, kept in the output. */
  kept_unused: number;
  /** Config arguments dropped or translated (Keras). */
  config_changes: number;
}

/** The plan as data (what --json prints and the page shows). */
export interface RepairPlanView {
  artifact: { path: string; format: ArtifactFormat } | null;
  /** "rename 4 keys, drop 12 optimizer slots, keep 3 unused" */
  summary: string;
  steps: RepairStep[];
  counts: RepairCounts;
  outputs: PlannedOutput[];
  /** Python that loads the result, with the loader that failed on the original. */
  load: string | null;
  manual: ManualStep[];
  /** Consequences the reader must know (precision lost, behaviour that changes). */
  warnings: string[];
  /** Why the plan cannot be written; when non-empty, nothing is written. */
  refused: string[];
}

/** A plan: its view and the program applyRepair runs (holds bytes; not serialized). */
export interface RepairPlan extends RepairPlanView {
  program: RepairProgram | null;
}

/** Where a tensor's bytes come from in the input. */
export interface TensorSource {
  file: string;
  offset: number;
  size: number;
  /** Masked crc32c from the input index (checked while copying). */
  crc32c: number;
  /** TF DataType enum value. */
  dtype: number;
  shape: number[];
  bigEndian: boolean;
}

export interface TensorOp {
  key: string;
  /** Output shard. */
  shard: number;
  /** Copy (or cast) input bytes, or write these bytes (the object graph, a string tensor). */
  source:
    | { kind: 'input'; from: TensorSource; castTo: number | null }
    /** Written by repair: the object graph (strings), or a checkpoint's save counter (data). */
    | { kind: 'bytes'; dtype: number; shape: number[]; strings?: Uint8Array[]; data?: Uint8Array };
}

export interface CheckpointProgram {
  type: 'checkpoint';
  /** Output prefix, relative to the output folder. */
  prefix: string;
  numShards: number;
  bigEndian: boolean;
  tensors: TensorOp[];
  /** Text of the `checkpoint` state file to write beside it, or null. */
  stateFile: string | null;
  /** Files copied byte for byte (a `.meta` graph that travels with the checkpoint). */
  copies: { from: string; to: string }[];
}

export interface FileProgram {
  type: 'files';
  /** Whole files produced in memory by the planner's builder at apply time. */
  build: () => Promise<BuiltFile[]>;
}

export interface BuiltFile {
  path: string;
  /** Chunks in order: bytes built in memory, or ranges copied from an input file (checked against their CRC-32 when given). */
  parts: (Uint8Array | { file: string; offset: number; size: number; crc32?: number })[];
}

export type RepairProgram = CheckpointProgram | FileProgram;

/** Where the repaired artifact is written: a folder on disk (CLI), a zip download (browser), memory (tests). */
export interface OutputSink {
  /** Opens a new file; `path` is relative and `/`-separated. */
  open(path: string): Promise<OutputFile>;
}

export interface OutputFile {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface ApplyOptions {
  /** Bytes per read from an input shard. */
  chunkSize?: number;
  signal?: AbortSignalLike;
  onProgress?: (done: number, total: number) => void;
}

/** What applyRepair did: the files written and what it measured while writing. */
export interface RepairResult {
  files: { path: string; bytes: number }[];
  /** Tensors whose input checksum was verified while copying. */
  verified: number;
  /** Casts: per dtype pair, values written, how many changed, the largest absolute and relative change, overflows. */
  cast: CastStats[];
}

export interface CastStats {
  from: string;
  to: string;
  tensors: number;
  values: number;
  /** Values whose cast is not exactly the original. */
  inexact: number;
  max_abs_error: number;
  max_rel_error: number;
  /** Finite values that became ±inf (beyond the target's range). */
  overflow: number;
  /** Non-zero values that became zero. */
  underflow: number;
}

export function emptyCounts(): RepairCounts {
  return { renamed: 0, cast: 0, dropped: 0, copied: 0, kept_unused: 0, config_changes: 0 };
}
