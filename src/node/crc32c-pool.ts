/**
 * The CLI's crc32c pool: a worker thread per core but one, each running the native crc32c on pieces of
 * chunks that verify reads into shared memory (no copy per piece). Threads start on the first
 * large piece, so listing a checkpoint of small tensors never pays for them, and they do not keep
 * the process alive while idle.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Crc32cPool } from '../lib/binary/crc32c-pool.ts';
import { NATIVE_CRC32_PACKAGE, nativeCrc32c } from './native-crc32c.ts';

/** More threads than this only add messages: the disk or memory bus is the limit by then. */
const MAX_THREADS = 8;
/** Threads to use (1: checksum on the main thread only; the benchmark compares the two). */
export const CRC_THREADS_ENV = 'TF_RESTORE_DOCTOR_CRC_THREADS';

// Plain CommonJS run by each thread: the crc of one [offset, length] of a shared buffer per message.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { crc32c } = require(workerData.modulePath);
parentPort.on('message', ({ id, buffer, offset, length }) => {
  parentPort.postMessage({ id, crc: crc32c(new Uint8Array(buffer, offset, length), 0) >>> 0 });
});
`;

interface Job {
  resolve: (crc: number) => void;
  reject: (error: Error) => void;
}

/** Pieces below this stay on the main thread: at 5 GB/s a megabyte is about the cost of a message. */
const MIN_POOLED_BYTES = 1 << 20;

export interface NodePoolOptions {
  /** Threads (default: the cores but one, or the environment's TF_RESTORE_DOCTOR_CRC_THREADS). */
  threads?: number;
  /** Smallest read sent to the threads (tests send every read). */
  minBytes?: number;
  /** The module each thread loads (tests name one that is not there, to see the pool fail safe). */
  modulePath?: string;
}

/** The library's pool, and a way to end its threads when the command is done with them. */
export interface NodeCrc32cPool extends Crc32cPool {
  close(): Promise<void>;
}

/** A pool over the native crc32c, or null where it cannot help (one core, no native module). */
export function nodeCrc32cPool(options: NodePoolOptions = {}): NodeCrc32cPool | null {
  const asked = options.threads ?? Number.parseInt(process.env[CRC_THREADS_ENV] ?? '', 10);
  // One core is left to the reads: they run on libuv's thread and copy every byte out of the page
  // cache, so on 2 cores a main-thread crc32c already keeps both busy (bench/RESULTS.md, benchmark 0).
  const lanes = Math.min(asked > 0 ? asked : availableParallelism() - 1, MAX_THREADS);
  if (lanes < 2 || !nativeCrc32c()) return null;
  let modulePath: string;
  try {
    modulePath = options.modulePath ?? createRequire(import.meta.url).resolve(NATIVE_CRC32_PACKAGE);
  } catch {
    return null;
  }
  const local = nativeCrc32c()!;
  let threads: Worker[] | null = null;
  // A thread that fails (its native module did not load there, say) stops the pool, as close()
  // does; pieces are then checksummed on the main thread, so a verify never fails for its sake.
  let stopped = false;
  const jobs = new Map<number, Job>();
  let nextId = 0;

  const settle = (id: number): Job | undefined => {
    const job = jobs.get(id);
    jobs.delete(id);
    // Threads keep the process alive only while an answer is awaited.
    if (jobs.size === 0) for (const t of threads ?? []) t.unref();
    return job;
  };

  const stop = (error: Error) => {
    stopped = true;
    for (const id of [...jobs.keys()]) settle(id)?.reject(error);
    for (const t of threads ?? []) void t.terminate();
  };

  const start = (): Worker[] =>
    Array.from({ length: lanes }, () => {
      const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { modulePath } });
      worker.unref();
      worker.on('message', ({ id, crc }: { id: number; crc: number }) => settle(id)?.resolve(crc));
      worker.on('error', stop);
      return worker;
    });

  const run = (worker: Worker, piece: Uint8Array): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      const id = nextId++;
      if (jobs.size === 0) for (const t of threads ?? []) t.ref();
      jobs.set(id, { resolve, reject });
      worker.postMessage({ id, buffer: piece.buffer, offset: piece.byteOffset, length: piece.byteLength });
    }).catch(() => local(0, piece));

  return {
    lanes,
    minBytes: options.minBytes ?? MIN_POOLED_BYTES,
    allocate: (size) => new Uint8Array(new SharedArrayBuffer(size)),
    async crc32cOfPieces(pieces) {
      if (stopped || pieces.some((p) => !(p.buffer instanceof SharedArrayBuffer))) return pieces.map((p) => local(0, p));
      threads ??= start();
      const workers = threads;
      // A message per piece, dealt round the threads: verify sends a few pieces of megabytes each.
      return Promise.all(pieces.map((piece, i) => run(workers[i % lanes]!, piece)));
    },
    async close() {
      // Later calls checksum on the main thread; the threads (if any started) are ended.
      stopped = true;
      const ending = (threads ?? []).map((t) => t.terminate());
      threads = [];
      await Promise.all(ending);
    },
  };
}
