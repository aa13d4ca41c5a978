/**
 * `repair` as people run it: in-process through execute() (the same code the bin runs) and once
 * through the built bundle. Exit statuses, the plan before anything is written, refusals that
 * write nothing, an output folder that must be new or empty, never a write over the input.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin, runCli } from '../../helpers/cli.ts';
import { sample } from './helpers.ts';

const scratch = mkdtempSync(join(tmpdir(), 'doctor-repair-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const out = () => join(scratch, `out-${++n}`);

describe('repair (CLI)', () => {
  it('prints the plan, writes the repaired checkpoint and how to load it, exit 0', async () => {
    const dir = out();
    const run = await runCli(['repair', sample('renamed-attribute'), '--expect', sample('renamed-attribute', 'fixed'), '--out', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^checkpoint broken\/ckpt-1: rename 2 keys; 5 values copied byte for byte/);
    expect(run.stdout).toContain(
      'model/dense_1/_kernel/.ATTRIBUTES/VARIABLE_VALUE  ->  model/denselayer1/_kernel/.ATTRIBUTES/VARIABLE_VALUE',
    );
    expect(run.stdout).toContain(`tf.train.latest_checkpoint(${JSON.stringify(dir)})`);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'ckpt-1.data-00000-of-00001', 'ckpt-1.index']);
  });

  it('--json: the plan, the folder and what was written', async () => {
    const dir = out();
    const run = await runCli([
      'repair',
      join(sample('optimizer-slots-left-unused'), 'ckpt-1.index'),
      '--drop-optimizer',
      '--out',
      dir,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      plan: { summary: string; counts: { dropped: number } };
      out: string;
      written: boolean;
      result: { files: { path: string }[]; verified: number };
    };
    expect(json.written).toBe(true);
    expect(json.out).toBe(dir);
    expect(json.plan.counts.dropped).toBe(10);
    expect(json.result.files.map((f) => f.path).sort()).toEqual(['checkpoint', 'ckpt-1.data-00000-of-00001', 'ckpt-1.index']);
    expect(json.result.verified).toBe(5);
  });

  it('--dry-run prints the plan and writes nothing (exit 0 when it could be written)', async () => {
    const dir = out();
    const run = await runCli(['repair', sample('moved-checkpoint-dir'), '--out', dir, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('state-file');
    expect(run.stdout).toContain('dry run: nothing written');
    expect(existsSync(dir)).toBe(false);
  });

  it('a refused repair writes nothing and exits 1 with the reasons', async () => {
    const dir = out();
    const run = await runCli(['repair', sample('flipped-byte-data-shard'), '--drop-optimizer', '--out', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('CANNOT REPAIR');
    expect(run.stdout).toMatch(/does not match its checksum/);
    expect(existsSync(dir)).toBe(false);
  });

  it('nothing to repair is exit 1, with what would help', async () => {
    const run = await runCli(['repair', sample('optimizer-slots-left-unused'), '--out', out()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/--drop-optimizer leaves it out/);
  });

  it('refuses a non-empty --out (exit 2, one line) unless --force; never writes over the input', async () => {
    const dir = out();
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const refused = await runCli(['repair', sample('moved-checkpoint-dir'), '--out', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/not empty/);
    const forced = await runCli(['repair', sample('moved-checkpoint-dir'), '--out', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');

    const copy = join(scratch, 'input-copy');
    cpSync(sample('moved-checkpoint-dir'), copy, { recursive: true });
    const before = readFileSync(join(copy, 'ckpt-1.index'));
    const onInput = await runCli(['repair', copy, '--out', copy, '--force']);
    expect(onInput.code).toBe(2);
    expect(onInput.stderr).toMatch(/input files/);
    expect(readFileSync(join(copy, 'ckpt-1.index')).equals(before)).toBe(true);
    expect(readdirSync(copy).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('bad arguments are exit 2: no path, two paths, an unknown --cast, an option of another command', async () => {
    for (const args of [[], ['a', 'b'], [sample('renamed-attribute'), '--cast', 'int8'], [sample('renamed-attribute'), '--no-verify']]) {
      const run = await runCli(['repair', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^tf-restore-doctor: /);
    }
    const missing = await runCli(['repair', join(scratch, 'nothing-here')]);
    expect(missing.code).toBe(2);
  });

  it('--rename-map reads "old new" lines', async () => {
    const map = join(scratch, 'map.txt');
    writeFileSync(map, '# TF1 scope renamed\ndense_1/kernel -> denselayer1/kernel\ndense_1/bias denselayer1/bias\n');
    const run = await runCli(['repair', sample('tf1-renamed-scope'), '--rename-map', map, '--out', out(), '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { plan: { counts: { renamed: number } } }).plan.counts.renamed).toBe(2);
  });

  it('the built command repairs too (exit status and JSON as a shell sees them)', async () => {
    const dir = out();
    const run = await runBin(['repair', sample('float64-checkpoint-into-float32-model'), '--cast', 'float32', '--out', dir, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { written: boolean; result: { cast: { from: string; to: string; tensors: number }[] } };
    expect(json.written).toBe(true);
    expect(json.result.cast).toEqual([expect.objectContaining({ from: 'float64', to: 'float32', tensors: 2 })]);
  });
});
