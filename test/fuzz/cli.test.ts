/**
 * The installed command on damaged, unusable and partly readable input. A damaged model file is
 * a diagnosis: an error finding naming the file and the damage, exit 1, nothing on stderr, never
 * a stack trace (also with --json). Input that is no model at all exits 2 with exactly one line
 * on stderr. A partly readable artifact (a SavedModel whose variables are damaged) still prints
 * what could be read and names what could not.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../src/lib/writers/keras.ts';
import { writeGraphDefBytes } from '../../src/lib/writers/saved-model.ts';
import { runBin } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { deepAttrGraphDef } from './hostile.ts';

const scratch = mkdtempSync(join(tmpdir(), 'doctor-fuzz-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const doctor = (...args: string[]) => runBin(args, { timeout: 60_000 });

function write(name: string, bytes: Uint8Array | string): string {
  const path = join(scratch, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** stderr lines the CLI wrote (npm's own config warnings, if any, are not ours). */
function ourLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
}

const metadata = new TextEncoder().encode('{"keras_version": "3.15.1"}');
const graph = writeGraphDefBytes([{ name: 'x', op: 'Placeholder', attrs: { dtype: { type: 'float32' } } }]);

const DAMAGED: { name: string; file: () => string; problem: RegExp }[] = [
  {
    name: 'random bytes named .h5',
    file: () =>
      write(
        'random.h5',
        Uint8Array.from({ length: 300 }, (_, i) => (i * 151 + 7) % 256),
      ),
    problem: /not a readable HDF5 file/,
  },
  {
    name: 'a zip end record alone named .keras',
    file: () => write('stub.keras', Uint8Array.from([0x50, 0x4b, 0x05, 0x06])),
    problem: /zip archive too short/,
  },
  {
    name: 'a zip bomb',
    file: () =>
      write(
        'bomb.keras',
        writeZip([
          { name: 'metadata.json', data: metadata },
          { name: 'config.json', data: new Uint8Array(24 * 1024 * 1024), method: 8 },
        ]),
      ),
    problem: /treated as a zip bomb/,
  },
  {
    name: 'a frozen graph cut in its last field',
    file: () => write('cut.pb', graph.slice(0, graph.length - 3)),
    problem: /GraphDef cannot be decoded/,
  },
  {
    name: 'a frozen graph with 10,000-deep nested attributes and a cut',
    file: () => write('deep-cut.pb', deepAttrGraphDef(10_000).slice(0, -2)),
    problem: /GraphDef cannot be decoded/,
  },
  {
    name: 'an empty saved_model.pb',
    file: () => write('empty-sm/saved_model.pb', new Uint8Array(0)),
    // An empty file is named as one (what TF says next, "holds no MetaGraphDef", follows from it).
    problem: /saved_model.pb: is an empty file \(0 bytes\)/,
  },
];

const UNUSABLE: { name: string; file: () => string; problem: RegExp }[] = [
  { name: 'text that is no model', file: () => write('notes.txt', 'hello\n'), problem: /no TensorFlow or Keras artifact/ },
  {
    name: 'a folder with nothing recognizable',
    file: () => {
      write('plain-folder/readme.txt', 'nothing to see\n');
      return join(scratch, 'plain-folder');
    },
    problem: /no TensorFlow or Keras artifact/,
  },
];

describe('doctor CLI on damaged model files', () => {
  for (const c of DAMAGED) {
    it(`${c.name}: an error finding naming the file and the damage, exit 1, no stack trace`, async () => {
      const path = c.file();
      const name = path
        .slice(scratch.length + 1)
        .split('/')
        .pop()!;
      const human = await doctor('inspect', path);
      expect(human.code, human.stderr).toBe(1);
      expect(ourLines(human.stderr)).toEqual([]);
      expect(human.stdout).toMatch(new RegExp(`ERROR\\s+corrupted-checkpoint: Cannot read \\S*${name.replace('.', '\\.')}`));
      expect(human.stdout).toMatch(c.problem);
      const json = await doctor('inspect', path, '--json');
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout);
      const finding = report.findings.find(
        (f: { failure: string; severity: string }) => f.failure === 'corrupted-checkpoint' && f.severity === 'error',
      );
      expect(finding.evidence[0].file).toContain(name);
      expect(finding.title).toMatch(c.problem);
      for (const run of [human, json]) expect(run.stdout + run.stderr).not.toMatch(/\n\s+at |node:internal/);
    });
  }
});

