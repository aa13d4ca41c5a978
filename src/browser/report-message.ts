/**
 * The report between the worker and the page: what the worker posts (the object graph kept back,
 * the variables as columns, their buffers moved) and what the page makes of it.
 */
import type { ObjectNodeFact } from '../lib/facts.ts';
import type { CheckReport } from '../lib/report.ts';
import type { ReportMessage, ReportView } from './protocol.ts';
import { packVariables, unpackVariables } from './variables-transfer.ts';

export function reportMessage(report: CheckReport): { message: ReportMessage; transfer: ArrayBuffer[]; nodes: ObjectNodeFact[] | null } {
  const nodes = report.facts.object_graph;
  const { packed, transfer } = packVariables(report.facts.variables);
  return {
    message: { ...report, facts: { ...report.facts, object_graph: nodes ? { count: nodes.length } : null, variables: packed } },
    transfer,
    nodes,
  };
}

export function reportView(message: ReportMessage): ReportView {
  return { ...message, facts: { ...message.facts, variables: unpackVariables(message.facts.variables) } };
}
