/**
 * What the reader tells us besides the files: the runtime that loads, what the loading code
 * expects, the input it feeds, the loader it calls and the path it passes. Rules read these
 * next to ModelFacts; every field may be null (not stated), and a rule says nothing it cannot
 * decide without it.
 */
import type { VerifyReport } from '../formats/checkpoint/index.ts';

export interface Runtime {
  /** TensorFlow version as stated, e.g. '2.15' or '2.15.1'. */
  tensorflow: string | null;
  /** Keras version: '2.15' (tf.keras / tf-keras) or '3.x'. */
  keras: string | null;
  h5py: string | null;
  host_memory_bytes: number | null;
  gpu_memory_bytes: number | null;
}

export type ExpectedSource = 'artifact' | 'summary' | 'variables' | 'config';

export interface ExpectedVariable {
  name: string;
  shape: number[] | null;
  dtype: string | null;
}

export interface ExpectedLayer {
  name: string;
  class_name: string | null;
  /** Parameter count (summary) or null. */
  params: number | null;
  /** Output shape as printed, e.g. '(None, 64)'. */
  output_shape: string | null;
}

export interface ExpectedModel {
  source: ExpectedSource;
  variables: ExpectedVariable[];
  layers: ExpectedLayer[];
}

export interface InputSpec {
  dtype: string | null;
  /** null entries: a dimension the reader left open (batch). */
  shape: (number | null)[] | null;
}

export interface Context {
  runtime: Runtime;
  expected: ExpectedModel | null;
  input: InputSpec | null;
  /** The call that loads, e.g. 'keras.models.load_model', 'tf.train.Checkpoint.restore'. */
  loader: string | null;
  /** The path string the loading code passes. */
  path_given: string | null;
  /** Names the loading code passes in custom_objects= or registers (class or registered name). */
  custom_objects?: string[] | null;
  /** Checksum verification of each checkpoint, when it was run. */
  verify?: readonly VerifyEntry[];
  /** Disk or network read throughput for time estimates (bytes/s); a default is used when null. */
  read_bytes_per_second?: number | null;
}

export type { VerifyReport };

/** The verification of one checkpoint (a TF2 checkpoint, or a SavedModel's variables). */
export interface VerifyEntry {
  prefix: string;
  report: VerifyReport;
}

/** What the reader states; the pipeline adds the expected model and verification itself. */
export type ReaderContext = Omit<Context, 'expected' | 'verify'>;

export function emptyRuntime(): Runtime {
  return { tensorflow: null, keras: null, h5py: null, host_memory_bytes: null, gpu_memory_bytes: null };
}

export function emptyContext(): Context {
  return { runtime: emptyRuntime(), expected: null, input: null, loader: null, path_given: null, verify: [] };
}
