/**
 * What the reader tells the CLI about the loading side: runtime versions, input, loader, memory,
 * read speed. A value that cannot be read is an argument error (exit 2), never ignored.
 */
import { parseBytes } from '../lib/context/index.ts';
import { emptyContext, type ReaderContext } from '../lib/context/types.ts';
import { normalizeDtype } from '../lib/dtypes.ts';
import { UsageError } from './usage-error.ts';

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

export function readerContext(flags: ContextFlags): ReaderContext {
  const { expected: _expected, verify: _verify, ...ctx } = emptyContext();
  ctx.runtime.tensorflow = version(flags.tf, '--tf');
  ctx.runtime.keras = version(flags.keras, '--keras');
  ctx.runtime.h5py = version(flags.h5py, '--h5py');
  ctx.runtime.host_memory_bytes = bytes(flags['host-memory'], '--host-memory');
  ctx.runtime.gpu_memory_bytes = bytes(flags['gpu-memory'], '--gpu-memory');
  ctx.read_bytes_per_second = bytes(flags['read-speed'], '--read-speed');
  ctx.loader = flags.loader ?? null;
  // Only what the reader says the code passes: the inspected path is where the files are, not the call.
  ctx.path_given = flags['path-given'] ?? null;
  if (flags['input-dtype'] || flags['input-shape']) {
    const dtype = flags['input-dtype'] ? normalizeDtype(flags['input-dtype']) : null;
    if (flags['input-dtype'] && !dtype) throw new UsageError(`--input-dtype ${flags['input-dtype']}: not a TensorFlow dtype`);
    ctx.input = { dtype, shape: flags['input-shape'] ? shape(flags['input-shape']) : null };
  }
  return ctx;
}

function version(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (!/^\d+(\.\d+){0,2}([.-]?[a-z0-9]+)*$/i.test(value)) throw new UsageError(`${flag} ${value}: expected a version like 2.15 or 3.3.3`);
  return value;
}

/** `16G`, `512M`, `1.5GiB`, or a byte count (the library's parser; a bad value is an argument error). */
function bytes(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const parsed = parseBytes(value);
  if (parsed === null) throw new UsageError(`${flag} ${value}: expected a size like 16G or 512M`);
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
    if (!/^\d+$/.test(p)) throw new UsageError(`--input-shape ${value}: dimensions must be numbers or None`);
    return Number(p);
  });
}
