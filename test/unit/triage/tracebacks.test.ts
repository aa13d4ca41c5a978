/**
 * Triage on the 24 real tracebacks and logs in test/data/tracebacks/ (TF 2.21 + Keras 3.15
 * runs). The expected failure is the file's own `# expected-failure:` header; the names triage
 * extracts are checked against what a plain indexOf/slice finds in the same text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { triage } from '../../../src/lib/triage/index.ts';

const DIR = resolve(import.meta.dirname, '../../data/tracebacks');

interface Example {
  file: string;
  expected: string;
  /** The text as the user saw it: everything after the header lines. */
  body: string;
}

function load(): Example[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const raw = readFileSync(resolve(DIR, file), 'utf8');
      const lines = raw.split('\n');
      let start = 0;
      while (start < lines.length && lines[start].startsWith('# ')) start++;
      const header = lines.slice(0, start).join('\n');
      const expected = /^# expected-failure: (\S+)$/m.exec(header)?.[1];
      if (!expected) throw new Error(`${file}: no expected-failure header`);
      return { file, expected, body: lines.slice(start).join('\n') };
    });
}

/** Text between `before` and the next `until` after it, by plain string search. */
function between(text: string, before: string, until: string): string {
  const at = text.indexOf(before);
  if (at < 0) throw new Error(`"${before}" not in text`);
  const from = at + before.length;
  return text.slice(from, text.indexOf(until, from));
}

const examples = load();
const byName = (prefix: string): Example => {
  const e = examples.find((x) => x.file.startsWith(prefix));
  if (!e) throw new Error(`no traceback ${prefix}`);
  return e;
};

