/** The plan in one line, shown before anything is written: "rename 4 keys, drop 12 optimizer values, keep 3 unused". */
import type { RepairPlanView } from './types.ts';

function n(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function summarize(plan: Pick<RepairPlanView, 'steps' | 'counts' | 'refused'>): string {
  if (plan.refused.length > 0) return `cannot repair: ${plan.refused[0]}`;
  const parts: string[] = [];
  for (const step of plan.steps) {
    switch (step.kind) {
      case 'rename':
      case 'tf1-to-tf2':
      case 'cast':
      case 'merge-shards':
      case 'state-file':
        parts.push(step.title);
        break;
      case 'drop-optimizer':
        if (plan.counts.dropped > 0) parts.push(step.title);
        break;
      case 'keras2-to-keras3':
        parts.push(step.title);
        break;
    }
  }
  if (plan.counts.kept_unused > 0) parts.push(`keep ${n(plan.counts.kept_unused, 'unused value')}`);
  if (parts.length === 0) return 'nothing to do';
  const copied =
    plan.counts.copied > 0 && !plan.steps.some((s) => s.kind === 'merge-shards')
      ? `; ${n(plan.counts.copied, 'value')} copied byte for byte`
      : '';
  return `${parts.join(', ')}${copied}`;
}
