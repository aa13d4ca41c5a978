/**
 * Timing helpers for the benchmarks: medians with min/max, whole-process runs with wall time
 * and peak RSS (through /usr/bin/time when present, else by polling /proc/<pid>/status), and a
 * description of the machine the numbers come from.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[n - 1] ?? NaN, runs: n };
}

/** "1.23 (1.20–1.31)" with `digits` decimals. */
export function fmt(s: Spread, digits = 2, unit = ''): string {
  if (!Number.isFinite(s.median)) return 'n/a';
  const f = (v: number) => v.toFixed(digits);
  return s.runs > 1 ? `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})` : `${f(s.median)}${unit}`;
}

export interface ProcessRun {
  /** Wall time in milliseconds, spawn to exit. */
  ms: number;
  /** Peak resident set size in MiB. */
  rssMiB: number;
  /** User + system CPU time in milliseconds (GNU time; NaN without it): steadier than wall time on a shared machine. */
  cpuMs: number;
  code: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/** Runs a command to completion and reports wall time and peak RSS. Fails on a non-zero exit unless `okCodes` allows it. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; okCodes?: number[]; cwd?: string; discardStdout?: boolean } = {},
): Promise<ProcessRun> {
  const okCodes = options.okCodes ?? [0];
  const useTime = existsSync(GNU_TIME);
  const rssFile = join(tmpdir(), `bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, [...args]];
  const started = process.hrtime.bigint();
  const child = spawn(cmd, argv, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', options.discardStdout ? 'ignore' : 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  // `cat` of gigabytes: its output is not kept (a string cannot hold it).
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  let polledKiB = 0;
  const poll = useTime ? null : setInterval(() => (polledKiB = Math.max(polledKiB, vmHwmKiB(child.pid))), 5);
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? -1));
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (poll) clearInterval(poll);
  let rssKiB = polledKiB;
  let cpuMs = Number.NaN;
  if (useTime) {
    const text = existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : '';
    rssFile && rmSync(rssFile, { force: true });
    const [rss, user, sys] = (text.trim().split('\n').pop() ?? '').split(' ').map(Number);
    rssKiB = rss || 0;
    cpuMs = ((user ?? Number.NaN) + (sys ?? Number.NaN)) * 1000;
  }
  const run = {
    ms,
    rssMiB: rssKiB / 1024,
    cpuMs,
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
  if (!okCodes.includes(code)) {
    throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return run;
}

function vmHwmKiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Wall time of an async function in milliseconds. */
export async function timeIt<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

export function describeMachine(tfVersion: string | null): string[] {
  const cpuList = cpus();
  const model = cpuList[0]?.model ?? 'unknown CPU';
  let os = 'unknown OS';
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    /* not Linux */
  }
  const kernel = spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim();
  const disk =
    spawnSync('df', ['-h', '--output=source,fstype,size', process.cwd()], { encoding: 'utf8' }).stdout.trim().split('\n').pop() ?? '';
  return [
    `CPU: ${model}, ${cpuList.length} logical core(s) visible`,
    `Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `OS: ${os}, kernel ${kernel}`,
    `Disk (repo): ${disk.replace(/\s+/g, ' ')}`,
    `Node: ${process.version}`,
    `TensorFlow (peer): ${tfVersion ?? 'not available'}`,
  ];
}

export const MiB = 1024 * 1024;
