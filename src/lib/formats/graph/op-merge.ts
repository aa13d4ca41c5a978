/** Unions OpFacts from several graphs (meta graphs of one SavedModel). */
import type { OpFact } from '../../facts.ts';

export function mergeOpFacts(lists: readonly (readonly OpFact[])[]): OpFact[] {
  const byOp = new Map<string, { count: number; attrs: Set<string>; functions: Set<string>; files: Set<string> }>();
  for (const list of lists) {
    for (const o of list) {
      let e = byOp.get(o.op);
      if (!e) {
        e = { count: 0, attrs: new Set(), functions: new Set(), files: new Set() };
        byOp.set(o.op, e);
      }
      e.count += o.count;
      for (const a of o.attrs) e.attrs.add(a);
      for (const f of o.functions) e.functions.add(f);
      for (const f of o.files) e.files.add(f);
    }
  }
  return [...byOp.entries()]
    .map(([op, e]) => ({ op, count: e.count, attrs: [...e.attrs].sort(), functions: [...e.functions].sort(), files: [...e.files].sort() }))
    .sort((a, b) => (a.op < b.op ? -1 : a.op > b.op ? 1 : 0));
}
