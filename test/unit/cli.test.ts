/**
 * The doctor CLI as people run it (`npm run -s doctor -- …`), as a subprocess: the JSON
 * contract, exit statuses, one-line errors without stack traces, verify on good and damaged
 * copies of a real checkpoint, triage of a real traceback.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI the way `npm run -s doctor` does (tsx on src/cli/doctor.ts), without npm's startup cost. */
function doctor(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [TSX, join(ROOT, 'src/cli/doctor.ts'), ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const TF2_SAVED_MODEL = fixturePath(
  'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123',
);
const T2T = fixturePath('t2t/tensor2tensor/test_data/transformer_test_ckpt');

describe('doctor CLI', () => {
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

  it('inspect --json follows the contract', async () => {
    const run = await doctor('inspect', TF2_SAVED_MODEL, '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    for (const a of out.artifacts) expect(Object.keys(a)).toEqual(expect.arrayContaining(['path', 'format']));
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
  });

  it('a path that does not exist exits 2 with one line and no stack trace', async () => {
    const run = await doctor('inspect', join(scratch, 'nope'));
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/nope: no such file or directory/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a file that is no model exits 2 naming it', async () => {
    const junk = join(scratch, 'notes.txt');
    writeFileSync(junk, 'just some notes\n');
    const run = await doctor('inspect', junk);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/notes\.txt/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad arguments exit 2', async () => {
    expect((await doctor('frobnicate')).code).toBe(2);
    expect((await doctor('inspect', TF2_SAVED_MODEL, '--no-such-flag')).code).toBe(2);
    expect((await doctor('inspect', TF2_SAVED_MODEL, '--input-dtype', 'floaty')).code).toBe(2);
  });

  it('verify passes a real checkpoint and names the tensor in a damaged copy', async () => {
    const good = await doctor('verify', T2T, '--json');
    expect(good.code).toBe(0);
    const report = JSON.parse(good.stdout).verify[0].report;
    expect(report.ok).toBe(true);
    // MANIFEST: 250 entries.
    expect(report.tensors).toBe(250);

    const copy = join(scratch, 'damaged');
    const { mkdirSync } = await import('node:fs');
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
    const bad = await doctor('verify', copy, '--json');
    expect(bad.code).toBe(1);
    const damaged = JSON.parse(bad.stdout);
    const hit = damaged.verify[0].report.bad;
    expect(hit).toHaveLength(1);
    expect(hit[0].offset).toBeLessThanOrEqual(at);
    expect(hit[0].offset + hit[0].size).toBeGreaterThan(at);
    expect(
      damaged.findings.some((f: { failure: string; severity: string }) => f.failure === 'corrupted-checkpoint' && f.severity === 'error'),
    ).toBe(true);

    const human = await doctor('verify', copy);
    expect(human.stdout).toContain(hit[0].name);
    expect(statSync(join(copy, shard)).size).toBe(bytes.length);
  });

  it('triage reads a real traceback from a file and from stdin', async () => {
    const dir = resolve(ROOT, 'test/data/tracebacks');
    const file = join(dir, '11-keras3-could-not-locate-class.txt');
    const expected = /# expected-failure: (\S+)/.exec(readFileSync(file, 'utf8'))![1];
    const run = await doctor('triage', file, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).matches[0].failure).toBe(expected);
    const piped = await new Promise<Run>((done) => {
      const child = execFile(
        process.execPath,
        [TSX, join(ROOT, 'src/cli/doctor.ts'), 'triage', '-', '--json'],
        { cwd: ROOT },
        (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
      child.stdin!.end(readFileSync(file));
    });
    expect(JSON.parse(piped.stdout).matches[0].failure).toBe(expected);
  });

  it('diff compares a checkpoint with a pasted variable list', async () => {
    const list = join(scratch, 'expected.txt');
    // What tf.train.list_variables prints, with one name changed and one shape changed.
    writeFileSync(list, "[('a', []), ('b_renamed', []), ('c', [2])]\n");
    const run = await doctor('diff', TF2_SAVED_MODEL, list, '--json');
    expect([0, 1]).toContain(run.code);
    const out = JSON.parse(run.stdout);
    expect(out.diff).toBeDefined();
    expect(out.artifacts.length).toBeGreaterThan(0);
  });
});
