/**
 * The two ByteSource implementations (browser File, Node file handle) read the same bytes as the
 * file system holds, at any offset, and never past the end.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BrowserFileSource } from '../../src/browser/file-source.ts';
import { readExact } from '../../src/lib/byte-source.ts';
import { DecodeError } from '../../src/lib/errors.ts';
import { openPaths } from '../../src/node/file-source.ts';
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
});
