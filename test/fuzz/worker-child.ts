/**
 * The browser checker's worker, in a process of its own so its time and peak memory can be
 * measured (test/fuzz/amplify.test.ts bundles this file and runs it under measure-child.mjs):
 *
 *   node worker-child.mjs <path> [--expect <path>]
 *
 * Each path (a file or a folder, walked like a folder picker) becomes disk-backed files handed to
 * WorkerHandler as the page posts them; every message the handler posts goes through
 * structuredClone as postMessage would. Prints the last message as one JSON line: the
 * answer ('result' or 'error'), with the report's findings and problems.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { PickedFileMessage, WorkerResponse } from '../../src/browser/protocol.ts';
import { WorkerHandler } from '../../src/browser/worker-handler.ts';
import { emptyContext } from '../../src/lib/context/types.ts';

/**
 * A file on disk as the worker sees a picked File: its size, and bytes read only when a slice is
 * asked for. Node's own File (fs.openAsBlob) costs ~4.6 KiB and 0.1 ms each, so 100,000 of them
 * measured the harness (460 MiB, 9.6 s) rather than the handler; a browser's File is a handle.
 */
class DiskBlob {
  constructor(
    private readonly path: string,
    readonly size: number,
    private readonly start = 0,
  ) {}

  slice(start = 0, end = this.size): DiskBlob {
    const from = Math.min(Math.max(0, start), this.size);
    return new DiskBlob(this.path, Math.max(0, Math.min(end, this.size) - from), this.start + from);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = new Uint8Array(this.size);
    const fd = openSync(this.path, 'r');
    try {
      for (let at = 0; at < bytes.length; ) {
        const n = readSync(fd, bytes, at, bytes.length - at, this.start + at);
        if (n === 0) break;
        at += n;
      }
    } finally {
      closeSync(fd);
    }
    return bytes.buffer;
  }
}

function picked(path: string): PickedFileMessage[] {
  const file = (full: string) => new DiskBlob(full, statSync(full).size) as unknown as File;
  if (!statSync(path).isDirectory()) return [{ file: file(path), path: basename(path) }];
  const out: PickedFileMessage[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push({ file: file(full), path: `${basename(path)}/${relative(path, full).split(sep).join('/')}` });
    }
  };
  walk(path);
  return out;
}

const [path, flag, expectedPath] = process.argv.slice(2);
if (!path || (flag !== undefined && (flag !== '--expect' || !expectedPath))) {
  process.stderr.write('usage: worker-child <path> [--expect <path>]\n');
  process.exit(64);
}
const { expected: _expected, verify: _verify, ...context } = emptyContext();
let last: WorkerResponse | null = null;
const handler = new WorkerHandler((message) => {
  last = structuredClone(message);
});
await handler.handle({
  type: 'inspect',
  job: 1,
  files: picked(path),
  expectedFiles: expectedPath ? picked(expectedPath) : undefined,
  context,
  verify: true,
});
const answer = last as WorkerResponse | null;
if (answer?.type === 'result') {
  const { findings, facts } = answer.report;
  process.stdout.write(
    `${JSON.stringify({
      type: 'result',
      findings: findings.map((f) => ({ severity: f.severity, title: f.title })),
      problems: facts.problems.map((p) => p.message),
      artifacts: answer.report.artifacts.length,
      layers: facts.layers.length,
    })}\n`,
  );
} else process.stdout.write(`${JSON.stringify(answer)}\n`);
