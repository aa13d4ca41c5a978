/**
 * The page's side of the checker worker, with stand-in workers: a worker that goes silent is
 * replaced when the watchdog fires, a crashed worker is replaced, Cancel settles the run, and
 * every failure reaches the caller as a message for the reader.
 */
import { describe, expect, it } from 'vitest';
import { emptyContext } from '../../../src/lib/context/index.ts';
import { type CheckJob, CheckerClient, type WorkerLike } from '../../../src/browser/checker-client.ts';
import type { WorkerRequest, WorkerResponse } from '../../../src/browser/protocol.ts';

class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly received: WorkerRequest[] = [];
  terminated = false;
  constructor(private readonly behave: (w: FakeWorker, r: WorkerRequest) => void) {}
  postMessage(message: WorkerRequest): void {
    this.received.push(message);
    this.behave(this, message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(message: WorkerResponse): void {
    this.onmessage?.({ data: message } as MessageEvent<WorkerResponse>);
  }
}

const noop = { onProgress: () => undefined };
const job = (verify: boolean): CheckJob => {
  const { expected: _e, verify: _v, ...context } = emptyContext();
  return { files: [], context, verify };
};

describe('CheckerClient', () => {
  it('routes object-tree answers by request, after the job is done, and ends them with a dead worker', async () => {
    const workers: FakeWorker[] = [];
    const slice = (id: number) => ({ node: { label: null, values: 0, entries: id }, entries: [] });
    const client = new CheckerClient({
      createWorker: () => {
        const w = new FakeWorker((w, r) => {
          if (r.type === 'inspect') queueMicrotask(() => w.answer({ type: 'error', job: r.job, message: 'done' }));
          // Answers in reverse order of asking; node 3 is never answered.
          if (r.type === 'object-tree' && r.id === 2)
            queueMicrotask(() => {
              for (const q of [...w.received].reverse())
                if (q.type === 'object-tree' && q.id !== 3)
                  w.answer({ type: 'object-tree', job: q.job, request: q.request, held: q.id !== 1, slice: slice(q.id) });
            });
        });
        workers.push(w);
        return w;
      },
    });
    await expect(client.objectTree(1, 0, 0, 1)).resolves.toBe('gone'); // no worker: no result to ask about
    await client.run(job(false), noop).catch(() => undefined);
    const first = client.objectTree(1, 1, 0, 1);
    const second = client.objectTree(1, 2, 0, 1);
    await expect(first).resolves.toBe('gone'); // the worker no longer holds it
    await expect(second).resolves.toEqual(slice(2));
    // Unanswered when the worker is replaced: answered, not left hanging.
    const orphan = client.objectTree(1, 3, 0, 1);
    workers[0]!.onerror?.({ message: 'crashed' } as ErrorEvent);
    await expect(orphan).resolves.toBe('gone');
  });

  it('starts its worker ahead of the first job, once, and the job runs on it', async () => {
    const workers: FakeWorker[] = [];
    const client = new CheckerClient({
      createWorker: () => {
        const w = new FakeWorker((w, r) => {
          if (r.type === 'inspect') queueMicrotask(() => w.answer({ type: 'error', job: r.job, message: 'no files' }));
        });
        workers.push(w);
        return w;
      },
    });
    expect(workers).toHaveLength(0);
    client.warm();
    client.warm();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.received).toEqual([]);
    await expect(client.run(job(false), noop)).rejects.toThrow('no files');
    expect(workers).toHaveLength(1);
    expect(workers[0]!.received.map((r) => r.type)).toEqual(['inspect']);
  });

  it('replaces a worker that stops answering and tells the reader', async () => {
    const workers: FakeWorker[] = [];
    const addWorker = (w: FakeWorker) => {
      workers.push(w);
      return w;
    };
    const client = new CheckerClient({
      watchdogMs: 50,
      createWorker: () => addWorker(new FakeWorker(() => undefined)),
    });
    await expect(client.run(job(false), noop)).rejects.toThrow(/did not answer for 0.05 s and was restarted/);
    expect(workers[0]!.terminated).toBe(true);
    // The next run gets a fresh worker.
    void client.run(job(false), noop).catch(() => undefined);
    expect(workers).toHaveLength(2);
  });

  it('replaces a crashed worker and says so', async () => {
    const workers: FakeWorker[] = [];
    const addWorker = (w: FakeWorker) => {
      workers.push(w);
      return w;
    };
    const client = new CheckerClient({
      createWorker: () => addWorker(new FakeWorker((w) => queueMicrotask(() => w.onerror?.({ message: 'out of memory' } as ErrorEvent)))),
    });
    await expect(client.run(job(false), noop)).rejects.toThrow(/stopped unexpectedly \(out of memory\)/);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('progress keeps the watchdog quiet; the result resolves the run', async () => {
    const client = new CheckerClient({
      watchdogMs: 80,
      createWorker: () =>
        new FakeWorker((w, r) => {
          if (r.type !== 'inspect') return;
          let n = 0;
          const tick = setInterval(() => {
            w.answer({ type: 'progress', job: r.job, stage: 'verifying', path: 'ckpt-1', done: ++n, total: 5 });
            if (n === 5) {
              clearInterval(tick);
              w.answer({ type: 'result', job: r.job, report: {} as never, elapsed_ms: 1 });
            }
          }, 40);
        }),
    });
    const seen: number[] = [];
    const result = await client.run(job(true), { onProgress: (p) => seen.push(p.done) });
    expect(result.type).toBe('result');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('Cancel asks the worker to stop and settles the run', async () => {
    const workers: FakeWorker[] = [];
    const addWorker = (w: FakeWorker) => {
      workers.push(w);
      return w;
    };
    const client = new CheckerClient({
      createWorker: () => addWorker(new FakeWorker((w, r) => r.type === 'cancel' && w.answer({ type: 'cancelled', job: r.job }))),
    });
    const run = client.run(job(true), noop);
    client.cancel();
    await expect(run).rejects.toThrow('Cancelled.');
    expect(workers[0]!.received.map((m) => m.type)).toEqual(['inspect', 'cancel']);
    expect(workers[0]!.terminated).toBe(false);
  });

  it('a new run supersedes the one in progress, which settles as cancelled', async () => {
    const client = new CheckerClient({ createWorker: () => new FakeWorker(() => undefined) });
    const first = client.run(job(false), noop);
    void client.run(job(false), noop).catch(() => undefined);
    await expect(first).rejects.toThrow('Cancelled.');
    client.cancel();
  });
});