describe('doctor CLI on input that is no model', () => {
  for (const c of UNUSABLE) {
    it(`${c.name}: exit 2, one stderr line naming it, no stack trace`, async () => {
      const path = c.file();
      const name = path.split('/').pop()!;
      for (const args of [
        ['inspect', path],
        ['inspect', path, '--json'],
      ]) {
        const run = await doctor(...args);
        expect(run.code).toBe(2);
        const lines = ourLines(run.stderr);
        expect(lines, run.stderr).toHaveLength(1);
        expect(lines[0]).toContain(name);
        expect(lines[0]).toMatch(c.problem);
        expect(run.stderr).not.toMatch(/\n\s+at |Error: |node:internal/);
        expect(run.stdout).toBe('');
      }
    });
  }
});

describe('doctor CLI on a partly readable SavedModel', () => {
  const SAVED_MODEL = fixturePath('tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123');

  function damagedCopy(label: string, file: string, edit: (bytes: Uint8Array) => Uint8Array): string {
    const dir = join(scratch, label, '00000123');
    cpSync(SAVED_MODEL, dir, { recursive: true });
    chmodSync(join(dir, file), 0o644);
    writeFileSync(join(dir, file), edit(new Uint8Array(readFileSync(join(dir, file)))));
    return dir;
  }

  it('a flipped byte in the variables shard: graph facts printed, the damage named, exit 1', async () => {
    const dir = damagedCopy('flip', 'variables/variables.data-00000-of-00001', (b) => {
      const out = new Uint8Array(b);
      out[600]! ^= 0x01;
      return out;
    });
    const run = await doctor('inspect', dir, '--json');
    expect(run.code).toBe(1);
    expect(ourLines(run.stderr)).toEqual([]);
    const out = JSON.parse(run.stdout);
    // MANIFEST: TF 2.14.0, producer 1569, 7 signatures including serving_default.
    expect(out.facts.producer.tensorflow).toBe('2.14.0');
    expect(out.facts.producer.graph_def_producer).toBe(1569);
    expect(out.facts.signatures.map((s: { key: string }) => s.key)).toContain('serving_default');
    expect(out.facts.signatures).toHaveLength(7);
    const errors = out.findings.filter(
      (f: { severity: string; failure: string }) => f.severity === 'error' && f.failure === 'corrupted-checkpoint',
    );
    expect(errors.map((f: { evidence: { file: string }[] }) => f.evidence[0]!.file)).toContain(
      '00000123/variables/variables.data-00000-of-00001',
    );

    const verify = await doctor('verify', dir, '--json');
    expect(verify.code).toBe(1);
    const report = JSON.parse(verify.stdout);
    expect(report.verify[0].report.bad.map((b: { file: string }) => b.file)).toEqual([
      expect.stringMatching(/variables\.data-00000-of-00001$/),
    ]);
  });

  it('a truncated variables index: graph facts printed, the index named as unreadable, exit 1', async () => {
    const dir = damagedCopy('cut-index', 'variables/variables.index', (b) => b.slice(0, b.length - 20));
    const run = await doctor('inspect', dir);
    expect(run.code).toBe(1);
    expect(ourLines(run.stderr)).toEqual([]);
    expect(run.stdout).toMatch(/SavedModel, TF 2\.14\.0/);
    expect(run.stdout).toMatch(/serving_default/);
    expect(run.stdout).toMatch(/ERROR\s+corrupted-checkpoint: Cannot read 00000123\/variables\/variables\.index/);
  });
});
