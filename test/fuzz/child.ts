/**
 * The long run's worker process: runs fuzz cases from --start for --seconds and reports each
 * case over IPC before it starts and after it ends, so the parent (scripts/fuzz.ts) can kill it
 * when one case hangs (h5wasm is synchronous: only a process boundary can stop it) or notice
 * when the process dies (out of memory, a wasm abort) and name the case that did it.
 */
import { parseArgs } from 'node:util';
import { RESTART_EXIT, type ChildMessage } from './child-protocol.ts';
import { runCases } from './run.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, start: { type: 'string' }, seconds: { type: 'string' } } });
const send = (m: ChildMessage) => process.send!(m);
/** For checking the watchdog itself: spin forever (synchronously, like a stuck wasm call) at this case. */
const simulateHangAt = process.env.FUZZ_SIMULATE_HANG_AT === undefined ? null : Number(process.env.FUZZ_SIMULATE_HANG_AT);

let engineCrashed = false;
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
  onCase: (c, r) => {
    send({
      type: 'done',
      index: c.index,
      ms: r.ms,
      violations: r.violations,
      decoded: r.artifacts.length > 0,
      problems: r.problems,
      findings: r.findings,
      mutations: c.mutations,
      seed: c.seed,
    });
    engineCrashed ||= r.engineCrashed;
  },
  stop: () => engineCrashed,
  onReady: (seeds) => send({ type: 'ready', seeds }),
});
if (engineCrashed) {
  // Later HDF5 cases would only see "crashed on an earlier file": start over in a fresh process
  // (after the last messages have left).
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.disconnect();
  process.exit(RESTART_EXIT);
}
send({ type: 'finished' });
process.disconnect();
