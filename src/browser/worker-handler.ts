/**
 * What the checker's worker does with a request: run the library's pipeline over the posted
 * files and post its report. No DOM here, so the same module runs in Node for the CLI/worker
 * parity test.
 */
import { type CheckProgress, check, type ExpectedInput } from '../lib/check.ts';
import { toReport } from '../lib/report.ts';
import type { FetchLike } from '../lib/remote/index.ts';
import { browserFileSet } from './file-source.ts';
import { treeSlice } from './object-graph-remote.ts';
import { reportMessage } from './report-message.ts';
import type { ObjectNodeFact } from '../lib/facts.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';
import { addressProblem, openAddress, type RemoteFiles } from './remote-files.ts';

type InspectRequest = Extract<WorkerRequest, { type: 'inspect' }>;

export class WorkerHandler {
  private readonly running = new Map<number, AbortController>();
  /** The object graph of the last result, for the page's 'object-tree' requests. */
  private graph: { job: number; nodes: readonly ObjectNodeFact[] } | null = null;

  constructor(
    private readonly post: (message: WorkerResponse, transfer?: ArrayBuffer[]) => void,
    /** The fetch an address is read with; only used when a request carries one. */
    private readonly fetchFn: FetchLike = globalThis.fetch as unknown as FetchLike,
  ) {}

  handle(request: WorkerRequest): Promise<void> {
    if (request.type === 'cancel') {
      this.running.get(request.job)?.abort();
      return Promise.resolve();
    }
    if (request.type === 'object-tree') {
      const { job, id, from, count } = request;
      const held = this.graph?.job === job;
      const slice = held ? treeSlice(this.graph!.nodes, id, from, count) : null;
      this.post({ type: 'object-tree', job, request: request.request, held, slice });
      return Promise.resolve();
    }
    return this.run(request);
  }

  private async run(request: InspectRequest): Promise<void> {
    const { job } = request;
    const controller = new AbortController();
    this.running.set(job, controller);
    const started = performance.now();
    this.graph = null; // the page moves on to this job: the last result's graph can go
    let remote: RemoteFiles | null = null;
    try {
      remote = request.url ? await openAddress(request.url, this.fetchFn) : null;
      const result = await check({
        files: remote ? remote.files : browserFileSet(request.files),
        context: request.context,
        expected: expectedOf(request),
        options: {
          verify: request.verify,
          verifyChunkSize: BROWSER_CHUNK_BYTES,
          signal: controller.signal,
          onProgress: throttled((progress) => this.post({ type: 'progress', job, ...progress })),
        },
      });
      // A failed read is the answer, not a report built on bytes that never arrived.
      if (remote?.session.failure) throw remote.session.failure;
      if (controller.signal.aborted) this.post({ type: 'cancelled', job });
      else {
        const { message, transfer, nodes } = reportMessage(toReport(result));
        this.graph = nodes ? { job, nodes } : null;
        this.post({ type: 'result', job, report: message, elapsed_ms: performance.now() - started }, transfer);
      }
    } catch (error) {
      if (controller.signal.aborted) this.post({ type: 'cancelled', job });
      else if (request.url) this.post({ type: 'error', job, message: addressProblem(request.url, error) });
      else this.post({ type: 'error', job, message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.running.delete(job);
    }
  }
}

function expectedOf(request: InspectRequest): ExpectedInput | null {
  if (request.expectedFiles?.length) return { kind: 'files', files: browserFileSet(request.expectedFiles) };
  if (request.expectedText?.trim()) return { kind: 'text', text: request.expectedText, name: 'the pasted text' };
  return null;
}

/**
 * Bytes per read while verifying. Chromium hands a page a local file's bytes at about 0.2 GB/s
 * with a cost per read on top (measured here in headless Chromium, reading a 2 GiB shard in a
 * worker: 8 MiB reads ~140 MiB/s, 32 MiB ~195; bench/RESULTS.md 6b has the rate at 32 MiB), so
 * fewer, larger reads are the one lever; two of these buffers are alive at a time.
 */
const BROWSER_CHUNK_BYTES = 32 * 1024 * 1024;

/** Progress messages at most this often: verifying 100,000 tensors must not post 100,000 messages to the page. */
const PROGRESS_INTERVAL_MS = 50;

/** Passes a stage's first and last report and at most one per interval in between. */
function throttled(post: (progress: CheckProgress) => void): (progress: CheckProgress) => void {
  let last = 0;
  let stage: string | null = null;
  let path: string | null = null;
  return (progress) => {
    const now = performance.now();
    const edge = progress.stage !== stage || progress.path !== path || progress.done === 0 || progress.done >= progress.total;
    if (!edge && now - last < PROGRESS_INTERVAL_MS) return;
    stage = progress.stage;
    path = progress.path;
    last = now;
    post(progress);
  };
}
