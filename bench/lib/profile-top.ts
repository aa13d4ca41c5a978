/** Prints the top self-time functions of a V8 .cpuprofile: `tsx bench/lib/profile-top.ts file [n]`. */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const byFn = new Map<string, number>();
for (const n of profile.nodes) {
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0));
}
const total = [...byFn.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 25))) {
  console.log(`${(v / 1000).toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}

// With a third argument (a function name), also print that function's hottest source lines.
const focus = process.argv[4];
if (focus) {
  const lines = new Map<string, number>();
  for (const n of profile.nodes as (Node & { positionTicks?: { line: number; ticks: number }[] })[]) {
    if (n.callFrame.functionName !== focus) continue;
    for (const t of n.positionTicks ?? [])
      lines.set(
        `${n.callFrame.url.split('/').pop()}:${t.line}`,
        (lines.get(`${n.callFrame.url.split('/').pop()}:${t.line}`) ?? 0) + t.ticks,
      );
  }
  for (const [k, v] of [...lines.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${String(v).padStart(6)} ticks  ${k}`);
}

// With INCLUSIVE=1, also print inclusive (self + callees) time of the top functions.
if (process.env.INCLUSIVE) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = (n: Node): number => (self.get(n.id) ?? 0) + (n.children ?? []).reduce((s, c) => s + total(byId.get(c)!), 0);
  const incl = new Map<string, number>();
  const walk = (n: Node, open: Set<string>) => {
    const key = `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber + 1}`;
    if (!open.has(key)) incl.set(key, (incl.get(key) ?? 0) + total(n));
    const next = new Set(open).add(key);
    for (const c of n.children ?? []) walk(byId.get(c)!, next);
  };
  walk(profile.nodes[0]!, new Set());
  for (const [k, v] of [...incl.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`incl ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}
