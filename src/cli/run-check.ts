/**
 * What inspect, diff and verify share: open the paths, run the library's one pipeline with a
 * progress bar, and hand back its serialized report. The commands only choose options and print.
 */
import { stat } from 'node:fs/promises';
import { type CheckResult, check, type ExpectedInput, InputError } from '../lib/check.ts';
import type { ReaderContext } from '../lib/context/types.ts';
import { type CheckReport, toReport } from '../lib/report.ts';
import { openPaths } from '../node/file-source.ts';
import { nativeCrc32c } from '../node/native-crc32c.ts';
import type { Io } from './io.ts';
import { progressBar } from './progress.ts';
import { InputFileError } from './usage-error.ts';

export interface CheckCommand {
  paths: string[];
  expectedPath?: string | null;
  context?: ReaderContext;
  verify: boolean;
  verifyPrefix?: string | null;
}

export interface CheckOutcome {
  result: CheckResult;
  report: CheckReport;
}

export async function runCheck(io: Io, command: CheckCommand): Promise<CheckOutcome> {
  await requirePaths([...command.paths, ...(command.expectedPath ? [command.expectedPath] : [])]);
  const files = await openPaths(command.paths);
  const expectedFiles = command.expectedPath ? await openPaths([command.expectedPath]) : null;
  const expected: ExpectedInput | null = expectedFiles ? { kind: 'files', files: expectedFiles } : null;
  const bar = progressBar(io);
  try {
    const result = await check({
      files,
      context: command.context,
      expected,
      options: {
        verify: command.verify,
        verifyPrefix: command.verifyPrefix ?? null,
        crc32c: command.verify ? (nativeCrc32c() ?? undefined) : undefined,
        onProgress: bar?.update,
      },
    });
    return { result, report: toReport(result) };
  } catch (error) {
    if (error instanceof InputError) throw new InputFileError(error.message);
    throw error;
  } finally {
    bar?.done();
    await files.close();
    await expectedFiles?.close();
  }
}

async function requirePaths(paths: readonly string[]): Promise<void> {
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) throw new InputFileError(`${p}: no such file or directory`);
    if (!info.isFile() && !info.isDirectory()) throw new InputFileError(`${p}: not a regular file or a directory`);
  }
}

/** Exit status of a check: 2 when nothing in the paths is a model, 1 for error findings, else 0. */
export function checkStatus(outcome: CheckOutcome): number {
  if (!outcome.result.found) return 2;
  return outcome.report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
