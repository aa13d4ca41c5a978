/**
 * A damaged model file is a diagnosis that says what happened to it: the inspect pipeline turns a
 * failed decode of a file that is really an HTML page or a Git LFS pointer into a wrong_format
 * problem naming what the bytes are, and an HDF5 file cut short into a truncation with both sizes.
 * Evidence: the samples' own bytes and sizes (public/samples, made from TF 2.21 files by
 * scripts/samples/scenarios/damage.py) and the undamaged twin they were cut from.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/lib/inspect.ts';
import { openPaths } from '../../src/node/file-source.ts';

const SAMPLES = resolve(import.meta.dirname, '../../public/samples');

async function problemsOf(dir: string) {
  const set = await openPaths([dir]);
  try {
    return (await inspect(set)).facts.problems.map((p) => p.toJSON());
  } finally {
    await set.close();
  }
}

describe('damaged files are named for what they are', () => {
  it('an HTML page saved as ckpt-1.index', async () => {
    const problems = await problemsOf(join(SAMPLES, 'html-page-as-index/broken'));
    const title = /<title>([^<]+)<\/title>/i.exec(readFileSync(join(SAMPLES, 'html-page-as-index/broken/ckpt-1.index'), 'utf8'))![1]!;
    const p = problems.find((x) => x.code === 'wrong_format');
    expect(p?.file).toMatch(/ckpt-1\.index$/);
    expect(p?.what).toContain('HTML page');
    expect(p?.what).toContain(title.trim());
  });

  it('a Git LFS pointer saved as model.keras names the object it stands for', async () => {
    const pointer = readFileSync(join(SAMPLES, 'git-lfs-pointer-keras/broken/model.keras'), 'utf8');
    const oid = /oid sha256:([0-9a-f]{64})/.exec(pointer)![1]!;
    const problems = await problemsOf(join(SAMPLES, 'git-lfs-pointer-keras/broken'));
    const p = problems.find((x) => x.code === 'wrong_format');
    expect(p?.what).toContain('Git LFS pointer');
    expect(p?.what).toContain(oid.slice(0, 12));
  });

  it('a cut-short .h5 says how many bytes arrived of how many', async () => {
    const have = statSync(join(SAMPLES, 'truncated-h5/broken/model.h5')).size;
    const whole = statSync(join(SAMPLES, 'truncated-h5/fixed/model.h5')).size;
    const problems = await problemsOf(join(SAMPLES, 'truncated-h5/broken'));
    const p = problems.find((x) => x.code === 'truncated');
    expect(p?.offset).toBe(have);
    expect(p?.what).toContain(have.toLocaleString('en-US'));
    expect(p?.what).toContain(whole.toLocaleString('en-US'));
  });

  it('the undamaged twins decode without a problem', async () => {
    for (const s of ['html-page-as-index', 'git-lfs-pointer-keras', 'truncated-h5']) {
      expect(await problemsOf(join(SAMPLES, s, 'fixed'))).toEqual([]);
    }
  });
});
