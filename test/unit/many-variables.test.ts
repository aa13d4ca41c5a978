/**
 * Regression: 100,000 variables overflowed the stack in the browser (`push(...items)` and
 * `Math.max(...list)` pass every element as an argument). Run with a browser-sized stack.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

it('inspects and verifies a 100,000-variable checkpoint within a small stack', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--stack-size=200', resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'test/unit/support/many-variables.ts'), '100000'], { cwd: ROOT });
  expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ variables: 100_000, problems: 0, verified: 100_000, ok: true });
});
