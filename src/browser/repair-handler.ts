/**
 * What the repair worker does: check the posted files (decoding only: every tensor is verified
 * while it is copied), plan the repair, and on request apply the plan into a download. No DOM
 * here, so tests run it in Node. The last plans are kept by job so that "download" writes exactly
 * the plan the reader saw.
 */
import { check, type ExpectedInput } from '../lib/check.ts';
import type { FileSet } from '../lib/byte-source.ts';
import { applyRepair, planRepair, planView, type RepairPlan } from '../lib/repair/index.ts';
import { browserFileSet } from './file-source.ts';
import type { RepairRequest, RepairResponse } from './repair-protocol.ts';
import { ZipSink } from './zip-sink.ts';

const KEEP = 4;

export class RepairHandler {
  private readonly plans = new Map<number, { files: FileSet; plan: RepairPlan }>();

  constructor(private readonly post: (message: RepairResponse) => void) {}

  async handle(request: RepairRequest): Promise<void> {
    try {
      if (request.type === 'plan') await this.plan(request);
      else await this.apply(request);
    } catch (error) {
      this.post({ type: 'error', job: request.job, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async plan(request: Extract<RepairRequest, { type: 'plan' }>): Promise<void> {
    const files = browserFileSet(request.files);
    const expected: ExpectedInput | null = request.expectedFiles?.length
      ? { kind: 'files', files: browserFileSet(request.expectedFiles) }
      : request.expectedText?.trim()
        ? { kind: 'text', text: request.expectedText, name: 'the pasted text' }
        : null;
    const result = await check({ files, context: request.context, expected, options: { verify: false } });
    const plan = await planRepair(files, result, request.ask, { outLabel: request.outLabel });
    this.plans.set(request.job, { files, plan });
    for (const key of [...this.plans.keys()].slice(0, Math.max(0, this.plans.size - KEEP))) this.plans.delete(key);
    this.post({ type: 'plan', job: request.job, plan: planView(plan), writable: plan.refused.length === 0 && plan.program !== null });
  }

  private async apply(request: Extract<RepairRequest, { type: 'apply' }>): Promise<void> {
    const kept = this.plans.get(request.plan);
    if (!kept) throw new Error('That plan is no longer there: plan the repair again.');
    const sink = new ZipSink(request.name);
    const result = await applyRepair(kept.files, kept.plan, sink, {
      onProgress: (done, total) => this.post({ type: 'progress', job: request.job, done, total }),
    });
    this.post({ type: 'done', job: request.job, download: sink.finish(), result });
  }
}
