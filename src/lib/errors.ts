/**
 * Decoding problems are values with a cause, never bare strings or swallowed exceptions.
 * Every decoder throws (or collects) a DecodeError naming the file, the byte offset where
 * the problem was seen (when there is one) and what is wrong, with a hint for the reader.
 * Code that decides anything about a problem reads its `code`, never its text.
 */
export const DECODE_ERROR_CODES = [
  /** The bytes do not have the structure the format requires. */
  'malformed',
  /** The file is shorter than its own structure says. */
  'truncated',
  /** A stored checksum does not match the bytes. */
  'checksum',
  /** A file the artifact needs is not in the file set. */
  'missing_file',
  /** Above a size limit: ours (bounded reads) or TensorFlow's (the 2 GiB protobuf limit). */
  'too_large',
  /** Nested deeper than the decoder (or TensorFlow's protobuf parser) accepts. */
  'too_deep',
  /** Valid, but a variant this tool does not read (spanned zip, encryption, chunked SavedModel). */
  'unsupported',
  /** Content that is dangerous to load (duplicate zip members, paths escaping an archive). */
  'unsafe',
  /** The bytes are another kind of file altogether (an HTML page, a Git LFS pointer, ...). */
  'wrong_format',
  /** Nothing in the file set is a TensorFlow or Keras artifact. */
  'no_artifact',
  /** A third-party engine (the HDF5 library) failed while reading. */
  'engine',
] as const;

export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];

export interface DecodeErrorJson {
  file: string;
  offset: number | null;
  what: string;
  hint: string | null;
  code: DecodeErrorCode;
}

export class DecodeError extends Error {
  readonly file: string;
  readonly offset: number | null;
  readonly what: string;
  readonly hint: string | null;
  readonly code: DecodeErrorCode;

  constructor(
    file: string,
    what: string,
    options: { offset?: number | null; hint?: string | null; cause?: unknown; code?: DecodeErrorCode } = {},
  ) {
    const at = options.offset == null ? '' : ` at byte ${options.offset}`;
    // Without a file (bytes whose caller names the file when it wraps the error): what, then where.
    const message = file ? `${file}${at}: ${what}` : `${what}${options.offset == null ? '' : ` (byte ${options.offset})`}`;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DecodeError';
    this.file = file;
    this.offset = options.offset ?? null;
    this.what = what;
    this.hint = options.hint ?? null;
    this.code = options.code ?? 'malformed';
  }

  toJSON(): DecodeErrorJson {
    return { file: this.file, offset: this.offset, what: this.what, hint: this.hint, code: this.code };
  }
}

/** Wraps anything thrown by third-party code (protobufjs, h5wasm, fflate) into a DecodeError for `file`. */
export function asDecodeError(file: string, error: unknown, what = 'cannot be decoded'): DecodeError {
  if (error instanceof DecodeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DecodeError(file, `${what}: ${message}`, { cause: error });
}
