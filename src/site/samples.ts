/**
 * The sample models the site ships (public/samples, made by scripts/samples with real
 * TensorFlow 2.21 / Keras 3.15), read at build time so cells know their files and recorded errors.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FailureId } from '../lib/catalog.ts';

export interface SampleSide {
  path: string;
  files: { name: string; size: number }[];
  make_code: string;
  load_code: string;
  outcome: { raised: boolean; exception: string | null; message: string | null; log?: string; observed?: Record<string, unknown> };
}

export interface Sample {
  scenario: string;
  failure: FailureId;
  title: string;
  notes: string | null;
  simulated: string | null;
  broken: SampleSide;
  fixed: SampleSide;
  made_with: Record<string, string>;
  fix_code: string;
  catalog_id: string | null;
}

let cache: Sample[] | null = null;

/**
 * Samples made by TensorFlow 2.21 (public/samples) and those TF 2.21 cannot write, made by the
 * project's writers and loaded by real Keras to record the outcome (public/writer-samples).
 */
export function samples(): Sample[] {
  const read = (path: string) => JSON.parse(readFileSync(resolve(process.cwd(), path), 'utf8')) as Sample[];
  cache ??= [...read('public/samples/manifest.json'), ...read('public/writer-samples/manifest.json')];
  return cache;
}

export function sample(scenario: string): Sample {
  const found = samples().find((s) => s.scenario === scenario);
  if (!found) throw new Error(`no sample scenario "${scenario}" in public/samples/manifest.json`);
  return found;
}

/** The files of a sample side as the checker takes them ({url, path}), with a button label. */
export function sampleSet(
  scenario: string,
  side: 'broken' | 'fixed',
  label: string,
): { label: string; files: { url: string; path: string }[] } {
  const part = sample(scenario)[side];
  return { label, files: part.files.map((f) => ({ url: `/${part.path}/${f.name}`, path: f.name })) };
}

/** A file from public/format-samples (made by scripts/samples/make_format_samples.py). */
export function formatSampleSet(name: string, label: string): { label: string; files: { url: string; path: string }[] } {
  return { label, files: [{ url: `/format-samples/${name}`, path: name }] };
}
