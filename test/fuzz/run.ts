/**
 * Runs fuzz cases in this process and tallies them: used by the short run inside `npm test`
 * (a fixed seed and count) and by the child process of the long run (scripts/fuzz.ts).
 */
import { loadSeeds, makeCase, type FuzzCase } from './cases.ts';
import { checkCase, DEFAULT_LIMITS, INVARIANTS, type CaseLimits, type CaseReport, type Invariant } from './invariants.ts';

export interface Failure {
  index: number;
  seed: string;
  mutations: string[];
  violations: CaseReport['violations'];
}

export interface RunSummary {
  runSeed: number;
  cases: number;
  seeds: number;
  /** Cases whose inspect found at least one artifact it could read. */
  decoded: number;
  /** Total problems (DecodeErrors) and findings produced. */
  problems: number;
  findings: number;
  directCalls: number;
  slowestMs: number;
  /** Cases on which h5wasm aborted (contained as a DecodeError; later HDF5 files in this process are refused). */
  engineCrashes: number;
  /** Cases each invariant held for. */
  held: Record<Invariant, number>;
  /** How often each mutation was applied. */
  mutations: Record<string, number>;
  failures: Failure[];
}

export async function runCases(options: {
  runSeed: number;
  count?: number;
  seconds?: number;
  start?: number;
  limits?: CaseLimits;
  onStart?: (index: number) => void;
  onCase?: (c: FuzzCase, r: CaseReport) => void;
  onReady?: (seeds: number) => void;
  stop?: () => boolean;
}): Promise<RunSummary> {
  const seeds = await loadSeeds();
  options.onReady?.(seeds.length);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const summary: RunSummary = {
    runSeed: options.runSeed,
    cases: 0,
    seeds: seeds.length,
    decoded: 0,
    problems: 0,
    findings: 0,
    directCalls: 0,
    slowestMs: 0,
    engineCrashes: 0,
    held: Object.fromEntries(INVARIANTS.map((i) => [i, 0])) as Record<Invariant, number>,
    mutations: {},
    failures: [],
  };
  const deadline = options.seconds === undefined ? Infinity : Date.now() + options.seconds * 1000;
  const end = options.count === undefined ? Infinity : (options.start ?? 0) + options.count;
  for (let index = options.start ?? 0; index < end && Date.now() < deadline && !options.stop?.(); index++) {
    options.onStart?.(index);
    const c = makeCase(seeds, options.runSeed, index);
    const r = await checkCase(c.files, limits, { claimedBefore: c.claimedBefore });
    summary.cases++;
    if (r.artifacts.length > 0) summary.decoded++;
    summary.problems += r.problems;
    summary.findings += r.findings;
    summary.directCalls += r.directCalls;
    summary.slowestMs = Math.max(summary.slowestMs, r.ms);
    if (r.engineCrashed) summary.engineCrashes++;
    for (const m of c.mutations) {
      const name = m.replace(/^.*: /, '');
      summary.mutations[name] = (summary.mutations[name] ?? 0) + 1;
    }
    const broken = new Set(r.violations.map((v) => v.invariant));
    for (const inv of INVARIANTS) if (!broken.has(inv)) summary.held[inv]++;
    if (r.violations.length) summary.failures.push({ index, seed: c.seed, mutations: c.mutations, violations: r.violations });
    options.onCase?.(c, r);
  }
  return summary;
}

export function formatSummary(s: RunSummary): string {
  const lines = [
    `fuzz seed ${s.runSeed}: ${s.cases} cases from ${s.seeds} seed artifacts (${s.decoded} still had a readable artifact; ${s.problems} DecodeErrors, ${s.findings} findings, ${s.directCalls} direct decoder calls; slowest case ${s.slowestMs.toFixed(0)} ms; h5wasm aborts contained: ${s.engineCrashes})`,
    ...Object.entries(s.held).map(([inv, n]) => `  ${n === s.cases ? 'held' : 'BROKEN'}  ${inv}: ${n}/${s.cases}`),
    `  mutations: ${Object.entries(s.mutations)
      .sort((a, b) => b[1] - a[1])
      .map(([m, n]) => `${m} ${n}`)
      .join(', ')}`,
  ];
  for (const f of s.failures.slice(0, 20)) {
    lines.push(`  case ${f.index} (${f.seed}; ${f.mutations.join(' | ') || 'unmutated'}):`);
    for (const v of f.violations) lines.push(`    ${v.invariant}: ${v.detail.split('\n').slice(0, 4).join(' / ')}`);
  }
  return lines.join('\n');
}
