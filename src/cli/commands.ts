/**
 * The four doctor commands over the library. Each returns the exit status; each prints either
 * human text or, with --json, one JSON document on stdout (the contract in the README).
 */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FileSet } from '../lib/byte-source.ts';
import { verifyCheckpoint, type VerifyReport } from '../lib/formats/checkpoint/index.ts';
import { inspect, type InspectResult } from '../lib/inspect.ts';
import { diagnose } from '../lib/rules/index.ts';
import type { Finding } from '../lib/rules/finding.ts';
import { diffModels } from '../lib/diff/index.ts';
import { triage } from '../lib/triage/index.ts';
import { openPaths } from '../node/file-source.ts';
import { buildContext, loadExpected } from './context.ts';
import { factsToJson } from './json.ts';
import { printDiff, printFacts, printFindings, printTriage, printVerify } from './human.ts';
import { progressBar } from './progress.ts';

export class UsageError extends Error {}

const CONTEXT_OPTIONS = {
  json: { type: 'boolean' },
  tf: { type: 'string' },
  keras: { type: 'string' },
  h5py: { type: 'string' },
  'input-dtype': { type: 'string' },
  'input-shape': { type: 'string' },
  loader: { type: 'string' },
  'host-memory': { type: 'string' },
  'gpu-memory': { type: 'string' },
  'read-speed': { type: 'string' },
  expect: { type: 'string' },
  // The path string the loading code passes (e.g. `ckpt/ckpt-1.index`), when it differs from what is inspected.
  'path-given': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCommand(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'inspect':
      return inspectCommand(rest);
    case 'diff':
      return diffCommand(rest);
    case 'verify':
      return verifyCommand(rest);
    case 'triage':
      return triageCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: CONTEXT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function requirePaths(paths: string[]): Promise<void> {
  if (paths.length === 0) throw new UsageError('no path given');
  for (const p of paths) {
    try {
      await stat(p);
    } catch {
      throw new Error(`${p}: no such file or directory`);
    }
  }
}

/**
 * Opens paths, inspects them (failing with exit 2 when nothing at all could be read), and hands
 * the result and the still-open files to `use`, so a command reads the disk once.
 */
async function withInspected<T>(paths: string[], use: (result: InspectResult, files: FileSet) => Promise<T>): Promise<T> {
  await requirePaths(paths);
  const set = await openPaths(paths);
  try {
    const result = await inspect(set);
    const readable = result.facts.artifacts.filter((a) => !a.summary.startsWith('could not be read'));
    if (readable.length === 0) {
      const problem = result.facts.problems[0];
      throw new Error(problem ? problem.message : `${paths.join(', ')}: no TensorFlow or Keras artifact found`);
    }
    return await use(result, set);
  } finally {
    await set.close();
  }
}

function inspectPaths(paths: string[]): Promise<InspectResult> {
  return withInspected(paths, async (result) => result);
}

function exitStatus(findings: readonly Finding[]): number {
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function inspectCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  const { facts } = await inspectPaths(positionals);
  const expected = values.expect ? await loadExpected(values.expect) : null;
  const ctx = buildContext(values, expected);
  const findings = diagnose(facts, ctx);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ artifacts: facts.artifacts, facts: factsToJson(facts), findings })}\n`);
  } else {
    printFacts(facts);
    printFindings(findings);
  }
  return exitStatus(findings);
}

async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 2) throw new UsageError('diff needs <saved-path> <expected-path-or-text-file>');
  const [savedPath, expectedPath] = positionals as [string, string];
  const { facts } = await inspectPaths([savedPath]);
  const expected = await loadExpected(expectedPath);
  const ctx = buildContext(values, expected);
  const diff = diffModels(facts, expected);
  const findings = diagnose(facts, ctx);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ artifacts: facts.artifacts, facts: factsToJson(facts), diff, findings })}\n`);
  } else {
    printDiff(diff);
    printFindings(findings);
  }
  return exitStatus(findings);
}

async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1) throw new UsageError('verify needs one checkpoint prefix or directory');
  const target = positionals[0]!;
  const { paths, prefixHint } = await checkpointPaths(target);
  const { facts, reports } = await withInspected(paths, async ({ facts, sniffed }, files) => {
    const checkpoints = sniffed.artifacts.filter((a) => a.format === 'checkpoint' && (!prefixHint || a.path.endsWith(prefixHint)));
    if (checkpoints.length === 0) throw new Error(`${target}: no TF2 checkpoint (.index with data shards) found`);
    const reports: { prefix: string; report: VerifyReport }[] = [];
    for (const c of checkpoints) {
      const bar = values.json ? null : progressBar(`verify ${c.path}`);
      const report = await verifyCheckpoint(files, c.path, { onProgress: bar?.update });
      bar?.done();
      reports.push({ prefix: c.path, report });
    }
    return { facts, reports };
  });
  const ctx = buildContext(values, null);
  const findings = reports.flatMap((r) => diagnose(facts, { ...ctx, verify: r.report }));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ artifacts: facts.artifacts, facts: factsToJson(facts), verify: reports, findings })}\n`);
  } else {
    for (const r of reports) printVerify(r.prefix, r.report);
    printFindings(findings);
  }
  return exitStatus(findings) || (reports.some((r) => !r.report.ok) ? 1 : 0);
}

/** `verify` accepts a directory, a prefix (`.../ckpt-1`) or the `.index` path. */
async function checkpointPaths(target: string): Promise<{ paths: string[]; prefixHint: string | null }> {
  const info = await stat(target).catch(() => null);
  if (info?.isDirectory()) return { paths: [target], prefixHint: null };
  const prefix = target.replace(/\.index$/, '').replace(/\.data-\d{5}-of-\d{5}$/, '');
  const slash = Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\'));
  const dir = slash < 0 ? '.' : prefix.slice(0, slash) || '/';
  const base = prefix.slice(slash + 1);
  if (!(await stat(`${prefix}.index`).catch(() => null)))
    throw new Error(`${prefix}.index: no such file (give the checkpoint prefix, its .index, or its folder)`);
  return { paths: [dir], prefixHint: base };
}

async function triageCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  const source = positionals[0] ?? '-';
  let text: string;
  try {
    text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  } catch {
    throw new Error(`${source}: cannot be read`);
  }
  const result = triage(text);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else printTriage(result);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 8 * 1024 * 1024) throw new Error('standard input is larger than 8 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
