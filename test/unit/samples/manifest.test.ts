/**
 * The committed sample models (public/samples) and their manifest, checked without Python:
 * the manifest covers every failure id, every file it lists is on disk with that size, recorded
 * errors match the error catalog's regexes (re-checked here, not trusted from the script), and
 * the artifacts really have the defect the scenario names (checked on the bytes).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { FAILURE_IDS } from '../../../src/lib/catalog.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const PUBLIC = join(REPO, 'public');
const SAMPLES = join(PUBLIC, 'samples');

interface Outcome {
  raised: boolean;
  exception: string | null;
  message: string | null;
  log: string;
  observed: Record<string, unknown>;
}
interface Side {
  path: string;
  files: { name: string; size: number }[];
  make_code: string;
  load_code: string;
  outcome: Outcome;
}
interface Sample {
  scenario: string;
  failure: string;
  title: string;
  simulated: string | null;
  broken: Side;
  fixed: Side;
  make_code: string;
  fix_code: string;
  catalog_id: string | null;
  catalog_field: 'message' | 'log' | null;
  catalog_note: string | null;
  made_with: Record<string, string>;
}
interface CatalogEntry {
  id: string;
  failure: string;
  regex: string;
}

const manifest: Sample[] = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8'));
const catalog: CatalogEntry[] = JSON.parse(readFileSync(join(REPO, 'src/lib/data/errors.json'), 'utf8')).messages;
const byScenario = new Map(manifest.map((s) => [s.scenario, s]));

function sample(name: string): Sample {
  const found = byScenario.get(name);
  if (!found) throw new Error(`scenario ${name} missing from the manifest`);
  return found;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

function sideFile(side: Side, name: string): string {
  return join(PUBLIC, side.path, name);
}

function head(path: string, n: number): Buffer {
  return readFileSync(path).subarray(0, n);
}

describe('sample manifest', () => {
  it('has at least one broken/fixed pair for each failure id, and no other ids', () => {
    for (const id of FAILURE_IDS) {
      expect(manifest.filter((s) => s.failure === id).length, id).toBeGreaterThanOrEqual(1);
    }
    for (const s of manifest) expect(FAILURE_IDS as readonly string[]).toContain(s.failure);
    expect(byScenario.size).toBe(manifest.length);
  });

  it('names the pinned TensorFlow/Keras it was made with (scripts/samples/requirements.txt)', () => {
    const pins = Object.fromEntries(
      readFileSync(join(REPO, 'scripts/samples/requirements.txt'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('=='))
        .map((l) => l.trim().split('==')),
    );
    for (const s of manifest) {
      expect(s.made_with.tensorflow).toBe(pins['tensorflow-cpu']);
      expect(s.made_with.keras).toBe(pins['keras']);
      expect(s.made_with.h5py).toBe(pins['h5py']);
    }
  });

  it('lists exactly the files on disk, with their sizes, and stays small', () => {
    let total = 0;
    for (const s of manifest) {
      for (const side of [s.broken, s.fixed]) {
        expect(side.path).toBe(`samples/${s.scenario}/${side === s.broken ? 'broken' : 'fixed'}`);
        expect(side.files.length, side.path).toBeGreaterThan(0);
        for (const f of side.files) {
          const path = sideFile(side, f.name);
          expect(existsSync(path), path).toBe(true);
          expect(statSync(path).size, path).toBe(f.size);
          total += f.size;
        }
        const onDisk = walk(join(PUBLIC, side.path)).map((p) => relative(join(PUBLIC, side.path), p).split('\\').join('/'));
        expect(onDisk.sort()).toEqual(side.files.map((f) => f.name).sort());
      }
    }
    const scenarioDirs = readdirSync(SAMPLES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(scenarioDirs.sort()).toEqual([...byScenario.keys()].sort());
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('records code for making, loading and fixing every pair', () => {
    for (const s of manifest) {
      expect(s.make_code).toBe(s.broken.make_code);
      for (const code of [s.make_code, s.fix_code, s.broken.load_code, s.fixed.load_code, s.fixed.make_code]) {
        expect(code.trim().length).toBeGreaterThan(0);
      }
      // the load code is the user's code: it opens the side's own artifact by relative path
      expect(s.broken.load_code).toMatch(/"broken[/"]/);
      expect(s.fixed.load_code).toMatch(/"fixed[/"]/);
    }
  });
});

describe('recorded outcomes', () => {
  it('matches each raising broken load to a catalog regex of its failure id, or says why not', () => {
    for (const s of manifest.filter((x) => x.broken.outcome.raised)) {
      const out = s.broken.outcome;
      expect(out.exception, s.scenario).toBeTruthy();
      expect(out.message, s.scenario).toBeTruthy();
      if (s.catalog_id) {
        const entry = catalog.find((e) => e.id === s.catalog_id);
        expect(entry, s.catalog_id).toBeDefined();
        expect(entry!.failure).toBe(s.failure);
        const text = s.catalog_field === 'log' ? out.log : out.message!;
        expect(new RegExp(entry!.regex).test(text), `${s.scenario}: ${entry!.regex}`).toBe(true);
      } else {
        expect(s.catalog_note, `${s.scenario} has no catalog match and no note`).toMatch(/\w{10,}/);
        // the note is honest: no regex of this failure id matches the message
        const sameFailure = catalog.filter((e) => e.failure === s.failure);
        expect(sameFailure.some((e) => new RegExp(e.regex).test(out.message!))).toBe(false);
      }
    }
  });

  it('shows every silent broken load as a failure observed after the fact, unless simulated', () => {
    for (const s of manifest.filter((x) => !x.broken.outcome.raised)) {
      if (s.simulated) {
        expect(s.simulated).toMatch(/simulat|Nothing/i);
      } else {
        expect(s.broken.outcome.observed.ok, s.scenario).toBe(false);
      }
    }
  });

  it('has every fixed twin load without an exception and with its check passed', () => {
    for (const s of manifest) {
      expect(s.fixed.outcome.raised, `${s.scenario}: ${s.fixed.outcome.message}`).toBe(false);
      expect(s.fixed.outcome.observed.ok, s.scenario).toBe(true);
    }
  });

  it('keeps messages short and free of the machine paths they were made on', () => {
    for (const s of manifest) {
      for (const out of [s.broken.outcome, s.fixed.outcome]) {
        const text = `${out.message ?? ''}\n${out.log}`;
        expect(out.message?.length ?? 0).toBeLessThanOrEqual(2100);
        expect(text).not.toMatch(/\/work\/|\/tmp\/tmp|site-packages\/(?!keras|tensorflow)/);
        expect(text).not.toContain(REPO);
      }
    }
  });
});

describe('the artifacts really have the defect their scenario names', () => {
  const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

  it('writes .keras files as zips and .h5 files as HDF5 (but where a sample replaces the bytes on purpose)', () => {
    for (const s of manifest) {
      for (const side of s.scenario === 'git-lfs-pointer-keras' ? [s.fixed] : [s.broken, s.fixed]) {
        for (const f of side.files) {
          if (f.name.endsWith('.keras')) expect(head(sideFile(side, f.name), 4).toString('latin1')).toBe('PK\u0003\u0004');
          if (f.name.endsWith('.h5')) expect(head(sideFile(side, f.name), 8).equals(HDF5_SIGNATURE)).toBe(true);
        }
      }
    }
  });

  it('the damage samples are what a failed download, an LFS clone and a cut copy leave', () => {
    const html = sample('html-page-as-index');
    expect(head(sideFile(html.broken, 'ckpt-1.index'), 15).toString('latin1')).toBe('<!DOCTYPE html>');
    const lfs = sample('git-lfs-pointer-keras');
    const pointer = readFileSync(sideFile(lfs.broken, 'model.keras'), 'utf8');
    expect(pointer).toMatch(/^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:[0-9a-f]{64}\nsize \d+\n$/);
    // The pointer names the size of the real object: the intact twin was saved the same way.
    expect(Number(/size (\d+)/.exec(pointer)![1])).toBeGreaterThan(1000);
    const empty = sample('zero-length-data-shard');
    expect(statSync(sideFile(empty.broken, 'ckpt-1.data-00000-of-00001')).size).toBe(0);
    const cut = sample('truncated-h5');
    const stored = Number(/stored_eof = (\d+)/.exec(cut.broken.outcome.message!)![1]);
    expect(statSync(sideFile(cut.broken, 'model.h5')).size).toBe(stored / 2);
    expect(statSync(sideFile(cut.fixed, 'model.h5')).size).toBe(stored);
  });

  it('truncated-data-shard: the broken shard is shorter than the intact one', () => {
    const s = sample('truncated-data-shard');
    const size = (side: Side) => statSync(sideFile(side, 'ckpt-1.data-00000-of-00001')).size;
    expect(size(s.broken)).toBeLessThan(size(s.fixed));
    expect(s.broken.outcome.message).toMatch(/Read less bytes than requested/);
  });

  it('flipped-byte-data-shard: the shards differ in exactly one inverted byte (same seed, same values)', () => {
    const s = sample('flipped-byte-data-shard');
    const shard = (side: Side) => readFileSync(sideFile(side, 'ckpt-1.data-00000-of-00001'));
    const [broken, fixed] = [shard(s.broken), shard(s.fixed)];
    expect(broken.length).toBe(fixed.length);
    const differing = [...broken.keys()].filter((i) => broken[i] !== fixed[i]);
    expect(differing).toHaveLength(1);
    expect(broken[differing[0]!]! ^ fixed[differing[0]!]!).toBe(0xff);
    expect(s.broken.outcome.message).toMatch(/Checksum does not match/);
  });

  it('truncated-keras-file: the broken zip has lost its end-of-central-directory record', () => {
    const s = sample('truncated-keras-file');
    const zip = (side: Side) => readFileSync(sideFile(side, 'model.keras'));
    const EOCD = Buffer.from('PK\u0005\u0006', 'latin1');
    expect(zip(s.fixed).lastIndexOf(EOCD)).toBeGreaterThan(0);
    expect(zip(s.broken).lastIndexOf(EOCD)).toBe(-1);
    expect(zip(s.broken).length).toBeLessThan(zip(s.fixed).length);
  });

  it('interrupted-save-temp-dir: only a _temp part exists, no ckpt-1 prefix and no state file', () => {
    const names = sample('interrupted-save-temp-dir').broken.files.map((f) => f.name);
    expect(names.every((n) => n.startsWith('ckpt-1_temp/part-00000-of-00001.'))).toBe(true);
    expect(names).not.toContain('checkpoint');
  });

  it('moved-checkpoint-dir: the broken state file names another machine; the fixed one is relative', () => {
    const s = sample('moved-checkpoint-dir');
    const state = (side: Side) => readFileSync(sideFile(side, 'checkpoint'), 'utf8');
    expect(state(s.broken)).toMatch(/^model_checkpoint_path: "\/home\/alice\/run1\/ckpt-1"$/m);
    expect(state(s.fixed)).toMatch(/^model_checkpoint_path: "ckpt-1"$/m);
    expect(s.broken.outcome.observed.latest_checkpoint).toBeNull();
  });

  it('tf1-saver-into-checkpoint: the broken side is a TF1 Saver checkpoint (has a .meta graph)', () => {
    const s = sample('tf1-saver-into-checkpoint');
    expect(s.broken.files.map((f) => f.name)).toContain('model.ckpt.meta');
    expect(s.fixed.files.map((f) => f.name)).not.toContain('model.ckpt.meta');
  });

  it('sharded-checkpoint-restore-time: several data shards, one index', () => {
    const names = sample('sharded-checkpoint-restore-time').broken.files.map((f) => f.name);
    const shards = names.filter((n) => /^ckpt-1\.data-\d{5}-of-\d{5}$/.test(n));
    expect(shards.length).toBeGreaterThan(2);
    expect(shards.every((n) => n.endsWith(`-of-${String(shards.length).padStart(5, '0')}`))).toBe(true);
    expect(names).toContain('ckpt-1.index');
  });

  it('savedmodel-dir-into-keras3-load-model: the artifact is a SavedModel directory', () => {
    const names = sample('savedmodel-dir-into-keras3-load-model').broken.files.map((f) => f.name);
    expect(names).toContain('regressor_savedmodel/saved_model.pb');
    expect(names.some((n) => n.startsWith('regressor_savedmodel/variables/variables.data-'))).toBe(true);
  });
});
