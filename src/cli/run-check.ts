/**
 * What inspect, diff and verify share: open the paths, run the library's one pipeline with a
 * progress bar, and hand back its serialized report. The commands only choose options and print.
 */
import { stat } from 'node:fs/promises';
import { type CheckResult, check, type ExpectedInput, InputError } from '../lib/check.ts';
import type { ReaderContext } from '../lib/context/types.ts';
import { type CheckReport, toReport } from '../lib/report.ts';
import type { RemoteSession } from '../lib/remote/index.ts';
import { isRemoteAddress } from '../lib/remote/index.ts';
import { nodeCrc32cPool } from '../node/crc32c-pool.ts';
import { nativeCrc32c } from '../node/native-crc32c.ts';
import type { Io } from './io.ts';
import { fetchedLine, openInputs, type RemoteSettings } from './open-inputs.ts';
import { progressBar } from './progress.ts';
import { InputFileError } from './usage-error.ts';

export interface CheckCommand {
  paths: string[];
  expectedPath?: string | null;
  context?: ReaderContext;
  verify: boolean;
  verifyPrefix?: string | null;
  /** Verify the checkpoint an address named (verify <url>), in place of verifyPrefix. */
  verifyRemotePrefix?: boolean;
  remote?: RemoteSettings;
}

export interface CheckOutcome {
  result: CheckResult;
  report: CheckReport;
  /** Set when an input was an address. */
  session: RemoteSession | null;
}

export async function runCheck(io: Io, command: CheckCommand): Promise<CheckOutcome> {
  const expectedInputs = command.expectedPath ? [command.expectedPath] : [];
  await requirePaths([...command.paths, ...expectedInputs].filter((p) => !isRemoteAddress(p)));
  const opened = await openInputs(command.paths, command.remote);
  const expectedOpened = command.expectedPath ? await openInputs(expectedInputs, command.remote) : null;
  const expected: ExpectedInput | null = expectedOpened ? { kind: 'files', files: expectedOpened.files } : null;
  const verifyPrefix = command.verifyRemotePrefix && opened.remotePrefix ? opened.remotePrefix : (command.verifyPrefix ?? null);
  const bar = progressBar(io);
  const pool = command.verify ? nodeCrc32cPool() : null;
  try {
    const result = await check({
      files: opened.files,
      context: command.context,
      expected,
      options: {
        verify: command.verify,
        verifyPrefix,
        // Remote shards are streamed in parallel: each stream waits on the network, not the CPU.
        verifyConcurrency: opened.session ? 4 : 1,
        crc32c: command.verify ? (nativeCrc32c() ?? undefined) : undefined,
        crc32cPool: pool ?? undefined,
        onProgress: bar?.update,
      },
    });
    // Decoders make a failed read a problem of the file; a network failure is the answer instead.
    const failure = opened.session?.failure ?? expectedOpened?.session?.failure;
    if (failure) throw new InputFileError(failure.message);
    return { result, report: toReport(result), session: opened.session };
  } catch (error) {
    if (error instanceof InputError) throw new InputFileError(error.message);
    throw error;
  } finally {
    await pool?.close();
    bar?.done();
    if (opened.session) io.err(`${fetchedLine(opened.session)}\n`);
    await opened.files.close();
    await expectedOpened?.files.close();
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
