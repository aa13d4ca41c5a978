/**
 * inspect and verify by address, end to end through the CLI against a loopback server: a 2 GiB
 * checkpoint is inspected for a sliver of its bytes, a flipped byte is found and its tensor
 * named, shards stream once each and in parallel, SavedModels and Keras files read by URL give
 * the same report as on disk, failures are one clear line, and every request stays on loopback.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeCheckpoint } from '../../../src/lib/writers/checkpoint.ts';
import { runCli } from '../../helpers/cli.ts';
import { fixturePath } from '../../helpers/fixtures.ts';
import { bytesFile, type RangeServer, startRangeServer } from '../../helpers/range-server.ts';
import { BIG_KEYS, BIG_TENSOR_BYTES, BIG_TENSOR_SHAPE, bigCheckpoint } from './big-checkpoint.ts';

let server: RangeServer;
const requested: string[] = [];
const realFetch = globalThis.fetch;

beforeEach(async () => {
  server = await startRangeServer();
  requested.length = 0;
  // Every request the CLI makes is recorded here, whatever its destination.
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    requested.push(url);
    return realFetch(url, init);
  });
});
afterEach(async () => {
  // No request left the loopback: each went to our server, and the server saw each one.
  for (const url of requested) expect(new URL(url).host).toBe(new URL(server.url).host);
  expect(server.log).toHaveLength(requested.length);
  vi.unstubAllGlobals();
  await server.close();
});

function serveFolder(dir: string, at: string): void {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  for (const file of walk(dir)) server.files.set(`${at}/${relative(dir, file)}`, bytesFile(readFileSync(file)));
}

const f32 = (n: number, seed: number) => new Uint8Array(Float32Array.from({ length: n }, (_, i) => Math.sin(i * seed)).buffer);

/** Three shards; the writer lays each shard's tensors back to back in the order given. */
function smallCheckpoint() {
  return writeCheckpoint(
    [
      { key: 'a', dtype: 'float32', shape: [75_000], data: f32(75_000, 1), shard: 0 },
      { key: 'b', dtype: 'float32', shape: [125_000], data: f32(125_000, 2), shard: 1 },
      { key: 'd', dtype: 'float32', shape: [25_000], data: f32(25_000, 3), shard: 1 },
      { key: 'c', dtype: 'float32', shape: [50_000], data: f32(50_000, 4), shard: 2 },
    ],
    { prefix: 'ckpt-7' },
  );
}

