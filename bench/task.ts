/**
 * One measured operation in a fresh process (so peak RSS is the operation's own), printing one
 * JSON line: { ms, rssMiB, ...what was done }. `ms` is the operation alone (no process start).
 *
 *   tsx bench/task.ts facts <path>...               inspect() -> ModelFacts (sniff + decode)
 *   tsx bench/task.ts verify <dir> <prefix> <chunk> verifyCheckpoint (checksums of every tensor)
 *   tsx bench/task.ts read <dir> <prefix> <chunk>   plain reads of the same shard bytes, same chunking
 *   tsx bench/task.ts full-decode <saved_model.pb>  protobufjs reflection decode with bench/full-schema.proto
 *   tsx bench/task.ts triage <file.json>            triage() on each traceback of a JSON array
 *   tsx bench/task.ts crc <chunk>                   crc32c alone over 256 MiB in memory (WebAssembly path, then JavaScript)
 *   tsx bench/task.ts remote-facts <url>            inspect() of the files an address stands for, over HTTP Range reads
 *   tsx bench/task.ts remote-verify <url> <prefix> <chunk>  verifyCheckpoint over HTTP, 4 shards at a time (as the CLI)
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { inspect } from '../src/lib/inspect.ts';
import { verifyCheckpoint } from '../src/lib/formats/checkpoint/index.ts';
import { crc32cExtend, crc32cJs } from '../src/lib/binary/crc32c.ts';
import { readBundleIndex } from '../src/lib/formats/checkpoint/bundle-index.ts';
import { findFile } from '../src/lib/byte-source.ts';
import { dataFileName, indexFileName } from '../src/lib/formats/checkpoint/shard-files.ts';
import { triage } from '../src/lib/triage/index.ts';
import { openPaths } from '../src/node/file-source.ts';
import { type FetchLike, fileSetOf, openRemote, RemoteSession } from './remote-client.ts';

const rssMiB = () => process.resourceUsage().maxRSS / 1024;
/** CPU time of this process (all threads, so GC helpers count) since `from`, in ms: steadier than wall time on a busy machine. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

async function main(argv: string[]): Promise<Record<string, unknown>> {
  const [task, ...args] = argv;
  switch (task) {
    case 'facts': {
      const set = await openPaths(args);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const { facts } = await inspect(set);
      const ms = performance.now() - started;
      const cpuTime = cpuMs(cpu);
      await set.close();
      return {
        ms,
        cpuMs: cpuTime,
        variables: facts.variables.length,
        ops: facts.ops.length,
        signatures: facts.signatures.length,
        objects: facts.object_graph?.length ?? 0,
        problems: facts.problems.length,
      };
    }
    case 'verify': {
      const [dir, prefix, chunk] = args as [string, string, string];
      const set = await openPaths([dir]);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const report = await verifyCheckpoint(set, prefix, { chunkSize: Number(chunk) });
      const ms = performance.now() - started;
      const cpuTime = cpuMs(cpu);
      await set.close();
      if (!report.ok) throw new Error(`verify reported problems: ${JSON.stringify(report).slice(0, 300)}`);
      return { ms, cpuMs: cpuTime, bytes: report.bytes, tensors: report.tensors };
    }
    case 'read': {
      const [dir, prefix, chunk] = args as [string, string, string];
      const chunkSize = Number(chunk);
      const set = await openPaths([dir]);
      const started = performance.now();
      // The same byte ranges verify reads: from each shard's first tensor to its last tensor's end.
      const bundle = await readBundleIndex(findFile(set, indexFileName(prefix))!);
      const n = bundle.header.num_shards;
      let bytes = 0;
      for (let id = 0; id < n; id++) {
        const entries = bundle.entries.filter((e) => e.entry.shard_id === id && e.entry.slices.length === 0);
        if (entries.length === 0) continue;
        const shard = findFile(set, dataFileName(prefix, id, n))!;
        const start = Math.min(...entries.map((e) => e.entry.offset));
        const end = Math.max(...entries.map((e) => e.entry.offset + e.entry.size));
        // Into one reused buffer, as verify reads (a fresh buffer per chunk costs page faults, not I/O).
        const buffer = new Uint8Array(Math.min(chunkSize, end - start));
        for (let pos = start; pos < end; pos += chunkSize)
          bytes += await shard.readInto!(pos, buffer.subarray(0, Math.min(chunkSize, end - pos)));
      }
      const ms = performance.now() - started;
      await set.close();
      return { ms, bytes };
    }
    case 'full-decode': {
      const root = new protobuf.Root().loadSync(new URL('./full-schema.proto', import.meta.url).pathname, { keepCase: true });
      const type = root.lookupType('full.SavedModel');
      const started = performance.now();
      const bytes = new Uint8Array(readFileSync(args[0]!));
      const message = type.decode(bytes) as unknown as {
        meta_graphs: { graph_def: { node: unknown[]; library?: { function: unknown[] } } }[];
      };
      const ms = performance.now() - started;
      const g = message.meta_graphs[0]!.graph_def;
      return { ms, nodes: g.node.length, functions: g.library?.function.length ?? 0 };
    }
    case 'triage': {
      const texts = JSON.parse(readFileSync(args[0]!, 'utf8')) as string[];
      const started = performance.now();
      let matched = 0;
      for (const text of texts) if (triage(text).matches.length > 0) matched++;
      const ms = performance.now() - started;
      return { ms, tracebacks: texts.length, matched, perTracebackMs: ms / texts.length };
    }
    case 'crc': {
      // The compute limit of verify: crc32c over bytes already in memory, in verify's chunk size.
      const chunk = Number(args[0]);
      const data = new Uint8Array(64 << 20);
      for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
      const rate = (fn: (c: number, b: Uint8Array) => number) => {
        const started = performance.now();
        let c = 0;
        for (let round = 0; round < 4; round++) for (let at = 0; at < data.length; at += chunk) c = fn(c, data.subarray(at, at + chunk));
        return { mibPerS: (4 * data.length) / 2 ** 20 / ((performance.now() - started) / 1000), c };
      };
      rate(crc32cExtend); // warm-up (tier-up of both paths)
      rate(crc32cJs);
      const wasm = rate(crc32cExtend);
      const js = rate(crc32cJs);
      if (wasm.c !== js.c) throw new Error('crc32c paths disagree');
      return { ms: 0, wasmMiBs: wasm.mibPerS, jsMiBs: js.mibPerS };
    }
    case 'remote-facts':
    case 'remote-verify': {
      const [url, prefix, chunk] = args as [string, string, string];
      const session = new RemoteSession(globalThis.fetch as unknown as FetchLike);
      const cpu = process.cpuUsage();
      const started = performance.now();
      // Opening (index, header, a probe of each shard) is part of the cost of asking by address.
      const set = fileSetOf((await openRemote(session, url)).files);
      let done: Record<string, number>;
      if (task === 'remote-facts') {
        const { facts } = await inspect(set);
        done = { variables: facts.variables.length, problems: facts.problems.length };
      } else {
        const report = await verifyCheckpoint(set, prefix, { chunkSize: Number(chunk), concurrency: 4 });
        if (!report.ok) throw new Error(`verify reported problems: ${JSON.stringify(report).slice(0, 300)}`);
        done = { bytes: report.bytes, tensors: report.tensors };
      }
      const ms = performance.now() - started;
      if (session.failure) throw session.failure;
      return { ms, cpuMs: cpuMs(cpu), fetched: session.stats.bytes, requests: session.stats.requests, ...done };
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
}

main(process.argv.slice(2)).then(
  (result) => process.stdout.write(`${JSON.stringify({ ...result, rssMiB: rssMiB() })}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
