/**
 * 1,000 (or `count`) tracebacks for the triage benchmark: the real tracebacks in
 * test/data/tracebacks, cycled, each with a deterministic variation (log noise before
 * it, renamed paths and layer names) so no two inputs are identical.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NOISE = [
  'I0000 00:00:1700000000.000000   12345 cpu_feature_guard.cc:210] This TensorFlow binary is optimized to use available CPU instructions.',
  'W0000 00:00:1700000000.100000   12345 gpu_device.cc:2344] Cannot dlopen some GPU libraries. Skipping registering GPU devices...',
  'Epoch 1/10 - loss: 0.6931 - accuracy: 0.5012',
  '2024-05-01 12:00:00.000000: I tensorflow/core/platform/cpu_feature_guard.cc:182] To enable the following instructions: AVX2 FMA',
];

export function generateTracebacks(sourceDir: string, outFile: string, count: number): { file: string; count: number; sources: number } {
  const sources = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(sourceDir, f), 'utf8'));
  if (sources.length === 0) throw new Error(`no tracebacks in ${sourceDir}`);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = sources[i % sources.length]!;
    const noise = NOISE.slice(0, i % (NOISE.length + 1)).join('\n');
    const varied = base.replace(/\/home\/[\w.-]+|\/tmp\/[\w.-]+/g, (m) => `${m}_${i}`).replace(/\bdense(_\d+)?\b/g, `dense_${i}`);
    texts.push(noise ? `${noise}\n${varied}` : varied);
  }
  writeFileSync(outFile, JSON.stringify(texts));
  return { file: outFile, count, sources: sources.length };
}
