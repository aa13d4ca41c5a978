/**
 * Generated code is reproducible: regenerating the protobuf decoders (scripts/gen-proto.sh) and
 * the text-format schema (scripts/gen-text-schema.mjs) from src/lib/proto/*.proto gives exactly
 * the committed files. A .proto edit without regenerating fails here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTextSchema } from '../../scripts/gen-text-schema.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'generated-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generated code', () => {
  it('src/lib/proto/generated.js and generated.d.ts are what scripts/gen-proto.sh writes', () => {
    execFileSync('bash', [join(ROOT, 'scripts/gen-proto.sh'), scratch], { cwd: ROOT, stdio: 'pipe' });
    for (const name of ['generated.js', 'generated.d.ts']) {
      expect(readFileSync(join(scratch, name), 'utf8'), name).toBe(readFileSync(join(ROOT, 'src/lib/proto', name), 'utf8'));
    }
  }, 120_000);

  it('src/lib/formats/graph/text-schema.ts is what scripts/gen-text-schema.mjs writes', () => {
    expect(generateTextSchema()).toBe(readFileSync(join(ROOT, 'src/lib/formats/graph/text-schema.ts'), 'utf8'));
  });
});
