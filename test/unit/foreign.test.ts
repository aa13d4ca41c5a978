/**
 * What the bytes are when a model file is not a model file, on the real damage samples made by
 * TF 2.21 (public/samples: a failed download's HTML page, a Git LFS pointer, an empty shard) and
 * on bytes that are models (fixtures), which must never be called foreign.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeForeign } from '../../src/lib/formats/foreign.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { manifestRows } from '../helpers/manifest.ts';

const SAMPLES = resolve(import.meta.dirname, '../../public/samples');

function describe_(path: string) {
  const bytes = readFileSync(path);
  return describeForeign(new Uint8Array(bytes.subarray(0, 65536)), statSync(path).size);
}

describe('describeForeign', () => {
  it('names the HTML page a failed download saved as ckpt-1.index, with its title', () => {
    const found = describe_(join(SAMPLES, 'html-page-as-index/broken/ckpt-1.index'));
    expect(found?.kind).toBe('html');
    expect(found?.description).toBe('an HTML page ("404 Not Found")');
  });

  it('names a Git LFS pointer with the size and hash of the object it stands for', () => {
    const path = join(SAMPLES, 'git-lfs-pointer-keras/broken/model.keras');
    const text = readFileSync(path, 'utf8');
    const found = describe_(path);
    expect(found?.kind).toBe('git_lfs_pointer');
    expect(found?.lfs).toEqual({ oid: /oid sha256:(\w+)/.exec(text)![1], size: Number(/size (\d+)/.exec(text)![1]) });
    // The object is the intact twin the sample saved the same way.
    expect(found?.lfs?.size).toBe(statSync(join(SAMPLES, 'git-lfs-pointer-keras/fixed/model.keras')).size);
    expect(found?.description).toMatch(/^a Git LFS pointer to a [\d.]+ KiB object \(sha256 [0-9a-f]{12}…\)$/);
  });

  it('names an empty file', () => {
    expect(describe_(join(SAMPLES, 'zero-length-data-shard/broken/ckpt-1.data-00000-of-00001'))?.kind).toBe('empty');
  });

  it('calls no real model file foreign', () => {
    const called: string[] = [];
    let checked = 0;
    for (const row of manifestRows()) {
      if (row.format.startsWith('Malformed')) continue;
      const files = row.path.includes('*')
        ? row.files.map((f) => `${row.path.slice(0, row.path.lastIndexOf('/'))}/${f.name}`)
        : row.files.map((f) => (row.files.length === 1 && row.path.endsWith(f.name) ? row.path : `${row.path}/${f.name}`));
      for (const rel of files) {
        const path = fixturePath(rel);
        if (!statSync(path, { throwIfNoEntry: false })?.isFile() || statSync(path).size === 0) continue;
        if (/\.(txt|json|pbtxt|vocab)$|(^|\/)checkpoint$|assets/.test(rel)) continue;
        checked++;
        if (describe_(path)) called.push(rel);
      }
    }
    expect(called).toEqual([]);
    // Every binary model file of the manifest was looked at (MANIFEST: 205 files, text twins aside).
    expect(checked).toBeGreaterThan(100);
  });
});
