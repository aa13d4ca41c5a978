/**
 * check(): the one pipeline. Files in, everything a view needs out: decode every artifact,
 * verify checkpoint data, read what the loading code expects, diff the two, run every rule.
 * The CLI and the browser's worker both call this and only present its result, so a model gets
 * the same answer in a terminal, in CI and on the page.
 */
import type { Crc32cExtend } from './binary/crc32c.ts';
import type { Crc32cPool } from './binary/crc32c-pool.ts';
import { type FileSet, readAll } from './byte-source.ts';
import { type Context, emptyContext, type ExpectedModel, type ReaderContext, type VerifyEntry } from './context/types.ts';
import { expectedFromFacts, parseExpected } from './context/index.ts';
import { diffModels, type ModelDiff, renameMap, renameSnippet } from './diff/index.ts';
import { asDecodeError } from './errors.ts';
import type { ModelFacts } from './facts.ts';
import { type AbortSignalLike, verifyCheckpoint } from './formats/checkpoint/index.ts';
import { inspect, verifiableCheckpoints } from './inspect.ts';
import { diagnose } from './rules/index.ts';
import type { SniffResult } from './sniff.ts';
import { utf8Decode } from './utf8.ts';
import type { Finding } from './rules/finding.ts';

/** What the loading code expects: a second artifact (files), or text describing the model. */
export type ExpectedInput = { kind: 'files'; files: FileSet } | { kind: 'text'; text: string; name: string };

export interface CheckProgress {
  stage: 'reading' | 'verifying' | 'expected' | 'diagnosing';
  /** The checkpoint being verified, for the verifying stage. */
  path: string | null;
  done: number;
  total: number;
}

export interface CheckOptions {
  /** Verify checkpoint data against its checksums (reads every byte of every shard). */
  verify: boolean;
  /** Verify only the checkpoint with this prefix (the `verify <prefix>` command). */
  verifyPrefix?: string | null;
  /** Bytes per read while verifying (tests use small chunks to cross tensor boundaries). */
  verifyChunkSize?: number;
  /** Shards verified at once (1: one after another; remote shards are streamed in parallel). */
  verifyConcurrency?: number;
  /** A faster crc32c than the library's own, where the host has one (the CLI's native module). */
  crc32c?: Crc32cExtend;
  /** Threads for the crc32c of large tensors, where the host can start them. */
  crc32cPool?: Crc32cPool;
  signal?: AbortSignalLike;
  onProgress?: (progress: CheckProgress) => void;
}

export interface CheckRequest {
  files: FileSet;
  context?: ReaderContext;
  expected?: ExpectedInput | null;
  options: CheckOptions;
}

export interface RenamePlan {
  /** Saved checkpoint key -> the key the loading code looks for. */
  map: Record<string, string>;
  /** A Python script that writes a renamed copy of the checkpoint. */
  script: string;
}

export interface CheckResult {
  facts: ModelFacts;
  /** Which file is what, by content (not serialized: it holds the readers of the files). */
  sniffed: SniffResult;
  /** True when at least one artifact was found in the files (readable or not). */
  found: boolean;
  /** Verification reports, one per checkpoint; null when verification was not asked for. */
  verify: VerifyEntry[] | null;
  expected: ExpectedModel | null;
  diff: ModelDiff | null;
  rename: RenamePlan | null;
  findings: Finding[];
}

/** The reader's own input (a pasted summary, an expected-model file) cannot be used. */
export class InputError extends Error {}

/** Text files describing the expected model are read whole, up to this size. */
export const EXPECTED_TEXT_LIMIT = 8 * 1024 * 1024;

export async function check(request: CheckRequest): Promise<CheckResult> {
  const { files, options } = request;
  const progress = options.onProgress ?? (() => undefined);

  progress({ stage: 'reading', path: null, done: 0, total: files.files.length });
  const { facts, sniffed } = await inspect(files);

  let verify: VerifyEntry[] | null = null;
  if (options.verify) {
    verify = [];
    const wanted = verifiableCheckpoints(files, sniffed).filter((p) => !options.verifyPrefix || p === options.verifyPrefix);
    for (const prefix of wanted) {
      if (options.signal?.aborted) break;
      try {
        const report = await verifyCheckpoint(files, prefix, {
          chunkSize: options.verifyChunkSize,
          concurrency: options.verifyConcurrency,
          crc32c: options.crc32c,
          pool: options.crc32cPool,
          signal: options.signal,
          onProgress: (done, total) => progress({ stage: 'verifying', path: prefix, done, total }),
        });
        verify.push({ prefix, report });
      } catch (error) {
        // An index that cannot be read was already reported by the decode step.
        const problem = asDecodeError(`${prefix}.index`, error);
        if (!facts.problems.some((p) => p.file === problem.file)) facts.problems.push(problem);
      }
    }
  }

  progress({ stage: 'expected', path: null, done: 0, total: 1 });
  const expected = request.expected ? await readExpected(request.expected) : null;

  progress({ stage: 'diagnosing', path: null, done: 0, total: 1 });
  const context: Context = { ...emptyContext(), ...request.context, expected, verify: verify ?? [] };
  const findings = diagnose(facts, context);
  const diff = expected ? diffModels(facts, expected) : null;
  const rename = diff ? renamePlan(facts, diff) : null;
  return { facts, sniffed, found: sniffed.artifacts.length > 0, verify, expected, diff, rename, findings };
}

/** An expected-model artifact is inspected; a lone text file (or pasted text) is parsed. */
async function readExpected(input: ExpectedInput): Promise<ExpectedModel> {
  if (input.kind === 'text') return parseExpectedText(input.text, input.name);
  const { facts } = await inspect(input.files);
  if (facts.artifacts.length > 0) return expectedFromFacts(facts);
  const only = input.files.files.length === 1 ? input.files.files[0]! : null;
  if (only) {
    if (only.size > EXPECTED_TEXT_LIMIT) {
      throw new InputError(
        `${only.path}: larger than ${EXPECTED_TEXT_LIMIT / 1048576} MiB, the limit for an expected-model text (and not a model artifact)`,
      );
    }
    const bytes = await readAll(only, EXPECTED_TEXT_LIMIT, 'expected-model text').catch((error: unknown) => {
      throw new InputError(asDecodeError(only.path, error).message);
    });
    if (!bytes.subarray(0, 4096).includes(0)) return parseExpectedText(utf8Decode(bytes), only.path);
  }
  const names = input.files.files.map((f) => f.path).join(', ') || '(no files)';
  throw new InputError(`${names}: neither a model artifact nor a model.summary()/variable list/Keras config text`);
}

function parseExpectedText(text: string, name: string): ExpectedModel {
  try {
    return parseExpected(text);
  } catch (error) {
    throw new InputError(`${name}: not a model.summary(), a variable list or a Keras config (${(error as Error).message})`);
  }
}

function renamePlan(facts: ModelFacts, diff: ModelDiff): RenamePlan | null {
  const map = renameMap(diff);
  if (Object.keys(map).length === 0) return null;
  const checkpoint = facts.artifacts.find((a) => a.format === 'checkpoint');
  return { map, script: renameSnippet(map, checkpoint?.path ?? 'path/to/ckpt', facts.object_graph !== null) };
}
