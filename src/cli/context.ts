/**
 * What the reader tells the CLI besides the files: runtime versions, input, loader, and what the
 * loading code expects (`--expect`: a second artifact, or a text file with `model.summary()`,
 * a variable list, or a Keras config JSON).
 */
import { readFile, stat } from 'node:fs/promises';
import { emptyContext, type Context, type ExpectedModel } from '../lib/context/types.ts';
import { expectedFromFacts, parseBytes, parseExpected } from '../lib/context/index.ts';
import { normalizeDtype } from '../lib/dtypes.ts';
import { inspect } from '../lib/inspect.ts';
import { openPaths } from '../node/file-source.ts';

export interface ContextFlags {
  tf?: string;
  keras?: string;
  h5py?: string;
  'input-dtype'?: string;
  'input-shape'?: string;
  loader?: string;
  'host-memory'?: string;
  'gpu-memory'?: string;
  'read-speed'?: string;
  'path-given'?: string;
}

export function buildContext(flags: ContextFlags, expected: ExpectedModel | null): Context {
  const ctx = emptyContext();
  ctx.runtime.tensorflow = version(flags.tf, '--tf');
  ctx.runtime.keras = version(flags.keras, '--keras');
  ctx.runtime.h5py = version(flags.h5py, '--h5py');
  ctx.runtime.host_memory_bytes = bytes(flags['host-memory'], '--host-memory');
  ctx.runtime.gpu_memory_bytes = bytes(flags['gpu-memory'], '--gpu-memory');
  ctx.read_bytes_per_second = bytes(flags['read-speed'], '--read-speed');
  ctx.expected = expected;
  ctx.loader = flags.loader ?? null;
  // Only what the reader says the code passes: the inspected path is where the files are, not the call.
  ctx.path_given = flags['path-given'] ?? null;
  if (flags['input-dtype'] || flags['input-shape']) {
    const dtype = flags['input-dtype'] ? normalizeDtype(flags['input-dtype']) : null;
    if (flags['input-dtype'] && !dtype) throw new Error(`--input-dtype ${flags['input-dtype']}: not a TensorFlow dtype`);
    ctx.input = { dtype, shape: flags['input-shape'] ? shape(flags['input-shape']) : null };
  }
  return ctx;
}

function version(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (!/^\d+(\.\d+){0,2}([.-]?[a-z0-9]+)*$/i.test(value)) throw new Error(`${flag} ${value}: expected a version like 2.15 or 3.3.3`);
  return value;
}

/** `16G`, `512M`, `1.5GiB`, or a byte count (the library's parser; a bad value is an argument error). */
function bytes(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const parsed = parseBytes(value);
  if (parsed === null) throw new Error(`${flag} ${value}: expected a size like 16G or 512M`);
  return parsed;
}

/** `None,224,224,3` or `(None, 224, 224, 3)`. */
function shape(value: string): (number | null)[] {
  const parts = value
    .replace(/[()[\]\s]/g, '')
    .split(',')
    .filter((p) => p !== '');
  return parts.map((p) => {
    if (/^(none|null|-1|\?)$/i.test(p)) return null;
    if (!/^\d+$/.test(p)) throw new Error(`--input-shape ${value}: dimensions must be numbers or None`);
    return Number(p);
  });
}

/** `--expect`: an artifact (file or folder TF/Keras wrote) or a text file describing the model. */
export async function loadExpected(path: string): Promise<ExpectedModel> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${path}: no such file or directory`);
  if (!info.isDirectory()) {
    const head = (await readFile(path)).subarray(0, 4096);
    if (looksLikeText(head)) {
      try {
        return parseExpected(await readFile(path, 'utf8'));
      } catch (error) {
        throw new Error(`${path}: not a model.summary(), a variable list or a Keras config (${(error as Error).message})`);
      }
    }
  }
  const set = await openPaths([path]);
  try {
    const { facts } = await inspect(set);
    if (facts.artifacts.length === 0) throw new Error(`${path}: neither a model artifact nor a model.summary()/variable list/config text`);
    return expectedFromFacts(facts);
  } finally {
    await set.close();
  }
}

function looksLikeText(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b === 0) return false;
  return true;
}
