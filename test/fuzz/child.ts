/**
 * The long run's worker process: runs fuzz cases from --start for --seconds and reports each
 * case over IPC before it starts and after it ends, so the parent (scripts/fuzz.ts) can kill it
 * when one case hangs (h5wasm is synchronous: only a process boundary can stop it) or notice
 * when the process dies (out of memory, a wasm abort) and name the case that did it.
 */
import { parseArgs } from 'node:util';
import { runCases } from './run.ts';

export type ChildMessage =
  | { type: 'ready'; seeds: number }
  | { type: 'start'; index: number }
  | { type: 'done'; index: number; ms: number; violations: { invariant: string; detail: string }[]; decoded: boolean; problems: number; findings: number; mutations: string[]; seed: string }
  | { type: 'finished' };

const { values } = parseArgs({ options: { seed: { type: 'string' }, start: { type: 'string' }, seconds: { type: 'string' } } });
const send = (m: ChildMessage) => process.send!(m);
/** For checking the watchdog itself: spin forever (synchronously, like a stuck wasm call) at this case. */
const simulateHangAt = process.env.FUZZ_SIMULATE_HANG_AT === undefined ? null : Number(process.env.FUZZ_SIMULATE_HANG_AT);

await runCases({
  runSeed: Number(values.seed),
  start: Number(values.start ?? 0),
  seconds: Number(values.seconds ?? 60),
  // Time is the parent's watchdog's job here; report slow cases through it, not twice.
  limits: { timeMs: Infinity, memoryBytes: 512 * 1024 * 1024 },
  onStart: (index) => {
    send({ type: 'start', index });
    if (index === simulateHangAt) for (;;);
  },
  onCase: (c, r) =>
    send({ type: 'done', index: c.index, ms: r.ms, violations: r.violations, decoded: r.artifacts.length > 0, problems: r.problems, findings: r.findings, mutations: c.mutations, seed: c.seed }),
  onReady: (seeds) => send({ type: 'ready', seeds }),
});
send({ type: 'finished' });
process.disconnect();
