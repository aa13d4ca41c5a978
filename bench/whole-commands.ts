/**
 * Whole commands as a user runs them, on checkpoints TensorFlow itself writes (issue 19): the
 * built CLI (`node bin/tf-restore-doctor.mjs inspect --json`, `verify`) next to TensorFlow
 * (`tf.train.list_variables`, reading every tensor) and `cat` of the same files, each pair back
 * to back in one round so ratios are taken under the same load. Also the scaling of time, CPU
 * and memory with the number of variables and the size of the data.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { generateCheckpoint, transformerCheckpoint } from './gen/checkpoint.ts';
import { CRC_THREADS_ENV } from '../src/node/crc32c-pool.ts';
import { NO_NATIVE_ENV, nativeCrc32c } from '../src/node/native-crc32c.ts';
import { fmt, type ProcessRun, runProcess, spread } from './lib/measure.ts';

export interface WholeCommandsSetup {
  root: string;
  /** Where generated checkpoints are cached. */
  out: string;
  python: string | null;
  node: string;
  rounds: number;
  variableCounts: number[];
  /** Data sizes in GiB: eight float32 tensors each. */
  gibSizes: number[];
  /** Variable counts past what TensorFlow can write here in reasonable time: written by bench/gen (doctor side only). */
  writerVariableCounts: number[];
  log: (s: string) => void;
}

export interface WholeCommandsResult {
  section: string;
  targets: { what: string; met: boolean | null; measured: string }[];
  notes: string[];
}

const TENSORS = 8;

/** The issue's targets are stated at 100,000 variables and 2 GiB; other sizes are scaling rows. */
const goalOf = (sizes: readonly number[], stated: number) => (sizes.includes(stated) ? stated : Math.max(...sizes));
const goalGib = (sizes: readonly number[]) => goalOf(sizes, 2);

const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** Runs bench/gen/tf_checkpoint.py into `dir` unless the same parameters are cached there. */
async function tfCheckpoint(setup: WholeCommandsSetup, dir: string, args: string[]): Promise<string> {
  const stamp = join(dir, '.params.json');
  const key = JSON.stringify({ args, v: 1 });
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== key) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    setup.log(`generating ${dir} with TensorFlow ...`);
    const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' };
    await runProcess(setup.python!, [join(setup.root, 'bench/gen/tf_checkpoint.py'), args[0]!, dir, ...args.slice(1)], { env });
    writeFileSync(stamp, key);
  }
  return join(dir, 'ckpt-1');
}

