/**
 * The two ByteSource implementations (browser File, Node file handle) read the same bytes as the
 * file system holds, at any offset, and never past the end.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrowserFileSource } from '../../src/browser/file-source.ts';
import { readExact } from '../../src/lib/byte-source.ts';
import { DecodeError } from '../../src/lib/errors.ts';
import { openPaths } from '../../src/node/file-source.ts';
import { inspect } from '../../src/lib/inspect.ts';
import { fixturePath } from '../helpers/fixtures.ts';

const FILE = fixturePath('tf2onnx/tests/models/lstm/frozen.pb');

describe('ByteSource implementations', () => {
  const disk = readFileSync(FILE);
  const size = statSync(FILE).size;

  it('Node and browser sources agree with the file system', async () => {
    const set = await openPaths([FILE]);
    const node = set.files[0]!;
    const browser = new BrowserFileSource(new File([disk], 'frozen.pb'), 'frozen.pb');
    expect(node.size).toBe(size);
    expect(browser.size).toBe(size);
    for (const [offset, length] of [
      [0, 16],
      [1000, 4096],
      [size - 10, 10],
      [size - 5, 100],
      [size, 10],
    ] as const) {
      const expected = new Uint8Array(disk.subarray(offset, Math.min(size, offset + length)));
      expect(await node.read(offset, length)).toEqual(expected);
      expect(await browser.read(offset, length)).toEqual(expected);
    }
    await set.close();
  });

  it('readExact refuses a range beyond the file instead of allocating it', async () => {
    const browser = new BrowserFileSource(new File([disk], 'frozen.pb'), 'dir/frozen.pb');
    await expect(readExact(browser, size - 4, 2 ** 40, 'a hostile length')).rejects.toThrow(DecodeError);
    await expect(readExact(browser, size - 4, 2 ** 40, 'a hostile length')).rejects.toThrow(/dir\/frozen\.pb.*only \d+ bytes/);
    await expect(readExact(browser, -1, 4, 'a negative offset')).rejects.toThrow(/invalid range/);
  });

  it('openPaths walks a directory under its own name', async () => {
    const dir = fixturePath('tf2onnx/tests/models/regression/checkpoint');
    const set = await openPaths([dir]);
    expect(set.files.map((f) => f.path).sort()).toEqual(
      readdirSync(dir)
        .map((n) => `checkpoint/${n}`)
        .sort(),
    );
    expect(set.files.map((f) => f.size).reduce((a, b) => a + b, 0)).toBe(
      readdirSync(dir).reduce((a, n) => a + statSync(`${dir}/${n}`).size, 0),
    );
    await set.close();
  });

  it('openPaths reads files a folder holds as links, under the names of the links (the Hugging Face hub cache layout)', async () => {
    const source = fixturePath('tf2onnx/tests/models/regression/checkpoint');
    const names = readdirSync(source);
    // snapshots/<revision>/<file> -> ../../blobs/<hash>, as huggingface_hub lays a download out.
    const cache = mkdtempSync(join(tmpdir(), 'hub-cache-'));
    try {
      mkdirSync(join(cache, 'blobs'));
      mkdirSync(join(cache, 'snapshots/rev'), { recursive: true });
      names.forEach((name, i) => {
        symlinkSync(join(source, name), join(cache, 'blobs', `blob${i}`));
        symlinkSync(`../../blobs/blob${i}`, join(cache, 'snapshots/rev', name));
      });
      symlinkSync('../../blobs/missing', join(cache, 'snapshots/rev', 'dangling'));
      symlinkSync('..', join(cache, 'snapshots/rev', 'loop'));
      const set = await openPaths([join(cache, 'snapshots/rev')]);
      try {
        expect(set.files.map((f) => f.path).sort()).toEqual(names.map((n) => `rev/${n}`).sort());
        for (const f of set.files) expect(f.size).toBe(statSync(join(source, f.path.slice('rev/'.length))).size);
        const direct = await openPaths([source]);
        const [viaLinks, viaFiles] = [await inspect(set), await inspect(direct)];
        await direct.close();
        expect(viaLinks.facts.artifacts.map((a) => a.format)).toEqual(viaFiles.facts.artifacts.map((a) => a.format));
        expect(viaLinks.facts.variables).toEqual(
          viaFiles.facts.variables.map((v) => ({ ...v, file: v.file.replace(/^checkpoint\//, 'rev/') })),
        );
        expect(viaLinks.facts.variables.length).toBeGreaterThan(0);
      } finally {
        await set.close();
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
