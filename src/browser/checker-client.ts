/**
 * The page's handle on the checker worker: one job at a time, Cancel, and a watchdog. A worker
 * that crashes, or goes silent for too long, is replaced and the reader is told what happened.
 */
import type { CheckProgress } from '../lib/check.ts';
import type { TreeSlice } from './object-graph-remote.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

export type JobResult = Extract<WorkerResponse, { type: 'result' }>;

/** One check for the worker: the files, what the reader stated, and whether to verify. */
export type CheckJob = Omit<Extract<WorkerRequest, { type: 'inspect' }>, 'type' | 'job'>;

export interface JobCallbacks {
  onProgress(progress: CheckProgress): void;
}

/** No message for this long means the worker is stuck (progress is posted at least every chunk). */
export const WATCHDOG_MS = 60_000;

/** What the client needs of a worker (a real Web Worker, or a stand-in in tests). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

function startWorker(): WorkerLike {
  return new Worker(new URL('./inspect-worker.ts', import.meta.url), { type: 'module', name: 'tf-restore-doctor-checker' });
}

export class CheckerClient {
  private worker: WorkerLike | null = null;
  private readonly createWorker: () => WorkerLike;
  private readonly watchdogMs: number;

  constructor(options: { createWorker?: () => WorkerLike; watchdogMs?: number } = {}) {
    this.createWorker = options.createWorker ?? startWorker;
    this.watchdogMs = options.watchdogMs ?? WATCHDOG_MS;
  }
  private job = 0;
  private pending: { job: number; resolve: (r: JobResult) => void; reject: (e: Error) => void; callbacks: JobCallbacks } | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private treeRequest = 0;
  private readonly treeAnswers = new Map<number, (slice: TreeSlice | null | 'gone') => void>();

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
    worker.onerror = (event) =>
      this.fail(`The checker stopped unexpectedly (${event.message || 'worker error'}). It has been restarted; try again.`);
    this.worker = worker;
    return worker;
  }

  /** Starts the worker ahead of the first job (loading the checker's code takes a few hundred ms). */
  warm(): void {
    this.ensureWorker();
  }

  run(check: CheckJob, callbacks: JobCallbacks): Promise<JobResult> {
    this.supersede();
    const job = ++this.job;
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending = { job, resolve, reject, callbacks };
      this.armWatchdog();
      const request: WorkerRequest = { type: 'inspect', job, ...check };
      worker.postMessage(request);
    });
  }

  /** Entries of one node of a finished job's object graph; 'gone' once that result is no longer held. */
  objectTree(job: number, id: number, from: number, count: number): Promise<TreeSlice | null | 'gone'> {
    if (!this.worker) return Promise.resolve('gone');
    const request = ++this.treeRequest;
    const worker = this.worker;
    return new Promise((resolve) => {
      this.treeAnswers.set(request, resolve);
      worker.postMessage({ type: 'object-tree', job, request, id, from, count } satisfies WorkerRequest);
    });
  }

  /** A new run replaces the one in progress: the worker is told to drop it and its caller hears so now. */
  private supersede(): void {
    if (!this.pending) return;
    const { job, reject } = this.pending;
    this.pending = null;
    this.worker?.postMessage({ type: 'cancel', job } satisfies WorkerRequest);
    reject(new Error('Cancelled.'));
  }

  /** Asks the worker to stop; if it does not answer promptly, it is terminated and replaced. */
  cancel(): void {
    if (!this.pending || !this.worker) return;
    const { job } = this.pending;
    this.worker.postMessage({ type: 'cancel', job } satisfies WorkerRequest);
    setTimeout(() => {
      if (this.pending?.job === job) this.replace(new Error('Cancelled.'));
    }, 2_000);
  }

  private receive(message: WorkerResponse): void {
    if (message.type === 'object-tree') {
      this.treeAnswers.get(message.request)?.(message.held ? message.slice : 'gone');
      this.treeAnswers.delete(message.request);
      return;
    }
    if (!this.pending || message.job !== this.pending.job) return;
    this.armWatchdog();
    if (message.type === 'progress') {
      const { type: _type, job: _job, ...progress } = message;
      this.pending.callbacks.onProgress(progress);
      return;
    }
    const { resolve, reject } = this.pending;
    this.pending = null;
    this.clearWatchdog();
    if (message.type === 'result') resolve(message);
    else if (message.type === 'cancelled') reject(new Error('Cancelled.'));
    else reject(new Error(message.message));
  }

  private armWatchdog(): void {
    this.clearWatchdog();
    this.watchdog = setTimeout(
      () =>
        this.fail(
          `The checker did not answer for ${this.watchdogMs / 1000} s and was restarted. The file may be too large or damaged in a way that stalls decoding.`,
        ),
      this.watchdogMs,
    );
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private fail(message: string): void {
    this.replace(new Error(message));
  }

  private replace(error: Error): void {
    this.clearWatchdog();
    this.worker?.terminate();
    this.worker = null;
    // The results the page asked about died with the worker.
    for (const answer of this.treeAnswers.values()) answer('gone');
    this.treeAnswers.clear();
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}
