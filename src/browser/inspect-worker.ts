/**
 * The checker's Web Worker: checks files off the main thread so the page never freezes. The
 * work itself is in worker-handler.ts; this only connects it to the worker's message port.
 */
import type { WorkerRequest, WorkerResponse } from './protocol.ts';
import { WorkerHandler } from './worker-handler.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer?: ArrayBuffer[]): void;
}
const scope = self as unknown as WorkerScope;
const handler = new WorkerHandler((message, transfer) => scope.postMessage(message, transfer ?? []));

scope.onmessage = (event) => {
  void handler.handle(event.data);
};
