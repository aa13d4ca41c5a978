/**
 * The CLI as people run it: the installed command (the built bundle) and `npm run -s doctor`, and
 * execute() in-process for the rest. The JSON contract, exit statuses, one-line errors without
 * stack traces, per-command options, help and version, verify on good and damaged copies of a
 * real checkpoint, triage of a real traceback, diff against a variable list.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/usage.ts';
import { ROOT, type Run, runBin, runCli } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';

const scratch = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const TF2_SAVED_MODEL = fixturePath(
  'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123',
);
const T2T = fixturePath('t2t/tensor2tensor/test_data/transformer_test_ckpt');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

describe('the command', () => {
  it('package.json names the built bundle as the tf-restore-doctor command', () => {
    expect(PACKAGE.bin['tf-restore-doctor']).toBe('bin/tf-restore-doctor.mjs');
  });

  it('--version prints the package version; --help and <command> --help print usage and exit 0', async () => {
    const version = await runBin(['--version']);
    expect(version).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).toContain(name);
    for (const name of Object.keys(COMMANDS)) {
      const run = await runBin([name, '--help']);
      expect(run.code, name).toBe(0);
      expect(run.stdout, name).toMatch(new RegExp(`^usage: tf-restore-doctor ${name}`));
    }
  });

  it('npm run -s doctor works as the README says', async () => {
    const run = await new Promise<Run>((done) =>
      execFile('npm', ['run', '-s', 'doctor', '--', 'inspect', TF2_SAVED_MODEL, '--json'], { cwd: ROOT }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expect(run.code).toBe(0);
    expect(
      JSON.parse(run.stdout)
        .artifacts.map((a: { format: string }) => a.format)
        .sort(),
    ).toEqual(['checkpoint', 'saved_model']);
  });
});

describe('inspect', () => {
  it('--json follows the contract', async () => {
    const run = await runBin(['inspect', TF2_SAVED_MODEL, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    for (const a of out.artifacts) expect(Object.keys(a)).toEqual(expect.arrayContaining(['path', 'format', 'readable']));
    expect(Object.keys(out.facts.producer)).toEqual(
      expect.arrayContaining(['tensorflow', 'tensorflow_git', 'keras', 'backend', 'graph_def_producer']),
    );
    // MANIFEST: TF 2.14.0, producer 1569, 3 float32 variables a/b/c, signature serving_default float32 → float32.
    expect(out.facts.producer.tensorflow).toBe('2.14.0');
    expect(out.facts.producer.graph_def_producer).toBe(1569);
    expect(out.facts.variables.map((v: { dtype: string }) => v.dtype)).toEqual(['float32', 'float32', 'float32']);
    const serving = out.facts.signatures.find((s: { key: string }) => s.key === 'serving_default');
    expect(serving.inputs[0].dtype).toBe('float32');
    expect(out.facts.ops).toEqual([...out.facts.ops].sort());
    expect(out.facts.ops).toContain('DisableCopyOnRead');
    expect(Array.isArray(out.facts.custom_objects)).toBe(true);
    expect(Array.isArray(out.facts.missing)).toBe(true);
    expect(Array.isArray(out.findings)).toBe(true);
    // Checksums are verified by default: the variables checkpoint's 3 values and its object graph.
    expect(out.verify).toHaveLength(1);
    expect(out.verify[0].report).toMatchObject({ ok: true, tensors: 4 });
  });

  it('says whether checksums were verified, and --no-verify skips them', async () => {
    const verified = await runCli(['inspect', TF2_SAVED_MODEL]);
    expect(verified.stdout).toMatch(/checksums\s+00000123\/variables\/variables: 4 tensors, .* — all match/);
    const skipped = await runCli(['inspect', TF2_SAVED_MODEL, '--no-verify']);
    expect(skipped.stdout).toMatch(/checksums\s+not verified \(--no-verify\)/);
    const json = JSON.parse((await runCli(['inspect', TF2_SAVED_MODEL, '--no-verify', '--json'])).stdout);
    expect(json.verify).toBeNull();
  });

  it('a path that does not exist exits 2 with one line and no stack trace', async () => {
    const run = await runBin(['inspect', join(scratch, 'nope')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/nope: no such file or directory/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a file that is no model exits 2 naming it', async () => {
    const junk = join(scratch, 'notes.txt');
    writeFileSync(junk, 'just some notes\n');
    const run = await runBin(['inspect', junk]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/notes\.txt/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('arguments', () => {
  it('each command accepts only its own options: anything else exits 2 with one line and a pointer to its help', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [[], /no command given/],
      [['inspect', TF2_SAVED_MODEL, '--no-such-flag'], /inspect: Unknown option '--no-such-flag'/],
      [['inspect', TF2_SAVED_MODEL, '--input-dtype', 'floaty'], /--input-dtype floaty: not a TensorFlow dtype/],
      [['triage', '--tf', '2.15', '-'], /triage: Unknown option '--tf'/],
      [['verify', T2T, '--keras', '3.15'], /verify: Unknown option '--keras'/],
      [['verify', T2T, '--expect', T2T], /verify: Unknown option '--expect'/],
      [['diff', TF2_SAVED_MODEL], /diff needs <saved-path> <expected-path>/],
      [['inspect', TF2_SAVED_MODEL, '--site', 'not a url'], /--site: "not a url" is not a URL/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { stdin: '' });
      expect(run.code, args.join(' ')).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines[0], args.join(' ')).toMatch(message);
      expect(lines.length, args.join(' ')).toBeLessThanOrEqual(2);
      expect(run.stdout, args.join(' ')).toBe('');
    }
  });
});

describe('verify', () => {
  it('passes a real checkpoint and names the tensor in a damaged copy', async () => {
    const good = await runBin(['verify', T2T, '--json']);
    expect(good.code).toBe(0);
    const report = JSON.parse(good.stdout).verify[0].report;
    expect(report.ok).toBe(true);
    // MANIFEST: 250 entries.
    expect(report.tensors).toBe(250);

    const copy = join(scratch, 'damaged');
    mkdirSync(copy);
    for (const name of readdirSync(T2T)) copyFileSync(join(T2T, name), join(copy, name));
    // The biggest data shard (this checkpoint has two).
    const shard = readdirSync(copy)
      .filter((n) => /\.data-\d{5}-of-\d{5}$/.test(n))
      .sort((a, b) => statSync(join(copy, b)).size - statSync(join(copy, a)).size)[0]!;
    const bytes = readFileSync(join(copy, shard));
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(join(copy, shard), bytes);
    const bad = await runBin(['verify', copy, '--json']);
    expect(bad.code).toBe(1);
    const damaged = JSON.parse(bad.stdout);
    const hit = damaged.verify[0].report.bad;
    expect(hit).toHaveLength(1);
    expect(hit[0].offset).toBeLessThanOrEqual(at);
    expect(hit[0].offset + hit[0].size).toBeGreaterThan(at);
    expect(
      damaged.findings.some((f: { failure: string; severity: string }) => f.failure === 'corrupted-checkpoint' && f.severity === 'error'),
    ).toBe(true);

    const human = await runCli(['verify', copy]);
    expect(human.stdout).toContain(hit[0].name);
    // inspect verifies too: the same damage is never "No problems found".
    const inspected = await runCli(['inspect', copy]);
    expect(inspected.code).toBe(1);
    expect(inspected.stdout).toContain(`Checksum mismatch in ${hit[0].name}`);
    expect(statSync(join(copy, shard)).size).toBe(bytes.length);
  });

  it('a prefix and its .index name the same checkpoint as its folder', async () => {
    const byFolder = JSON.parse((await runCli(['verify', T2T, '--json'])).stdout).verify;
    for (const target of [join(T2T, 'model.ckpt-1'), join(T2T, 'model.ckpt-1.index')]) {
      const run = await runCli(['verify', target, '--json']);
      expect(run.code, target).toBe(0);
      expect(JSON.parse(run.stdout).verify, target).toEqual(byFolder);
    }
  });
});

describe('triage', () => {
  it('reads a real traceback from a file and from stdin', async () => {
    const file = join(ROOT, 'test/data/tracebacks/11-keras3-could-not-locate-class.txt');
    const expected = /# expected-failure: (\S+)/.exec(readFileSync(file, 'utf8'))![1];
    const run = await runBin(['triage', file, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).matches[0].failure).toBe(expected);
    const piped = await runBin(['triage', '-', '--json'], { stdin: readFileSync(file) });
    expect(JSON.parse(piped.stdout).matches[0].failure).toBe(expected);
  });
});

describe('diff', () => {
  it('compares a checkpoint with a pasted variable list: matched, missing, extra and reshaped values are named', async () => {
    const list = join(scratch, 'expected.txt');
    // What tf.train.list_variables prints for this SavedModel's variables (a, b, c: float32
    // scalars, MANIFEST), with b under another name and c given another shape. "b" and
    // "b_renamed" share too little to be called a rename: b is extra, b_renamed missing.
    writeFileSync(list, "[('a', []), ('b_renamed', []), ('c', [2])]\n");
    const run = await runCli(['diff', TF2_SAVED_MODEL, list, '--json']);
    expect([0, 1]).toContain(run.code);
    const { diff } = JSON.parse(run.stdout);
    const keyOf = (name: string) => name.replace(/\/\.ATTRIBUTES\/VARIABLE_VALUE$/, '');
    expect(diff.matched.map((m: { saved: string }) => keyOf(m.saved))).toEqual(['a']);
    expect(diff.missing.map((m: { name: string }) => m.name)).toEqual(['b_renamed']);
    expect(diff.extra.map((m: { name: string }) => keyOf(m.name))).toEqual(['b']);
    expect(
      diff.reshaped.map((r: { name: string; saved_shape: number[]; expected_shape: number[] }) => [
        r.name,
        r.saved_shape,
        r.expected_shape,
      ]),
    ).toEqual([['c', [], [2]]]);
  });
});

describe('guide links', () => {
  const tf1 = fixturePath('tf2onnx/tests/models/regression/checkpoint');

  it('use --site, else TF_RESTORE_DOCTOR_SITE, else the built-in address', async () => {
    const guideLines = (run: Run) => run.stdout.split('\n').filter((l) => l.includes('guide: '));
    const bySite = await runCli(['inspect', tf1, '--site', 'https://doctor.example.org/']);
    expect(guideLines(bySite).length).toBeGreaterThan(0);
    for (const l of guideLines(bySite)) expect(l).toMatch(/guide: https:\/\/doctor\.example\.org\/failures\/[a-z0-9-]+\/#/);
    const byEnv = await runCli(['inspect', tf1], { env: { TF_RESTORE_DOCTOR_SITE: 'https://env.example.org' } });
    for (const l of guideLines(byEnv)) expect(l).toContain('guide: https://env.example.org/failures/');
    const builtIn = await runBin(['inspect', tf1], { env: { TF_RESTORE_DOCTOR_SITE: '' } });
    expect(guideLines(builtIn).length).toBeGreaterThan(0);
    for (const l of guideLines(builtIn)) expect(l).not.toContain('tf-restore-doctor.example');
  });
});
