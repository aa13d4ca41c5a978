/**
 * The invariants every input must hold, checked for one fuzz case:
 *  1. the whole inspect path (sniff -> decoders -> merge -> checksum verification of each
 *     checkpoint -> diagnose) and each decoder called directly on its file finish within a
 *     time bound;
 *  2. the only thing thrown is a DecodeError (file, offset, what); nothing else escapes a decoder,
 *     and no DecodeError inside facts.problems hides an internal bug as its cause (TypeError,
 *     ReferenceError, stack overflow, an allocation sized by a hostile length);
 *  3. every problem names a file of the input (or a companion beside it), says what is wrong, and
 *     its offset is a byte position or null;
 *  4. facts and findings serialize to JSON (the CLI's --json contract);
 *  5. memory stays bounded: the retained growth of rss and ArrayBuffers per case is capped;
 *  6. damage is never silent: a file that was part of an artifact before the mutation is, after
 *     it, still part of an artifact or named by a problem or a missing-file fact (assets aside).
 */
import { BytesSource, dirName, fileSet, joinPath, type FileSet } from '../../src/lib/byte-source.ts';
import { check } from '../../src/lib/check.ts';
import { DecodeError } from '../../src/lib/errors.ts';
import { decodeCheckpoint, decodeTensorSliceCheckpoint, verifyCheckpoint } from '../../src/lib/formats/checkpoint/index.ts';
import { decodeGraphDefFile, decodeMetaGraphFile, decodeSavedModel } from '../../src/lib/formats/graph/index.ts';
import { decodeKerasH5, decodeKerasZip } from '../../src/lib/formats/keras/index.ts';
import { inspect } from '../../src/lib/inspect.ts';
import type { InputFile } from './seeds.ts';

