/**
 * Oracle for the nesting limit (src/lib/formats/graph/proto-depth.ts): TensorFlow 2.21 parses a
 * GraphDef and a SavedModel whose deepest message is at depth 100 and refuses depth 101 (and
 * nested groups past 100) when it reads the files the way it loads them (GraphDef.ParseFromString
 * for a frozen graph, loader_impl.parse_saved_model for tf.saved_model.load). The checker must
 * draw the line in the same place and quote the message TensorFlow gives.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../src/lib/byte-source.ts';
import { decodeGraphDefFile, decodeSavedModel } from '../../src/lib/formats/graph/index.ts';
import { graphDefNestedTo, savedModelNestedTo } from '../fuzz/amplify.ts';
import { concat, encodeVarint } from '../fuzz/structure.ts';
import { promisify } from 'node:util';
import { python, TF_PYTHON } from './python.ts';

const TF = String.raw`
import json, sys
from tensorflow.core.framework import graph_pb2
from tensorflow.python.saved_model import loader_impl
out = {}
for path in sys.argv[1:]:
    try:
        if path.endswith('.pb') and '/sm' not in path:
            graph_pb2.GraphDef.FromString(open(path, 'rb').read())
        else:
            loader_impl.parse_saved_model(path)
        out[path] = None
    except Exception as e:
        out[path] = str(e)
print(json.dumps(out))
`;

const dir = mkdtempSync(join(tmpdir(), 'doctor-depth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `depth` nested unknown groups (field 15) inside a GraphDef. */
function groups(depth: number): Uint8Array {
  return concat([
    ...Array.from({ length: depth }, () => encodeVarint(15 * 8 + 3)),
    ...Array.from({ length: depth }, () => encodeVarint(15 * 8 + 4)),
  ]);
}

describe('nesting depth: the checker refuses exactly what TensorFlow 2.21 refuses', () => {
  it('GraphDef and SavedModel at depth 100 load, at 101 fail, with the message TensorFlow gives', async () => {
    const cases: { path: string; bytes: Uint8Array; kind: 'graph' | 'saved_model' }[] = [];
    for (const depth of [99, 100, 101, 102]) {
      cases.push({ path: join(dir, `graph${depth}.pb`), bytes: graphDefNestedTo(depth), kind: 'graph' });
      cases.push({ path: join(dir, `groups${depth}.pb`), bytes: groups(depth), kind: 'graph' });
      mkdirSync(join(dir, `sm${depth}`));
      cases.push({ path: join(dir, `sm${depth}`), bytes: savedModelNestedTo(depth), kind: 'saved_model' });
    }
    for (const c of cases) writeFileSync(c.kind === 'graph' ? c.path : join(c.path, 'saved_model.pb'), c.bytes);
    const tf = await python<Record<string, string | null>>(TF, ...cases.map((c) => c.path));
    for (const c of cases) {
      const set = fileSet([new BytesSource(c.kind === 'graph' ? 'x.pb' : 'm/saved_model.pb', c.bytes)]);
      const ours = await (c.kind === 'graph' ? decodeGraphDefFile(set, 'x.pb') : decodeSavedModel(set, 'm')).then(
        () => null,
        (error: { code?: string; message: string }) => (error.code === 'too_deep' ? error.message : `other: ${error.message}`),
      );
      const theirs = tf[c.path];
      // TF refuses exactly where we say it does, and we quote its reason.
      expect(ours === null || ours.startsWith('other:') ? null : ours, c.path).toEqual(
        theirs ? expect.stringContaining(theirs.replace(/^Cannot parse file b'[^']*': /, '').replace(/\.$/, '')) : null,
      );
    }
  });

  it('the table of message fields is what scripts/data/proto-message-fields.py makes from this TensorFlow', async () => {
    const out = join(dir, 'message-fields.ts');
    const root = join(import.meta.dirname, '../..');
    await promisify(execFile)(TF_PYTHON, [join(root, 'scripts/data/proto-message-fields.py'), out], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
    });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(root, 'src/lib/formats/graph/message-fields.ts'), 'utf8'));
  });
});
