/**
 * Test helpers: decode real artifacts (TF 2.21-made samples in public/samples, files made by
 * scripts/data/make-test-data.py in test/unit/rules/data, and the shared fixtures) with the
 * project's own decoders, and build the reader's context the way a user would state it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { emptyContext, type Context } from '../../../src/lib/context/index.ts';
import type { ModelFacts } from '../../../src/lib/facts.ts';
import { inspect } from '../../../src/lib/inspect.ts';
import { diagnose, type Finding } from '../../../src/lib/rules/index.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import type { FailureId } from '../../../src/lib/catalog.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const SAMPLES = resolve(ROOT, 'public/samples');
export const DATA = resolve(import.meta.dirname, 'data');

/** Decodes every artifact under the given paths (directories or files). */
export async function factsOf(...paths: string[]): Promise<ModelFacts> {
  const set = await openPaths(paths);
  try {
    return (await inspect(set)).facts;
  } finally {
    await set.close();
  }
}

export function sample(scenario: string, half: 'broken' | 'fixed'): string {
  return resolve(SAMPLES, scenario, half);
}

export function dataText(rel: string): string {
  return readFileSync(resolve(DATA, rel), 'utf8');
}

export function ctx(parts: Partial<Context> & { tf?: string; keras?: string; h5py?: string; host?: number; gpu?: number } = {}): Context {
  const c = emptyContext();
  const { tf, keras, h5py, host, gpu, ...rest } = parts;
  Object.assign(c, rest);
  c.runtime = { ...c.runtime, ...(rest.runtime ?? {}) };
  if (tf) c.runtime.tensorflow = tf;
  if (keras) c.runtime.keras = keras;
  if (h5py) c.runtime.h5py = h5py;
  if (host !== undefined) c.runtime.host_memory_bytes = host;
  if (gpu !== undefined) c.runtime.gpu_memory_bytes = gpu;
  return c;
}

export function of(findings: readonly Finding[], id: FailureId): Finding[] {
  return findings.filter((f) => f.failure === id);
}

export function run(facts: ModelFacts, c: Context, id: FailureId): Finding[] {
  return of(diagnose(facts, c), id);
}
