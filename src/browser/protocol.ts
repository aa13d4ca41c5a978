/**
 * Messages between the page and the checker's Web Worker. Files travel as File objects
 * (structured clone keeps them lazy: the worker reads slices, never whole files). The result is
 * the library's one serialized report, the same document `--json` prints.
 */
import type { CheckProgress } from '../lib/check.ts';
import type { ReaderContext } from '../lib/context/types.ts';
import type { CheckReport, FactsJson } from '../lib/report.ts';

export interface PickedFileMessage {
  file: File;
  path: string;
}

export type WorkerRequest =
  | {
      type: 'inspect';
      job: number;
      files: PickedFileMessage[];
      /** An address to read instead of files (https://, gs://, s3://): fetched only when the reader gives one. */
      url?: string;
      context: ReaderContext;
      verify: boolean;
      /** What the loading code expects: a second artifact, or pasted text. */
      expectedFiles?: PickedFileMessage[];
      expectedText?: string;
    }
  | { type: 'cancel'; job: number };

/** ModelFacts as the page receives them. */
export type FactsMessage = FactsJson;

export type WorkerResponse =
  | ({ type: 'progress'; job: number } & CheckProgress)
  | { type: 'result'; job: number; report: CheckReport; elapsed_ms: number }
  | { type: 'error'; job: number; message: string }
  | { type: 'cancelled'; job: number };
