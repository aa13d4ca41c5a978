/**
 * Messages between the page and the checker's Web Worker. Files travel as File objects
 * (structured clone keeps them lazy: the worker reads slices, never whole files). The result is
 * the library's one serialized report, the same document `--json` prints, except that the object
 * graph stays in the worker (the page asks for the part of the tree it shows, 'object-tree') and
 * the variables travel as columns.
 */
import type { CheckProgress } from '../lib/check.ts';
import type { ReaderContext } from '../lib/context/types.ts';
import type { CheckReport, FactsJson } from '../lib/report.ts';
import type { TreeSlice } from './object-graph-remote.ts';
import type { PackedVariables } from './variables-transfer.ts';

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
  | { type: 'cancel'; job: number }
  /** Entries [from, from + count) of one node of the object graph of `job`'s result. */
  | { type: 'object-tree'; job: number; request: number; id: number; from: number; count: number };

/** ModelFacts as the page sees them: of the object graph only its size (object-graph-remote.ts). */
export type FactsView = Omit<FactsJson, 'object_graph'> & { object_graph: { count: number } | null };

/** ModelFacts as they are posted: the variables as columns (variables-transfer.ts). */
export type FactsMessage = Omit<FactsView, 'variables'> & { variables: PackedVariables };

/** The library's report as it is posted (report-message.ts turns it into the page's view). */
export type ReportMessage = Omit<CheckReport, 'facts'> & { facts: FactsMessage };

/** The library's report as the page reads it. */
export type ReportView = Omit<CheckReport, 'facts'> & { facts: FactsView };

export type WorkerResponse =
  | ({ type: 'progress'; job: number } & CheckProgress)
  | { type: 'result'; job: number; report: ReportMessage; elapsed_ms: number }
  | { type: 'error'; job: number; message: string }
  | { type: 'cancelled'; job: number }
  /** slice null: no such node; held false: that result is gone (a newer check replaced it). */
  | { type: 'object-tree'; job: number; request: number; held: boolean; slice: TreeSlice | null };
