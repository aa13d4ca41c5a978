/**
 * One answer everywhere: for every fixture and every sample, the CLI (`inspect --json`, run
 * in-process) and the browser's worker (its handler, run here in Node with File objects, reading
 * through Blob.slice as in the page) report the same facts and the same findings with the same
 * evidence. Paths are given to the worker the way the page gives them: relative to the folder
 * the reader picked, which is how the CLI names them too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PickedFileMessage, WorkerResponse } from '../../src/browser/protocol.ts';
import { WorkerHandler } from '../../src/browser/worker-handler.ts';
import { localGraph, remoteGraph, walkTree } from '../helpers/worker-report.ts';
import type { ReportView } from '../../src/browser/protocol.ts';
import { reportView } from '../../src/browser/report-message.ts';
import type { TreeEntry, NodeSummary } from '../../src/browser/object-graph-remote.ts';
import { emptyContext } from '../../src/lib/context/types.ts';
import type { CheckReport } from '../../src/lib/report.ts';
import { ROOT, runCli } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { manifestRows } from '../helpers/manifest.ts';

/** The files of a path as the page picks them: a folder's files under the folder's own name. */
function picked(path: string): PickedFileMessage[] {
  const abs = resolve(path);
  if (!statSync(abs).isDirectory()) return [{ file: new File([readFileSync(abs)], basename(abs)), path: basename(abs) }];
  const out: PickedFileMessage[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push({ file: new File([readFileSync(full)], name), path: `${basename(abs)}/${relative(abs, full).split(sep).join('/')}` });
    }
  };
  walk(abs);
  return out;
}

/** The worker's report, and its object tree as the page reads it. */
async function viaWorker(paths: string[]): Promise<ReportView & { tree: Map<number, { node: NodeSummary; entries: TreeEntry[] }> | null }> {
  const messages: WorkerResponse[] = [];
  const handler = new WorkerHandler((m) => messages.push(m));
  const { expected: _e, verify: _v, ...context } = emptyContext();
  await handler.handle({ type: 'inspect', job: 1, files: paths.flatMap(picked), context, verify: true });
  const result = messages.find((m) => m.type === 'result');
  if (result?.type !== 'result') throw new Error(`the worker answered ${JSON.stringify(messages.at(-1))}`);
  const graph = remoteGraph(handler, messages, result);
  return { ...reportView(result.report), tree: graph ? await walkTree(graph) : null };
}

async function viaCli(paths: string[]): Promise<CheckReport | null> {
  const run = await runCli(['inspect', ...paths, '--json']);
  return run.code === 2 ? null : (JSON.parse(run.stdout) as CheckReport);
}

/** The inputs: every fixture of the manifest and every sample the site ships. */
function inputs(): { label: string; paths: string[] }[] {
  const out: { label: string; paths: string[] }[] = [];
  for (const row of manifestRows()) {
    const files = row.path.includes('*') ? row.files.map((f) => `${row.path.slice(0, row.path.lastIndexOf('/'))}/${f.name}`) : [row.path];
    out.push({ label: `fixture ${row.path}`, paths: files.map(fixturePath) });
  }
  for (const base of ['public/samples', 'public/writer-samples']) {
    for (const scenario of readdirSync(join(ROOT, base))) {
      const dir = join(ROOT, base, scenario);
      if (!statSync(dir).isDirectory()) continue;
      for (const side of readdirSync(dir)) {
        if (statSync(join(dir, side)).isDirectory()) out.push({ label: `sample ${scenario}/${side}`, paths: [join(dir, side)] });
      }
    }
  }
  out.push({ label: 'format sample model.h5', paths: [join(ROOT, 'public/format-samples/model.h5')] });
  return out;
}

describe('the CLI and the worker give the same answer', () => {
  const all = inputs();

  it('covers every fixture and every sample', () => {
    expect(all.filter((i) => i.label.startsWith('fixture')).length).toBe(manifestRows().length);
    expect(all.filter((i) => i.label.startsWith('sample')).length).toBeGreaterThan(40);
  });

  for (const input of all) {
    it(input.label, async () => {
      const [cli, worker] = [await viaCli(input.paths), await viaWorker(input.paths)];
      if (cli === null) {
        // Nothing to check: the CLI exits 2, the page shows the same no-artifact problem.
        expect(worker.artifacts).toEqual([]);
        expect(worker.facts.problems.map((p) => p.code)).toEqual(['no_artifact']);
        return;
      }
      // Same findings, same evidence, same order; same facts and verification underneath.
      expect(worker.findings).toEqual(cli.findings);
      expect(worker.verify).toEqual(cli.verify);
      const { object_graph: nodes, ...facts } = cli.facts;
      const { object_graph: size, ...workerFacts } = worker.facts;
      expect(JSON.parse(JSON.stringify(workerFacts))).toEqual(facts);
      // The object graph stays in the worker: the page sees its size and reads the tree from it.
      expect(size).toEqual(nodes ? { count: nodes.length } : null);
      expect(worker.tree).toEqual(nodes ? await walkTree(localGraph(nodes)) : null);
    });
  }
});