export async function benchWholeCommands(setup: WholeCommandsSetup): Promise<WholeCommandsResult> {
  const { python, node, rounds } = setup;
  if (!python) {
    return {
      section: '## 0. Whole commands on TensorFlow-written checkpoints\n\nskipped: no TensorFlow to write the checkpoints (set TF_PYTHON).',
      targets: [],
      notes: [],
    };
  }
  const bin = join(setup.root, 'bin/tf-restore-doctor.mjs');
  const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' };
  const peer = join(setup.root, 'bench/peer.py');
  // Each side must show it did the work, so a crash that exits early is never timed as fast.
  const expect = async (run: Promise<ProcessRun>, ok: (stdout: string) => boolean, what: string) => {
    const r = await run;
    if (!ok(r.stdout)) throw new Error(`${what}: unexpected output: ${(r.stdout.slice(0, 300) + r.stderr).slice(0, 600)}`);
    return r;
  };
  const tf = (mode: 'list' | 'read', prefix: string) =>
    expect(runProcess(python, [peer, mode, prefix], { env }), (s) => /"variables": [1-9]/.test(s), `peer.py ${mode}`);
  const inspectJson = (prefix: string, variables: number) =>
    expect(
      runProcess(node, [bin, 'inspect', `${prefix}.index`, `${prefix}.data-00000-of-00001`, '--json'], { okCodes: [0, 1] }),
      (s) => (JSON.parse(s) as { facts: { variables: unknown[] } }).facts.variables.length >= variables,
      'doctor inspect --json',
    );
  // 'all': native crc32c, the default (threads on every core but one, which reads; none on 2 cores);
  // 'two': two crc32c threads forced; 'wasm': the fallback on the main thread.
  const verifyEnv = { all: {}, two: { [CRC_THREADS_ENV]: '2' }, wasm: { [NO_NATIVE_ENV]: '1' } } as const;
  const verify = (prefix: string, how: keyof typeof verifyEnv) =>
    expect(
      runProcess(node, [bin, 'verify', prefix], { env: { ...process.env, ...verifyEnv[how] } }),
      (s) => /all checksums match/.test(s),
      'doctor verify',
    );
  const cat = (prefix: string) => runProcess('cat', [`${prefix}.index`, `${prefix}.data-00000-of-00001`], { discardStdout: true });

  const targets: WholeCommandsResult['targets'] = [];
  const notes: string[] = [];
  const s2 = (runs: ProcessRun[], key: 'ms' | 'cpuMs') => fmt(spread(runs.map((r) => r[key] / 1000)), 2, ' s');
  const rss = (runs: ProcessRun[]) => fmt(spread(runs.map((r) => r.rssMiB)), 0, ' MiB');

  // ---- variables: inspect --json vs list_variables
  const varRows: string[][] = [];
  let lastReportJson: string | null = null;
  let listGoal: { speed: number[]; cpu: number[]; doctor: ProcessRun[]; tf: ProcessRun[]; count: number } | null = null;
  for (const count of setup.variableCounts) {
    const prefix = await tfCheckpoint(setup, join(setup.out, `tf-vars-${count}`), ['variables', String(count)]);
    setup.log(`whole commands: ${count} variables`);
    const doctor: ProcessRun[] = [];
    const peerRuns: ProcessRun[] = [];
    const speed: number[] = [];
    const cpuSpeed: number[] = [];
    let jsonBytes = 0;
    for (let i = 0; i < rounds; i++) {
      const a = await tf('list', prefix);
      const b = await inspectJson(prefix, count);
      jsonBytes = Buffer.byteLength(b.stdout);
      peerRuns.push(a);
      doctor.push(b);
      speed.push(a.ms / b.ms);
      cpuSpeed.push(a.cpuMs / b.cpuMs);
    }
    varRows.push([
      count.toLocaleString('en'),
      s2(peerRuns, 'ms'),
      rss(peerRuns),
      s2(doctor, 'ms'),
      s2(doctor, 'cpuMs'),
      rss(doctor),
      `${(jsonBytes / 2 ** 20).toFixed(1)} MiB`,
      fmt(spread(speed), 1, '×'),
      fmt(spread(cpuSpeed), 1, '×'),
    ]);
    if (count === goalOf(setup.variableCounts, 100_000)) {
      listGoal = { speed, cpu: cpuSpeed, doctor, tf: peerRuns, count };
      lastReportJson = doctor.at(-1)!.stdout;
    }
  }
  // Past what TensorFlow writes here in reasonable time (creating 1,000,000 tf.Variables ran for over
  // 7 minutes and 15 GB before it was stopped): checkpoints from bench/gen, the doctor side only.
  for (const count of setup.writerVariableCounts) {
    const dir = join(setup.out, `writer-vars-${count}`);
    // The stamp records how many tensors were written, so a cached checkpoint is checked the same way.
    const stamp = join(dir, '.params.json');
    const cached = existsSync(stamp) ? (JSON.parse(readFileSync(stamp, 'utf8')) as { count?: number; v?: number; tensors?: number }) : null;
    let variables = cached?.count === count && cached.v === 2 ? cached.tensors : undefined;
    if (variables === undefined) {
      rmSync(dir, { recursive: true, force: true });
      setup.log(`generating ${dir} (bench/gen/checkpoint.ts) ...`);
      const { tensors, graph } = transformerCheckpoint(count, [8, 16, 32, 48]);
      variables = tensors.length;
      await generateCheckpoint(dir, 'ckpt', tensors, { shards: 1, compression: 'snappy', objectGraph: graph });
      writeFileSync(stamp, JSON.stringify({ count, v: 2, tensors: variables }));
    }
    const prefix = join(dir, 'ckpt');
    setup.log(`whole commands: ${count} variables (bench/gen)`);
    // The JSON of a million variables is larger than a string can hold in the bench: it is discarded,
    // and one plain `inspect` shows the run saw every variable.
    const seen = await runProcess(node, [bin, 'inspect', `${prefix}.index`, `${prefix}.data-00000-of-00001`], { okCodes: [0, 1] });
    const tensorsSeen = Number(/(\d+) tensors/.exec(seen.stdout)?.[1] ?? 0);
    if (tensorsSeen < variables * 0.99) throw new Error(`doctor inspect saw ${tensorsSeen} tensors of ${variables}`);
    const runs: ProcessRun[] = [];
    for (let i = 0; i < rounds; i++) {
      runs.push(
        await runProcess(node, [bin, 'inspect', `${prefix}.index`, `${prefix}.data-00000-of-00001`, '--json'], {
          okCodes: [0, 1],
          discardStdout: true,
        }),
      );
    }
    varRows.push([
      `${count.toLocaleString('en')} (bench/gen, not TF)`,
      'not run',
      '',
      s2(runs, 'ms'),
      s2(runs, 'cpuMs'),
      rss(runs),
      'not kept',
      '',
      '',
    ]);
  }
  if (listGoal) {
    const s = spread(listGoal.speed);
    targets.push({
      what: `list a TF-written ${listGoal.count.toLocaleString('en')}-variable checkpoint: \`inspect --json\` ≥ 10× faster than \`tf.train.list_variables\`, whole process`,
      met: s.median >= 10,
      measured: `${s.median.toFixed(1)}× by wall time, ${spread(listGoal.cpu).median.toFixed(1)}× by CPU time (doctor ${(spread(listGoal.doctor.map((r) => r.ms)).median / 1000).toFixed(2)} s, TF ${(spread(listGoal.tf.map((r) => r.ms)).median / 1000).toFixed(2)} s)`,
    });
  }

  // ---- data: verify vs cat vs TF reading every tensor
  const dataRows: string[][] = [];
  const dataCats = new Map<number, ProcessRun[]>();
  let verifyGoal: {
    ratio: number[];
    fallback: number[];
    doctor: ProcessRun[];
    gib: number;
    vsTf: number[];
    cpu: number[];
    two: number[];
  } | null = null;
  for (const gib of setup.gibSizes) {
    const tensorMiB = Math.round((gib * 1024) / TENSORS);
    const prefix = await tfCheckpoint(setup, join(setup.out, `tf-tensors-${gib}gib`), ['tensors', String(TENSORS), String(tensorMiB)]);
    setup.log(`whole commands: ${gib} GiB`);
    const bytes = TENSORS * tensorMiB * 2 ** 20;
    const cats: ProcessRun[] = [];
    const natives: ProcessRun[] = [];
    const twoThreads: ProcessRun[] = [];
    const fallbacks: ProcessRun[] = [];
    const reads: ProcessRun[] = [];
    const ratio: number[] = [];
    const twoRatio: number[] = [];
    const fallbackRatio: number[] = [];
    const vsTf: number[] = [];
    const cpuRatio: number[] = [];
    const twoCpuRatio: number[] = [];
    const fallbackCpuRatio: number[] = [];
    dataCats.set(gib, cats);
    await cat(prefix); // into the page cache, so every round reads from memory
    for (let i = 0; i < rounds; i++) {
      const c = await cat(prefix);
      const n = await verify(prefix, 'all');
      const o = await verify(prefix, 'two');
      const f = await verify(prefix, 'wasm');
      const t = await tf('read', prefix);
      cats.push(c);
      natives.push(n);
      twoThreads.push(o);
      fallbacks.push(f);
      reads.push(t);
      ratio.push(c.ms / n.ms);
      twoRatio.push(c.ms / o.ms);
      twoCpuRatio.push(c.cpuMs / o.cpuMs);
      fallbackRatio.push(c.ms / f.ms);
      vsTf.push(t.ms / n.ms);
      cpuRatio.push(c.cpuMs / n.cpuMs);
      fallbackCpuRatio.push(c.cpuMs / f.cpuMs);
    }
    const rate = (runs: ProcessRun[]) => fmt(spread(runs.map((r) => bytes / 2 ** 20 / (r.ms / 1000))), 0, ' MiB/s');
    for (const [what, runs, r, rc] of [
      ['`cat`', cats, null, null],
      [
        `doctor \`verify\` (native crc32c, the default: ${availableParallelism() > 2 ? `${availableParallelism() - 1} crc32c threads` : 'main thread, the reads on a second'})`,
        natives,
        ratio,
        cpuRatio,
      ],
      ['doctor `verify` (native crc32c, two crc32c threads forced)', twoThreads, twoRatio, twoCpuRatio],
      ['doctor `verify` (WebAssembly crc32c, the fallback)', fallbacks, fallbackRatio, fallbackCpuRatio],
      ['TensorFlow reading every tensor', reads, null, null],
    ] as const) {
      const ratios = r && rc ? [fmt(spread(r), 2, '×'), fmt(spread(rc), 2, '×')] : ['', ''];
      dataRows.push([`${gib} GiB`, what, s2(runs, 'ms'), s2(runs, 'cpuMs'), rate(runs), rss(runs), ...ratios]);
    }
    if (gib === goalGib(setup.gibSizes))
      verifyGoal = { ratio, fallback: fallbackRatio, doctor: natives, gib, vsTf, cpu: cpuRatio, two: twoRatio };
  }
  if (verifyGoal) {
    const r = spread(verifyGoal.ratio);
    const peak = Math.max(...verifyGoal.doctor.map((d) => d.rssMiB));
    targets.push({
      what: `verify a TF-written ${verifyGoal.gib} GiB shard of eight tensors: ≥ 0.8× \`cat\`, < 256 MB RSS`,
      met: r.median >= 0.8 && peak < 256,
      measured: `${r.median.toFixed(2)}× \`cat\` by wall time, ${spread(verifyGoal.cpu).median.toFixed(2)}× by CPU time (two crc32c threads forced ${spread(verifyGoal.two).median.toFixed(2)}×, WebAssembly fallback ${spread(verifyGoal.fallback).median.toFixed(2)}×), ${peak.toFixed(0)} MiB peak RSS; ${spread(verifyGoal.vsTf).median.toFixed(1)}× faster than TF reading every tensor`,
    });
  }

  // ---- the floors: what any Node CLI pays before the doctor's own work
  const floors: string[][] = [];
  const starts: ProcessRun[] = [];
  for (let i = 0; i < rounds; i++) starts.push(await runProcess(node, ['-e', '0']));
  floors.push(['start Node and exit (`node -e 0`)', s2(starts, 'ms'), 'every command pays it']);
  let stringifyText = 'not measured';
  let stringifyMs = Number.NaN;
  let graphShare = Number.NaN;
  if (lastReportJson) {
    const report = JSON.parse(lastReportJson) as { facts?: { object_graph?: unknown } };
    graphShare = JSON.stringify(report.facts?.object_graph ?? null).length / lastReportJson.length;
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      JSON.stringify(report);
      ms.push(performance.now() - t);
    }
    stringifyText = fmt(spread(ms.map((m) => m / 1000)), 2, ' s');
    stringifyMs = spread(ms).median;
    floors.push([
      `\`JSON.stringify\` of the ${listGoal?.count.toLocaleString('en')}-variable report, objects already built (in-process, ${(Buffer.byteLength(lastReportJson) / 2 ** 20).toFixed(1)} MiB)`,
      stringifyText,
      'the text `--json` must write, made by V8 itself',
    ]);
  }
  const nativeRate = nativeCrcRate();
  const startMs = spread(starts.map((r) => r.ms)).median;
  if (listGoal && spread(listGoal.speed).median < 10) {
    const doctorMs = spread(listGoal.doctor.map((r) => r.ms)).median;
    const tfMs = spread(listGoal.tf.map((r) => r.ms)).median;
    notes.push(
      `- **Listing ${listGoal.count.toLocaleString('en')} variables.** 10× TensorFlow's ${(tfMs / 1000).toFixed(2)} s would be ${(tfMs / 10000).toFixed(2)} s for the whole command; it takes ${(doctorMs / 1000).toFixed(2)} s (${(spread(listGoal.doctor.map((r) => r.cpuMs)).median / 1000).toFixed(2)} s CPU). ` +
        `Of that, starting Node is ${(startMs / 1000).toFixed(2)} s and making the report's JSON text with V8's own \`JSON.stringify\` is ${stringifyText} (floors table in benchmark 0): ` +
        `${((startMs + stringifyMs) / 1000).toFixed(2)} s for those two alone against the ${(tfMs / 10000).toFixed(2)} s allowed, before a byte is read. The document is what makes most of that: ${(Buffer.byteLength(lastReportJson ?? '') / 2 ** 20).toFixed(1)} MiB, ${(graphShare * 100).toFixed(0)}% of it the object graph's nodes. ` +
        "The rest is the doctor's own work in JavaScript: decoding 100,000 index entries and a 100,000-node object graph, the checks, and the garbage collection of the objects they make " +
        '(about a quarter of the CPU in `node --cpu-prof bin/tf-restore-doctor.mjs inspect … --json`). It is not bounded by anything outside the doctor; it is short of the goal.',
    );
  }
  if (verifyGoal && spread(verifyGoal.ratio).median < 0.8 && nativeRate) {
    const catMs = spread(dataCats.get(verifyGoal.gib)!.map((r) => r.ms)).median;
    const catCpuMs = spread(dataCats.get(verifyGoal.gib)!.map((r) => r.cpuMs)).median;
    const crcMs = ((verifyGoal.gib * 1024) / nativeRate) * 1000;
    const floorCpuMs = catCpuMs + crcMs + startMs;
    const s = (ms: number) => (ms / 1000).toFixed(2);
    notes.push(
      `- **Verify vs \`cat\` (${verifyGoal.gib} GiB).** 0.8× \`cat\` allows ${s(catMs / 0.8)} s. \`cat\` only copies the bytes out of the page cache (${s(catCpuMs)} s of CPU); verify must also compute the crc32c of every byte (TensorFlow's own rule). ` +
        `The native crc32c (the CPU's CRC32 instruction) alone, on bytes already in memory, is ${s(crcMs)} s of one core (${nativeRate.toFixed(0)} MiB/s, floors table), and Node's start ${s(startMs)} s: ` +
        `${s(floorCpuMs)} s of CPU before any cost of the doctor's own, so on 2 cores the goal needs all of it split evenly over both (${s(floorCpuMs / 2)} s) with nothing else. ` +
        `Verify measured ${s(spread(verifyGoal.doctor.map((r) => r.cpuMs)).median)} s of CPU and ${s(spread(verifyGoal.doctor.map((r) => r.ms)).median)} s. ` +
        "The reads run on libuv's thread while the main thread checksums; two forced crc32c threads measured slower than the default (rows above), so the pool starts threads only on machines with more than 2 cores.",
    );
  }
  if (nativeRate)
    floors.push([
      'native crc32c on bytes already in memory, one thread (256 MiB, in-process)',
      `${nativeRate.toFixed(0)} MiB/s`,
      "TF's own rule: every byte is checksummed",
    ]);

  const section = [
    '## 0. Whole commands on TensorFlow-written checkpoints',
    '',
    'Checkpoints written by TensorFlow itself (`bench/gen/tf_checkpoint.py`: `tf.train.Checkpoint(model=module).write`, one data shard). ' +
      'Doctor side: the built CLI, `node bin/tf-restore-doctor.mjs` (the installed command), its whole process. TensorFlow side: `bench/peer.py` ' +
      '(`tf.train.list_variables`; `load_checkpoint(...).get_tensor` for every variable, which checks every crc32c), import included. ' +
      `Each round runs the row's commands back to back and the ratio is taken in that round; ${rounds} rounds, median (min–max). ` +
      'Files are in the page cache (generated, then read every round). CPU is user + system time of the whole process.',
    '',
    '### Listing: `inspect --json` vs `tf.train.list_variables`',
    '',
    table(
      [
        'variables',
        'TF list_variables',
        'TF RSS',
        'doctor inspect --json',
        'doctor CPU',
        'doctor RSS',
        'JSON',
        'speed-up (wall)',
        'speed-up (CPU)',
      ],
      varRows,
    ),
    '',
    '### Reading every byte: `verify` vs `cat` vs TensorFlow',
    '',
    table(['data', 'command', 'wall', 'CPU', 'throughput', 'peak RSS', '`cat` wall / this', '`cat` CPU / this'], dataRows),
    '',
    '### Floors measured in the same run',
    '',
    table(['work', 'time or rate', 'why it bounds the commands'], floors),
  ].join('\n');
  return { section, targets, notes };
}

/** The native crc32c's own rate on 256 MiB already in memory (MiB/s), or null without it. */
function nativeCrcRate(): number | null {
  const crc32c = nativeCrc32c();
  if (!crc32c) return null;
  const bytes = new Uint8Array(256 * 2 ** 20).fill(0x5a);
  const best: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    crc32c(0, bytes);
    best.push(performance.now() - t);
  }
  return 256 / (Math.min(...best) / 1000);
}
