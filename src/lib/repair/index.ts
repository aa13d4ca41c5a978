/** Repair: plan (shown first) and apply (streamed through a sink) a rewrite of an artifact that fails to load. */
export { planRepair, planView, refusedPlan, type PlanOptions } from './plan.ts';
export { applyRepair } from './apply.ts';
export { RepairError } from './errors.ts';
export { MemorySink } from './sink.ts';
export * from './types.ts';
