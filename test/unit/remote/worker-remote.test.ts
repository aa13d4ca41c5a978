/**
 * The page's checker reading by address: the worker handler (the same module the browser runs)
 * gives the CLI's report for the same URL, and a fetch the browser refuses (CORS, or no route)
 * is told as exactly that, with the command line to run instead.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerResponse } from '../../../src/browser/protocol.ts';
import { WorkerHandler } from '../../../src/browser/worker-handler.ts';
import { reportView } from '../../../src/browser/report-message.ts';
import { emptyContext } from '../../../src/lib/context/types.ts';
import type { FetchLike } from '../../../src/lib/remote/index.ts';
import { writeCheckpoint } from '../../../src/lib/writers/checkpoint.ts';
import { runCli } from '../../helpers/cli.ts';
import { bytesFile, type RangeServer, startRangeServer } from '../../helpers/range-server.ts';

let server: RangeServer;
beforeEach(async () => {
  server = await startRangeServer();
  const written = writeCheckpoint(
    [
      { key: 'dense/kernel', dtype: 'float32', shape: [2, 3], data: new Uint8Array(24).fill(7) },
      { key: 'dense/bias', dtype: 'float32', shape: [3], data: new Uint8Array(12).fill(1) },
    ],
    { prefix: 'ckpt-3' },
  );
  for (const [name, bytes] of Object.entries(written)) server.files.set(`/run/${name}`, bytesFile(bytes));
});
afterEach(async () => {
  await server.close();
});

async function viaWorker(url: string, fetchFn: FetchLike): Promise<WorkerResponse[]> {
  const messages: WorkerResponse[] = [];
  const handler = new WorkerHandler((m) => messages.push(m), fetchFn);
  const { expected: _e, verify: _v, ...context } = emptyContext();
  await handler.handle({ type: 'inspect', job: 1, files: [], url, context, verify: false });
  return messages;
}

describe('the checker reads by address', () => {
  it('gives the same report as the CLI for the same URL', async () => {
    const url = `${server.url}/run/ckpt-3`;
    const messages = await viaWorker(url, globalThis.fetch as unknown as FetchLike);
    const result = messages.find((m) => m.type === 'result');
    if (result?.type !== 'result') throw new Error(JSON.stringify(messages.at(-1)));
    const cli = JSON.parse((await runCli(['inspect', url, '--json'])).stdout);
    const report = reportView(result.report);
    expect(report.facts.variables.map((v) => v.name)).toEqual(['dense/bias', 'dense/kernel']);
    expect(JSON.parse(JSON.stringify(report))).toEqual(cli);
  });

  it('a fetch the browser refuses is named as CORS or unreachable, with the CLI command', async () => {
    let calls = 0;
    const refused: FetchLike = () => {
      calls++;
      return Promise.reject(new TypeError('Failed to fetch'));
    };
    const url = `${server.url}/run/ckpt-3`;
    const messages = await viaWorker(url, refused);
    expect(messages.at(-1)).toEqual({
      type: 'error',
      job: 1,
      message: `This page cannot read ${url}.index: the server does not allow cross-origin reads (CORS) from this site, or it cannot be reached. Run this instead on a machine that can reach it: tf-restore-doctor inspect ${url}`,
    });
    expect(calls).toBe(2); // one retry in the page
    expect(server.log).toEqual([]);
  });

  it('an HTTP error is shown with its status and the CLI command', async () => {
    const url = `${server.url}/run/missing.keras`;
    const messages = await viaWorker(url, globalThis.fetch as unknown as FetchLike);
    expect(messages.at(-1)).toMatchObject({
      type: 'error',
      message: `${url}: HTTP 404: no such object. From the command line: tf-restore-doctor inspect ${url}`,
    });
  });
});
