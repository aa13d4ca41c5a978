/**
 * Running the CLI in tests: in-process through execute() (fast; the same code the bin runs), or
 * as the installed command runs, the built bundle bin/tf-restore-doctor.mjs in a child process
 * (exit status, stderr and stdin as a shell sees them). The bundle is built once per test run by
 * test/helpers/build-cli.global.ts.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { execute } from '../../src/cli/execute.ts';
import { memoryIo } from '../../src/cli/io.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/tf-restore-doctor.mjs');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const io = memoryIo({ stdin: options.stdin, env: options.env });
  const code = await execute(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

export function runBin(
  args: string[],
  options: { stdin?: string | Uint8Array; env?: Record<string, string>; timeout?: number } = {},
): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, maxBuffer: 256 * 1024 * 1024, timeout: options.timeout ?? 120_000, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}
