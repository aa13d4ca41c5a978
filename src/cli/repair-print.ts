/** The repair plan and what was written, for people: short lines, every one terminal-safe (printer does that). */
import type { RepairPlanView, RepairResult } from '../lib/repair/types.ts';
import { formatBytes } from '../lib/units.ts';
import type { Print } from './human.ts';

const ITEMS_SHOWN = 12;

export function printPlan(print: Print, plan: RepairPlanView, closing: string | null): void {
  const what = plan.artifact ? `${plan.artifact.format} ${plan.artifact.path}` : 'repair';
  print(`${what}: ${plan.summary}`);
  for (const step of plan.steps) {
    print();
    print(`${step.kind.padEnd(17)} ${step.title}`);
    print(`  ${step.detail}`);
    for (const item of step.items.slice(0, ITEMS_SHOWN)) {
      print(`    ${item.from}${item.to === null ? '  (left out)' : `  ->  ${item.to}`}${item.note ? `   [${item.note}]` : ''}`);
    }
    if (step.items.length > ITEMS_SHOWN) print(`    ... ${step.items.length - ITEMS_SHOWN} more (--json lists them)`);
  }
  for (const w of plan.warnings) {
    print();
    print(`WARNING  ${w}`);
  }
  for (const m of plan.manual) {
    print();
    print(`BY HAND  ${m.what}`);
    for (const line of m.snippet.split('\n')) print(`    ${line}`);
  }
  if (plan.refused.length > 0) {
    print();
    print('CANNOT REPAIR');
    for (const r of plan.refused) print(`  - ${r}`);
  } else if (plan.outputs.length > 0) {
    print();
    print(`writes   ${plan.outputs.map((o) => o.path).join(', ')}`);
    if (plan.load) {
      print('loads with');
      for (const line of plan.load.split('\n')) print(`    ${line}`);
    }
  }
  if (closing) {
    print();
    print(closing);
  }
}

export function printResult(print: Print, out: string, result: RepairResult): void {
  print();
  print(`wrote    ${out}`);
  for (const f of result.files) print(`  ${f.path.padEnd(40)} ${formatBytes(f.bytes)}`);
  if (result.verified > 0) print(`  ${result.verified} tensor(s) copied and verified against their checksums`);
  for (const c of result.cast) {
    print(
      `  cast ${c.from} -> ${c.to}: ${c.values} values in ${c.tensors} tensor(s); ${c.inexact} rounded (largest change ${c.max_abs_error.toExponential(2)}, ${c.max_rel_error.toExponential(2)} relative)${c.overflow ? `; ${c.overflow} became inf` : ''}${c.underflow ? `; ${c.underflow} became 0` : ''}`,
    );
  }
}
