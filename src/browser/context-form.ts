/**
 * What the reader states in a form (the checker's or a cell's): runtime versions, input dtype,
 * loader, memory, read speed, and the text of what the code expects (parsed by the pipeline, in
 * the worker). Fields a form lacks stay unstated; a value that does not parse is an error the
 * form shows.
 */
import { emptyContext, parseBytes, type ReaderContext } from '../lib/context/index.ts';
import { normalizeDtype } from '../lib/dtypes.ts';

export interface FormInput {
  context: ReaderContext;
  expectedText: string | null;
}

export function contextFromForm(form: HTMLFormElement): FormInput {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim() || null;
  const { expected: _expected, verify: _verify, ...ctx } = emptyContext();
  ctx.runtime.tensorflow = text('tf');
  ctx.runtime.keras = text('keras');
  ctx.loader = text('loader');
  ctx.runtime.host_memory_bytes = bytesField(text('host_memory'), 'Host memory');
  ctx.read_bytes_per_second = bytesField(text('read_speed'), 'Read speed');
  const dtype = text('input_dtype');
  if (dtype) {
    const normal = normalizeDtype(dtype);
    if (!normal) throw new Error(`"${dtype}" is not a TensorFlow dtype.`);
    ctx.input = { dtype: normal, shape: null };
  }
  return { context: ctx, expectedText: text('expected') };
}

function bytesField(value: string | null, label: string): number | null {
  if (value === null) return null;
  const bytes = parseBytes(value);
  if (bytes === null) throw new Error(`${label}: "${value}" is not a size like 16G or 512M.`);
  return bytes;
}
