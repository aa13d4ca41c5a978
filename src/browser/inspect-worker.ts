/**
 * The checker's Web Worker: decodes and diagnoses off the main thread so the page never
 * freezes. Reads files through Blob.slice; posts progress; stops when told to cancel.
 */
import { verifyCheckpoint } from '../lib/formats/checkpoint/index.ts';
import { inspect } from '../lib/inspect.ts';
import { diagnose } from '../lib/rules/index.ts';
import { expectedFromFacts } from '../lib/context/index.ts';
import { diffModels, renameMap, renameSnippet } from '../lib/diff/index.ts';
import { browserFileSet } from './file-source.ts';
import type { FactsMessage, WorkerRequest, WorkerResponse } from './protocol.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}
const scope = self as unknown as WorkerScope;
const running = new Map<number, AbortController>();

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'cancel') {
    running.get(request.job)?.abort();
    return;
  }
  void run(request);
};

async function run(request: Extract<WorkerRequest, { type: 'inspect' }>): Promise<void> {
  const { job } = request;
  const controller = new AbortController();
  running.set(job, controller);
  const started = performance.now();
  const post = (message: WorkerResponse) => scope.postMessage(message);
  try {
    post({ type: 'progress', job, stage: 'reading', done: 0, total: request.files.length });
    const set = browserFileSet(request.files);
    const { facts, sniffed } = await inspect(set);
    const verify = [];
    if (request.verify) {
      for (const artifact of sniffed.artifacts.filter((a) => a.format === 'checkpoint')) {
        const report = await verifyCheckpoint(set, artifact.path, {
          signal: controller.signal,
          onProgress: (done, total) => post({ type: 'progress', job, stage: `verifying ${artifact.path}`, done, total }),
        });
        verify.push({ prefix: artifact.path, report });
      }
    }
    if (controller.signal.aborted) {
      post({ type: 'cancelled', job });
      return;
    }
    // Compare mode: a second artifact (saved from the model the loading code builds) is what it expects.
    const context = { ...request.context, verify: verify[0]?.report ?? null };
    if (request.expectedFiles?.length) {
      post({ type: 'progress', job, stage: 'reading the expected model', done: 0, total: request.expectedFiles.length });
      const expectedFacts = (await inspect(browserFileSet(request.expectedFiles))).facts;
      context.expected = expectedFromFacts(expectedFacts);
    }
    const findings = diagnose(facts, context);
    const diff = context.expected ? diffModels(facts, context.expected) : null;
    const map = diff ? renameMap(diff) : {};
    const checkpoint = facts.artifacts.find((a) => a.format === 'checkpoint');
    const renameScript =
      diff && Object.keys(map).length > 0 ? renameSnippet(map, checkpoint?.path ?? 'path/to/ckpt', facts.object_graph !== null) : null;
    const factsMessage: FactsMessage = { ...facts, problems: facts.problems.map((p) => ({ ...p.toJSON(), message: p.message })) };
    post({
      type: 'result',
      job,
      facts: factsMessage,
      findings,
      verify,
      diff,
      rename_snippet: renameScript,
      elapsed_ms: performance.now() - started,
    });
  } catch (error) {
    if (controller.signal.aborted) post({ type: 'cancelled', job });
    else post({ type: 'error', job, message: error instanceof Error ? error.message : String(error) });
  } finally {
    running.delete(job);
  }
}
