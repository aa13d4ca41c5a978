/**
 * Runs a Node program in a child process and measures what it cost: wall time, and peak resident
 * memory as the kernel counted it (getrusage maxRSS, reported by measure-child.mjs on fd 3). A
 * child that runs past the safety limit is killed and reported as timed out, never waited on.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const MEASURE = join(import.meta.dirname, 'measure-child.mjs');

export interface Measured {
  /** Exit status, or null when killed. */
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the child in MiB; null when it died before reporting. */
  maxRssMiB: number | null;
}

export function runMeasured(program: string, args: readonly string[], options: { limitMs: number; cwd?: string }): Promise<Measured> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(process.execPath, [MEASURE, program, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const rss: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => rss.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const kib = Number.parseInt(Buffer.concat(rss).toString(), 10);
      done({
        code,
        timedOut,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        ms: performance.now() - started,
        maxRssMiB: Number.isFinite(kib) ? kib / 1024 : null,
      });
    });
  });
}
