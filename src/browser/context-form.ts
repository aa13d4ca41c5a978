/**
 * What the reader states in a form (the checker's or a cell's): runtime versions, input dtype,
 * loader, memory, read speed, and the text of what the code expects (parsed by the pipeline, in
 * the worker). Fields a form lacks stay unstated; a value that does not parse is an error shown
 * next to its field (FormInputError), never a run that silently ignores it.
 */
import { emptyContext, parseBytes, type ReaderContext } from '../lib/context/index.ts';
import { normalizeDtype } from '../lib/dtypes.ts';

export interface FormInput {
  context: ReaderContext;
  expectedText: string | null;
}

export interface FieldError {
  /** The form field's name. */
  field: string;
  message: string;
}

/** One or more fields hold values that cannot be read. */
export class FormInputError extends Error {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(errors.map((e) => e.message).join(' '));
    this.errors = errors;
  }
}

/** A release number as the CLI's --tf/--keras take it: 2.15, 2.15.1, 3.0.0rc1, 2.16.0-dev. */
const VERSION = /^v?\d+(\.\d+){0,2}([.-]?[a-z0-9]+)*$/i;

export function contextFromForm(form: HTMLFormElement): FormInput {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim() || null;
  const errors: FieldError[] = [];
  const { expected: _expected, verify: _verify, ...ctx } = emptyContext();
  ctx.runtime.tensorflow = versionField(text('tf'), 'tf', 'TensorFlow version', errors);
  ctx.runtime.keras = versionField(text('keras'), 'keras', 'Keras version', errors);
  ctx.loader = text('loader');
  ctx.runtime.host_memory_bytes = bytesField(text('host_memory'), 'host_memory', 'Host memory', errors);
  ctx.read_bytes_per_second = bytesField(text('read_speed'), 'read_speed', 'Read speed', errors);
  const dtype = text('input_dtype');
  if (dtype) {
    const normal = normalizeDtype(dtype);
    if (normal) ctx.input = { dtype: normal, shape: null };
    else errors.push({ field: 'input_dtype', message: `“${dtype}” is not a TensorFlow dtype (float32, float16, int64, …).` });
  }
  if (errors.length > 0) throw new FormInputError(errors);
  return { context: ctx, expectedText: text('expected') };
}

function versionField(value: string | null, field: string, label: string, errors: FieldError[]): string | null {
  if (value === null) return null;
  if (VERSION.test(value)) return value.replace(/^v/i, '');
  errors.push({ field, message: `${label}: “${value}” is not a version like 2.15 or 3.3.3.` });
  return null;
}

function bytesField(value: string | null, field: string, label: string, errors: FieldError[]): number | null {
  if (value === null) return null;
  const bytes = parseBytes(value);
  if (bytes === null) errors.push({ field, message: `${label}: “${value}” is not a size like 16G or 512M.` });
  return bytes;
}

/**
 * Shows each error next to its field (and marks the field invalid), clearing earlier ones.
 * Returns the first invalid field, so the caller can focus it.
 */
export function showFieldErrors(form: HTMLFormElement, errors: readonly FieldError[]): HTMLElement | null {
  for (const old of form.querySelectorAll('[data-field-error]')) old.remove();
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    const described = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error'));
    if (described.length) field.setAttribute('aria-describedby', described.join(' '));
    else field.removeAttribute('aria-describedby');
  }
  let first: HTMLElement | null = null;
  for (const { field, message } of errors) {
    const input = form.elements.namedItem(field);
    if (!(input instanceof HTMLElement)) continue;
    const id = `${form.id || form.closest('[id]')?.id || 'form'}-${field}-error`;
    const note = document.createElement('span');
    note.className = 'field-error';
    note.id = id;
    note.dataset.fieldError = field;
    note.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
    // Fields sit in a `.field` wrapper with their label: the note goes under the input, outside
    // the label, so it describes the field instead of becoming part of its name.
    const wrapper = input.closest('.field');
    if (wrapper) wrapper.append(note);
    else input.after(note);
    first ??= input;
  }
  return first;
}
