/**
 * `repair <path>`: check the artifact, plan its repair, print the plan, and (unless --dry-run)
 * write the repaired copy into a new folder. The input is opened read-only and never written;
 * an output that would land on an input file is refused; a repair that stops half-way removes
 * what it wrote.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { check, type ExpectedInput, InputError } from '../../lib/check.ts';
import { emptyContext } from '../../lib/context/types.ts';
import { applyRepair, planRepair, planView, RepairError } from '../../lib/repair/index.ts';
import { FLOAT_DTYPES, type FloatDtype, type RepairAsk, type RepairResult } from '../../lib/repair/types.ts';
import { normalizeDtype } from '../../lib/dtypes.ts';
import { openPaths } from '../../node/file-source.ts';
import { DirectorySink, realPaths } from '../../node/output-sink.ts';
import { readTextInput } from '../../node/read-input.ts';
import { printer } from '../human.ts';
import type { Io } from '../io.ts';
import { writeJson } from '../json.ts';
import { progressBar } from '../progress.ts';
import { printPlan, printResult } from '../repair-print.ts';
import { InputFileError, UsageError } from '../usage-error.ts';
import type { ParsedCommand } from './parsed.ts';

interface Target {
  /** What is opened as the file set. */
  open: string;
  /** The artifact's path in that file set, or null to let the plan choose. */
  artifact: string | null;
  /** The name the default output folder is derived from. */
  name: string;
}

export async function repairCommand(io: Io, { values, positionals }: ParsedCommand<'repair'>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('repair needs one path (a checkpoint folder, prefix or .index; a .h5 or .keras file)');
  const target = await repairTarget(positionals[0]!);
  const ask: RepairAsk = {
    artifact: target.artifact,
    cast: values.cast === undefined ? null : castOf(values.cast),
    dropOptimizer: Boolean(values['drop-optimizer']),
    allowMissing: Boolean(values['allow-missing']),
    keras: versionOf(values.keras, '--keras'),
    tf: versionOf(values.tf, '--tf'),
    renames: values['rename-map'] ? await renameMap(values['rename-map'], io) : null,
  };
  const out = resolve(values.out ?? resolve(dirname(resolve(target.open)), `${target.name}-repaired`));
  if (values.expect && !(await stat(values.expect).catch(() => null)))
    throw new InputFileError(`${values.expect}: no such file or directory`);

  const files = await openPaths([target.open]);
  const expectedFiles = values.expect ? await openPaths([values.expect]) : null;
  const expected: ExpectedInput | null = expectedFiles ? { kind: 'files', files: expectedFiles } : null;
  const bar = progressBar(io);
  try {
    let result: Awaited<ReturnType<typeof check>>;
    try {
      const { expected: _e, verify: _v, ...context } = emptyContext();
      context.runtime.tensorflow = ask.tf ?? null;
      context.runtime.keras = ask.keras ?? null;
      result = await check({ files, context, expected, options: { verify: true, onProgress: bar?.update } });
    } catch (error) {
      if (error instanceof InputError) throw new InputFileError(error.message);
      throw error;
    }
    bar?.done();
    if (!result.found)
      throw new InputFileError(result.facts.problems[0]?.message ?? `${positionals[0]}: no TensorFlow or Keras artifact found`);
    const plan = await planRepair(files, result, ask, { outLabel: out });
    const view = planView(plan);
    const writable = plan.refused.length === 0 && plan.program !== null;
    if (values['dry-run'] || !writable) {
      if (values.json) await writeJson(io, { plan: view, out: null, written: false, result: null });
      else printPlan(printer(io.out), view, values['dry-run'] ? 'dry run: nothing written' : 'nothing written');
      return writable ? 0 : 1;
    }
    await prepareOut(out, Boolean(values.force));
    const protect = await realPaths(files.files.map((f) => (f as { absolutePath?: string }).absolutePath ?? '').filter((p) => p !== ''));
    if (protect.has(out)) throw new InputFileError(`${out} is an input file`);
    const sink = new DirectorySink(out, { overwrite: Boolean(values.force), protect });
    let written: RepairResult;
    const writeBar = progressBar(io);
    try {
      written = await applyRepair(files, plan, sink, {
        onProgress: (done, total) => writeBar?.update({ stage: 'verifying', path: `-> ${out}`, done, total }),
      });
      await sink.commit();
    } catch (error) {
      writeBar?.done();
      await sink.discard();
      if (error instanceof RepairError) {
        if (values.json) await writeJson(io, { plan: view, out, written: false, result: null, error: error.message });
        else {
          printPlan(printer(io.out), view, null);
          io.err(`repair stopped, nothing kept: ${error.message}\n`);
        }
        return 1;
      }
      throw new InputFileError(`writing ${out}: ${(error as Error).message}`);
    }
    writeBar?.done();
    if (values.json) await writeJson(io, { plan: view, out, written: true, result: written });
    else {
      const print = printer(io.out);
      printPlan(print, view, null);
      printResult(print, out, written);
    }
    return 0;
  } finally {
    bar?.done();
    await files.close();
    await expectedFiles?.close();
  }
}