describe('triage on real tracebacks', () => {
  it('has the 24 examples', () => {
    expect(examples.length).toBe(24);
  });

  it('puts the expected failure first for every one of them', () => {
    const misses: string[] = [];
    for (const e of examples) {
      const top = triage(e.body).matches[0];
      if (top?.failure !== e.expected) misses.push(`${e.file}: expected ${e.expected}, got ${top?.failure ?? 'nothing'}`);
    }
    const accuracy = (examples.length - misses.length) / examples.length;
    console.log(
      `triage top-1 accuracy on test/data/tracebacks: ${(accuracy * 100).toFixed(1)}% (${examples.length - misses.length}/${examples.length})`,
    );
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(accuracy).toBe(1);
  });

  it('returns at most one entry per failure, best first, scores in 0..1, lines taken from the input', () => {
    for (const e of examples) {
      const { matches } = triage(e.body);
      const ids = matches.map((m) => m.failure);
      expect(new Set(ids).size).toBe(ids.length);
      for (let i = 1; i < matches.length; i++) expect(matches[i - 1].score).toBeGreaterThanOrEqual(matches[i].score);
      for (const m of matches) {
        expect(m.score).toBeGreaterThanOrEqual(0);
        expect(m.score).toBeLessThanOrEqual(1);
        expect(e.body.split('\n')).toContain(m.line);
      }
    }
  });

  it('extracts the unregistered op name, and names the package that registers it and its import', () => {
    const e = byName('02-');
    const top = triage(e.body).matches[0];
    expect(top.message_id).toBe('op-type-not-registered');
    expect(top.extracted.op).toBe(between(e.body, "Op type not registered '", "'"));
    expect(top.line).toContain("Op type not registered '");
    expect(top.extracted.package).toBe('tensorflow-text');
    expect(top.extracted.import).toBe('import tensorflow_text');
    expect(top.guide.url).toContain('an%20op%20from%20an%20add%2Don%20library');
  });

  it('extracts the class Keras could not locate', () => {
    const e = byName('11-');
    const top = triage(e.body).matches[0];
    expect(top.extracted.class_name).toBe(between(e.body, "Could not locate class '", "'"));
  });

  it('extracts the unknown layer from a legacy .h5 load, and the path the user passed', () => {
    const e = byName('12-');
    const top = triage(e.body).matches[0];
    expect(top.extracted.name).toBe(between(e.body, "Unknown layer: '", "'"));
    expect(top.extracted.loaded_path).toBe(between(e.body, 'load_model("', '"'));
  });

  it('extracts the checkpoint object path from assert_consumed', () => {
    const e = byName('24-');
    const top = triage(e.body).matches[0];
    expect(top.extracted.object_path).toBe(between(e.body, 'Unresolved object in checkpoint ', ': attributes'));
  });

  it('extracts the variable and both shapes from a shape mismatch', () => {
    const e = byName('25-');
    const m = triage(e.body).matches[0];
    // The root cause is the first-raised "Shapes ... are incompatible", not the later re-raise.
    expect(m.extracted.shape_a).toBe(between(e.body, 'ValueError: Shapes ', ' and'));
    expect(m.line.startsWith('ValueError: Shapes ')).toBe(true);
  });

  it('extracts TF1 Assign shapes (graph variable vs checkpoint value)', () => {
    const e = byName('27-');
    const m = triage(e.body).matches[0];
    expect(m.extracted.variable_shape).toBe(between(e.body, 'lhs shape= [', ']'));
    expect(m.extracted.checkpoint_shape).toBe(between(e.body, 'rhs shape= [', ']'));
  });

  it('extracts the dtypes a signature expected and got', () => {
    const e = byName('18-');
    const dtype = triage(e.body).matches.find((m) => m.failure === 'dtype-mismatch');
    expect(dtype).toBeDefined();
    const line = e.body.split('\n').find((l) => l.startsWith('TypeError: Binding inputs to tf.function failed'));
    expect(line).toBeDefined();
    expect(dtype!.extracted.expected_spec).toBe(`TensorSpec(${between(line!, ' to TensorSpec(', ')`')})`);
    expect(dtype!.extracted.received_spec).toBe(`TensorSpec(${between(line!, 'Can not cast TensorSpec(', ') to ')})`);
  });

  it('extracts the layer and the variable counts from a Keras 3 wrapper', () => {
    const e = byName('28-');
    const m = triage(e.body).matches[0];
    expect(m.message_id).toBe('keras3-layer-expected-n-variables');
    expect(m.extracted.layer).toBe(between(e.body, "\nLayer '", "'"));
    expect(m.extracted.expected_variables).toBe(between(e.body, ' expected ', ' variables'));
  });

  it('extracts the missing checkpoint path and the OOM tensor shape', () => {
    const e33 = byName('33-');
    expect(triage(e33.body).matches[0].extracted.path).toBe(between(e33.body, 'Failed to find any matching files for ', '\n'));
    const e41 = byName('41-');
    const oom = triage(e41.body).matches[0];
    expect(oom.extracted.shape).toBe(between(e41.body, 'OOM when allocating tensor with shape[', ']'));
    const oomLine = e41.body.split('\n').find((l) => l.includes('ResourceExhaustedError'));
    expect(oom.extracted.allocator).toBe(between(oomLine!, 'by allocator ', ' '));
  });

  it('ranks warnings printed after the exception below it', () => {
    for (const prefix of ['25-', '31-', '41-']) {
      const e = byName(prefix);
      expect(e.body).toContain('Value in checkpoint could not be found in the restored object');
      const { matches } = triage(e.body);
      const partial = matches.find((m) => m.failure === 'partial-restore');
      expect(partial).toBeDefined();
      expect(matches[0].failure).not.toBe('partial-restore');
      expect(partial!.score).toBeLessThan(matches[0].score - 0.2);
    }
  });

  it('finds the fork hang in a stack dump that has no exception', () => {
    const e = byName('39-');
    expect(e.body).not.toMatch(/^\w*Error: /m);
    const top = triage(e.body).matches[0];
    expect(top.failure).toBe('restore-hang');
    expect(top.message_id).toBe('fork-child-stuck-stack-signature');
  });
});
