/**
 * Messages between the page and the checker's Web Worker. Files travel as File objects
 * (structured clone keeps them lazy: the worker reads slices, never whole files).
 */
import type { Context } from '../lib/context/types.ts';
import type { VerifyReport } from '../lib/formats/checkpoint/index.ts';
import type { ModelFacts } from '../lib/facts.ts';
import type { Finding } from '../lib/rules/finding.ts';
import type { ModelDiff } from '../lib/diff/index.ts';

export interface PickedFileMessage {
  file: File;
  path: string;
}

export type WorkerRequest =
  | { type: 'inspect'; job: number; files: PickedFileMessage[]; context: Context; verify: boolean; expectedFiles?: PickedFileMessage[] }
  | { type: 'cancel'; job: number };

/** ModelFacts as sent over postMessage: DecodeErrors become plain objects. */
export type FactsMessage = Omit<ModelFacts, 'problems'> & {
  problems: { file: string; offset: number | null; what: string; hint: string | null; message: string }[];
};

export type WorkerResponse =
  | { type: 'progress'; job: number; stage: string; done: number; total: number }
  | {
      type: 'result';
      job: number;
      facts: FactsMessage;
      findings: Finding[];
      verify: { prefix: string; report: VerifyReport }[];
      diff: ModelDiff | null;
      rename_snippet: string | null;
      elapsed_ms: number;
    }
  | { type: 'error'; job: number; message: string }
  | { type: 'cancelled'; job: number };
