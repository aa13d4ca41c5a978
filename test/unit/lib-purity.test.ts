/**
 * src/lib runs in a browser Worker, in Node and in tests alike, so it may import neither DOM nor
 * Node APIs. Two independent checks: the compiler with no DOM/Node types (so `document`, `process`,
 * `Buffer` do not compile), and a scan of every import.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const LIB = join(ROOT, 'src/lib');
/** Third-party packages the library may use: all of them run in browsers and Node. */
const ALLOWED_PACKAGES = ['protobufjs', 'fflate', 'snappyjs', 'h5wasm', 'crc-32'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('src/lib is plain TypeScript', () => {
  it('compiles with no DOM and no Node types', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '-p', join(LIB, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });

  it('imports only relative modules and browser-safe packages', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(LIB)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        if (spec.startsWith('.')) continue;
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!ALLOWED_PACKAGES.includes(pkg)) offenders.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
