/**
 * Regression: 100,000 variables overflowed Chromium's stack (`push(...items)` and
 * `Math.max(...list)` pass every element as an argument). Node's stack is larger, so the test
 * uses 300,000, where such a spread overflows Node's default stack too.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

it('inspects and verifies a 300,000-variable checkpoint', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'test/unit/support/many-variables.ts'), '300000'],
    { cwd: ROOT },
  );
  expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ variables: 300_000, problems: 0, verified: 300_000, ok: true });
});
