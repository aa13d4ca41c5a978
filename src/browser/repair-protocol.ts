/**
 * Messages between the page and the repair worker. The page sends the files it checked (File
 * objects, read lazily), what the reader stated and what they ask of the repair; the worker
 * answers with the plan, then, when asked, with the repaired files as one Blob (a zip when the
 * repair writes several files). Nothing leaves the machine.
 */
import type { ReaderContext } from '../lib/context/types.ts';
import type { RepairAsk, RepairPlanView, RepairResult } from '../lib/repair/types.ts';
import type { PickedFileMessage } from './protocol.ts';

export interface RepairInputs {
  files: PickedFileMessage[];
  context: ReaderContext;
  expectedFiles?: PickedFileMessage[];
  expectedText?: string;
}

export type RepairRequest =
  | ({ type: 'plan'; job: number; ask: RepairAsk; outLabel: string } & RepairInputs)
  | { type: 'apply'; job: number; plan: number; name: string };

export type RepairResponse =
  | { type: 'plan'; job: number; plan: RepairPlanView; writable: boolean }
  | { type: 'progress'; job: number; done: number; total: number }
  | { type: 'done'; job: number; download: { name: string; blob: Blob }; result: RepairResult }
  | { type: 'error'; job: number; message: string };
