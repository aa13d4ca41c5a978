/**
 * The checker's Web Worker: checks files off the main thread so the page never freezes. The
 * work itself is in worker-handler.ts; this only connects it to the worker's message port.
 */
import type { WorkerRequest, WorkerResponse } from './protocol.ts';
import { buildShortAsciiInScript } from '../lib/utf8.ts';
import { WorkerHandler } from './worker-handler.ts';

// Chromium's TextDecoder costs more per call than building a short name in script (lib/utf8.ts).
buildShortAsciiInScript(true);

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer?: ArrayBuffer[]): void;
}
const scope = self as unknown as WorkerScope;
const handler = new WorkerHandler((message, transfer) => scope.postMessage(message, transfer ?? []));

scope.onmessage = (event) => {
  void handler.handle(event.data);
};
