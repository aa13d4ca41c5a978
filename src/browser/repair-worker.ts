/** The repair Web Worker: plans and writes repairs off the main thread (the work is in repair-handler.ts). */
import { RepairHandler } from './repair-handler.ts';
import type { RepairRequest, RepairResponse } from './repair-protocol.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<RepairRequest>) => void) | null;
  postMessage(message: RepairResponse): void;
}
const scope = self as unknown as WorkerScope;
const handler = new RepairHandler((message) => scope.postMessage(message));

scope.onmessage = (event) => {
  void handler.handle(event.data);
};
