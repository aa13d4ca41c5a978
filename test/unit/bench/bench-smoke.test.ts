/**
 * The benchmark code paths on tiny inputs, so `npm run bench` cannot rot between runs: the
 * generators write inputs the decoders accept (checked against what was asked for), the task
 * runner measures them in a child process, and the site-weight parser follows script tags,
 * modulepreloads and static imports but not dynamic ones.
 */
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCheckpoint, largeCheckpoint, transformerCheckpoint } from '../../../bench/gen/checkpoint.ts';
import { generateSavedModel } from '../../../bench/gen/saved-model.ts';
import { generateTracebacks } from '../../../bench/gen/tracebacks.ts';
import { runProcess, spread } from '../../../bench/lib/measure.ts';
import { pageWeight } from '../../../bench/site.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function task(...args: string[]): Promise<Record<string, number>> {
  const run = await runProcess(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/task.ts'), ...args], { cwd: ROOT });
  return { ...(JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>), rssFromOutside: run.rssMiB };
}

describe('benchmark smoke run', () => {
  it('index and checksum inputs decode and verify as generated', async () => {
    const { tensors, graph } = transformerCheckpoint(300, [4, 8]);
    const small = await generateCheckpoint(join(dir, 'index'), 'ckpt', tensors, { shards: 1, compression: 'snappy', objectGraph: graph });
    expect(small.entries).toBe(tensors.length + 1);
    const facts = await task('facts', dirname(small.prefix));
    expect(facts.variables).toBe(tensors.length);
    expect(facts.rssFromOutside).toBeGreaterThan(10);

    const big = largeCheckpoint(40 << 20, 2);
    const shards = await generateCheckpoint(join(dir, 'shards'), 'ckpt', big.tensors, {
      shards: 2,
      compression: 'none',
      objectGraph: big.graph,
    });
    expect(statSync(shards.files[1]!).size + statSync(shards.files[2]!).size).toBe(shards.dataBytes);
    const verify = await task('verify', dirname(shards.prefix), 'shards/ckpt', String(1 << 20));
    expect(verify.bytes).toBe(shards.dataBytes);
    const read = await task('read', dirname(shards.prefix), 'shards/ckpt', String(1 << 20));
    expect(read.bytes).toBe(shards.dataBytes);
  }, 60_000);

  it('the SavedModel generator and the full decode agree on the node count', async () => {
    const sm = generateSavedModel(join(dir, 'sm'), 3 << 20);
    expect(statSync(join(sm.path, 'saved_model.pb')).size).toBe(sm.bytes);
    const full = await task('full-decode', join(sm.path, 'saved_model.pb'));
    expect(full.nodes).toBe(sm.nodes);
    const facts = await task('facts', sm.path);
    expect(facts.signatures).toBe(1);
  }, 60_000);

  it('tracebacks are varied copies of the real ones and all triage', async () => {
    const t = generateTracebacks(resolve(ROOT, 'test/data/tracebacks'), join(dir, 'tb.json'), 30);
    const r = await task('triage', t.file);
    expect(r.tracebacks).toBe(30);
    expect(r.matched).toBeGreaterThan(20);
  }, 30_000);

  it('site weight follows scripts, preloads and static imports, not dynamic ones', () => {
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, '_astro'), { recursive: true });
    mkdirSync(join(dist, 'page'), { recursive: true });
    writeFileSync(
      join(dist, 'page/index.html'),
      '<script type="module" src="/_astro/a.js"></script><link rel="modulepreload" href="/_astro/p.js"><script>console.log(1)</script>',
    );
    writeFileSync(join(dist, '_astro/a.js'), 'import{x}from"./b.js";const l=()=>import("./lazy.js");');
    writeFileSync(join(dist, '_astro/b.js'), 'export const x=1;');
    writeFileSync(join(dist, '_astro/p.js'), 'export const p=2;');
    writeFileSync(join(dist, '_astro/lazy.js'), `export const big="${'z'.repeat(5000)}";`);
    const w = pageWeight(dist, 'page');
    expect(w.eagerFiles.sort()).toEqual(['_astro/a.js', '_astro/b.js', '_astro/p.js']);
    expect(w.onDemandFiles).toEqual(['_astro/lazy.js']);
    expect(w.inlineGzip).toBeGreaterThan(0);
  });

  it('spread gives median, min and max', () => {
    expect(spread([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(spread([4, 1, 3, 2]).median).toBe(2.5);
  });
});
