/** The whole project (site, browser code, CLI, tests, benchmarks) type-checks under strict TypeScript. */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

it('tsc --noEmit -p tsconfig.json reports nothing', () => {
  let output = '';
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(ROOT, 'tsconfig.json')], {
      encoding: 'utf8',
      cwd: ROOT,
    });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
}, 180_000);
