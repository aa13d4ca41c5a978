/**
 * The long fuzz run: `npm run fuzz -- --seed N --seconds S`.
 *
 * Cases run in a child process (test/fuzz/child.ts) under a watchdog: a case that has not
 * finished after --timeout-ms is a hang, so the child is killed and restarted after that case;
 * a child that dies (out of memory under --max-old-space-size, a wasm abort) is a crash, named
 * by the case it was running. Every failing case is written to test/fuzz/found/seed-N-case-I/
 * (its files as the decoder saw them, plus what broke) for reduction into the regression corpus.
 *
 *   --seed N        run seed (default: the current time)
 *   --seconds S     time budget (default 60)
 *   --start I       first case index (default 0: the unmutated seeds come first)
 *   --timeout-ms T  per-case watchdog (default 10000)
 *   --case I        run just case I in this process and print its report (reproduce a failure)
 *
 * Exit status: 0 when every case held every invariant, 1 otherwise.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RESTART_EXIT, type ChildMessage } from '../test/fuzz/child-protocol.ts';
import { loadSeeds, makeCase } from '../test/fuzz/cases.ts';
import { checkCase, INVARIANTS } from '../test/fuzz/invariants.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    seconds: { type: 'string' },
    start: { type: 'string' },
    'timeout-ms': { type: 'string' },
    case: { type: 'string' },
  },
});
const runSeed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const seconds = Number(values.seconds ?? 60);
const timeoutMs = Number(values['timeout-ms'] ?? 10_000);
const SLOW_MS = 5_000;

interface Failure {
  index: number;
  kind: 'violation' | 'hang' | 'crash';
  detail: string;
}

async function saveCase(index: number, failure: Failure): Promise<string> {
  const c = makeCase(await loadSeeds(), runSeed, index);
  const dir = join(ROOT, 'test/fuzz/found', `seed-${runSeed}-case-${index}`);
  for (const f of c.files) {
    mkdirSync(dirname(join(dir, 'files', f.path)), { recursive: true });
    writeFileSync(join(dir, 'files', f.path), f.bytes);
  }
  writeFileSync(join(dir, 'failure.json'), `${JSON.stringify({ runSeed, seed: c.seed, mutations: c.mutations, ...failure }, null, 2)}\n`);
  return dir;
}

async function reproduce(index: number): Promise<number> {
  const c = makeCase(await loadSeeds(), runSeed, index);
  const r = await checkCase(c.files, undefined, { claimedBefore: c.claimedBefore });
  console.log(
    JSON.stringify(
      { index, seed: c.seed, mutations: c.mutations, files: c.files.map((f) => `${f.path} (${f.bytes.length} B)`), ...r },
      null,
      2,
    ),
  );
  return r.violations.length ? 1 : 0;
}

async function longRun(): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  const failures: Failure[] = [];
  const held = Object.fromEntries(INVARIANTS.map((i) => [i, 0])) as Record<string, number>;
  let cases = 0;
  let decoded = 0;
  let seedCount = 0;
  let restarts = 0;
  let next = Number(values.start ?? 0);

  while (Date.now() < deadline - 500) {
    const remaining = Math.max(1, Math.floor((deadline - Date.now()) / 1000));
    const outcome = await new Promise<{ running: number | null; reason: 'finished' | 'restart' | 'hang' | 'crash'; detail: string }>(
      (done) => {
        const child: ChildProcess = fork(
          join(ROOT, 'test/fuzz/child.ts'),
          ['--seed', String(runSeed), '--start', String(next), '--seconds', String(remaining)],
          {
            cwd: ROOT,
            execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
            stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
          },
        );
        let running: number | null = null;
        let stderr = '';
        let settled = false;
        let watchdog: NodeJS.Timeout | null = null;
        const settle = (reason: 'finished' | 'restart' | 'hang' | 'crash', detail: string) => {
          if (settled) return;
          settled = true;
          if (watchdog) clearTimeout(watchdog);
          done({ running, reason, detail });
        };
        child.stderr!.on('data', (d: Buffer) => {
          stderr = (stderr + d.toString()).slice(-4000);
        });
        child.on('message', (m: ChildMessage) => {
          if (m.type === 'ready') seedCount = m.seeds;
          else if (m.type === 'start') {
            running = m.index;
            watchdog = setTimeout(() => {
              child.kill('SIGKILL');
              settle('hang', `no answer after ${timeoutMs} ms`);
            }, timeoutMs);
          } else if (m.type === 'done') {
            if (watchdog) clearTimeout(watchdog);
            running = null;
            next = m.index + 1;
            cases++;
            if (m.decoded) decoded++;
            const broken = new Set(m.violations.map((v) => v.invariant));
            if (m.ms > SLOW_MS) broken.add('finishes within the time bound');
            for (const inv of INVARIANTS) if (!broken.has(inv)) held[inv]!++;
            if (broken.size > 0) {
              const detail = [
                ...m.violations.map((v) => `${v.invariant}: ${v.detail}`),
                ...(m.ms > SLOW_MS ? [`finishes within the time bound: ${m.ms.toFixed(0)} ms`] : []),
              ].join('\n');
              failures.push({ index: m.index, kind: 'violation', detail });
            }
          }
        });
        child.on('exit', (code, signal) => {
          if (running === null && code === 0) settle('finished', '');
          else if (running === null && code === RESTART_EXIT) settle('restart', '');
          else
            settle('crash', `child exited with ${signal ?? code}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
        });
      },
    );
    if (outcome.reason === 'finished') break;
    if (outcome.reason === 'restart') {
      restarts++;
      continue;
    }
    if (outcome.running === null) {
      // Died between cases (e.g. while loading seeds): nothing to blame, stop rather than loop.
      failures.push({ index: next, kind: 'crash', detail: outcome.detail });
      break;
    }
    cases++;
    failures.push({ index: outcome.running, kind: outcome.reason === 'hang' ? 'hang' : 'crash', detail: outcome.detail });
    next = outcome.running + 1;
  }

  console.log(
    `fuzz seed ${runSeed}: ${cases} cases in ${seconds} s from ${seedCount} seed artifacts (${decoded} with a readable artifact), cases ${values.start ?? 0}..${next - 1}`,
  );
  // Hung and crashed cases never report: the invariants are counted over the cases that completed.
  const completed = cases - failures.filter((f) => f.kind !== 'violation').length;
  for (const inv of INVARIANTS)
    console.log(`  ${held[inv] === completed ? 'held' : 'BROKEN'}  ${inv}: ${held[inv]}/${completed} completed cases`);
  console.log(
    `  hangs (killed after ${timeoutMs} ms): ${failures.filter((f) => f.kind === 'hang').length}; crashed processes: ${failures.filter((f) => f.kind === 'crash').length}; fresh processes after an h5wasm abort (contained as a DecodeError): ${restarts}`,
  );
  for (const f of failures) {
    const dir = await saveCase(f.index, f);
    console.log(
      `  case ${f.index} ${f.kind}: ${f.detail.split('\n')[0]}\n    saved to ${dir}\n    reproduce: npm run fuzz -- --seed ${runSeed} --case ${f.index}`,
    );
  }
  return failures.length ? 1 : 0;
}

process.exitCode = values.case !== undefined ? await reproduce(Number(values.case)) : await longRun();