function castOf(value: string): FloatDtype {
  const dtype = normalizeDtype(value);
  if (!dtype || !(FLOAT_DTYPES as readonly string[]).includes(dtype))
    throw new UsageError(`--cast ${value}: expected one of ${FLOAT_DTYPES.join(', ')}`);
  return dtype as FloatDtype;
}

function versionOf(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (!/^\d+(\.\d+){0,2}$/.test(value)) throw new UsageError(`${flag} ${value}: expected a version like 2.21 or 3.15`);
  return value;
}

/**
 * A folder repairs what is in it; a checkpoint prefix, its .index or a data shard opens its
 * folder (with the state file) and names the checkpoint; a file (.h5, .keras) opens alone.
 */
async function repairTarget(path: string): Promise<Target> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) return { open: path, artifact: null, name: basename(resolve(path)) || 'root' };
  const prefix = path.replace(/\.index$/, '').replace(/\.data-\d{5}-of-\d{5}$/, '');
  if (await stat(`${prefix}.index`).catch(() => null)) {
    const folder = dirname(resolve(prefix));
    return { open: folder, artifact: `${basename(folder) || 'root'}/${basename(prefix)}`, name: basename(prefix) };
  }
  if (!info) throw new InputFileError(`${path}: no such file or directory`);
  if (!info.isFile()) throw new InputFileError(`${path}: not a regular file or a directory`);
  return { open: path, artifact: basename(path), name: basename(path).replace(/\.(h5|hdf5|keras)$/i, '') };
}

async function prepareOut(out: string, force: boolean): Promise<void> {
  const info = await stat(out).catch(() => null);
  if (!info) return;
  if (!info.isDirectory()) throw new InputFileError(`--out ${out}: exists and is not a folder`);
  const entries = await readdir(out);
  if (entries.length > 0 && !force)
    throw new InputFileError(`--out ${out}: the folder is not empty (--force writes into it, never over the input)`);
}

/** JSON `{"old": "new" | null}`, or lines `old new` / `old -> new` (# comments). */
async function renameMap(path: string, io: Io): Promise<Record<string, string | null>> {
  const text = await readTextInput(path, io.stdin);
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new UsageError(`--rename-map ${path}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new UsageError(`--rename-map ${path}: expected a JSON object`);
    for (const [k, v] of Object.entries(parsed)) {
      if (v !== null && typeof v !== 'string') throw new UsageError(`--rename-map ${path}: the value for "${k}" is not a string or null`);
    }
    return parsed as Record<string, string | null>;
  }
  const map: Record<string, string | null> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.replace(/#.*$/, '').trim();
    if (l === '') return;
    const parts = l.split(/\s*(?:->|=>|→)\s*|\s+/).filter((p) => p !== '');
    if (parts.length !== 2) throw new UsageError(`--rename-map ${path}:${i + 1}: expected "old new"`);
    map[parts[0]!] = parts[1]!;
  });
  return map;
}
