/**
 * The worker posts progress, not one message per tensor: verifying a 20,000-tensor checkpoint
 * posted 20,000 progress messages, and the page spent about a second handling them (a CPU profile
 * of the Inspect page on a 100,000-variable checkpoint). Stage changes and the last step still arrive.
 */
import { describe, expect, it } from 'vitest';
import { WorkerHandler } from '../../../src/browser/worker-handler.ts';
import type { WorkerResponse } from '../../../src/browser/protocol.ts';
import { emptyContext } from '../../../src/lib/context/index.ts';
import { writeCheckpoint } from '../../../src/lib/writers/checkpoint.ts';

describe('worker progress', () => {
  it('a 20,000-tensor verify posts a bounded number of progress messages, ending with the last step', async () => {
    const count = 20_000;
    const tensors = Array.from({ length: count }, (_, i) => ({
      key: `model/layer_${i}/kernel/.ATTRIBUTES/VARIABLE_VALUE`,
      dtype: 'float32',
      shape: [1],
      data: new Uint8Array(4),
    }));
    const files = Object.entries(writeCheckpoint(tensors, { prefix: 'ckpt-1' })).map(([path, bytes]) => ({
      path,
      file: new File([new Uint8Array(bytes)], path),
    }));
    const messages: WorkerResponse[] = [];
    const handler = new WorkerHandler((m) => messages.push(m));
    const { expected: _e, verify: _v, ...context } = emptyContext();
    const started = performance.now();
    await handler.handle({ type: 'inspect', job: 1, files, context, verify: true });
    const seconds = (performance.now() - started) / 1000;
    const progress = messages.flatMap((m) => (m.type === 'progress' ? [m] : []));
    const verifying = progress.filter((p) => p.stage === 'verifying');
    expect(messages.at(-1)?.type).toBe('result');
    // One per 50 ms at most, plus each stage's first and last: far fewer than one per tensor.
    expect(verifying.length).toBeLessThanOrEqual(Math.ceil(seconds / 0.05) + 4);
    expect(verifying.length).toBeLessThan(count / 10);
    expect(verifying.at(-1)!.done).toBe(verifying.at(-1)!.total);
    for (const stage of ['reading', 'verifying', 'diagnosing']) expect(progress.map((p) => p.stage)).toContain(stage);
  });
});
