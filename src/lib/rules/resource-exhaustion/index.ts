/**
 * resource-exhaustion: bytes to restore vs. the stated host and GPU memory. Eager restore reads
 * each saved tensor into a host buffer and assigns it to a variable that already holds a tensor
 * of that size, so the peak is about twice the model's bytes on the host while the variables
 * live there (once on the host, once on the GPU when they live on the GPU). Optimizer slots
 * count only when the loading model has an optimizer to restore them into.
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { formatBytes, modelWeights, optimizerValues, totalBytes } from '../support.ts';
import { messages } from './messages.ts';

/** Above this share of the stated memory, warn: the values and the variables coexist for a while. */
const HEADROOM = 0.8;

export function resourceExhaustion(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  const weights = totalBytes(modelWeights(facts));
  const optimizer = totalBytes(optimizerValues(facts));
  const withOptimizer = ctx.expected ? ctx.expected.variables.some((v) => /optimizer|OPTIMIZER_SLOT/.test(v.name)) : false;
  const restoring = weights + (withOptimizer ? optimizer : 0);
  const host = ctx.runtime.host_memory_bytes;
  const gpu = ctx.runtime.gpu_memory_bytes;
  const ev = evidence({
    text:
      `model weights ${formatBytes(weights)}; optimizer state ${formatBytes(optimizer)}` +
      (withOptimizer ? ' (restored too)' : ' (not restored for inference)'),
  });
  if (host !== null && restoring > 0) {
    if (restoring > host) {
      out.push(
        report(
          messages.hostMemoryTooSmall,
          { restoring, host, dropOptimizer: optimizer > 0 && withOptimizer },
          { severity: 'error', evidence: [ev], confidence: 'likely' },
        ),
      );
    } else if (restoring > HEADROOM * host) {
      out.push(
        report(
          messages.hostMemoryTight,
          { restoring, host, dropOptimizer: optimizer > 0 && withOptimizer },
          { severity: 'warning', evidence: [ev], confidence: 'possible' },
        ),
      );
    }
  }
  if (gpu !== null && restoring > 0 && restoring > gpu * 0.9) {
    out.push(report(messages.gpuMemoryTooSmall, { restoring, gpu }, { severity: 'error', evidence: [ev], confidence: 'likely' }));
  }
  const tooBig = facts.problems.find((p) => p.code === 'too_large' && /saved_model\.pb$/.test(p.file));
  if (tooBig) {
    out.push(
      report(
        messages.graphTooLarge,
        { what: tooBig.what },
        {
          severity: 'error',
          evidence: [evidence({ file: tooBig.file })],
          confidence: 'certain',
        },
      ),
    );
  }
  return out;
}
