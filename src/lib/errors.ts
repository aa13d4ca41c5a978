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
  /**
   * The checker itself failed (its stack or an allocation ran out, or a bug): this says nothing
   * certain about the file, and is reported as the checker's failure, not as damage.
   */
  'internal',
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

/**
 * Wraps anything thrown by third-party code (protobufjs, h5wasm, fflate) into a DecodeError for
 * `file`. An error that is the checker's own (a stack overflow, a failed allocation, a TypeError)
 * is not passed off as the file's fault: it gets the code 'internal' and says so.
 */
export function asDecodeError(file: string, error: unknown, what = 'cannot be decoded'): DecodeError {
  if (error instanceof DecodeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isInternalError(error)) {
    return new DecodeError(
      file,
      `the checker failed while reading this file (${message}): a limit or bug of this tool, not a sign of damage`,
      {
        code: 'internal',
        cause: error,
        hint: 'Please report it with the file, or a description of it; the file may well load in TensorFlow.',
      },
    );
  }
  return new DecodeError(file, `${what}: ${message}`, { cause: error });
}

/** Errors that come from the checker's own limits or bugs rather than from what a file contains. */
export function isInternalError(error: unknown): boolean {
  // TextDecoder({fatal: true}) reports invalid UTF-8 in a file as a TypeError: that one is the file's.
  if (error instanceof TypeError) return !/not valid for encoding/i.test(error.message);
  if (error instanceof ReferenceError) return true;
  // protobufjs reports truncation as a RangeError ("index out of range"): that one is the file's too.
  return (
    error instanceof Error &&
    /call stack|Invalid (typed )?array length|Array buffer allocation|Invalid string length|out of memory/i.test(error.message)
  );
}

/** The most problems of one kind a decoder lists for one file; the rest are counted in one more. */
export const MAX_LISTED_PROBLEMS = 100;

/**
 * Problems that can repeat once per entry of a file (a tensor, a layer, a record): the first
 * MAX_LISTED_PROBLEMS are made and listed, the rest only counted. A file can repeat one damage
 * 150,000 times, and every DecodeError costs a stack trace and then a finding: listed one by one
 * they took seconds and hundreds of megabytes to say the same thing.
 */
export class RepeatedProblems {
  private count = 0;

  constructor(
    private readonly into: DecodeError[],
    private readonly limit = MAX_LISTED_PROBLEMS,
  ) {}

  /** Lists the problem `make` returns, or only counts it once the limit is reached. */
  add(make: () => DecodeError): void {
    if (this.count++ < this.limit) this.into.push(make());
  }

  /** Adds one problem naming `file` that says how many more there were (nothing when none were left out). */
  finish(file: string, what: string, code: DecodeErrorCode = 'malformed'): void {
    const more = this.count - this.limit;
    if (more > 0) this.into.push(new DecodeError(file, `${more} more ${what} (the first ${this.limit} are listed)`, { code }));
  }
}
