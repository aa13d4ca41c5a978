/**
 * Runtime from what the reader states: either separate values (CLI flags, form fields) or a
 * pasted `pip list` / `pip freeze` / version printout, e.g.
 *   tensorflow==2.15.1   |   tensorflow-cpu   2.15.1   |   TF 2.15, Keras 3.3   |   keras: 2.15.0
 * Memory sizes accept '16 GB', '16GiB', '16000000000', '512M'.
 */
import { emptyRuntime, type Runtime } from './types.ts';

export interface RuntimeInput {
  tensorflow?: string | null;
  keras?: string | null;
  h5py?: string | null;
  host_memory?: string | number | null;
  gpu_memory?: string | number | null;
  /** Free text to scan for versions (pip list, tf.__version__ printouts). */
  text?: string | null;
}

const VERSION = String.raw`v?(\d+\.\d+(?:\.\d+)?(?:[-.+]?[a-z0-9.]+)?)`;

const PACKAGES: { key: 'tensorflow' | 'keras' | 'h5py'; pattern: RegExp }[] = [
  {
    key: 'tensorflow',
    pattern: new RegExp(
      String.raw`\b(?:tensorflow(?:[-_](?:cpu|gpu|macos|intel))?|tf)\b(?:\.__version__)?\s*(?:==|=|:|\s)\s*['"]?${VERSION}`,
      'i',
    ),
  },
  // tf-keras / tf_keras is Keras 2; plain keras may be 2 or 3.
  { key: 'keras', pattern: new RegExp(String.raw`\b(?:tf[-_]keras|keras)\b(?:\.__version__)?\s*(?:==|=|:|\s)\s*['"]?${VERSION}`, 'i') },
  { key: 'h5py', pattern: new RegExp(String.raw`\bh5py\b(?:\.__version__)?\s*(?:==|=|:|\s)\s*['"]?${VERSION}`, 'i') },
];

/** A version line is short; longer ones are skipped (and would make the patterns slow). */
const MAX_LINE = 1024;

export function parseRuntime(input: RuntimeInput): Runtime {
  const out = emptyRuntime();
  const text = input.text ?? '';
  for (const { key, pattern } of PACKAGES) {
    const stated = input[key];
    if (stated) {
      out[key] = cleanVersion(stated);
      continue;
    }
    // Scan line by line so 'tf-keras 2.15' does not count as TensorFlow 2.15.
    for (const line of text.split(/\r?\n|,|;/)) {
      if (line.length > MAX_LINE) continue;
      if (key === 'tensorflow' && /\btf[-_]keras\b/i.test(line)) continue;
      const m = pattern.exec(line);
      if (m) {
        out[key] = cleanVersion(m[1]!);
        break;
      }
    }
  }
  out.host_memory_bytes = parseBytes(input.host_memory ?? null);
  out.gpu_memory_bytes = parseBytes(input.gpu_memory ?? null);
  return out;
}

function cleanVersion(v: string): string {
  return v.trim().replace(/^v/i, '');
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  tib: 1024 ** 4,
};

/** '16 GB' -> 16e9, '16GiB' -> 16*2^30, 1234 -> 1234; null when it is not a size. */
export function parseBytes(value: string | number | null): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value.replace(/_/g, ''));
  if (!m) return null;
  const unit = UNITS[m[2]!.toLowerCase()];
  return unit === undefined ? null : Math.round(Number(m[1]) * unit);
}