describe('inspect and verify by address', () => {
  it('inspect of a 2 GiB checkpoint fetches its index and object graph: under 1% of its bytes', async () => {
    const files = await bigCheckpoint('/bucket/run/ckpt-1');
    for (const [path, file] of Object.entries(files)) server.files.set(path, file);
    const total = Object.values(files).reduce((n, f) => n + f.size, 0);
    expect(total).toBeGreaterThan(2 * 1024 ** 3);

    const run = await runCli(['inspect', `${server.url}/bucket/run/ckpt-1`, '--json']);
    const report = JSON.parse(run.stdout);
    const variables = report.facts.variables.map((v: { name: string; shape: number[]; object_path: string }) => [
      v.name,
      v.shape,
      v.object_path,
    ]);
    expect(variables).toEqual([
      [BIG_KEYS[0], BIG_TENSOR_SHAPE, 'model.dense.kernel'],
      [BIG_KEYS[1], BIG_TENSOR_SHAPE, 'model.dense_1.kernel'],
    ]);
    expect(report.facts.variables[0].bytes).toBe(BIG_TENSOR_BYTES);
    expect(report.facts.problems).toEqual([]);
    expect(server.bytesSent()).toBeLessThan(total / 100);
    // The data shard was only probed: no request for the tensors' bytes.
    const dataRequests = server.log.filter((r) => r.path.endsWith('.data-00000-of-00002'));
    expect(dataRequests.map((r) => r.range)).toEqual(['bytes=0-65535']);
    expect(run.stderr).toContain(
      `not verified by inspect (it reads every shard); to verify: tf-restore-doctor verify ${server.url}/bucket/run/ckpt-1`,
    );
    expect(run.stderr).toMatch(/^fetched \d+\.\d KiB in \d+ requests$/m);
  });

  it('verify finds a flipped byte and names the tensor; each shard streams once, in parallel', async () => {
    const written = smallCheckpoint();
    const shard1 = written['ckpt-7.data-00001-of-00003']!;
    const flipped = shard1.slice();
    flipped[125_000 * 4 + 17]! ^= 0x01; // inside 'd', which follows 'b' in shard 1
    for (const [name, bytes] of Object.entries(written)) server.files.set(`/ckpts/${name}`, bytesFile(bytes));
    const url = `${server.url}/ckpts/ckpt-7.index`;

    const intact = await runCli(['verify', url, '--json']);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout).verify[0].report).toMatchObject({ ok: true, tensors: 4, bad_count: 0 });

    server.log.length = 0;
    requested.length = 0;
    server.files.set('/ckpts/ckpt-7.data-00001-of-00003', bytesFile(flipped));
    // Shard 0's data read waits 400 ms: in a serial run no other shard would be asked for meanwhile.
    server.fault = (path, range) => (path.endsWith('00000-of-00003') && range !== 'bytes=0-65535' ? { delayMs: 400 } : null);
    const damaged = await runCli(['verify', url, '--json']);
    expect(damaged.code).toBe(1);
    const report = JSON.parse(damaged.stdout).verify[0].report;
    expect(report.bad.map((b: { name: string; file: string }) => [b.name, b.file])).toEqual([['d', 'ckpts/ckpt-7.data-00001-of-00003']]);
    const human = await runCli(['verify', url]);
    expect(human.stdout).toMatch(/\bd\b.*ckpt-7\.data-00001-of-00003/);

    const log = server.log.slice(0, server.log.length / 2); // the --json run
    for (const [name, bytes] of Object.entries(written).filter(([n]) => n.includes('.data-'))) {
      const reads = log.filter((r) => r.path === `/ckpts/${name}`);
      // A probe for the size and head, then the tensors' bytes once: nothing fetched twice.
      expect(reads.reduce((n, r) => n + r.sent, 0)).toBeLessThanOrEqual(bytes.byteLength + 65_536);
      expect(reads.filter((r) => r.range !== 'bytes=0-65535')).toHaveLength(bytes.byteLength > 65_536 ? 1 : 0);
    }
    const slow = log.find((r) => r.path.endsWith('00000-of-00003') && r.range !== 'bytes=0-65535')!;
    const other = log.find((r) => r.path.endsWith('00001-of-00003') && r.range !== 'bytes=0-65535')!;
    expect(other.started).toBeLessThan(slow.finished!);
  });

  it('a stalled server is one clear line naming the URL, within the timeout and its retries', async () => {
    for (const [name, bytes] of Object.entries(smallCheckpoint())) server.files.set(`/ckpts/${name}`, bytesFile(bytes));
    server.fault = (path) => (path.endsWith('.index') ? { stallAfter: 10 } : null);
    const started = Date.now();
    const run = await runCli(['inspect', `${server.url}/ckpts/ckpt-7`, '--timeout', '0.3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`tf-restore-doctor: no byte for 0.3 s from ${server.url}/ckpts/ckpt-7.index (gave up after 4 attempts)`);
    expect(Date.now() - started).toBeLessThan(15_000); // 4 x 0.3 s + 3.5 s of backoff; a safety bound
  });

  it('a missing object and a missing shard are named', async () => {
    const missing = await runCli(['inspect', `${server.url}/nowhere/ckpt-1.index`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${server.url}/nowhere/ckpt-1.index: HTTP 404: no such object (the checkpoint index)`);

    const written = smallCheckpoint();
    for (const [name, bytes] of Object.entries(written)) if (!name.includes('00002-of')) server.files.set(`/c/${name}`, bytesFile(bytes));
    const run = await runCli(['verify', `${server.url}/c/ckpt-7`, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).verify[0].report.missing_shards).toEqual(['c/ckpt-7.data-00002-of-00003']);
  });

  it('presigned URLs are used as given, one object each; inspect --verify checks them', async () => {
    const written = smallCheckpoint();
    for (const [name, bytes] of Object.entries(written)) server.files.set(`/signed/${name}`, bytesFile(bytes));
    const urls = Object.keys(written).map((name) => `${server.url}/signed/${name}?X-Amz-Signature=${name.length}`);
    const run = await runCli(['inspect', ...urls, '--verify', '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.verify[0].report).toMatchObject({ ok: true, tensors: 4 });
    // Exactly the given objects were asked for, each with its own query string.
    expect(new Set(requested)).toEqual(new Set(urls));
  });

  it('a SavedModel folder, a .keras and an .h5 file read by URL give the same report as on disk', async () => {
    const savedModel = fixturePath(
      'tf-serving-hist/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_regress_only/00000123',
    );
    serveFolder(savedModel, '/models/00000123');
    const keras = fixturePath('keras/model.keras');
    const h5 = fixturePath('dl4j-test-resources/src/main/resources/modelimport/keras/tfkeras/misc_0.h5');
    server.files.set('/files/keras/model.keras', bytesFile(readFileSync(keras)));
    server.files.set('/files/tfkeras/misc_0.h5', bytesFile(readFileSync(h5)));
    const cases = [
      [`${server.url}/models/00000123/`, savedModel],
      [`${server.url}/files/keras/model.keras`, keras],
      [`${server.url}/files/tfkeras/misc_0.h5`, h5],
    ] as const;
    for (const [url, local] of cases) {
      const remote = JSON.parse((await runCli(['inspect', url, '--json'])).stdout);
      const disk = JSON.parse((await runCli(['inspect', local, '--json', '--no-verify'])).stdout);
      expect(remote.facts.artifacts.length).toBeGreaterThan(0);
      // A bucket cannot be listed: a SavedModel's assets/ are not looked for (nothing reads them).
      const withoutAssets = (report: { facts: { assets: string[]; artifacts: { files: string[] }[] } }) => {
        for (const a of report.facts.artifacts) a.files = a.files.filter((f) => !f.includes('/assets/'));
        report.facts.assets = [];
        return report;
      };
      expect(withoutAssets(remote).facts, url).toEqual(withoutAssets(disk).facts);
      expect(remote.findings, url).toEqual(disk.findings);
    }
  });
});