export const INVARIANTS = [
  'finishes within the time bound',
  'only DecodeError is thrown',
  'no internal error hides behind a DecodeError',
  'problems name an input file, what is wrong, and a byte offset or null',
  'facts and findings serialize to JSON',
  'memory growth per case is bounded',
  'a damaged file is never silently dropped',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

export interface Violation {
  invariant: Invariant;
  detail: string;
}

export interface CaseReport {
  ms: number;
  violations: Violation[];
  problems: number;
  findings: number;
  artifacts: string[];
  /** Decoders called directly on a file, besides the inspect path. */
  directCalls: number;
  /** h5wasm aborted on this input: in this process, later HDF5 files are refused from now on. */
  engineCrashed: boolean;
}

export interface CaseLimits {
  timeMs: number;
  memoryBytes: number;
}

export const DEFAULT_LIMITS: CaseLimits = { timeMs: 5_000, memoryBytes: 512 * 1024 * 1024 };

/** Errors that are bugs wherever they come from: they mean a missing check, not a bad file. */
function internalError(error: unknown): string | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    // TextDecoder({fatal: true}) reports invalid UTF-8 in a file as a TypeError: a bad file, not a bug.
    if (e instanceof TypeError && /not valid for encoding/i.test(e.message)) return null;
    if (e instanceof TypeError || e instanceof ReferenceError) return `${e.name}: ${e.message}`;
    if (
      e instanceof RangeError &&
      /call stack|Invalid (typed )?array length|Array buffer allocation|Invalid string length|out of memory/i.test(e.message)
    )
      return `${e.name}: ${e.message}`;
    if (/call stack|out of memory/i.test(e.message)) return `${e.name}: ${e.message}`;
  }
  return null;
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return `${error.name}: ${error.message.slice(0, 300)}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(error);
}

/** A problem's file is one of the inputs, a prefix or directory of one, or a companion beside one. */
function namesInput(file: string, paths: readonly string[]): boolean {
  if (paths.length === 0) return file === '(no files)';
  if (!file || /undefined|\[object /.test(file)) return false;
  const head = file.split(/[:,] /)[0]!;
  return paths.some(
    (p) => p === head || p.startsWith(head) || head.startsWith(p) || dirName(p) === dirName(head) || head.startsWith(`${dirName(p)}/`),
  );
}

function checkProblem(p: unknown, paths: readonly string[], where: string, out: Violation[]): void {
  if (!(p instanceof DecodeError)) {
    out.push({ invariant: 'only DecodeError is thrown', detail: `${where}: ${describe(p)}` });
    return;
  }
  const internal = internalError(p.cause);
  if (internal)
    out.push({
      invariant: 'no internal error hides behind a DecodeError',
      detail: `${where}: ${p.message.slice(0, 200)} <- ${internal}\n${describe(p.cause)}`,
    });
  if (!namesInput(p.file, paths))
    out.push({
      invariant: 'problems name an input file, what is wrong, and a byte offset or null',
      detail: `${where}: file "${p.file}" is not an input (${paths.slice(0, 4).join(', ')})`,
    });
  if (!p.what)
    out.push({ invariant: 'problems name an input file, what is wrong, and a byte offset or null', detail: `${where}: empty what` });
  if (p.offset !== null && !(Number.isSafeInteger(p.offset) && p.offset >= 0)) {
    out.push({
      invariant: 'problems name an input file, what is wrong, and a byte offset or null',
      detail: `${where}: offset ${p.offset}`,
    });
  }
}

/** Decoders to call directly, chosen by the file's name (its content may be too damaged to sniff). */
function directDecoders(files: readonly InputFile[]): { label: string; run: (set: FileSet) => Promise<unknown> }[] {
  const out: { label: string; run: (set: FileSet) => Promise<unknown> }[] = [];
  for (const f of files) {
    const p = f.path;
    const source = () => new BytesSource(p, f.bytes);
    if (p.endsWith('.index')) {
      const prefix = p.slice(0, -'.index'.length);
      out.push({ label: `decodeCheckpoint(${prefix})`, run: (set) => decodeCheckpoint(set, prefix) });
      out.push({ label: `verifyCheckpoint(${prefix})`, run: (set) => verifyCheckpoint(set, prefix, { chunkSize: 4096 }) });
    } else if (/(^|\/)saved_model\.pb(txt)?$/.test(p))
      out.push({ label: `decodeSavedModel(${dirName(p)})`, run: (set) => decodeSavedModel(set, dirName(p)) });
    else if (/\.meta$/.test(p)) out.push({ label: `decodeMetaGraphFile(${p})`, run: (set) => decodeMetaGraphFile(set, p) });
    else if (/\.pb(txt)?$/.test(p) && !/keras_metadata|fingerprint/.test(p))
      out.push({ label: `decodeGraphDefFile(${p})`, run: (set) => decodeGraphDefFile(set, p) });
    else if (/\.(keras|zip)$/.test(p)) out.push({ label: `decodeKerasZip(${p})`, run: () => decodeKerasZip(source()) });
    else if (/\.h5$|\.hdf5$/.test(p)) out.push({ label: `decodeKerasH5(${p})`, run: () => decodeKerasH5(source()) });
    else if (/-\d{5}-of-\d{5}$/.test(p))
      out.push({ label: `decodeTensorSliceCheckpoint(${p})`, run: (set) => decodeTensorSliceCheckpoint(set, p) });
  }
  return out;
}

/** Paths that inspect puts into an artifact: the baseline a mutated copy is held to. */
export async function claimedPaths(files: readonly InputFile[]): Promise<string[]> {
  const { facts } = await inspect(fileSet(files.map((f) => new BytesSource(f.path, f.bytes))));
  return [...new Set(facts.artifacts.flatMap((a) => a.files))];
}

export async function checkCase(
  files: readonly InputFile[],
  limits: CaseLimits = DEFAULT_LIMITS,
  options: { direct?: boolean; claimedBefore?: readonly string[] } = {},
): Promise<CaseReport> {
  const violations: Violation[] = [];
  const paths = files.map((f) => f.path);
  const set = fileSet(files.map((f) => new BytesSource(f.path, f.bytes)));
  const before = process.memoryUsage();
  const started = performance.now();
  let problems = 0;
  let findingCount = 0;
  let artifacts: string[] = [];
  let directCalls = 0;
  let engineCrashed = false;

  try {
    // The whole pipeline, checksums included: data-shard damage only shows there.
    const { facts, findings, sniffed } = await check({ files: set, options: { verify: true, verifyChunkSize: 4096 } });
    problems = facts.problems.length;
    engineCrashed = facts.problems.some((p) => /HDF5 engine crashed reading this file/.test(p.what));
    findingCount = findings.length;
    artifacts = facts.artifacts.map((a) => a.format);
    for (const [i, p] of facts.problems.entries()) checkProblem(p, paths, `facts.problems[${i}]`, violations);
    const accounted = new Set([
      ...facts.artifacts.flatMap((a) => a.files),
      ...facts.problems.flatMap((p) => p.file.split(', ')),
      ...facts.missing.map((m) => m.path),
      // A `checkpoint` state file is read into facts.checkpoint_state, not into an artifact.
      ...sniffed.files.filter((f) => f.kind === 'checkpoint_state').map((f) => f.source.path),
    ]);
    const said = [...facts.missing.map((m) => m.why), ...facts.problems.map((p) => p.what)].join('\n');
    for (const path of options.claimedBefore ?? []) {
      // Assets are data a SavedModel carries, not something decoded: they go with their SavedModel.
      if (/(^|\/)assets(\.extra)?\//.test(path)) continue;
      // So are keras_metadata.pb and fingerprint.pb, when the SavedModel they belong to is reported missing.
      if (
        /(^|\/)(keras_metadata|fingerprint)\.pb$/.test(path) &&
        facts.missing.some((m) => m.path === joinPath(dirName(path), 'saved_model.pb'))
      )
        continue;
      if (paths.includes(path) && !accounted.has(path) && !said.includes(path)) {
        violations.push({
          invariant: 'a damaged file is never silently dropped',
          detail: `${path} was part of an artifact; now no artifact, problem or missing fact names it`,
        });
      }
    }
    try {
      JSON.stringify(facts);
      JSON.stringify(findings);
    } catch (error) {
      violations.push({ invariant: 'facts and findings serialize to JSON', detail: describe(error) });
    }
  } catch (error) {
    checkProblem(error, paths, 'check', violations);
  }

  if (options.direct !== false) {
    for (const d of directDecoders(files)) {
      directCalls++;
      try {
        await d.run(set);
      } catch (error) {
        checkProblem(error, paths, d.label, violations);
      }
    }
  }

  const ms = performance.now() - started;
  if (ms > limits.timeMs)
    violations.push({ invariant: 'finishes within the time bound', detail: `${ms.toFixed(0)} ms > ${limits.timeMs} ms` });
  const after = process.memoryUsage();
  const grown = Math.max(after.arrayBuffers - before.arrayBuffers, after.rss - before.rss);
  if (grown > limits.memoryBytes)
    violations.push({ invariant: 'memory growth per case is bounded', detail: `grew ${(grown / 2 ** 20).toFixed(0)} MiB` });
  return { ms, violations, problems, findings: findingCount, artifacts, directCalls, engineCrashed };
}
