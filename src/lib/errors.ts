/**
 * Decoding problems are values with a cause, never bare strings or swallowed exceptions.
 * Every decoder throws (or collects) a DecodeError naming the file, the byte offset where
 * the problem was seen (when there is one) and what is wrong, with a hint for the reader.
 */
export class DecodeError extends Error {
  readonly file: string;
  readonly offset: number | null;
  readonly what: string;
  readonly hint: string | null;

  constructor(file: string, what: string, options: { offset?: number | null; hint?: string | null; cause?: unknown } = {}) {
    const at = options.offset == null ? '' : ` at byte ${options.offset}`;
    super(`${file}${at}: ${what}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DecodeError';
    this.file = file;
    this.offset = options.offset ?? null;
    this.what = what;
    this.hint = options.hint ?? null;
  }

  toJSON(): { file: string; offset: number | null; what: string; hint: string | null } {
    return { file: this.file, offset: this.offset, what: this.what, hint: this.hint };
  }
}

/** Wraps anything thrown by third-party code (protobufjs, h5wasm, fflate) into a DecodeError for `file`. */
export function asDecodeError(file: string, error: unknown, what = 'cannot be decoded'): DecodeError {
  if (error instanceof DecodeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DecodeError(file, `${what}: ${message}`, { cause: error });
}
